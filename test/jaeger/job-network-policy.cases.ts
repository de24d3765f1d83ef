import { EckElasticsearch, JaegerSearchStorage, JaegerSearchStorageProps, externalSearch } from '../../lib';
import { Manifest, synth, testChart } from '../support/manifests';

const external = externalSearch({
  engine: 'elasticsearch',
  serverUrls: ['https://es.example.com:9200'],
  auth: { kind: 'basic', username: 'jaeger', password: { name: 'es', key: 'password' } },
});

function build(props: (chart: ReturnType<typeof testChart>) => JaegerSearchStorageProps) {
  const chart = testChart('tracing');
  new JaegerSearchStorage(chart, 'jaeger', props(chart));
  return synth(chart);
}

function podsOf(objects: readonly Manifest[]) {
  return objects.flatMap((o: any) =>
    o.kind === 'CronJob' ? [o.spec.jobTemplate.spec.template] : o.kind === 'Job' ? [o.spec.template] : [],
  );
}

const selects = (policy: any, labels: Record<string, string>) =>
  Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v);

describe('every ES job pod is isolated: no ingress, egress only to the search engine and DNS', () => {
  const cases: [string, (chart: ReturnType<typeof testChart>) => JaegerSearchStorageProps][] = [
    [
      'periodic on an external cluster, archive, dependencies',
      () => ({ connection: external, archive: true, dependencies: {} }),
    ],
    ['manual rollover', () => ({ connection: external, lifecycle: { mode: 'manualRollover' } })],
    [
      'ILM on ECK with dependencies',
      (chart) => ({
        connection: new EckElasticsearch(chart, 'es').connection,
        lifecycle: { mode: 'ilm' },
        dependencies: {},
      }),
    ],
  ];
  test.each(cases)('%s', (_name, props) => {
    const objects = build(props);
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as any[];
    const pods = podsOf(objects);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      const mine = policies.filter((p) => selects(p, pod.metadata.labels));
      expect([pod.metadata.labels['app.kubernetes.io/component'], mine.length]).toEqual([
        pod.metadata.labels['app.kubernetes.io/component'],
        1,
      ]);
      const policy = mine[0];
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.spec.ingress).toEqual([]);
      const [search, dns] = policy.spec.egress;
      expect(policy.spec.egress).toHaveLength(2);
      expect(dns.ports.map((p: any) => p.port)).toEqual([53, 53]);
      expect(search.ports).toEqual([{ port: 9200, protocol: 'TCP' }]);
    }
  });

  test('in the cluster, egress goes to the Elasticsearch pods only', () => {
    const objects = build((chart) => ({ connection: new EckElasticsearch(chart, 'es').connection }));
    const policy = objects.find((o) => o.kind === 'NetworkPolicy') as any;
    expect(policy.metadata.name).toBe('jaeger-es-index-cleaner');
    expect(policy.spec.egress[0].to).toEqual([
      {
        podSelector: { matchLabels: { 'elasticsearch.k8s.elastic.co/cluster-name': 'es' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tracing' } },
      },
    ]);
  });
});
