// #region readme-fleet-hierarchical
import { App } from 'cdk8s';
import { ThanosHierarchical, splitFleet, synthesizeApp } from 'observability-constructs';

const app = new App();
const d1 = new ThanosHierarchical(app, 'd1', {
  fleet: splitFleet(200, 50, { commonLabels: { fleet: 'd1' } }), // region-a … region-d of 50 clusters
  domain: 'monitoring.example.com', // thanos-sidecar.cluster-001.monitoring.example.com, thanos-query.region-a.…
  objectStorage: {
    kind: 's3',
    bucket: 'thanos-d1', // one bucket per fleet: two fleets' compactors on one bucket would corrupt it
    endpoint: 'minio.storage.example.com:9000',
  },
  // One access key per role, each a Secret in the clusters that run the role: stores read, sidecars and the ruler
  // upload without deleting, only the compactor deletes (policies in the README's security section).
  bucketCredentials: {
    reader: { secretName: 'thanos-bucket-reader' },
    uploader: { secretName: 'thanos-bucket-uploader' },
    compactor: { secretName: 'thanos-bucket-compactor' },
  },
  grafana: {
    adminPassword: { name: 'grafana-admin', key: 'password' },
    databaseUrl: { name: 'grafana-database', key: 'url' }, // shared by the 2 Grafana replicas
  },
  tls: {
    secretName: 'fleet-tls', // each cluster's tls.crt and tls.key, and the CA of the servers it calls (ca.crt)
    queryClientCaSecretName: 'fleet-query-client-ca', // the only CA whose client certificates may query
    remoteWriteClientCaSecretName: 'fleet-remote-write-client-ca', // the only CA whose certificates may write
  },
  chartPrefix: 'd1',
});
// { cpuCores: 48.8, memoryGiB: 98.5, … }: the reference design's 44.5 / 89, plus the query-frontend and memcached caches
console.log(d1.sizingReport().totals);
// One file per target cluster (205 charts); synthesizeApp writes what app.synth() writes, in linear time.
synthesizeApp(app);
// #endregion readme-fleet-hierarchical
