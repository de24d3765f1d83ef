import { App, Chart } from 'cdk8s';
import { ObservabilityChart, PrometheusWithSidecar, ThanosObjectStorage } from 'observability-constructs';

/**
 * One application cluster of the reference design's hierarchical pattern (D1): Prometheus HA pair with a Thanos
 * sidecar.
 */
export function prometheusAppCluster(app: App): Chart {
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
  // The regional querier lists prometheus.externalGrpcEndpoints, one per replica
  // (sidecar-0.app-001.example.com:10901, sidecar-1.app-001.example.com:10901).
  void prometheus;
  return chart;
}

/**
 * The reference design's federation pattern (D4): a regional Prometheus federating the recording rules of its clusters.
 */
export function prometheusFederation(app: App): Chart {
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
  return chart;
}
