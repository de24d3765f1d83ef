// #region readme-federation
import { App } from 'cdk8s';
import { ObservabilityChart, PrometheusWithSidecar } from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'prometheus-federation', { namespace: 'monitoring' });
new PrometheusWithSidecar(chart, 'prometheus', {
  externalLabels: { cluster: 'federation-a', region: 'a' },
  replicas: 1,
  federation: [
    {
      jobName: 'federate-app-clusters',
      targets: ['prometheus.app-001.example.com:9090', 'prometheus.app-002.example.com:9090'],
      match: ['{__name__=~"cluster:.*"}'],
      scrapeInterval: '1m',
    },
  ],
});
app.synth();
// #endregion readme-federation
