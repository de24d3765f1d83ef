import {
  FleetBucketCredentials,
  FleetGrafanaOptions,
  FleetTls,
  ObjectStorageSpec,
} from 'observability-constructs';

/**
 * The MinIO bucket a fleet shares (MinIO, as in the reference design), over HTTPS. Each fleet gets a bucket of its own:
 * two fleets' compactors on one bucket would corrupt it.
 */
export function fleetBucket(bucket: string): ObjectStorageSpec {
  return { kind: 's3', bucket, endpoint: 'minio.storage.example.com:9000' };
}

/**
 * One MinIO user per bucket role (the README's bucket policies): `thanos-reader` (read only) in the clusters that
 * run store gateways, `thanos-uploader` (write, no delete) in every cluster that uploads, `thanos-compactor`
 * (delete) in the global cluster only. Each Secret holds an AWS shared-credentials file under the key `credentials`.
 */
export const FLEET_BUCKET_CREDENTIALS: FleetBucketCredentials = {
  reader: { secretName: 'thanos-bucket-reader', sharedCredentialsFileKey: 'credentials' },
  uploader: { secretName: 'thanos-bucket-uploader', sharedCredentialsFileKey: 'credentials' },
  compactor: { secretName: 'thanos-bucket-compactor', sharedCredentialsFileKey: 'credentials' },
};

/** Grafana HA: the admin password and the shared database URL from Secrets of the global cluster. */
export const FLEET_GRAFANA: FleetGrafanaOptions = {
  adminPassword: { name: 'grafana-admin', key: 'password' },
  databaseUrl: { name: 'grafana-database', key: 'url' },
};

/** Where the load balancers of the fleet publish their names. */
export const FLEET_DOMAIN = 'monitoring.example.com';

/**
 * Mutual TLS between the clusters: the Secret `fleet-tls` (tls.crt, tls.key, ca.crt) exists in every cluster; the
 * clusters that serve the StoreAPI across clusters also hold `fleet-query-client-ca` (the CA of the global and
 * regional queriers' certificates), the clusters that run receivers `fleet-remote-write-client-ca` (the CA of the
 * application clusters' certificates, whose common name is the cluster's name: the receive tenant).
 */
export const FLEET_TLS: FleetTls = {
  secretName: 'fleet-tls',
  queryClientCaSecretName: 'fleet-query-client-ca',
  remoteWriteClientCaSecretName: 'fleet-remote-write-client-ca',
};
