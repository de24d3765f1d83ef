// #region readme-read-path
import { App } from 'cdk8s';
import {
  ObservabilityChart,
  ThanosCompactor,
  ThanosObjectStorage,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosRuler,
  ThanosStore,
} from 'observability-constructs';

const app = new App();
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
  // A regional querier in another cluster, through its load balancer over mutual TLS: `query-client-tls` holds
  // this querier's client certificate (tls.crt, tls.key) and the CA of the regional querier's server (ca.crt).
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
// Grafana's data source: http://query-frontend.monitoring.svc.cluster.local:10902
console.log(`Query frontend: ${frontend.httpUrl}`);
app.synth();
// #endregion readme-read-path
