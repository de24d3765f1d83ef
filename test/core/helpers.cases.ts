import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { ErrorCode } from '../../lib/core';
import { Chart, Testing } from 'cdk8s';
import {
  CONFIG_HASH_ANNOTATION,
  EXTERNAL_REFERENCES_ANNOTATION,
  checkDnsLabel,
  configHash,
  createJob,
  createWorkload,
  healthProbes,
  imageVersion,
  networkPolicy,
  podPeer,
  resolveName,
  resolveNamespace,
  resolveResources,
  selectorLabels,
  standardLabels,
  suggestDnsLabel,
  totalRequests,
  workloadRequests,
} from '../../lib/core';
import { only, synth } from '../support/manifests';

const ctx = { construct: 'Test', path: 'chart/x' };
const info = { name: 'jaeger', instance: 'j', component: 'collector', version: '2.20.0' };

describe('labels', () => {
  test('standard labels carry all six app.kubernetes.io keys', () => {
    expect(standardLabels(info)).toEqual({
      'app.kubernetes.io/name': 'jaeger',
      'app.kubernetes.io/instance': 'j',
      'app.kubernetes.io/version': '2.20.0',
      'app.kubernetes.io/component': 'collector',
      'app.kubernetes.io/part-of': 'jaeger',
      'app.kubernetes.io/managed-by': 'observability-constructs',
    });
  });
  test('selector labels are a subset without the version', () => {
    const selector = selectorLabels(info);
    expect(Object.keys(selector)).not.toContain('app.kubernetes.io/version');
    for (const [k, v] of Object.entries(selector)) expect(standardLabels(info)[k]).toBe(v);
  });
});

describe('names', () => {
  test('accepts DNS labels and rejects others with a suggestion', () => {
    expect(checkDnsLabel('jaeger-1', ctx, 'name')).toBe('jaeger-1');
    expectConstructError(
      () => checkDnsLabel('Jaeger_One', ctx, 'name'),
      "Test 'chart/x': 'name' must be a DNS label of at most 63 characters (lower case letters, digits and '-', starting and ending with a letter or digit) (got \"Jaeger_One\"); choose a name such as 'jaeger-one'",
      ErrorCode.INVALID_NAME,
    );
    expectErrorCode(
      () => checkDnsLabel('a'.repeat(64), ctx, 'name'),
      ErrorCode.INVALID_NAME,
      'name',
      'at most 63 characters',
    );
  });
  test('suggests labels from construct ids', () => {
    expect(suggestDnsLabel('MyJaeger')).toBe('my-jaeger');
    expect(suggestDnsLabel('--')).toBe('name');
    expect(suggestDnsLabel('a'.repeat(70), 10)).toBe('aaaaaaaaaa');
  });
  test('names and namespaces come from props, then the construct id and the chart', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'tracing' });
    expect(resolveName(chart, undefined, ctx)).toBe('c');
    expect(resolveName(chart, 'given', ctx)).toBe('given');
    expect(resolveNamespace(chart, undefined, ctx)).toBe('tracing');
    expect(resolveNamespace(chart, 'other', ctx)).toBe('other');
    expect(resolveNamespace(new Chart(Testing.app(), 'd'), undefined, ctx)).toBe('default');
    expectErrorCode(
      () => resolveNamespace(chart, 'Bad', ctx),
      ErrorCode.INVALID_NAME,
      'namespace',
      "'namespace' must be a DNS label",
    );
  });
});

