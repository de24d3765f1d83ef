import { App } from 'cdk8s';
import { ThanosReceiveFleet, splitFleet } from 'observability-constructs';
import {
  FLEET_BUCKET_CREDENTIALS,
  FLEET_DOMAIN,
  FLEET_GRAFANA,
  FLEET_TLS,
  fleetBucket,
} from './fleet-common';

/**
 * The receive pattern (D2) for the reference design's 200 clusters: every Prometheus remote-writes to one receive
 * hashring.
 */
export function fleetReceive(app: App): ThanosReceiveFleet {
  return new ThanosReceiveFleet(app, 'd2', {
    fleet: splitFleet(200, 50, { commonLabels: { fleet: 'd2' } }),
    domain: FLEET_DOMAIN,
    objectStorage: fleetBucket('thanos-d2'),
    bucketCredentials: FLEET_BUCKET_CREDENTIALS, // one Secret per role
    grafana: FLEET_GRAFANA,
    tls: FLEET_TLS,
    chartPrefix: 'd2',
  });
}

/** The receive pattern for 6 clusters. */
export function fleetReceiveSmall(app: App): ThanosReceiveFleet {
  return new ThanosReceiveFleet(app, 'd2-small', {
    fleet: splitFleet(6, 3, { commonLabels: { fleet: 'd2-small' } }),
    domain: FLEET_DOMAIN,
    objectStorage: fleetBucket('thanos-d2-small'),
    bucketCredentials: FLEET_BUCKET_CREDENTIALS, // one Secret per role
    grafana: FLEET_GRAFANA,
    tls: FLEET_TLS,
    chartPrefix: 'd2-small',
  });
}
