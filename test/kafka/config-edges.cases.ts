// Topic names and broker config at the edges of their limits (the KEDA trigger's: test/kafka/config.cases.ts).
import { expectConstructError } from '../support/errors';
import { ErrorCode } from '../../lib/core';
import { checkTopicName, resolveBrokerConfig, topicResourceName } from '../../lib/kafka';

const context = { construct: 'Test', path: 'p' };

/** The fix text of checkTopicName's error for `name`. */
function suggestionFor(name: string): string {
  try {
    checkTopicName(name, context, 'topicName');
  } catch (e) {
    return /choose a name such as '([^']*)'$/.exec((e as Error).message)?.[1] ?? 'no suggestion';
  }
  return 'accepted';
}

// apache/kafka clients/src/main/java/org/apache/kafka/common/internals/Topic.java: legal characters
// [a-zA-Z0-9._-], at most 249 characters (MAX_NAME_LENGTH), and not "." or "..".
describe('topic names at the edges of Kafka’s rules', () => {
  test('249 characters pass, 250 do not; the suggestion is cut to 249', () => {
    expect(checkTopicName('b'.repeat(249), context, 'topicName')).toBe('b'.repeat(249));
    expect(suggestionFor('b'.repeat(250))).toBe('b'.repeat(249));
  });

  test('"." and ".." are refused, but "..." and "_" are names Kafka accepts', () => {
    expect(checkTopicName('...', context, 'topicName')).toBe('...');
    expect(checkTopicName('_', context, 'topicName')).toBe('_');
    expect(suggestionFor('.')).toBe('my-topic');
    expect(suggestionFor('..')).toBe('my-topic');
    expect(suggestionFor('')).toBe('my-topic');
  });

  test('the suggestion replaces each run of illegal characters by one dash and keeps dots that are legal', () => {
    expect(suggestionFor('a  b')).toBe('a-b');
    expect(suggestionFor('ab!..')).toBe('ab-..');
    expect(suggestionFor('.a!')).toBe('.a-');
  });
});

// Kubernetes metadata.name of a KafkaTopic is a DNS-1123 subdomain: lower-case alphanumerics, '-' and '.',
// starting and ending alphanumeric, at most 253 characters (kubernetes/apimachinery@v0.28.15 pkg/util/validation/validation.go
// DNS1123SubdomainMaxLength).
describe('KafkaTopic resource names at the edges of Kubernetes’ rules', () => {
  test('253 characters are the name itself; 254 get a shortened name and spec.topicName', () => {
    expect(topicResourceName('c'.repeat(253))).toEqual({ name: 'c'.repeat(253) });
    const long = topicResourceName('c'.repeat(254));
    expect(long.topicName).toBe('c'.repeat(254));
    expect(long.name).toMatch(/^c{200}-[0-9a-f]{8}$/);
  });

  test('a long upper-case topic is cut to 200 characters before the hash', () => {
    expect(topicResourceName('A'.repeat(249)).name).toMatch(/^a{200}-[0-9a-f]{8}$/);
  });

  test('each run of illegal characters becomes one dash; leading and trailing dashes and dots go', () => {
    expect(topicResourceName('A__B').name).toMatch(/^a-b-[0-9a-f]{8}$/);
    expect(topicResourceName('_.a').name).toMatch(/^a-[0-9a-f]{8}$/);
    expect(topicResourceName('a._').name).toMatch(/^a-[0-9a-f]{8}$/);
    // runs of two or more at either end: '_-events' becomes '--events' and 'events-_' 'events--' before the trim
    expect(topicResourceName('_-events').name).toMatch(/^events-[0-9a-f]{8}$/);
    expect(topicResourceName('events-_').name).toMatch(/^events-[0-9a-f]{8}$/);
    expect(topicResourceName('x_')).toEqual({
      name: expect.stringMatching(/^x-[0-9a-f]{8}$/),
      topicName: 'x_',
    });
  });

  test('a topic with nothing Kubernetes accepts is named "topic" plus the hash', () => {
    expect(topicResourceName('__').name).toMatch(/^topic-[0-9a-f]{8}$/);
  });
});