describe('configHash', () => {
  test('depends on content only, not on key order', () => {
    expect(configHash({ a: 1, b: [1, 2] })).toBe(configHash({ b: [1, 2], a: 1 }));
    expect(configHash({ a: 1 })).not.toBe(configHash({ a: 2 }));
    expect(configHash('x')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('images', () => {
  test('versions come from tags', () => {
    expect(imageVersion('jaegertracing/jaeger:2.20.0')).toBe('2.20.0');
    expect(imageVersion('registry:5000/jaeger')).toBe('latest');
  });
});

describe('createWorkload', () => {
  const base = {
    kind: 'Deployment' as const,
    name: 'w',
    namespace: 'ns',
    labels: standardLabels(info),
    selector: selectorLabels(info),
    containerName: 'c',
    image: 'img:1',
    args: ['--x'],
    ports: [{ name: 'http', port: 8080 }],
    resources: resolveResources({ cpu: '1', memory: '1Gi' }, ctx, 'resources'),
    probes: healthProbes('http', '/healthz'),
  };

  test('a single replica gets neither PDB nor spread', () => {
    const chart = new Chart(Testing.app(), 'c');
    const w = createWorkload(chart, 'w', { ...base, replicas: 1 });
    expect(w.podDisruptionBudget).toBeUndefined();
    const d = only(synth(chart), 'Deployment');
    expect(d.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(d.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
  });

  test('replicas > 1 get a PDB of maxUnavailable 1 and zone and node spread', () => {
    const chart = new Chart(Testing.app(), 'c');
    createWorkload(chart, 'w', { ...base, replicas: 3, configHash: 'abc' });
    const objects = synth(chart);
    const pdb = only(objects, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: base.selector } });
    const d = only(objects, 'Deployment');
    expect(d.spec.template.spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
    expect(d.spec.template.metadata.annotations).toEqual({ [CONFIG_HASH_ANNOTATION]: 'abc' });
  });

  test('an autoscaled workload leaves replicas to the autoscaler and still gets a PDB', () => {
    const chart = new Chart(Testing.app(), 'c');
    createWorkload(chart, 'w', { ...base, replicas: 2, autoscaledMaxReplicas: 10 });
    const objects = synth(chart);
    expect(only(objects, 'Deployment').spec.replicas).toBeUndefined();
    expect(only(objects, 'PodDisruptionBudget')).toBeDefined();
  });

  test('sidecars get the restricted context, /tmp, their own probes and share volumes by name', () => {
    const chart = new Chart(Testing.app(), 'c');
    const data = { volume: { name: 'data', emptyDir: {} }, mountPath: '/data' };
    createWorkload(chart, 'w', {
      ...base,
      replicas: 1,
      volumes: [data],
      sidecars: [
        {
          name: 'side',
          image: 'side:2',
          args: ['--y'],
          env: [{ name: 'A', value: 'b' }],
          ports: [{ name: 'grpc', port: 9000 }],
          resources: resolveResources({ cpu: '100m', memory: '64Mi' }, ctx, 'sidecar'),
          probes: healthProbes('grpc', '/ready'),
          volumes: [{ ...data, readOnly: true }],
        },
      ],
    });
    const pod = only(synth(chart), 'Deployment').spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['c', 'side']);
    const side = pod.containers[1];
    expect(side.securityContext).toEqual(pod.containers[0].securityContext);
    expect(side.args).toEqual(['--y']);
    expect(side.env).toEqual([{ name: 'A', value: 'b' }]);
    expect(side.ports).toEqual([{ name: 'grpc', containerPort: 9000, protocol: 'TCP' }]);
    expect(side.resources.limits).toEqual({ cpu: '200m', memory: '64Mi' });
    expect(side.readinessProbe.httpGet.path).toBe('/ready');
    expect(side.volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'data', mountPath: '/data', readOnly: true },
    ]);
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp', 'data']);
  });

  test('without sidecars the pod has one container; maxUnavailable defaults to 1 and can be set', () => {
    const one = new Chart(Testing.app(), 'c');
    createWorkload(one, 'w', { ...base, replicas: 3 });
    const objects = synth(one);
    expect(only(objects, 'Deployment').spec.template.spec.containers).toHaveLength(1);
    expect(only(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    const two = new Chart(Testing.app(), 'c');
    createWorkload(two, 'w', { ...base, replicas: 5, maxUnavailable: 2 });
    expect(only(synth(two), 'PodDisruptionBudget').spec.maxUnavailable).toBe(2);
  });

  test('a claim-template volume is mounted but not declared as a pod volume', () => {
    const chart = new Chart(Testing.app(), 'c');
    createWorkload(chart, 'w', {
      ...base,
      kind: 'StatefulSet',
      replicas: 1,
      volumes: [{ volume: { name: 'data' }, mountPath: '/data', claimTemplate: true }],
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }],
    });
    const pod = only(synth(chart), 'StatefulSet').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp']);
  });

  test('external references are declared on the pod template', () => {
    const chart = new Chart(Testing.app(), 'c');
    createWorkload(chart, 'w', {
      ...base,
      replicas: 1,
      externalReferences: [
        { kind: 'Secret', name: 'b' },
        { kind: 'ConfigMap', name: 'a' },
      ],
    });
    expect(only(synth(chart), 'Deployment').spec.template.metadata.annotations).toEqual({
      [EXTERNAL_REFERENCES_ANNOTATION]: 'ConfigMap/a,Secret/b',
    });
  });
});

describe('networkPolicy', () => {
  test('ingress only unless egress is given; egress adds DNS', () => {
    const chart = new Chart(Testing.app(), 'c');
    networkPolicy(chart, 'a', {
      name: 'a',
      namespace: 'ns',
      labels: {},
      podSelector: { app: 'a' },
      ingress: [{ peers: [podPeer({ app: 'b' }, 'other')], ports: [{ port: 4317 }] }],
    });
    networkPolicy(chart, 'b', {
      name: 'b',
      namespace: 'ns',
      labels: {},
      podSelector: { app: 'b' },
      ingress: [],
      egress: [{ peers: [podPeer({ app: 'a' })], ports: [{ port: 4317 }] }],
    });
    const [a, b] = synth(chart) as any[];
    expect(a.spec.policyTypes).toEqual(['Ingress']);
    expect(a.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'other',
    });
    expect(b.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(b.spec.egress).toHaveLength(2);
    expect(b.spec.egress[1].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
  });
});

describe('workloadRequests', () => {
  test('sums requests times replicas, counting an autoscaler minimum', () => {
    const pod = (cpu: string, memory: string) => ({
      spec: {
        containers: [
          { resources: { requests: { cpu, memory } } },
          { resources: { requests: { cpu: '100m', memory: '64Mi' } } },
        ],
      },
    });
    const manifests = [
      {
        kind: 'Deployment',
        metadata: { name: 'q', namespace: 'n' },
        spec: { replicas: 3, template: pod('2', '4Gi') },
      },
      { kind: 'StatefulSet', metadata: { name: 's', namespace: 'n' }, spec: { template: pod('1', '2Gi') } },
      {
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h', namespace: 'n' },
        spec: { scaleTargetRef: { name: 's' }, minReplicas: 2 },
      },
      { kind: 'Service', metadata: { name: 'x' } },
    ];
    expect(
      workloadRequests(manifests).map((w) => [w.name, w.replicas, w.cpu.toString(), w.memory.toString()]),
    ).toEqual([
      ['q', 3, '6300m', '12480Mi'],
      ['s', 2, '2200m', '4224Mi'],
    ]);
    const total = totalRequests(manifests);
    expect(total.cpu.toString()).toBe('8500m');
    expect(total.memory.toString()).toBe('16704Mi');
  });
});

describe('createJob', () => {
  const job = (image: string) => {
    const chart = new Chart(Testing.app(), 'c');
    createJob(chart, 'j', {
      name: 'init',
      namespace: 'ns',
      labels: {},
      containers: [{ name: 'c', image, resources: resolveResources({ cpu: '1', memory: '1Gi' }, ctx, 'r') }],
    });
    return only(synth(chart), 'Job');
  };
  test('the name carries a hash of the pod template, so a changed Job is a new one', () => {
    expect(job('a:1').metadata.name).toBe(job('a:1').metadata.name);
    expect(job('a:1').metadata.name).not.toBe(job('a:2').metadata.name);
    expect(job('a:1').metadata.name).toMatch(/^init-[0-9a-f]{8}$/);
    expect(job('a:1').spec.ttlSecondsAfterFinished).toBe(604_800); // the documented @default: one week
    expect(job('a:1').spec.template.spec.restartPolicy).toBe('OnFailure');
  });
});
