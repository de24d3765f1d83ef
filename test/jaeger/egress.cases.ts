import {
  EckElasticsearch,
  ExternalKafka,
  JaegerAllInOne,
  JaegerDirect,
  JaegerKafkaBuffered,
  KafkaCluster,
  KafkaTopic,
  externalSearch,
} from '../../lib';
import { Manifest, only, synth, testChart } from '../support/manifests';
import { DNS_EGRESS_RULE } from '../support/policy';

type Obj = Record<string, any>;

// Issue 17, finding 5: every Jaeger workload is isolated for egress too, to DNS and its designed peers only.

const DNS = DNS_EGRESS_RULE;
/** Any address but the link-local metadata ranges, on one port. */
const external = (port: number) => ({
  to: [
    { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } },
    { ipBlock: { cidr: '::/0', except: ['fe80::/10', 'fd00:ec2::254/128'] } },
  ],
  ports: [{ port, protocol: 'TCP' }],
});
const pods = (labels: Record<string, string>, namespace: string, port: number) => ({
  to: [
    {
      podSelector: { matchLabels: labels },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    },
  ],
  ports: [{ port, protocol: 'TCP' }],
});
const ES_PODS = pods({ 'elasticsearch.k8s.elastic.co/cluster-name': 'es' }, 'tracing', 9200);
const PROMETHEUS = [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }];

function policy(objects: Manifest[], name: string): Obj {
  const p = only(objects, 'NetworkPolicy', name) as Obj;
  expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  return p;
}
const egressOf = (objects: Manifest[], name: string) => policy(objects, name).spec.egress;
const scrapersOf = (objects: Manifest[], name: string) =>
  policy(objects, name).spec.ingress.find((r: Obj) => r.ports.some((p: Obj) => p.port === 8888)).from;

const externalEs = externalSearch({ engine: 'elasticsearch', serverUrls: ['https://es.example.com:9200'] });

describe('Jaeger egress', () => {
  test('all-in-one: DNS only (memory and badger live in the pod); the metadata range only with the opt-in', () => {
    const chart = testChart('tracing');
    new JaegerAllInOne(chart, 'jaeger');
    new JaegerAllInOne(chart, 'open', { allowMetadataService: true });
    const objects = synth(chart);
    expect(egressOf(objects, 'jaeger')).toEqual([DNS]);
    expect(scrapersOf(objects, 'jaeger')).toEqual(PROMETHEUS);
    expect(egressOf(objects, 'open')).toEqual([{ to: [{ ipBlock: { cidr: '169.254.0.0/16' } }] }, DNS]);
  });

  test('direct on ECK: collector and query reach the ES pods of the namespace on 9200 and DNS', () => {
    const chart = testChart('tracing');
    const es = new EckElasticsearch(chart, 'es');
    new JaegerDirect(chart, 'jaeger', { storage: { connection: es.connection } });
    const objects = synth(chart);
    for (const role of ['jaeger-collector', 'jaeger-query']) {
      expect(egressOf(objects, role)).toEqual([ES_PODS, DNS]);
      expect(scrapersOf(objects, role)).toEqual(PROMETHEUS);
    }
  });

  test('direct on external ES: the URL port at any address but the metadata range, also for the jobs', () => {
    const chart = testChart('tracing');
    new JaegerDirect(chart, 'jaeger', { storage: { connection: externalEs } });
    const objects = synth(chart);
    for (const name of ['jaeger-collector', 'jaeger-query', 'jaeger-es-index-cleaner']) {
      expect(egressOf(objects, name)).toEqual([external(9200), DNS]);
    }
  });

  test('direct: extraEgress is per role; metricsScrapers still widens', () => {
    const chart = testChart('tracing');
    const scraper = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
    new JaegerDirect(chart, 'jaeger', {
      storage: { connection: externalEs },
      collector: {
        extraEgress: [{ peers: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 4317 }] }],
        metricsScrapers: [scraper],
      },
    });
    const objects = synth(chart);
    expect(egressOf(objects, 'jaeger-collector')).toEqual([
      external(9200),
      { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 4317, protocol: 'TCP' }] },
      DNS,
    ]);
    expect(scrapersOf(objects, 'jaeger-collector')).toEqual([scraper]);
    expect(egressOf(objects, 'jaeger-query')).toEqual([external(9200), DNS]);
  });

  test('Kafka-buffered on Strimzi with ECK: collector to the brokers, ingester to brokers and ES, query to ES', () => {
    const chart = testChart('tracing');
    const es = new EckElasticsearch(chart, 'es');
    const cluster = new KafkaCluster(chart, 'kafka', { authentication: 'tls' });
    const topic = new KafkaTopic(chart, 'spans', { cluster, topicName: 'jaeger-spans', partitions: 12 });
    new JaegerKafkaBuffered(chart, 'jaeger', { kafka: { topic }, storage: { connection: es.connection } });
    const objects = synth(chart);
    const brokers = pods({ 'strimzi.io/cluster': 'kafka' }, 'tracing', 9093);
    expect(egressOf(objects, 'jaeger-collector')).toEqual([brokers, DNS]);
    expect(egressOf(objects, 'jaeger-ingester')).toEqual([brokers, ES_PODS, DNS]);
    expect(egressOf(objects, 'jaeger-query')).toEqual([ES_PODS, DNS]);
    for (const role of ['jaeger-collector', 'jaeger-ingester', 'jaeger-query']) {
      expect(scrapersOf(objects, role)).toEqual(PROMETHEUS);
    }
  });

  test('Kafka-buffered on ExternalKafka: each bootstrap port at any address but the metadata range', () => {
    const chart = testChart('tracing');
    const endpoint = new ExternalKafka(chart, 'kafka', {
      bootstrapServers: 'kafka-0.example.com:9092,kafka-1.example.com:9092,kafka.queue.svc:9094',
    });
    new JaegerKafkaBuffered(chart, 'jaeger', {
      kafka: { endpoint, topicName: 'spans', partitions: 6 },
      storage: { connection: externalEs },
    });
    const objects = synth(chart);
    const inCluster = {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'queue' } } }],
      ports: [{ port: 9094, protocol: 'TCP' }],
    };
    expect(egressOf(objects, 'jaeger-collector')).toEqual([external(9092), inCluster, DNS]);
    expect(egressOf(objects, 'jaeger-ingester')).toEqual([external(9092), inCluster, external(9200), DNS]);
  });
});
