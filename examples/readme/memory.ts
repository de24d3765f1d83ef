// #region readme-memory
import { App } from 'cdk8s';
import { JaegerAllInOne, ObservabilityChart } from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'jaeger-all-in-one-memory', { namespace: 'tracing' });
const jaeger = new JaegerAllInOne(chart, 'jaeger', {
  storage: { kind: 'memory', maxTraces: 50_000 },
  sampling: { defaultProbability: 1 },
});
// Point OpenTelemetry SDKs here: http://jaeger.tracing.svc.cluster.local:4317
console.log(`OTLP gRPC: ${jaeger.otlpGrpcEndpoint}`);
app.synth();
// #endregion readme-memory
