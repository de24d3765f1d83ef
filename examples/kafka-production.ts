import { App, Chart } from 'cdk8s';
import {
  KafkaCluster,
  KafkaConsumerLagAutoscaler,
  KafkaTopic,
  KafkaUser,
  ObservabilityChart,
  podPeer,
  selectorLabels,
  sizeTopic,
} from 'observability-constructs';
import { standInConsumer } from './support/stand-in-consumer';

/**
 * The reference design's Kafka buffer at its "large" tracing profile: a production Strimzi cluster (separate controller
 * and broker pools, clients authenticated by mutual TLS and authorized by ACLs), a `jaeger-spans` topic sized for 10
 * 000 traces/s and a six-hour Elasticsearch outage, and a consumer that reads it as its own KafkaUser, scaled by KEDA
 * on its lag (a stand-in for the Jaeger ingester).
 */
export function kafkaProduction(app: App): Chart {
  const chart = new ObservabilityChart(app, 'kafka-production', { namespace: 'tracing' });
  const brokerVolume = '1500Gi';
  const cluster = new KafkaCluster(chart, 'traces', {
    nodePools: [
      { name: 'controller', roles: ['controller'], replicas: 3 },
      {
        name: 'broker',
        roles: ['broker'],
        replicas: 3,
        storage: { size: brokerVolume },
        resources: { cpu: '2', memory: '8Gi' },
      },
    ],
    // Only the ingesters (and the KEDA operator, added by the autoscaler) reach the brokers.
    networkPolicy: {
      clients: [podPeer(selectorLabels({ name: 'jaeger', instance: 'ingester', component: 'ingester' }))],
    },
    metrics: {},
  });

  // 10 000 traces/s × 10 spans × 500 B = 50 MB/s; one ingester writes 5 000 spans/s; Elasticsearch may be down 6h.
  const sizing = sizeTopic(
    {
      ingest: { tracesPerSecond: 10_000, spansPerTrace: 10, bytesPerSpan: 500 },
      consumerThroughput: { spansPerSecond: 5_000 },
      outageWindow: '6h',
      brokers: cluster.brokers,
      brokerStorage: brokerVolume,
    },
    { construct: 'sizeTopic', path: 'jaeger-spans' },
  );
  // 42 partitions, retention 7.2h / 28.7 GiB per partition, 1249 GiB per broker.
  const spans = new KafkaTopic(chart, 'jaeger-spans', { cluster, sizing });

  // The production preset authenticates every client: the consumer may read the topic in its group, nothing else.
  const reader = new KafkaUser(chart, 'ingester-user', {
    cluster,
    topic: spans,
    access: 'consume',
    consumerGroup: 'jaeger-ingester',
  });
  const ingester = standInConsumer(chart, {
    name: 'ingester',
    namespace: 'tracing',
    endpoint: cluster,
    user: reader,
    topic: spans.topicName,
    consumerGroup: 'jaeger-ingester',
    maxReplicas: spans.partitions,
  });
  new KafkaConsumerLagAutoscaler(chart, 'ingester-lag', {
    target: ingester,
    endpoint: cluster,
    topic: spans,
    consumerGroup: 'jaeger-ingester',
    user: reader,
    minReplicas: sizing.steadyStateConsumers,
  });
  return chart;
}
