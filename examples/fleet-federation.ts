import { App } from 'cdk8s';
import { PrometheusFederation, splitFleet } from 'observability-constructs';
import { FLEET_DOMAIN } from './fleet-common';

/** Seed 003 D4 for 200 clusters: Prometheus federation, no object storage. */
export function fleetFederation(app: App): PrometheusFederation {
  // Prometheus federation reads /federate over plain HTTP: the clusters must share a private network.
  return new PrometheusFederation(app, 'd4', {
    allowPlaintextExposure: true,
    fleet: splitFleet(200, 50, { commonLabels: { fleet: 'd4' } }),
    domain: FLEET_DOMAIN,
    chartPrefix: 'd4',
  });
}

/** D4 for 6 clusters. */
export function fleetFederationSmall(app: App): PrometheusFederation {
  return new PrometheusFederation(app, 'd4-small', {
    allowPlaintextExposure: true,
    fleet: splitFleet(6, 3, { commonLabels: { fleet: 'd4-small' } }),
    domain: FLEET_DOMAIN,
    chartPrefix: 'd4-small',
  });
}