describe('resolveBrokerConfig at the edges', () => {
  // The replication numbers of the presets: Strimzi 1.2.0 packaging/examples/kafka/kafka-persistent.yaml
  // (production: 3 copies, 2 in sync) and kafka-single-node.yaml (dev: 1 of everything), as in config.cases.ts.
  test('a replica count of 1 passes, 0 does not; the fix names the preset’s own value', () => {
    expect(
      resolveBrokerConfig('production', { 'min.insync.replicas': 1 }, 3, false, context).minInsyncReplicas,
    ).toBe(1);
    expectConstructError(
      () => resolveBrokerConfig('production', { 'min.insync.replicas': 0 }, 3, false, context),
      "Test 'p': 'config['min.insync.replicas']' must be a whole number of at least 1 (got 0); leave it at the production preset's 2",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => resolveBrokerConfig('dev', { 'default.replication.factor': 0 }, 1, false, context),
      "Test 'p': 'config['default.replication.factor']' must be a whole number of at least 1 (got 0); leave it at the dev preset's 1",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('the transaction log’s min ISR equal to its replication factor needs the opt-in too', () => {
    expectConstructError(
      () => resolveBrokerConfig('production', { 'transaction.state.log.min.isr': 3 }, 3, false, context),
      "Test 'p': 'config['transaction.state.log.min.isr']' equals config['transaction.state.log.replication.factor'] 3: one broker down (a restart, a node drain) stops every write (got 3); set it to 2, or set allowMinInsyncEqualsReplicas: true to accept stopped writes",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
    expect(
      resolveBrokerConfig('production', { 'transaction.state.log.min.isr': 3 }, 3, true, context).config[
        'transaction.state.log.min.isr'
      ],
    ).toBe(3);
  });

  const single = {
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
  };
  test('one copy in the production preset: no lower min ISR exists, so the fix asks for more replicas', () => {
    expectConstructError(
      () => resolveBrokerConfig('production', single, 1, false, context),
      "Test 'p': 'config['min.insync.replicas']' equals config['default.replication.factor'] 1: one broker down (a restart, a node drain) stops every write (got 1); use at least 3 replicas with min.insync.replicas 2, or set allowMinInsyncEqualsReplicas: true to accept stopped writes",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
  });

  test('two copies both in sync: the fix lowers min ISR to 1', () => {
    expectConstructError(
      () =>
        resolveBrokerConfig(
          'production',
          { 'default.replication.factor': 2, 'min.insync.replicas': 2 },
          3,
          false,
          context,
        ),
      "Test 'p': 'config['min.insync.replicas']' equals config['default.replication.factor'] 2: one broker down (a restart, a node drain) stops every write (got 2); set it to 1, or set allowMinInsyncEqualsReplicas: true to accept stopped writes",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
  });
});

// Kafka accepts `a..b` and `a.-b` as topic names (only `.` and `..` alone are refused), Kubernetes does not accept
// them as a name: the KafkaTopic gets a hashed name whose dots each sit between two alphanumerics.
describe('KafkaTopic resource names of topics with dots Kubernetes refuses', () => {
  test.each([
    ['a..b', /^a\.b-[0-9a-f]{8}$/],
    ['a.-b', /^a\.b-[0-9a-f]{8}$/],
    ['a-.b', /^a\.b-[0-9a-f]{8}$/],
    ['a._.b', /^a\.b-[0-9a-f]{8}$/],
    ['x-..y.z', /^x\.y\.z-[0-9a-f]{8}$/],
  ])('%j is %s with spec.topicName', (topic, name) => {
    const resource = topicResourceName(topic);
    expect(resource.name).toMatch(name);
    expect(resource.topicName).toBe(topic);
  });
  test('a cut at 200 characters that ends on a dot does not leave it before the hash', () => {
    // 199 × 'a', '.', 'b' and a '_' that makes the name need a hash: the cut keeps 'aaa….', the dot goes.
    const resource = topicResourceName(`${'a'.repeat(199)}.b_`);
    expect(resource.name).toMatch(/^a{199}-[0-9a-f]{8}$/);
  });
});
