// #region readme-app-cluster
import { App } from 'cdk8s';
import { ObservabilityChart, PrometheusWithSidecar, ThanosObjectStorage } from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'app-001', { namespace: 'monitoring' });
const objectStorage = new ThanosObjectStorage(chart, 'objstore', {
  storage: {
    kind: 's3',
    bucket: 'thanos-metrics',
    endpoint: 'minio.example.com:9000',
    credentials: { secretName: 'minio-thanos' },
  },
});
const prometheus = new PrometheusWithSidecar(chart, 'prometheus', {
  externalLabels: { cluster: 'app-001', region: 'a' },
  objectStorage,
  scrapeJobs: [
    {
      jobName: 'pods',
      kubernetes: { role: 'pod' },
      relabelConfigs: [
        {
          action: 'keep',
          source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
          regex: 'true',
        },
      ],
    },
  ],
  ruleGroups: [{ name: 'aggregates', rules: [{ record: 'cluster:up:sum', expr: 'sum(up)' }] }],
  // The regional querier in another cluster reaches the sidecar through a load balancer, over mutual TLS.
  grpcService: { type: 'LoadBalancer' },
  externalGrpcHost: 'sidecar.app-001.example.com',
  grpcTls: { secretName: 'sidecar-tls', clientAuth: true },
});
// The regional querier lists this endpoint: sidecar.app-001.example.com:10901
console.log(`StoreAPI: ${prometheus.externalGrpcEndpoints.join(', ')}`);
app.synth();
// #endregion readme-app-cluster
