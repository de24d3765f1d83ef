import { App } from 'cdk8s';
import { ThanosHierarchical, splitFleet } from 'observability-constructs';
import {
  FLEET_BUCKET_CREDENTIALS,
  FLEET_DOMAIN,
  FLEET_GRAFANA,
  FLEET_TLS,
  fleetBucket,
} from './fleet-common';

/**
 * The hierarchical pattern (D1) for the reference design's 200 application clusters: 4 regions of 50, one chart per
 * target cluster (205 charts).
 */
export function fleetHierarchical(app: App): ThanosHierarchical {
  const d1 = new ThanosHierarchical(app, 'd1', {
    fleet: splitFleet(200, 50, { commonLabels: { fleet: 'd1' } }), // region-a … region-d of 50 clusters
    domain: FLEET_DOMAIN, // thanos-sidecar.cluster-001.monitoring.example.com, thanos-query.region-a.…
    objectStorage: fleetBucket('thanos-d1'),
    bucketCredentials: FLEET_BUCKET_CREDENTIALS, // one Secret per role
    grafana: FLEET_GRAFANA,
    tls: FLEET_TLS,
    chartPrefix: 'd1',
  });
  // d1.sizingReport().totals → { cpuCores: 48.8, memoryGiB: 98.5 }: the reference design's 44.5 / 89, plus the
  // query-frontend and the memcached caches it leaves out
  return d1;
}

/** The same for 6 clusters in 2 regions: small enough to read its golden manifests. */
export function fleetHierarchicalSmall(app: App): ThanosHierarchical {
  return new ThanosHierarchical(app, 'd1-small', {
    fleet: splitFleet(6, 3, { commonLabels: { fleet: 'd1-small' } }),
    domain: FLEET_DOMAIN,
    objectStorage: fleetBucket('thanos-d1-small'),
    bucketCredentials: FLEET_BUCKET_CREDENTIALS, // one Secret per role
    grafana: FLEET_GRAFANA,
    tls: FLEET_TLS,
    chartPrefix: 'd1-small',
  });
}
