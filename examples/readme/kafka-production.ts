// #region readme-kafka-production
import { App } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
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

const app = new App();
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
// Your consumer, which reads the topic as `reader` (mount the Secret Strimzi creates for it): a Deployment without `replicas`, which the autoscaler owns.
const consumerLabels = { app: 'spans-consumer' };
const consumer = new k8s.KubeDeployment(chart, 'consumer', {
  metadata: { name: 'spans-consumer', labels: consumerLabels },
  spec: {
    selector: { matchLabels: consumerLabels },
    template: {
      metadata: { labels: consumerLabels },
      spec: { containers: [{ name: 'consumer', image: 'registry.example.com/spans-consumer:1.0.0' }] },
    },
  },
});
new KafkaConsumerLagAutoscaler(chart, 'ingester-lag', {
  target: consumer,
  endpoint: cluster,
  topic: spans,
  consumerGroup: 'jaeger-ingester',
  user: reader,
  minReplicas: sizing.steadyStateConsumers,
});
app.synth();
// #endregion readme-kafka-production
