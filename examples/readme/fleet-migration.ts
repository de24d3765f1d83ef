// #region readme-fleet-migration
import { App } from 'cdk8s';
import { ThanosFlat, ThanosHierarchical, splitFleet, synthesizeApp } from 'observability-constructs';

const common = {
  fleet: splitFleet(60, 20), // the same fleet before and after: the regions only matter from phase 1 on
  sizedForClusters: 80, // room to onboard 20 more clusters without resizing anything
  domain: 'monitoring.example.com',
  objectStorage: { kind: 's3' as const, bucket: 'thanos', endpoint: 'minio.storage.example.com:9000' },
  bucketCredentials: {
    reader: { secretName: 'thanos-bucket-reader' },
    uploader: { secretName: 'thanos-bucket-uploader' },
    compactor: { secretName: 'thanos-bucket-compactor' },
  },
  grafana: {
    adminPassword: { name: 'grafana-admin', key: 'password' },
    databaseUrl: { name: 'grafana-database', key: 'url' },
  },
  tls: {
    secretName: 'fleet-tls',
    queryClientCaSecretName: 'fleet-query-client-ca',
    remoteWriteClientCaSecretName: 'fleet-remote-write-client-ca',
  },
};

// Where the fleet is today: one querier over 60 clusters' sidecars (it warns: past 50 endpoints it degrades).
const today = new ThanosFlat(new App(), 'fleet', common);
console.log(today.warnings.map((w) => w.message));

// Where it is going, one phase at a time: apply phase 1's charts, verify, then 2, 3 and 4 (the end state).
const app = new App();
new ThanosHierarchical(app, 'fleet', { ...common, migration: { from: 'flat', phase: 2 } });
synthesizeApp(app);
// #endregion readme-fleet-migration
