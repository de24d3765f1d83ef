// lib/core/workload.ts and pod.ts on their own: the Deployment, StatefulSet and Service every construct builds on,
// asserted with literal values (the constructs' tests check each component's own settings). Kubernetes field
// meanings: apps/v1 DeploymentStrategy, StatefulSetPersistentVolumeClaimRetentionPolicy, core/v1 ServiceSpec.
import { k8s } from 'cdk8s-plus-28';
import { buildContainer, buildPodTemplate } from '../../lib/core/pod';
import { resolveResources } from '../../lib/core/resources';
import { WorkloadOptions, createService, createWorkload, serviceDnsName } from '../../lib/core/workload';
import { objectsBuiltBy } from '../support/manifests';

type Json = Record<string, any>;

const resources = resolveResources(
  { cpu: '100m', memory: '128Mi' },
  { construct: 'Test', path: 'w' },
  'resources',
);
const probe = { httpGet: { path: '/ready', port: k8s.IntOrString.fromString('http') } };
const base: WorkloadOptions = {
  kind: 'Deployment',
  name: 'query',
  namespace: 'monitoring',
  labels: { app: 'query', team: 'obs' },
  selector: { app: 'query' },
  replicas: 1,
  containerName: 'query',
  image: 'quay.io/thanos/thanos:v0.42.4',
  args: ['query'],
  ports: [{ name: 'http', port: 10902 }],
  resources,
  probes: { liveness: probe, readiness: probe },
};

function build(options: Partial<WorkloadOptions>): Json[] {
  return objectsBuiltBy((chart) => createWorkload(chart, 'w', { ...base, ...options }));
}

describe('createWorkload', () => {
  test('a single Deployment: its replicas, rolling update without unavailability, no PDB, no spread', () => {
    const objects = build({});
    expect(objects.map((o) => o.kind)).toEqual(['Deployment']);
    const { spec, metadata } = objects[0]!;
    expect(metadata).toStrictEqual({
      name: 'query',
      namespace: 'monitoring',
      labels: { app: 'query', team: 'obs' },
    });
    expect(spec.replicas).toBe(1);
    expect(spec.revisionHistoryLimit).toBe(5);
    expect(spec.selector).toStrictEqual({ matchLabels: { app: 'query' } });
    expect(spec.strategy).toStrictEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    });
    expect(spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('Recreate when asked (single-writer storage)', () => {
    expect(build({ strategy: 'Recreate' })[0]!.spec.strategy).toStrictEqual({ type: 'Recreate' });
    expect(build({ strategy: 'RollingUpdate' })[0]!.spec.strategy.type).toBe('RollingUpdate');
  });

  test('autoscaled: no replicas in the spec (the autoscaler owns them), a PDB and spread from the maximum', () => {
    const objects = build({ replicas: 1, autoscaledMaxReplicas: 4 });
    expect(objects.map((o) => o.kind)).toEqual(['Deployment', 'PodDisruptionBudget']);
    expect('replicas' in objects[0]!.spec).toBe(false);
    expect(objects[0]!.spec.template.spec.topologySpreadConstraints).toHaveLength(2);
    expect(objects[1]!.spec).toStrictEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { app: 'query' } },
    });
  });

  test('a replicated StatefulSet: parallel pods, claims kept on delete and scale-down, its governing Service', () => {
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } };
    const objects = build({
      kind: 'StatefulSet',
      replicas: 3,
      volumeClaimTemplates: [claim],
      maxUnavailable: 2,
    });
    expect(objects.map((o) => o.kind)).toEqual(['StatefulSet', 'PodDisruptionBudget']);
    const { spec } = objects[0]!;
    expect(spec.replicas).toBe(3);
    expect(spec.serviceName).toBe('query');
    expect(spec.podManagementPolicy).toBe('Parallel');
    expect(spec.selector).toStrictEqual({ matchLabels: { app: 'query' } });
    expect(spec.persistentVolumeClaimRetentionPolicy).toStrictEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(spec.volumeClaimTemplates).toStrictEqual([claim]);
    expect(objects[1]!.spec.maxUnavailable).toBe(2);
    expect(build({ kind: 'StatefulSet', serviceName: 'query-headless' })[0]!.spec.serviceName).toBe(
      'query-headless',
    );
  });
});

