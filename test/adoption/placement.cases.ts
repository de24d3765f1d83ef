import { expectErrorCode } from '../support/error-code';
import { App, Chart } from 'cdk8s';
import {
  EckElasticsearch,
  ErrorCode,
  KafkaCluster,
  JaegerAllInOne,
  JaegerDirect,
  ObservabilityConstructError,
  ThanosHierarchical,
  ThanosReceiveFleet,
  chartManifests,
  externalSearch,
  splitFleet,
  withRegistry,
} from '../../lib';
import { FLEET_TEST_TLS } from '../support/fleet';

type Workload = {
  kind: string;
  metadata: { name: string };
  spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: any; spec: any } };
};

const workloads = (chart: Chart): Workload[] =>
  (chartManifests(chart) as unknown as Workload[]).filter((o) =>
    ['Deployment', 'StatefulSet'].includes(o.kind),
  );

const fleetProps = {
  domain: 'monitoring.example.com',
  objectStorage: { kind: 's3', bucket: 'thanos', endpoint: 'minio.example.com:9000' },
  grafana: { adminPassword: { name: 'grafana-admin', key: 'password' }, replicas: 1 },
  tls: FLEET_TEST_TLS,
} as const;

const toleration = { key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' };

describe('placement: one shape for every workload', () => {
  test('a mirror registry replaces the registry of every image and keeps the tag', () => {
    expect(withRegistry('quay.io/thanos/thanos:v0.42.4', 'mirror.example.com')).toBe(
      'mirror.example.com/thanos/thanos:v0.42.4',
    );
    expect(withRegistry('jaegertracing/jaeger:2.20.0', 'mirror.example.com:5000/obs')).toBe(
      'mirror.example.com:5000/obs/jaegertracing/jaeger:2.20.0',
    );
    expect(withRegistry('localhost/x:1', 'm.example.com')).toBe('m.example.com/x:1');
  });

  test('every field lands in the pod template; the construct keeps its labels, annotations and selector', () => {
    const chart = new Chart(new App(), 'c', { namespace: 'tracing' });
    const plain = new JaegerAllInOne(new Chart(new App(), 'p', { namespace: 'tracing' }), 'jaeger', {});
    new JaegerAllInOne(chart, 'jaeger', {
      placement: {
        nodeSelector: { 'node-role.example.com/monitoring': 'true' },
        tolerations: [toleration],
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
        priorityClassName: 'monitoring-critical',
        imagePullSecrets: ['mirror-pull'],
        podAnnotations: { 'sidecar.istio.io/inject': 'false' },
        podLabels: { team: 'observability' },
        imageRegistry: 'mirror.example.com',
      },
    });
    const [deployment] = workloads(chart);
    const [before] = workloads(plain.node.scope as Chart);
    const pod = deployment!.spec.template;
    expect(pod.spec.nodeSelector).toEqual({ 'node-role.example.com/monitoring': 'true' });
    expect(pod.spec.tolerations).toEqual([toleration]);
    expect(pod.spec.affinity).toEqual({
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] },
    });
    expect(pod.spec.priorityClassName).toBe('monitoring-critical');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
    expect(pod.spec.containers[0].image).toBe('mirror.example.com/jaegertracing/jaeger:2.20.0');
    expect(pod.metadata.annotations).toEqual({
      ...before!.spec.template.metadata.annotations,
      'sidecar.istio.io/inject': 'false',
    });
    expect(pod.metadata.labels).toEqual({ ...before!.spec.template.metadata.labels, team: 'observability' });
    expect(deployment!.spec.selector).toEqual(before!.spec.selector);
  });

  test.each([
    [{ podLabels: { 'app.kubernetes.io/name': 'x' } }, 'placement.podLabels.app.kubernetes.io/name'],
    [
      { podAnnotations: { 'observability-constructs.io/config-hash': 'x' } },
      'placement.podAnnotations.observability-constructs.io/config-hash',
    ],
    [{ imageRegistry: 'https://mirror.example.com' }, 'placement.imageRegistry'],
    [{ imagePullSecrets: 'mirror-pull' }, 'placement.imagePullSecrets'],
    [{ nodeSelector: { zone: 1 } }, 'placement.nodeSelector'],
    [{ nodeselector: { zone: 'a' } }, 'placement.nodeselector'],
  ])('%j is refused naming %s', (placement, prop) => {
    let error: unknown;
    try {
      new JaegerAllInOne(new Chart(new App(), 'c'), 'jaeger', { placement } as any);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObservabilityConstructError);
    expect((error as ObservabilityConstructError).code).toBe(ErrorCode.INVALID_VALUE);
    expect((error as ObservabilityConstructError).prop).toBe(prop);
  });

  test('a pattern refuses a role it does not have, and a component refuses roles', () => {
    // lib/core/placement.ts checkPatternPlacement: INVALID_VALUE on 'placement.roles.<role>'
    expectErrorCode(
      () =>
        new ThanosHierarchical(new App(), 'f', {
          ...fleetProps,
          fleet: splitFleet(2),
          placement: { roles: { stores: { nodeSelector: { pool: 'ssd' } } } },
        } as any),
      ErrorCode.INVALID_VALUE,
      'placement.roles.stores',
      /^ThanosHierarchical 'f': 'placement.roles.stores' is not a role of this pattern/,
    );
    expectErrorCode(
      () => new JaegerAllInOne(new Chart(new App(), 'c'), 'j', { placement: { roles: {} } } as any),
      ErrorCode.INVALID_VALUE,
      'placement.roles',
      /'placement.roles' is not a placement field/,
    );
  });

  test('fleet patterns: a shared placement reaches every workload of every chart, a role override its role', () => {
    for (const Pattern of [ThanosHierarchical, ThanosReceiveFleet]) {
      const fleet = new Pattern(new App(), 'f', {
        ...fleetProps,
        fleet: splitFleet(2),
        placement: {
          nodeSelector: { pool: 'monitoring' },
          imageRegistry: 'mirror.example.com',
          roles: { store: { nodeSelector: { pool: 'ssd' } } },
        },
      });
      const charts = [
        fleet.globalChart,
        ...Object.values(fleet.regionCharts),
        ...Object.values(fleet.appClusterCharts),
      ];
      const all = charts.flatMap(workloads);
      expect(all.length).toBeGreaterThan(5);
      for (const w of all) {
        const pod = w.spec.template.spec;
        const expected = w.metadata.name.startsWith('thanos-store') ? 'ssd' : 'monitoring';
        expect({ name: w.metadata.name, pool: pod.nodeSelector?.pool }).toEqual({
          name: w.metadata.name,
          pool: expected,
        });
        for (const c of pod.containers) expect(c.image).toMatch(/^mirror\.example\.com\//);
      }
    }
  });

  test('Jaeger patterns: shared, per role, and the role props own placement, field by field', () => {
    const chart = new Chart(new App(), 'c', { namespace: 'tracing' });
    new JaegerDirect(chart, 'jaeger', {
      storage: {
        connection: externalSearch({ engine: 'elasticsearch', serverUrls: ['https://es.example.com:9200'] }),
      },
      placement: {
        nodeSelector: { pool: 'monitoring' },
        priorityClassName: 'high',
        roles: { query: { nodeSelector: { pool: 'ui' } } },
      },
      collector: { placement: { priorityClassName: 'critical' } },
    });
    const byName = Object.fromEntries(workloads(chart).map((w) => [w.metadata.name, w.spec.template.spec]));
    // The storage's jobs are the `jobs` role: the shared placement reaches their pods too.
    const jobPods = (chartManifests(chart) as any[])
      .filter((o) => o.kind === 'CronJob' || o.kind === 'Job')
      .map((o) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec : o.spec).template.spec);
    expect(jobPods.length).toBeGreaterThan(0);
    for (const pod of jobPods)
      expect(pod).toMatchObject({ nodeSelector: { pool: 'monitoring' }, priorityClassName: 'high' });
    expect(byName['jaeger-collector']).toMatchObject({
      nodeSelector: { pool: 'monitoring' },
      priorityClassName: 'critical',
    });
    expect(byName['jaeger-query']).toMatchObject({ nodeSelector: { pool: 'ui' }, priorityClassName: 'high' });
  });

  test("operators' pods: Strimzi's template.pod (nodeSelector as node affinity) and ECK's podTemplate", () => {
    const chart = new Chart(new App(), 'c', { namespace: 'tracing' });
    const placement = {
      nodeSelector: { pool: 'kafka' },
      tolerations: [toleration],
      priorityClassName: 'high',
      imagePullSecrets: ['mirror-pull'],
      podLabels: { team: 'observability' },
    };
    new KafkaCluster(chart, 'kafka', { preset: 'dev', placement });
    new EckElasticsearch(chart, 'es', { nodes: 3, storageSize: '100Gi', placement });
    const all = chartManifests(chart) as any[];
    const pools = all.filter((o) => o.kind === 'KafkaNodePool');
    expect(pools.length).toBeGreaterThan(0);
    for (const pool of pools) {
      expect(pool.spec.template.pod).toEqual({
        metadata: { labels: { team: 'observability' } },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['kafka'] }] }],
            },
          },
        },
        tolerations: [toleration],
        priorityClassName: 'high',
        imagePullSecrets: [{ name: 'mirror-pull' }],
      });
    }
    const es = all.find((o) => o.kind === 'Elasticsearch');
    const template = es.spec.nodeSets[0].podTemplate;
    expect(template.metadata).toEqual({ labels: { team: 'observability' } });
    expect(template.spec).toMatchObject({
      nodeSelector: { pool: 'kafka' },
      tolerations: [toleration],
      priorityClassName: 'high',
      imagePullSecrets: [{ name: 'mirror-pull' }],
    });
    expect(template.spec.topologySpreadConstraints).toHaveLength(1);
    expectErrorCode(
      () => new KafkaCluster(chart, 'k2', { preset: 'dev', placement: { imageRegistry: 'm.example.com' } }),
      ErrorCode.INCOMPATIBLE_PROPS,
      'placement.imageRegistry',
      /'placement.imageRegistry' cannot move the images of an operator's pods/,
    );
  });
});
