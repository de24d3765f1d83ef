import { ErrorCode } from '../../lib/core';
import {
  ExternalKafka,
  JaegerAllInOne,
  JaegerCollector,
  JaegerDirect,
  JaegerIngester,
  JaegerKafkaBuffered,
  JaegerQuery,
  JaegerSearchStorage,
  KafkaCluster,
  KafkaTopic,
  externalSearch,
  jaegerForThroughput,
  jaegerProfile,
} from '../../lib';
import { checkQueryTls } from '../../lib/jaeger/query-tls';
import { kafkaClientPlumbing } from '../../lib/jaeger/kafka-plumbing';
import { searchClientPlumbing } from '../../lib/jaeger/storage/plumbing';
import { testChart } from '../support/manifests';
import { errorTable } from './table';

// Throw sites of lib/jaeger (constructs, validation, storage), smallest inputs.
const { INVALID_VALUE, INCOMPATIBLE_PROPS, INVALID_NAME, UNSAFE_WITHOUT_OPT_IN } = ErrorCode;
const ctx = { construct: 'Test', path: 'chart/x' };
const es = (extra: object = {}) =>
  externalSearch({ engine: 'elasticsearch', serverUrls: ['http://es.tracing.svc:9200'], ...extra } as never);
const aio = (props: object) => () => new JaegerAllInOne(testChart('tracing'), 'jaeger', props as never);
const direct = (props: object) => () =>
  new JaegerDirect(testChart('tracing'), 'jaeger', { storage: { connection: es() }, ...props } as never);
const storage = (props: object) => () =>
  new JaegerSearchStorage(testChart('tracing'), 'storage', { connection: es(), ...props } as never);
const buffered =
  (topicProps: object, props: object = {}) =>
  () => {
    const chart = testChart('tracing');
    const cluster = new KafkaCluster(chart, 'kafka', { authentication: 'none' });
    const topic = new KafkaTopic(chart, 'spans', {
      cluster,
      topicName: 'jaeger-spans',
      partitions: 4,
      ...topicProps,
    });
    return new JaegerKafkaBuffered(chart, 'jaeger', {
      kafka: { topic },
      storage: { connection: es() },
      ...props,
    } as never);
  };