describe('buildContainer and buildPodTemplate', () => {
  test('a container: pulled if not present, command and env only when given, a writable /tmp', () => {
    const bare = buildContainer({ name: 'c', image: 'i', resources });
    expect(bare.imagePullPolicy).toBe('IfNotPresent');
    expect(bare.command).toBeUndefined();
    expect(bare.env).toBeUndefined();
    expect(bare.volumeMounts).toStrictEqual([
      { name: 'tmp', mountPath: '/tmp', subPath: undefined, readOnly: undefined },
    ]);
    expect(buildContainer({ name: 'c', image: 'i', resources, env: [] }).env).toBeUndefined();
    const full = buildContainer({
      name: 'c',
      image: 'i',
      resources,
      command: ['/bin/x'],
      env: [{ name: 'A', value: '1' }],
    });
    expect(full.command).toStrictEqual(['/bin/x']);
    expect(full.env).toStrictEqual([{ name: 'A', value: '1' }]);
  });

  test('pod annotations only when there are some; external references sorted and once', () => {
    const container = { name: 'c', image: 'i', resources };
    const plain = buildPodTemplate({ labels: { app: 'x' }, containers: [container] });
    expect(plain.metadata!.annotations).toBeUndefined();
    expect(
      buildPodTemplate({ labels: {}, containers: [container], externalReferences: [] }).metadata!.annotations,
    ).toBeUndefined();
    const referenced = buildPodTemplate({
      labels: {},
      containers: [container],
      externalReferences: [
        { kind: 'Secret', name: 'b' },
        { kind: 'ConfigMap', name: 'a' },
        { kind: 'Secret', name: 'b' },
      ],
    });
    expect(referenced.metadata!.annotations).toStrictEqual({
      'observability-constructs.io/external-references': 'ConfigMap/a,Secret/b',
    });
  });

  test('30 s to stop unless the workload says otherwise', () => {
    const container = { name: 'c', image: 'i', resources };
    expect(
      buildPodTemplate({ labels: {}, containers: [container] }).spec!.terminationGracePeriodSeconds,
    ).toBe(30);
    expect(
      buildPodTemplate({ labels: {}, containers: [container], terminationGracePeriodSeconds: 120 }).spec!
        .terminationGracePeriodSeconds,
    ).toBe(120);
  });
});

describe('createService', () => {
  const service = (options: object) =>
    objectsBuiltBy((chart) =>
      createService(chart, 's', {
        name: 'query',
        namespace: 'monitoring',
        labels: { app: 'query' },
        selector: { app: 'query' },
        ports: [
          { name: 'http', port: 10902 },
          { name: 'dns', port: 53, protocol: 'UDP' },
        ],
        ...options,
      }),
    )[0]!;

  test('ClusterIP by default, ports by container port name, TCP unless given', () => {
    expect(service({})).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'query', namespace: 'monitoring', labels: { app: 'query' } },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'query' },
        ports: [
          { name: 'http', port: 10902, targetPort: 'http', protocol: 'TCP' },
          { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' },
        ],
      },
    });
  });

  test('headless: ClusterIP None, whatever type is given; otherwise the type given', () => {
    expect(service({ headless: true, type: 'LoadBalancer' }).spec).toMatchObject({
      type: 'ClusterIP',
      clusterIP: 'None',
    });
    expect(service({ type: 'NodePort' }).spec.type).toBe('NodePort');
    expect('clusterIP' in service({}).spec).toBe(false);
  });

  test('the in-cluster DNS name', () => {
    expect(serviceDnsName('query', 'monitoring')).toBe('query.monitoring.svc.cluster.local');
    expect(serviceDnsName('query', 'monitoring', 'k8s.example')).toBe('query.monitoring.svc.k8s.example');
  });
});
