import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { ErrorCode } from '../../lib/core';
import { parseDuration } from '../../lib/core';
import {
  checkTopicName,
  kafkaTriggerMetadata,
  resolveBrokerConfig,
  strimziNames,
  topicResourceName,
} from '../../lib/kafka';

const context = { construct: 'Test', path: 'p' };

describe('parseDuration', () => {
  test('Go durations in milliseconds', () => {
    expect(parseDuration('6h', context, 'd')).toBe(21_600_000);
    expect(parseDuration('1h30m', context, 'd')).toBe(5_400_000);
    expect(parseDuration('1.5s', context, 'd')).toBe(1_500);
    expect(parseDuration('250ms', context, 'd')).toBe(250);
  });
  test('rejects zero, days and free text', () => {
    for (const bad of ['0s', '2d', '', 'six hours', '-1h']) {
      expectErrorCode(
        () => parseDuration(bad, context, 'd'),
        ErrorCode.INVALID_VALUE,
        'd',
        `Test 'p': 'd' is not a positive Go duration (got ${JSON.stringify(bad)}); write a number with a unit (ms, s, m, h), e.g. '90s', '1h30m' or '48h' for two days`,
      );
    }
  });
});

describe('Strimzi names', () => {
  test('bootstrap Service, cluster CA Secret and NetworkPolicy', () => {
    expect(strimziNames('traces')).toEqual({
      bootstrapService: 'traces-kafka-bootstrap',
      clusterCaCertSecret: 'traces-cluster-ca-cert',
      networkPolicy: 'traces-network-policy-kafka',
    });
  });
});

describe('topic names', () => {
  test('accepts what Kafka accepts', () => {
    for (const name of ['jaeger-spans', 'Jaeger_Spans.v2', 'a'.repeat(249)]) {
      expect(checkTopicName(name, context, 'topicName')).toBe(name);
    }
  });
  test('rejects what Kafka rejects, with a suggestion', () => {
    expectConstructError(
      () => checkTopicName('jaeger spans!', context, 'topicName'),
      "Test 'p': 'topicName' is not a topic name Kafka accepts (1 to 249 ASCII letters, digits, '.', '_' and '-', and not '.' or '..') (got \"jaeger spans!\"); choose a name such as 'jaeger-spans-'",
      ErrorCode.INVALID_NAME,
    );
    for (const bad of ['', '.', '..', 'a'.repeat(250), 'spans/2024']) {
      expectErrorCode(
        () => checkTopicName(bad, context, 'topicName'),
        ErrorCode.INVALID_NAME,
        'topicName',
        /is not a topic name Kafka accepts/,
      );
    }
  });
  test('the KafkaTopic resource name is the topic name when Kubernetes accepts it', () => {
    expect(topicResourceName('jaeger-spans')).toEqual({ name: 'jaeger-spans' });
    expect(topicResourceName('jaeger.spans')).toEqual({ name: 'jaeger.spans' });
    const upper = topicResourceName('Jaeger_Spans');
    expect(upper.topicName).toBe('Jaeger_Spans');
    expect(upper.name).toMatch(/^jaeger-spans-[0-9a-f]{8}$/);
    expect(topicResourceName('jaeger_spans').name).not.toBe(upper.name);
  });
});