describe('lib/jaeger constructs', () => {
  errorTable([
    {
      site: 'all-in-one.ts: replicas 2 (edge)',
      run: aio({ replicas: 2 }),
      code: INCOMPATIBLE_PROPS,
      prop: 'replicas',
      message: 'must be 1 with memory storage',
    },
    {
      site: 'collector.ts: neither storage nor kafka',
      run: () => new JaegerCollector(testChart('tracing'), 'c', {} as never),
      code: INCOMPATIBLE_PROPS,
      prop: 'storage',
      message: 'or kafka must be set',
    },
    {
      site: 'collector.ts: both storage and kafka',
      run: () => new JaegerCollector(testChart('tracing'), 'c', { storage: {}, kafka: {} } as never),
      code: INCOMPATIBLE_PROPS,
      prop: 'kafka',
      message: 'cannot be set together with storage',
    },
    {
      site: 'direct.ts: an unknown profile',
      run: direct({ profile: 'huge' }),
      code: INVALID_VALUE,
      prop: 'profile',
      message: "must be 'medium' or 'large'",
    },
    {
      site: 'direct.ts: no storage',
      run: direct({ storage: undefined }),
      code: INVALID_VALUE,
      prop: 'storage',
      message: 'is required: collectors and queries share Elasticsearch/OpenSearch',
    },
    {
      site: 'direct.ts: memory storage',
      run: direct({ storage: { kind: 'memory' } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'storage',
      message: 'is memory storage, which lives inside one process',
    },
    {
      site: 'direct.ts: unreplicated indices in the large profile',
      run: direct({ profile: 'large', storage: { connection: es(), replicas: 0 } }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'storage.replicas',
      message: 'is 0 in the large profile',
    },
    {
      site: 'factory.ts: no storage at the medium profile',
      run: () => jaegerForThroughput(testChart('tracing'), 'jaeger', { tracesPerSecond: 5000 }),
      code: INCOMPATIBLE_PROPS,
      prop: 'storage',
      message: 'is required at 5000 traces/s (medium profile)',
    },
    {
      site: 'factory.ts: no kafka at the large profile',
      run: () =>
        jaegerForThroughput(testChart('tracing'), 'jaeger', {
          tracesPerSecond: 20000,
          storage: { connection: es() },
        }),
      code: INCOMPATIBLE_PROPS,
      prop: 'kafka',
      message: 'is required at 20000 traces/s (large profile): spans go through Kafka',
    },
    {
      site: 'factory.ts: fewer partitions than ingesters',
      run: () =>
        jaegerForThroughput(testChart('tracing'), 'jaeger', {
          tracesPerSecond: 20000,
          storage: { connection: es() },
          kafka: {
            endpoint: new ExternalKafka(testChart('tracing'), 'k', { bootstrapServers: 'k:9092' }),
            topicName: 't',
            partitions: 1,
          },
        } as never),
      code: INCOMPATIBLE_PROPS,
      prop: 'kafka',
      message: 'has 1 partitions, and 20000 traces/s',
    },
    {
      site: 'ingester.ts: batch with offsets marked after the pipeline',
      run: () => new JaegerIngester(testChart('tracing'), 'i', { batch: { sendBatchSize: 10 } } as never),
      code: INCOMPATIBLE_PROPS,
      prop: 'batch',
      message: 'has no effect when offsets are marked after the pipeline',
    },
    {
      site: 'kafka-buffered.ts: no kafka',
      run: () =>
        new JaegerKafkaBuffered(testChart('tracing'), 'jaeger', { storage: { connection: es() } } as never),
      code: INVALID_VALUE,
      prop: 'kafka',
      message: 'is required: collectors write spans to a Kafka topic the ingesters read',
    },
    {
      site: 'kafka-buffered.ts: maxReplicas above the partitions (edge: 5 > 4)',
      run: buffered({}, { ingester: { maxReplicas: 5 } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'ingester.maxReplicas',
      message: "is above the 4 partitions of topic 'jaeger-spans'",
    },
    {
      site: 'kafka-buffered.ts: minReplicas above maxReplicas (edge: 4 > 3)',
      run: buffered({}, { ingester: { minReplicas: 4, maxReplicas: 3 } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'ingester.minReplicas',
      message: 'is above ingester.maxReplicas 3',
    },
    {
      site: 'kafka-buffered.ts: an authenticating endpoint without a topic',
      run: () => {
        const chart = testChart('tracing');
        const cluster = new KafkaCluster(chart, 'kafka', { authentication: 'tls' });
        return new JaegerKafkaBuffered(chart, 'jaeger', {
          kafka: { endpoint: cluster, topicName: 'jaeger-spans', partitions: 4 },
          storage: { connection: es() },
        } as never);
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'kafka.endpoint',
      message: 'authenticates its clients (tls)',
    },
    {
      site: 'kafka-buffered.ts: the storage gate without KEDA',
      run: buffered({}, { ingester: { autoscaler: { keda: false } } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'storageGate',
      message: 'needs KEDA',
    },
    {
      site: 'query.ts: archive in the UI without an archive',
      run: () =>
        new JaegerQuery(testChart('tracing'), 'q', { storage: {}, ui: { archiveEnabled: true } } as never),
      code: INCOMPATIBLE_PROPS,
      prop: 'ui.archiveEnabled',
      message: 'is true but the storage keeps no archive',
    },
  ]);
});

describe('lib/jaeger helpers (validation, scaling, sizing, TLS, plumbing)', () => {
  errorTable([
    {
      site: 'validation.ts: sendBatchMaxSize below sendBatchSize (edge: 9 < 10)',
      run: aio({ batch: { sendBatchSize: 10, sendBatchMaxSize: 9 } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'batch.sendBatchMaxSize',
      message: 'must not be below batch.sendBatchSize 10',
    },
    {
      site: 'validation.ts: a base path ending in /',
      run: aio({ basePath: '/jaeger/' }),
      code: INVALID_VALUE,
      prop: 'basePath',
      message: "must start with '/' and not end with '/'",
    },
    {
      site: 'validation.ts: a default probability above 1 (edge: 1.01)',
      run: aio({ sampling: { defaultProbability: 1.01 } }),
      code: INVALID_VALUE,
      prop: 'sampling.defaultProbability',
      message: 'must be between 0 and 1',
    },
    {
      site: 'validation.ts: two strategies for one service',
      run: aio({
        sampling: {
          services: [
            { service: 'a', type: 'probabilistic', param: 0.5 },
            { service: 'a', type: 'probabilistic', param: 0.5 },
          ],
        },
      }),
      code: INVALID_VALUE,
      prop: 'sampling.services[1].service',
      message: 'names a service that already has a strategy',
    },
    {
      site: 'validation.ts: a probabilistic param above 1',
      run: aio({ sampling: { services: [{ service: 'a', type: 'probabilistic', param: 2 }] } }),
      code: INVALID_VALUE,
      prop: 'sampling.services[0].param',
      message: 'must be a probability between 0 and 1',
    },
    {
      site: 'validation.ts: a negative rate limit',
      run: aio({ sampling: { services: [{ service: 'a', type: 'ratelimiting', param: -1 }] } }),
      code: INVALID_VALUE,
      prop: 'sampling.services[0].param',
      message: 'must be a non-negative number of traces per second',
    },
    {
      site: 'validation.ts: CIDRs not in a list',
      run: aio({ otlpSourceCidrs: '10.0.0.0/16' }),
      code: INVALID_VALUE,
      prop: 'otlpSourceCidrs',
      message: 'must be a list of CIDR ranges',
    },
    {
      site: 'validation.ts: a CIDR with a /33 mask (edge)',
      run: aio({ otlpSourceCidrs: ['10.0.0.0/33'] }),
      code: INVALID_VALUE,
      prop: 'otlpSourceCidrs[0]',
      message: 'is not a CIDR range',
    },
    {
      site: 'scaling.ts: maxReplicas below replicas (edge: 1 < 2)',
      run: direct({ collector: { replicas: 2, maxReplicas: 1 } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'maxReplicas',
      message:
        "JaegerCollector 'test/jaeger/collector': 'maxReplicas' must be a whole number not below replicas 2",
    },
    {
      site: 'scaling.ts: CPU target below 10 (edge: 9)',
      run: direct({ collector: { targetCpuUtilization: 9 } }),
      code: INVALID_VALUE,
      prop: 'targetCpuUtilization',
      message:
        "JaegerCollector 'test/jaeger/collector': 'targetCpuUtilization' must be a whole percentage between 10 and 100",
    },
    {
      site: 'sizing.ts: negative traces per second',
      run: () => jaegerProfile(-1, ctx),
      code: INVALID_VALUE,
      prop: 'tracesPerSecond',
      message: 'must be a non-negative number',
    },
    {
      site: 'query-tls.ts: a TLS Secret name Kubernetes rejects',
      run: () => checkQueryTls({ secretName: 'Bad_Name' }, undefined, ctx),
      code: INVALID_NAME,
      prop: 'tls.secretName',
      message: 'must name a Secret of the namespace',
    },
    {
      site: 'query-tls.ts: exposure with tls',
      run: () => checkQueryTls({ secretName: 'q-tls' }, { kind: 'ingress' } as never, ctx),
      code: INCOMPATIBLE_PROPS,
      prop: 'exposure',
      message: 'cannot be set together with tls',
    },
    {
      site: 'kafka-plumbing.ts: an endpoint without a TLS listener',
      run: () => kafkaClientPlumbing({} as never, undefined, 'tracing', ctx, 'kafka'),
      code: INCOMPATIBLE_PROPS,
      prop: 'kafka',
      message: 'has no TLS listener, which an authenticated user needs',
    },
    {
      site: 'kafka-plumbing.ts: a CA Secret in another namespace',
      run: () =>
        kafkaClientPlumbing(
          {
            tlsBootstrapServers: 'k:9093',
            secretNamespace: 'kafka',
            caSecret: { name: 'ca', key: 'ca.crt' },
          } as never,
          undefined,
          'tracing',
          ctx,
          'kafka',
        ),
      code: INCOMPATIBLE_PROPS,
      prop: 'kafka',
      message: "keeps its CA and user Secrets in namespace 'kafka', which pods in 'tracing' cannot mount",
    },
    {
      site: 'storage/plumbing.ts: no server',
      run: () =>
        searchClientPlumbing({ engine: 'elasticsearch', serverUrls: [] } as never, ctx, 'connection'),
      code: INVALID_VALUE,
      prop: 'connection.serverUrls',
      message: 'must list at least one server',
    },
    {
      site: 'storage/plumbing.ts: a server that is not an http(s) URL',
      run: () =>
        searchClientPlumbing(
          { engine: 'elasticsearch', serverUrls: ['es:9200'] } as never,
          ctx,
          'connection',
        ),
      code: INVALID_VALUE,
      prop: 'connection.serverUrls[0]',
      message: 'is not an http(s) URL',
    },
  ]);
});

describe('lib/jaeger/storage/search-storage.ts', () => {
  errorTable([
    {
      site: 'a refresh interval of 0s (edge)',
      run: storage({ refreshInterval: '0s' }),
      code: INVALID_VALUE,
      prop: 'refreshInterval',
      message: 'is not a positive Elasticsearch time value',
    },
    {
      site: 'a four-field schedule',
      run: storage({ refreshSchedule: '0 * * *' }),
      code: INVALID_VALUE,
      prop: 'refreshSchedule',
      message: 'is not a five-field cron schedule',
    },
    {
      site: 'a memory connection',
      run: storage({ connection: { kind: 'memory' } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'connection',
      message: 'must be an Elasticsearch or OpenSearch connection',
    },
    {
      site: 'an index prefix with upper case',
      run: storage({ indexPrefix: 'Jaeger' }),
      code: INVALID_NAME,
      prop: 'indexPrefix',
      message: 'must be lower case letters, digits and inner dashes',
    },
    {
      site: "an index prefix the users' roles do not cover",
      run: storage({ connection: es({ rolesIndexPrefix: 'other' }) }),
      code: INCOMPATIBLE_PROPS,
      prop: 'indexPrefix',
      message: "differs from the prefix 'other' the connection's users have privileges on",
    },
    {
      site: 'the dependencies job with an API key',
      run: storage({
        connection: es({ auth: { kind: 'apiKey', apiKey: { name: 'es', key: 'key' } } }),
        dependencies: {},
      }),
      code: INCOMPATIBLE_PROPS,
      prop: 'dependencies',
      message: 'needs Elasticsearch 7, 8 or 9 or OpenSearch with basic auth',
    },
  ]);
});
