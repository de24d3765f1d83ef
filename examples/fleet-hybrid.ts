import { App } from 'cdk8s';
import { ThanosHybrid, splitFleet } from 'observability-constructs';
import {
  FLEET_BUCKET_CREDENTIALS,
  FLEET_DOMAIN,
  FLEET_GRAFANA,
  FLEET_TLS,
  fleetBucket,
} from './fleet-common';

/**
 * The hybrid pattern (D3) for the reference design's 200 clusters: a receive hashring and a querier per region, a
 * global querier over them.
 */
export function fleetHybrid(app: App): ThanosHybrid {
  return new ThanosHybrid(app, 'd3', {
    fleet: splitFleet(200, 50, { commonLabels: { fleet: 'd3' } }),
    domain: FLEET_DOMAIN,
    objectStorage: fleetBucket('thanos-d3'),
    bucketCredentials: FLEET_BUCKET_CREDENTIALS, // one Secret per role
    grafana: FLEET_GRAFANA,
    tls: FLEET_TLS,
    chartPrefix: 'd3',
  });
}

/** The hybrid pattern for 6 clusters. */
export function fleetHybridSmall(app: App): ThanosHybrid {
  return new ThanosHybrid(app, 'd3-small', {
    fleet: splitFleet(6, 3, { commonLabels: { fleet: 'd3-small' } }),
    domain: FLEET_DOMAIN,
    objectStorage: fleetBucket('thanos-d3-small'),
    bucketCredentials: FLEET_BUCKET_CREDENTIALS, // one Secret per role
    grafana: FLEET_GRAFANA,
    tls: FLEET_TLS,
    chartPrefix: 'd3-small',
  });
}