describe('resolveBrokerConfig', () => {
  test('production preset: three copies, two in sync, no unclean election, no auto-created topics', () => {
    const resolved = resolveBrokerConfig('production', {}, 3, false, context);
    // strimzi/strimzi-kafka-operator@1.2.0 packaging/examples/kafka/kafka-persistent.yaml's replication numbers.
    expect(resolved.config).toEqual({
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
      'unclean.leader.election.enable': false,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'auto.create.topics.enable': false,
    });
    expect(resolved.defaultReplicationFactor).toBe(3);
    expect(resolved.minInsyncReplicas).toBe(2);
  });
  test('dev preset: one copy of everything, accepted with one broker', () => {
    const resolved = resolveBrokerConfig('dev', {}, 1, false, context);
    // strimzi/strimzi-kafka-operator@1.2.0 packaging/examples/kafka/kafka-single-node.yaml: one copy of everything.
    expect(resolved.config).toEqual({
      'default.replication.factor': 1,
      'min.insync.replicas': 1,
      'unclean.leader.election.enable': false,
      'offsets.topic.replication.factor': 1,
      'transaction.state.log.replication.factor': 1,
      'transaction.state.log.min.isr': 1,
      'auto.create.topics.enable': false,
    });
    expect(resolved.minInsyncReplicas).toBe(1);
  });
  test('user config is merged over the preset', () => {
    const resolved = resolveBrokerConfig('production', { 'num.partitions': 6 }, 3, false, context);
    expect(resolved.config['num.partitions']).toBe(6);
  });
  test('a replication factor above the broker count', () => {
    expectConstructError(
      () => resolveBrokerConfig('production', {}, 2, false, context),
      "Test 'p': 'config['default.replication.factor']' must not exceed the 2 broker(s): each replica needs its own broker (got 3); add broker replicas to the node pools or set it to 2 or less",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
  test('min.insync.replicas above the replication factor', () => {
    expectConstructError(
      () => resolveBrokerConfig('production', { 'min.insync.replicas': 4 }, 3, false, context),
      "Test 'p': 'config['min.insync.replicas']' must not exceed config['default.replication.factor'] 3: no write could ever be acknowledged (got 4); set it to 2",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
  test('min.insync.replicas equal to the replication factor needs the opt-in', () => {
    expectConstructError(
      () => resolveBrokerConfig('production', { 'min.insync.replicas': 3 }, 3, false, context),
      "Test 'p': 'config['min.insync.replicas']' equals config['default.replication.factor'] 3: one broker down (a restart, a node drain) stops every write (got 3); set it to 2, or set allowMinInsyncEqualsReplicas: true to accept stopped writes",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
    expect(
      resolveBrokerConfig('production', { 'min.insync.replicas': 3 }, 3, true, context).minInsyncReplicas,
    ).toBe(3);
  });
  test('non-numeric replica counts', () => {
    expectConstructError(
      () => resolveBrokerConfig('production', { 'default.replication.factor': 'three' }, 3, false, context),
      "Test 'p': 'config['default.replication.factor']' must be a whole number of at least 1 (got \"three\"); leave it at the production preset's 3",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('kafkaTriggerMetadata', () => {
  const base = {
    bootstrapServers: 'k-kafka-bootstrap.kafka.svc.cluster.local:9092',
    consumerGroup: 'jaeger-ingester',
    topic: 'jaeger-spans',
    lagThreshold: 10_000,
    activationLagThreshold: 0,
    offsetResetPolicy: 'earliest' as const,
    allowIdleConsumers: false,
    limitToPartitionsWithLag: false,
    tls: false,
  };
  test('every value is a string', () => {
    const metadata = kafkaTriggerMetadata(base, context);
    expect(metadata).toEqual({
      bootstrapServers: 'k-kafka-bootstrap.kafka.svc.cluster.local:9092',
      consumerGroup: 'jaeger-ingester',
      topic: 'jaeger-spans',
      lagThreshold: '10000',
      activationLagThreshold: '0',
      offsetResetPolicy: 'earliest',
      allowIdleConsumers: 'false',
      limitToPartitionsWithLag: 'false',
    });
    expect(Object.values(metadata).every((v) => typeof v === 'string')).toBe(true);
  });
  test('TLS and SCRAM', () => {
    expect(kafkaTriggerMetadata({ ...base, tls: true, sasl: 'scram_sha512' }, context)).toMatchObject({
      tls: 'enable',
      sasl: 'scram_sha512',
    });
  });
  test('errors', () => {
    expectConstructError(
      () => kafkaTriggerMetadata({ ...base, lagThreshold: 0 }, context),
      "Test 'p': 'lagThreshold' must be a whole number of at least 1 (KEDA rejects anything else) (got 0); use the lag one replica clears in a few seconds, e.g. 10000",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => kafkaTriggerMetadata({ ...base, activationLagThreshold: -1 }, context),
      "Test 'p': 'activationLagThreshold' must be a whole number of at least 0 (got -1); use 0",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () =>
        kafkaTriggerMetadata({ ...base, allowIdleConsumers: true, limitToPartitionsWithLag: true }, context),
      "Test 'p': 'limitToPartitionsWithLag' cannot be set together with allowIdleConsumers (KEDA rejects the trigger) (got true); set one of them",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () => kafkaTriggerMetadata({ ...base, consumerGroup: 'a b' }, context),
      "Test 'p': 'consumerGroup' must be a non-empty group id without spaces or commas (got \"a b\"); use the consumer's group.id, e.g. 'jaeger-ingester'",
      ErrorCode.INVALID_NAME,
    );
  });

  test('lagThreshold 1 is the smallest KEDA accepts', () => {
    // kedacore/keda@v2.20.2 pkg/scalers/kafka_scaler.go: `if m.LagThreshold <= 0` is an error, so 1 passes.
    expect(kafkaTriggerMetadata({ ...base, lagThreshold: 1 }, context).lagThreshold).toBe('1');
  });

  test('an empty or blank consumer group is refused', () => {
    // kedacore/keda@v2.20.2 pkg/scalers/kafka_scaler.go: consumerGroup is a required trigger field (no `optional`).
    for (const group of ['', ' ', 'a,b']) {
      expectConstructError(
        () => kafkaTriggerMetadata({ ...base, consumerGroup: group }, context),
        `Test 'p': 'consumerGroup' must be a non-empty group id without spaces or commas (got ${JSON.stringify(group)}); use the consumer's group.id, e.g. 'jaeger-ingester'`,
        ErrorCode.INVALID_NAME,
      );
    }
  });
});
