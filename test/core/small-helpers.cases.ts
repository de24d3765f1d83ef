// Edges of lib/core's small helpers that the constructs' tests reach only on their common path: workload requests
// (requests.ts), namespace and name resolution (scope.ts), the error helpers (errors.ts), Secret references and
// volumes (secrets.ts), image references (images.ts) and resource limits at their bound (resources.ts). Expected
// values are literals.
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ErrorCode,
  ObservabilityConstructError,
  contextOf,
  renderValue,
  requireProp,
} from '../../lib/core/errors';
import { formatImage, imageVersion, mirrorImage, parseImage } from '../../lib/core/images';
import { totalRequests, workloadRequests } from '../../lib/core/requests';
import { resolveResources, toResourceRequirements } from '../../lib/core/resources';
import { resolveName, resolveNamespace } from '../../lib/core/scope';
import { SECRET_FILE_MODE, checkSecretKeyReference, secretVolume } from '../../lib/core/secrets';
import { expectConstructError } from '../support/errors';

const ctx = { construct: 'Test', path: 'chart/x' };

describe('workloadRequests', () => {
  const pod = (...requests: ({ cpu?: string; memory?: string } | undefined)[]) => ({
    spec: { containers: requests.map((r) => (r === undefined ? {} : { resources: { requests: r } })) },
  });
  const names = (manifests: Record<string, unknown>[]) =>
    workloadRequests(manifests).map((w) => [
      w.kind,
      w.namespace,
      w.name,
      w.replicas,
      `${w.cpu}`,
      `${w.memory}`,
    ]);

  test('a KEDA ScaledObject sets replicas with minReplicaCount; an autoscaler without a minimum means one', () => {
    expect(
      names([
        {
          kind: 'Deployment',
          metadata: { name: 'a', namespace: 'n' },
          spec: { template: pod({ cpu: '1', memory: '1Gi' }) },
        },
        {
          kind: 'StatefulSet',
          metadata: { name: 'b', namespace: 'n' },
          spec: { template: pod({ cpu: '1', memory: '1Gi' }) },
        },
        {
          kind: 'ScaledObject',
          metadata: { namespace: 'n' },
          spec: { scaleTargetRef: { name: 'a' }, minReplicaCount: 4 },
        },
        {
          kind: 'HorizontalPodAutoscaler',
          metadata: { namespace: 'n' },
          spec: { scaleTargetRef: { name: 'b' } },
        },
      ]),
    ).toStrictEqual([
      ['Deployment', 'n', 'a', 4, '4', '4Gi'],
      ['StatefulSet', 'n', 'b', 1, '1', '1Gi'],
    ]);
  });

  test('an autoscaler in another namespace, or without a target, does not count; spec.replicas wins', () => {
    expect(
      names([
        {
          kind: 'Deployment',
          metadata: { name: 'a', namespace: 'n' },
          spec: { template: pod({ cpu: '1', memory: '1Gi' }) },
        },
        {
          kind: 'Deployment',
          metadata: { name: 'b', namespace: 'n' },
          spec: { replicas: 2, template: pod({ cpu: '1', memory: '1Gi' }) },
        },
        {
          kind: 'HorizontalPodAutoscaler',
          metadata: { namespace: 'm' },
          spec: { scaleTargetRef: { name: 'a' }, minReplicas: 5 },
        },
        {
          kind: 'HorizontalPodAutoscaler',
          metadata: { namespace: 'n' },
          spec: { scaleTargetRef: { name: 'b' }, minReplicas: 7 },
        },
        { kind: 'HorizontalPodAutoscaler', metadata: { namespace: 'n' }, spec: { minReplicas: 9 } },
      ]),
    ).toStrictEqual([
      ['Deployment', 'n', 'a', 1, '1', '1Gi'],
      ['Deployment', 'n', 'b', 2, '2', '2Gi'],
    ]);
  });

  test('containers without requests count zero; a workload without a template counts nothing', () => {
    expect(
      names([
        {
          kind: 'Deployment',
          metadata: { name: 'a' },
          spec: { replicas: 3, template: pod(undefined, { cpu: '250m' }, { memory: '1Mi' }) },
        },
        { kind: 'StatefulSet', metadata: { name: 'b' } },
        { kind: 'DaemonSet', metadata: { name: 'c' }, spec: { template: pod({ cpu: '1', memory: '1Gi' }) } },
      ]),
    ).toStrictEqual([
      ['Deployment', undefined, 'a', 3, '750m', '3Mi'],
      ['StatefulSet', undefined, 'b', 1, '0', '0'],
    ]);
  });

  test('objects with parts missing count what they have and never throw (the function reads any JSON)', () => {
    expect(
      names([
        { kind: 'HorizontalPodAutoscaler' },
        { kind: 'ScaledObject', metadata: {} },
        { kind: 'HorizontalPodAutoscaler', spec: { scaleTargetRef: { name: 'x' }, minReplicas: 3 } },
        { kind: 'ScaledObject', spec: { scaleTargetRef: { name: 'y' } } },
        // without a target it scales nothing, also not a workload without a name
        { kind: 'HorizontalPodAutoscaler', spec: { minReplicas: 9 } },
        { kind: 'Deployment' },
        { kind: 'Deployment', metadata: { name: 'x' }, spec: {} },
        { kind: 'StatefulSet', metadata: { name: 'y' }, spec: { template: {} } },
        {
          kind: 'Deployment',
          metadata: { name: 'z', namespace: 'n' },
          spec: { replicas: 2, template: { spec: { containers: [{ resources: {} }] } } },
        },
      ]),
    ).toStrictEqual([
      ['Deployment', undefined, undefined, 1, '0', '0'],
      // an autoscaler without a namespace matches a workload without one
      ['Deployment', undefined, 'x', 3, '0', '0'],
      ['StatefulSet', undefined, 'y', 1, '0', '0'],
      ['Deployment', 'n', 'z', 2, '0', '0'],
    ]);
  });

  test('only HorizontalPodAutoscalers and KEDA ScaledObjects set replicas', () => {
    expect(
      names([
        { kind: 'Deployment', metadata: { name: 'a' }, spec: { template: pod({ cpu: '1', memory: '1Gi' }) } },
        { kind: 'VerticalPodAutoscaler', spec: { scaleTargetRef: { name: 'a' }, minReplicas: 5 } },
      ]),
    ).toStrictEqual([['Deployment', undefined, 'a', 1, '1', '1Gi']]);
  });

  test('the total of nothing is zero', () => {
    const total = totalRequests([]);
    expect([total.cpu.millis, total.memory.bytes]).toStrictEqual([0, 0]);
  });
});

