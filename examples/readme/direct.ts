// #region readme-direct
import { App } from 'cdk8s';
import { EckElasticsearch, JaegerDirect, ObservabilityChart } from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'jaeger-direct', { namespace: 'tracing' });
const elasticsearch = new EckElasticsearch(chart, 'traces-es', { nodes: 3, storageSize: '200Gi' });
new JaegerDirect(chart, 'jaeger', {
  profile: 'medium', // collector 2 × 500m/1Gi, query 1 × 1/2Gi
  storage: {
    connection: elasticsearch.connection, // URL, CA and the elastic user's Secret, handed over by ECK
    lifecycle: { mode: 'ilm' },
    archive: true,
    dependencies: {},
  },
  collector: { maxReplicas: 10, sampling: { defaultProbability: 0.05 } },
  query: { basePath: '/jaeger' },
  monitoring: { serviceMonitor: true },
});
app.synth();
// #endregion readme-direct
