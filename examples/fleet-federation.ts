import { App } from 'cdk8s';
import { PrometheusFederation, splitFleet } from 'observability-constructs';
import { FLEET_DOMAIN, FLEET_TLS } from './fleet-common';

/** The federation pattern (D4) for the reference design's 200 clusters: Prometheus federation, no object storage. */
export function fleetFederation(app: App): PrometheusFederation {
  // /federate over mutual TLS: each cluster's web port requires a fleet certificate, the federating servers
  // present theirs; the load balancers are internal and their names published through external-dns.
  return new PrometheusFederation(app, 'd4', {
    tls: FLEET_TLS,
    exposure: { internalLoadBalancer: 'aws' },
    fleet: splitFleet(200, 50, { commonLabels: { fleet: 'd4' } }),
    domain: FLEET_DOMAIN,
    chartPrefix: 'd4',
  });
}

/** The federation pattern for 6 clusters. */
export function fleetFederationSmall(app: App): PrometheusFederation {
  return new PrometheusFederation(app, 'd4-small', {
    tls: FLEET_TLS,
    exposure: { internalLoadBalancer: 'aws' },
    fleet: splitFleet(6, 3, { commonLabels: { fleet: 'd4-small' } }),
    domain: FLEET_DOMAIN,
    chartPrefix: 'd4-small',
  });
}
