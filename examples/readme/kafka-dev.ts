// #region readme-kafka-dev
import { App } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  KafkaCluster,
  KafkaConsumerLagAutoscaler,
  KafkaTopic,
  ObservabilityChart,
} from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'kafka-dev', { namespace: 'tracing-dev' });
const cluster = new KafkaCluster(chart, 'traces', { preset: 'dev' });
const spans = new KafkaTopic(chart, 'jaeger-spans', {
  cluster,
  partitions: 3,
  config: { retentionMs: 3_600_000, retentionBytes: 1_000_000_000 },
});
// Your consumer of the topic: a Deployment without `replicas`, which the autoscaler owns.
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
  keda: false,
});
app.synth();
// #endregion readme-kafka-dev