describe('resolveNamespace and resolveName', () => {
  test('a construct outside any chart is refused, naming the type of its scope', () => {
    const app = Testing.app();
    const free = new Construct(app, 'free');
    expectConstructError(
      () => resolveNamespace(free, 'n', ctx),
      "Test 'chart/x': 'scope' must be a Chart or inside one: the construct's objects belong to a chart (got \"App\"); create it in a Chart, e.g. new Chart(app, 'monitoring', { namespace: 'monitoring' })",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('a construct deep inside a chart takes the chart namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'tracing' });
    const deep = new Construct(new Construct(chart, 'a'), 'b');
    expect(resolveNamespace(deep, undefined, ctx)).toBe('tracing');
    expect(resolveName(deep, undefined, ctx)).toBe('b');
  });

  test('a name that is not a DNS label is refused as the name prop', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(() => resolveName(chart, 'Bad_Name', ctx)).toThrow("Test 'chart/x': 'name' must be a DNS label");
  });

  test('a name made from the construct id is cut to the maximum length; a given one is checked against it', () => {
    const chart = new Chart(Testing.app(), 'c');
    const long = new Construct(chart, 'x'.repeat(60));
    expect(resolveName(long, undefined, ctx)).toBe('x'.repeat(50));
    expect(resolveName(long, undefined, ctx, 20)).toBe('x'.repeat(20));
    expect(resolveName(chart, 'y'.repeat(20), ctx, 20)).toBe('y'.repeat(20));
    expect(() => resolveName(chart, 'y'.repeat(21), ctx, 20)).toThrow(ObservabilityConstructError);
    expect(() => resolveName(chart, 'y'.repeat(51), ctx)).toThrow(ObservabilityConstructError);
  });
});

describe('the error helpers', () => {
  test('requireProp returns every given value, falsy ones too, and refuses undefined and null', () => {
    for (const value of [0, '', false, [], {}]) expect(requireProp(value, ctx, 'p', 'fix')).toBe(value);
    for (const value of [undefined, null]) {
      expectConstructError(
        () => requireProp(value, ctx, 'storage.name', 'name the storage'),
        `Test 'chart/x': 'storage.name' is required (got ${value}); name the storage`,
        ErrorCode.INVALID_VALUE,
      );
    }
  });

  test('contextOf: the class name unless a type is given, and the tree path', () => {
    class Widget extends Construct {}
    const chart = new Chart(Testing.app(), 'c');
    const widget = new Widget(chart, 'w');
    expect(contextOf(widget)).toStrictEqual({ construct: 'Widget', path: 'c/w' });
    expect(contextOf(widget, 'JaegerDirect')).toStrictEqual({ construct: 'JaegerDirect', path: 'c/w' });
  });

  test('renderValue: numbers, booleans and null as they are, strings and objects as JSON', () => {
    expect([1.5, true, null, 'a', { a: [1] }, undefined].map(renderValue)).toStrictEqual([
      '1.5',
      'true',
      'null',
      '"a"',
      '{"a":[1]}',
      'undefined',
    ]);
  });

  test('renderValue: values JSON cannot write (a JavaScript caller passing a function, a symbol, a BigInt or a cycle) still render', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    function check() {}
    expect([10n, Symbol('x'), check, () => 1, cycle, [1n]].map(renderValue)).toStrictEqual([
      '10',
      'Symbol(x)',
      '[function check]',
      '[function]',
      '[object Object]',
      '1',
    ]);
    // and so does the error that carries them
    expect(
      new ObservabilityConstructError(ctx, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'replicas',
        problem: 'must be a whole number',
        value: check,
        fix: 'pass a number',
      }).message,
    ).toBe("Test 'chart/x': 'replicas' must be a whole number (got [function check]); pass a number");
  });

  test('an error keeps each part of its detail, and is an Error named ObservabilityConstructError', () => {
    const e = new ObservabilityConstructError(ctx, {
      code: ErrorCode.DANGLING_REFERENCE,
      prop: 'p',
      problem: 'is bad',
      value: 3,
      fix: 'fix it',
    });
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.construct, e.path, e.prop, e.value, e.fix]).toStrictEqual([
      'ObservabilityConstructError',
      'OC006',
      'Test',
      'chart/x',
      'p',
      3,
      'fix it',
    ]);
  });
});

