// #region readme-badger
import { App } from 'cdk8s';
import { JaegerAllInOne, ObservabilityChart } from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'jaeger-all-in-one-badger', { namespace: 'tracing' });
new JaegerAllInOne(chart, 'jaeger', {
  storage: { kind: 'badger', size: '20Gi', spanTtl: '168h' },
  resources: { cpu: '1', memory: '2Gi', memoryLimit: '2560Mi' },
  basePath: '/jaeger',
  sampling: {
    defaultProbability: 0.2,
    services: [{ service: 'checkout', type: 'probabilistic', param: 1 }],
  },
  monitoring: { serviceMonitor: true },
});
app.synth();
// #endregion readme-badger
