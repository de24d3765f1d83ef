import { App, Chart } from 'cdk8s';
import { JaegerAllInOne, ObservabilityChart } from 'observability-constructs';

/** The simplest deployment: Jaeger all-in-one with in-memory storage, for development. */
export function jaegerAllInOneMemory(app: App): Chart {
  const chart = new ObservabilityChart(app, 'jaeger-all-in-one-memory', { namespace: 'tracing' });
  const jaeger = new JaegerAllInOne(chart, 'jaeger', {
    storage: { kind: 'memory', maxTraces: 50_000 },
    sampling: { defaultProbability: 1 },
  });
  // Point OpenTelemetry SDKs at jaeger.otlpGrpcEndpoint (http://jaeger.tracing.svc.cluster.local:4317).
  void jaeger;
  return chart;
}

/** All-in-one on badger: traces survive restarts on a PersistentVolume; still exactly one replica. */
export function jaegerAllInOneBadger(app: App): Chart {
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
  return chart;
}