describe('Secret references and volumes', () => {
  test('a reference is copied to exactly its name and key', () => {
    const ref = { name: 'es', key: 'pass.word_1-A', extra: 1 };
    expect(checkSecretKeyReference(ref, ctx, 'password')).toStrictEqual({ name: 'es', key: 'pass.word_1-A' });
  });

  test.each([
    [{ name: 'es', key: 'a/b' }, "'password.key' must name a key of Secret 'es' (got \"a/b\")"],
    [{ name: 'es', key: '' }, "'password.key' must name a key of Secret 'es' (got \"\")"],
    [{ name: 'es', key: 7 }, "'password.key' must name a key of Secret 'es' (got 7)"],
    [{ name: 'es' }, "'password.key' must name a key of Secret 'es' (got undefined)"],
  ])('a key outside [-._a-zA-Z0-9] is refused: %j', (ref, message) => {
    expectConstructError(
      () => checkSecretKeyReference(ref, ctx, 'password'),
      `Test 'chart/x': ${message}; add the key that holds the value, e.g. { name: 'es-credentials', key: 'password' }`,
      ErrorCode.DANGLING_REFERENCE,
    );
  });

  test.each([null, undefined])('%p is refused for its missing name', (ref) => {
    expectConstructError(
      () => checkSecretKeyReference(ref, ctx, 'password'),
      "Test 'chart/x': 'password.name' must name a Secret (got undefined); give the name of an existing Secret in the same namespace",
      ErrorCode.INVALID_NAME,
    );
  });

  test('a literal string is refused and never echoed', () => {
    expectConstructError(
      () => checkSecretKeyReference('hunter2', ctx, 'password'),
      "Test 'chart/x': 'password' is a literal credential (got \"<redacted>\"); store it in a Secret and pass { name: '<secret>', key: '<key>' }",
      ErrorCode.LITERAL_SECRET,
    );
  });

  test('volumes: mode 0440 (owner and group read), all keys or the listed ones', () => {
    expect(SECRET_FILE_MODE).toBe(288); // 0o440
    expect(secretVolume('creds', 'es')).toStrictEqual({
      name: 'creds',
      secret: { secretName: 'es', defaultMode: 288, items: undefined },
    });
    const items = [{ key: 'ca.crt', path: 'ca.pem', mode: 0o777 }];
    expect(secretVolume('tls', 'es-tls', items)).toStrictEqual({
      name: 'tls',
      secret: { secretName: 'es-tls', defaultMode: 288, items: [{ key: 'ca.crt', path: 'ca.pem' }] },
    });
  });
});

