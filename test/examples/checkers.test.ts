// The checkers the example tests rely on must be able to fail: each is shown a broken object here.
import { JAEGER_2_20_KEYS, danglingReferences, unknownKeys } from '../support/jaeger';
import { Manifest } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { describeWithShared } from '../support/shared';
import { isBuiltIn, validateBuiltIn, validateCustomResource } from '../support/validate';

const deployment = (overrides: Record<string, any> = {}, container: Record<string, any> = {}): Manifest =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'ns' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'd' } },
      template: {
        metadata: { labels: { app: 'd' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'c',
              image: 'img:1.0',
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
              livenessProbe: { httpGet: { path: '/', port: 80 } },
              readinessProbe: { httpGet: { path: '/', port: 80 } },
              ...container,
            },
          ],
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'k', whenUnsatisfiable: 'ScheduleAnyway' }],
          ...overrides,
        },
      },
    },
  }) as unknown as Manifest;

const pdb = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'd', namespace: 'ns' },
  spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'd' } } },
} as unknown as Manifest;

describe('policy checker', () => {
  test('accepts a compliant workload', () => {
    expect(policyViolations([deployment(), pdb])).toEqual([]);
  });
  test('reports each broken rule', () => {
    expect(policyViolations([deployment()])).toEqual([
      'Deployment ns/d: 2 replicas but no PodDisruptionBudget selects its pods',
    ]);
    expect(
      policyViolations([
        deployment(
          {
            securityContext: {},
            automountServiceAccountToken: undefined,
            volumes: [{ name: 'v', secret: { secretName: 's' } }],
          },
          { securityContext: {}, resources: {}, image: 'img', livenessProbe: undefined },
        ),
        pdb,
      ]),
    ).toEqual([
      'Deployment ns/d: pod securityContext.runAsNonRoot is not true',
      'Deployment ns/d: pod seccompProfile is not RuntimeDefault',
      'Deployment ns/d: mounts a service-account token without a service account of its own',
      'Deployment ns/d container c: allowPrivilegeEscalation is not false',
      'Deployment ns/d container c: does not drop ALL capabilities',
      'Deployment ns/d container c: root filesystem is writable',
      'Deployment ns/d container c: no cpu requests',
      'Deployment ns/d container c: no memory requests',
      'Deployment ns/d container c: no cpu limits',
      'Deployment ns/d container c: no memory limits',
      "Deployment ns/d container c: image 'img' is not pinned to a tag",
      'Deployment ns/d container c: no liveness probe',
      'Deployment ns/d: Secret volume v has no defaultMode of 0440 or tighter',
      "Deployment ns/d: references Secret 's', which is neither synthesized nor declared external",
    ]);
  });
  test('a Service must select a pod template', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'ns' },
      spec: { selector: { app: 'other' }, ports: [{ port: 80 }] },
    } as unknown as Manifest;
    expect(policyViolations([deployment(), pdb, service])).toEqual(['Service ns/s: selects no pod template']);
  });
});

describe('Kubernetes schema validation', () => {
  test('catches a missing required field and a wrong type', () => {
    const broken = deployment();
    delete (broken as any).spec.selector;
    expect(validateBuiltIn(broken)).toMatch(/selector/);
    const wrongType = deployment();
    (wrongType as any).spec.replicas = 'two';
    expect(validateBuiltIn(wrongType)).toMatch(/replicas/);
    expect(validateBuiltIn(deployment())).toBeUndefined();
  });
  test('tells built-in API groups from CRD groups', () => {
    expect(isBuiltIn('v1')).toBe(true);
    expect(isBuiltIn('networking.k8s.io/v1')).toBe(true);
    expect(isBuiltIn('policy/v1')).toBe(true);
    expect(isBuiltIn('monitoring.coreos.com/v1')).toBe(false);
    expect(isBuiltIn('kafka.strimzi.io/v1')).toBe(false);
  });
});

describeWithShared('CRD schema validation', () => {
  const monitor = (spec: Record<string, unknown>) =>
    ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'm', namespace: 'ns' },
      spec,
    }) as unknown as Manifest;
  test('accepts a valid ServiceMonitor', () => {
    expect(
      validateCustomResource(monitor({ selector: {}, endpoints: [{ port: 'metrics' }] })),
    ).toBeUndefined();
  });
  test('rejects an unknown field, which the API server would prune silently', () => {
    expect(
      validateCustomResource(monitor({ selector: {}, endpoints: [{ port: 'metrics', bogus: 1 }] })),
    ).toMatch(/additionalProperties/);
  });
  test('rejects a wrong type', () => {
    expect(validateCustomResource(monitor({ selector: {}, endpoints: [{ port: 7 }] }))).toMatch(
      /must be string/,
    );
  });
  test('names a kind with no CRD', () => {
    expect(validateCustomResource({ ...monitor({}), kind: 'Nope' } as Manifest)).toMatch(/no CRD schema/);
  });
});

describe('Jaeger key checker', () => {
  test('finds unknown keys at any depth, including inside lists', () => {
    expect(
      unknownKeys({
        extensions: { jaeger_query: { storage: { traces: 'x' }, bogus: 1 }, ai: {} },
        service: {
          telemetry: { metrics: { readers: [{ pull: { exporter: { prometheus: { hots: 'x' } } } }] } },
        },
      }),
    ).toEqual([
      'extensions.jaeger_query.bogus',
      'extensions.ai',
      'service.telemetry.metrics.readers.pull.exporter.prometheus.hots',
    ]);
    expect(Object.keys(JAEGER_2_20_KEYS)).toEqual([
      'service',
      'extensions',
      'receivers',
      'processors',
      'exporters',
    ]);
  });
  test('finds dangling storage and component names', () => {
    expect(
      danglingReferences({
        service: {
          extensions: ['jaeger_query', 'nope'],
          pipelines: {
            traces: { receivers: ['otlp'], processors: [], exporters: ['jaeger_storage_exporter'] },
          },
          telemetry: {} as never,
        },
        extensions: {
          jaeger_query: { storage: { traces: 'missing' } },
          jaeger_storage: { backends: { a: {} } },
        },
        receivers: {},
        processors: {},
        exporters: { jaeger_storage_exporter: { trace_storage: 'a' } },
      }),
    ).toEqual(['traces: receiver otlp', 'extension nope', 'storage missing']);
  });
});
