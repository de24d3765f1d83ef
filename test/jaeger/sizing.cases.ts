import { ErrorCode } from '../../lib/core';
import {
  JaegerAllInOne,
  JaegerDirect,
  JaegerKafkaBuffered,
  KafkaCluster,
  KafkaTopic,
  externalSearch,
  jaegerForThroughput,
  jaegerProfile,
} from '../../lib';
import { expectConstructError } from '../support/errors';
import { testChart } from '../support/manifests';

describe('jaegerProfile (the reference design)', () => {
  test.each([
    [0, 'small', 'allInOne'],
    [1000, 'small', 'allInOne'],
    [1001, 'medium', 'direct'],
    [9999, 'medium', 'direct'],
    [10000, 'large', 'kafkaBuffered'],
    [50000, 'large', 'kafkaBuffered'],
  ])('%d traces/s → %s (%s)', (tps, name, pattern) => {
    const profile = jaegerProfile(tps);
    expect([profile.name, profile.pattern, profile.tracesPerSecond]).toEqual([name, pattern, tps]);
  });

  test('replicas and resources of each profile', () => {
    expect(jaegerProfile(500).allInOne?.replicas).toBe(1);
    const medium = jaegerProfile(5000);
    expect([medium.collector?.replicas, medium.query?.replicas, medium.ingester]).toEqual([2, 2, undefined]);
    const large = jaegerProfile(12000);
    expect([large.collector?.replicas, large.query?.replicas, large.ingester?.replicas]).toEqual([5, 3, 2]);
    expect(large.collector?.resources).toEqual({ cpu: '500m', memory: '1Gi', memoryLimit: '1280Mi' });
    expect(large.query?.resources).toEqual({ cpu: '1', memory: '2Gi' });
    expect(large.minIndexReplicas).toBe(1);
  });

  test('a negative rate is an error', () => {
    expectConstructError(
      () => jaegerProfile(-1),
      "jaegerProfile 'jaegerProfile': 'tracesPerSecond' must be a non-negative number (got -1); give the peak number of traces per second the installation must take",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('jaegerForThroughput', () => {
  const storage = {
    connection: externalSearch({ engine: 'elasticsearch', serverUrls: ['http://es.example.com:9200'] }),
  };
  test('picks the pattern of the profile', () => {
    const chart = testChart();
    expect(jaegerForThroughput(chart, 'small', { tracesPerSecond: 800 })).toBeInstanceOf(JaegerAllInOne);
    expect(jaegerForThroughput(chart, 'medium', { tracesPerSecond: 4000, storage })).toBeInstanceOf(
      JaegerDirect,
    );
    const cluster = new KafkaCluster(chart, 'kafka');
    const topic = new KafkaTopic(chart, 'spans', { cluster, partitions: 48 });
    expect(
      jaegerForThroughput(chart, 'large', { tracesPerSecond: 12000, storage, kafka: { topic } }),
    ).toBeInstanceOf(JaegerKafkaBuffered);
  });
  test('12 000 traces/s: 24 ingesters from the model (it was 2), and a topic too small for them is refused', () => {
    const chart = testChart();
    const cluster = new KafkaCluster(chart, 'kafka');
    const topic = new KafkaTopic(chart, 'spans', { cluster, partitions: 48 });
    const jaeger = jaegerForThroughput(chart, 'large', { tracesPerSecond: 12000, storage, kafka: { topic } });
    const scaled = chart.toJson().find((m) => m.kind === 'ScaledObject');
    expect(scaled.spec.minReplicaCount).toBe(24);
    expect(jaeger).toBeInstanceOf(JaegerKafkaBuffered);
    const pinned = testChart();
    const pinnedTopic = new KafkaTopic(pinned, 'spans', {
      cluster: new KafkaCluster(pinned, 'kafka'),
      partitions: 12,
    });
    jaegerForThroughput(pinned, 'j', {
      tracesPerSecond: 12000,
      storage,
      kafka: { topic: pinnedTopic },
      ingester: { minReplicas: 6 },
      collector: { replicas: 7 },
    });
    const byKind = (kind: string) => pinned.toJson().filter((m) => m.kind === kind);
    expect(byKind('ScaledObject')[0].spec.minReplicaCount).toBe(6);
    expect(byKind('HorizontalPodAutoscaler').map((h) => h.spec.minReplicas)).toContain(7);
    const small = new KafkaTopic(chart, 'few', { cluster, partitions: 6, topicName: 'few' });
    expectConstructError(
      () => jaegerForThroughput(chart, 'j', { tracesPerSecond: 12000, storage, kafka: { topic: small } }),
      "jaegerForThroughput 'test/j': 'kafka' has 6 partitions, and 12000 traces/s × 10 spans at 5000 spans/s per ingester needs 24 ingesters, one partition each (got 6); give the topic at least 48 partitions (sizeTopic sizes it for the outage window too), or measure load.ingesterSpansPerSecond",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
  test('says what a profile needs', () => {
    expectConstructError(
      () => jaegerForThroughput(testChart(), 'j', { tracesPerSecond: 4000 }),
      "jaegerForThroughput 'test/j': 'storage' is required at 4000 traces/s (medium profile): collectors and queries share Elasticsearch/OpenSearch (got undefined); give storage: { connection: eck.connection } or an externalSearch(...) connection",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () => jaegerForThroughput(testChart(), 'j', { tracesPerSecond: 20000, storage }),
      "jaegerForThroughput 'test/j': 'kafka' is required at 20000 traces/s (large profile): spans go through Kafka (got undefined); give kafka: { topic } with a KafkaTopic, or { endpoint, topicName, partitions } for an existing cluster",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});
