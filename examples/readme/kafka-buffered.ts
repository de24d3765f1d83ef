// #region readme-kafka-buffered
import { App } from 'cdk8s';
import {
  EckElasticsearch,
  JaegerKafkaBuffered,
  KafkaCluster,
  KafkaTopic,
  ObservabilityChart,
  jaegerKafkaClients,
  sizeTopic,
} from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'jaeger-kafka', { namespace: 'tracing' });
const brokerVolume = '1500Gi';
const kafka = new KafkaCluster(chart, 'spans-kafka', {
  authentication: 'tls',
  nodePools: [
    { name: 'controller', roles: ['controller'], replicas: 3 },
    { name: 'broker', roles: ['broker'], replicas: 3, storage: { size: brokerVolume } },
  ],
  networkPolicy: { clients: jaegerKafkaClients('jaeger', 'tracing') },
});
// 10 000 traces/s × 10 spans × 500 B; an ingester writes 5 000 spans/s; Elasticsearch may be down for 6 hours.
const sizing = sizeTopic(
  {
    ingest: { tracesPerSecond: 10_000, spansPerTrace: 10, bytesPerSpan: 500 },
    consumerThroughput: { spansPerSecond: 5_000 },
    outageWindow: '6h',
    brokers: kafka.brokers,
    brokerStorage: brokerVolume,
  },
  { construct: 'sizeTopic', path: 'jaeger-spans' },
);
const topic = new KafkaTopic(chart, 'jaeger-spans', { cluster: kafka, sizing });
const elasticsearch = new EckElasticsearch(chart, 'traces-es', { nodes: 5, storageSize: '500Gi' });

new JaegerKafkaBuffered(chart, 'jaeger', {
  profile: 'large', // collector 5, query 3, ingester 2 and up
  kafka: { topic },
  markAfterPipeline: true,
  storage: { connection: elasticsearch.connection, lifecycle: { mode: 'ilm' } },
  ingester: { minReplicas: sizing.steadyStateConsumers, autoscaler: { lagThreshold: 20_000 } },
  monitoring: { serviceMonitor: true },
});
app.synth();
// #endregion readme-kafka-buffered
