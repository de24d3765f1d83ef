import { App, Chart } from 'cdk8s';
import {
  KafkaCluster,
  KafkaConsumerLagAutoscaler,
  KafkaTopic,
  ObservabilityChart,
} from 'observability-constructs';
import { standInConsumer } from './support/stand-in-consumer';

/**
 * A development Kafka: the dev preset runs one node that is controller and broker, with one copy of every
 * partition. IT CAN LOSE DATA: losing the node or its volume loses what was not yet consumed. KEDA is not installed
 * here, so the consumer falls back to a CPU/memory HorizontalPodAutoscaler.
 */
export function kafkaDev(app: App): Chart {
  const chart = new ObservabilityChart(app, 'kafka-dev', { namespace: 'tracing-dev' });
  const cluster = new KafkaCluster(chart, 'traces', { preset: 'dev' });
  const spans = new KafkaTopic(chart, 'jaeger-spans', {
    cluster,
    partitions: 3,
    config: { retentionMs: 3_600_000, retentionBytes: 1_000_000_000 },
  });
  const ingester = standInConsumer(chart, {
    name: 'ingester',
    namespace: 'tracing-dev',
    endpoint: cluster,
    topic: spans.topicName,
    consumerGroup: 'jaeger-ingester',
    maxReplicas: spans.partitions,
  });
  new KafkaConsumerLagAutoscaler(chart, 'ingester-lag', {
    target: ingester,
    endpoint: cluster,
    topic: spans,
    consumerGroup: 'jaeger-ingester',
    keda: false,
  });
  return chart;
}