describe('image references', () => {
  test.each([
    ['thanos', { name: 'thanos', tag: undefined, digest: undefined }],
    ['quay.io/thanos/thanos:v0.42.4', { name: 'quay.io/thanos/thanos', tag: 'v0.42.4', digest: undefined }],
    ['localhost:5000/thanos', { name: 'localhost:5000/thanos', tag: undefined, digest: undefined }],
    ['localhost:5000/thanos:v1', { name: 'localhost:5000/thanos', tag: 'v1', digest: undefined }],
    ['thanos@sha256:ab', { name: 'thanos', tag: undefined, digest: 'sha256:ab' }],
    ['r:1/t:v@sha256:ab', { name: 'r:1/t', tag: 'v', digest: 'sha256:ab' }],
  ])('parseImage(%p), and formatImage writes it back', (image, ref) => {
    expect(parseImage(image)).toStrictEqual(ref);
    expect(formatImage(ref)).toBe(image);
  });

  test.each([
    // [image, registry, mirrored]: a first part with a dot, a port or `localhost` is a registry and is replaced
    ['grafana/grafana:12.2.0', 'm.io', 'm.io/grafana/grafana:12.2.0'],
    ['memcached:1.6.45', 'm.io', 'm.io/memcached:1.6.45'],
    ['localhost/x:1', 'm.io', 'm.io/x:1'],
    ['reg:5000/x', 'm.io', 'm.io/x'],
    ['quay.io/thanos/thanos:v0.42.4', 'm.io//', 'm.io/thanos/thanos:v0.42.4'],
    ['localhostx/y:1', 'm.io', 'm.io/localhostx/y:1'],
    // a Docker Hub name with a dot but no slash has no registry part
    ['foo.bar:1', 'm.io', 'm.io/foo.bar:1'],
  ])('mirrorImage(%p, %p) is %p', (image, registry, mirrored) => {
    expect(mirrorImage(image, registry)).toBe(mirrored);
  });

  test.each([
    ['a:1.0', '1.0'],
    ['a', 'latest'],
    ['a:---', 'latest'],
    ['a:-v1-', 'v1'],
    ['a:__v1..', 'v1'],
    ['a:v1+build', 'v1-build'],
    [`a@sha256:${'0123456789abcdef'.repeat(4)}`, 'sha256-0123456789ab'],
  ])('imageVersion(%p) is %p', (image, version) => {
    expect(imageVersion(image)).toBe(version);
  });
});

describe('resource limits at their bound', () => {
  test('a limit equal to the request is accepted, and both go to the Kubernetes form', () => {
    const r = resolveResources(
      { cpu: '1', memory: '1Gi', cpuLimit: '1000m', memoryLimit: '1024Mi' },
      ctx,
      'r',
    );
    expect(JSON.parse(JSON.stringify(toResourceRequirements(r)))).toStrictEqual({
      requests: { cpu: { value: '1' }, memory: { value: '1Gi' } },
      limits: { cpu: { value: '1' }, memory: { value: '1Gi' } },
    });
  });

  test('the prop path of a bad quantity names the request or the limit', () => {
    expect(() => resolveResources({ cpu: 'x', memory: '1Gi' }, ctx, 'r')).toThrow("'r.cpu'");
    expect(() => resolveResources({ cpu: '1', memory: 'x' }, ctx, 'r')).toThrow("'r.memory'");
    expect(() => resolveResources({ cpu: '1', memory: '1Gi', cpuLimit: 'x' }, ctx, 'r')).toThrow(
      "'r.cpuLimit'",
    );
    expect(() => resolveResources({ cpu: '1', memory: '1Gi', memoryLimit: 'x' }, ctx, 'r')).toThrow(
      "'r.memoryLimit'",
    );
  });
});
