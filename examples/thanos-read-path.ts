import { App, Chart } from 'cdk8s';
import {
  ObservabilityChart,
  ThanosCompactor,
  ThanosObjectStorage,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosRuler,
  ThanosStore,
} from 'observability-constructs';

/**
 * The global monitoring cluster of the reference design's hierarchical pattern (D1): store gateway shards over the
 * shared MinIO bucket, a querier with a query-frontend in front, three compactor shards and a ruler.
 */
export function thanosReadPath(app: App): Chart {
  const chart = new ObservabilityChart(app, 'thanos-global', { namespace: 'monitoring' });
  const objectStorage = new ThanosObjectStorage(chart, 'objstore', {
    storage: {
      kind: 's3',
      bucket: 'thanos-metrics',
      endpoint: 'minio.storage.svc.cluster.local:9000', // MinIO serving TLS: no `insecure`
      credentials: { secretName: 'minio-thanos' }, // keys access_key_id, secret_access_key
    },
  });
  // The reference design's "Thanos Store 10 replicas" = 5 shards on __block_id, 2 pods each.
  const store = new ThanosStore(chart, 'store', {
    objectStorage,
    sharding: { kind: 'hashmod', count: 5 },
  });
  const query = new ThanosQuery(chart, 'query', {
    stores: [store],
    // A regional querier in another cluster, reached through its load balancer over mutual TLS: `query-client-tls`
    // holds this querier's client certificate (signed by the query-client CA the regional querier trusts) and the
    // CA that signed the regional querier's server certificate. Without tls this endpoint is refused.
    endpoints: [
      {
        address: 'thanos-query-grpc.region-a.example.com:10901',
        tls: { secretName: 'query-client-tls', certKey: 'tls.crt', keyKey: 'tls.key' },
      },
    ],
    replicas: 3,
  });
  const frontend = new ThanosQueryFrontend(chart, 'query-frontend', { query, splitInterval: '12h' });
  // The reference design's "Compactor 3 replicas" = 3 shards that never touch the same stream.
  new ThanosCompactor(chart, 'compact', {
    objectStorage,
    sharding: { labels: ['cluster'], count: 3 },
    retention: { raw: '30d', fiveMinutes: '90d', oneHour: '1y' },
  });
  new ThanosRuler(chart, 'ruler', {
    objectStorage,
    queries: [query],
    ruleGroups: [
      {
        name: 'fleet',
        rules: [
          { record: 'region:up:sum', expr: 'sum by (region) (up)' },
          {
            alert: 'ClusterMissing',
            expr: 'absent(up{cluster="app-001"})',
            for: '10m',
            labels: { severity: 'page' },
          },
        ],
      },
    ],
    alertmanagerUrls: ['http://alertmanager.monitoring.svc.cluster.local:9093'],
    labels: { ruler: 'global' },
  });
  // Grafana's data source: frontend.httpUrl (http://query-frontend.monitoring.svc.cluster.local:10902).
  void frontend;
  return chart;
}
