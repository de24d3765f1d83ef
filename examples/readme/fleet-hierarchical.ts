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
    credentials: { secretName: 'minio-thanos' }, // a Secret of this name in every cluster
  },
  grafana: {
    adminPassword: { name: 'grafana-admin', key: 'password' },
    databaseUrl: { name: 'grafana-database', key: 'url' }, // shared by the 2 Grafana replicas
  },
  tls: { secretName: 'fleet-tls' }, // tls.crt, tls.key and the fleet CA's ca.crt, in every cluster
  chartPrefix: 'd1',
});
console.log(d1.sizingReport().totals); // { cpuCores: 44.5, memoryGiB: 89, … } (the reference design's D1)
// One file per target cluster (205 charts); synthesizeApp writes what app.synth() writes, in linear time.
synthesizeApp(app);
// #endregion readme-fleet-hierarchical
