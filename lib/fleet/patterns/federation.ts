import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ErrorCode, ObservabilityConstructError, contextOf } from '../../core';
import {
  FEDERATION_TLS_DIR,
  PROMETHEUS_PORT,
  PrometheusWithSidecar,
  RuleGroup,
  ScrapeJob,
  WEB_TLS_DIR,
  clusterScrapeJobs,
  PROMETHEUS_WEB_CLIENTS,
} from '../../prometheus';
import { FleetPattern, FleetPatternProps } from './base';
import { scraperPeer } from './self-monitoring';

/** What the regional Prometheus servers pull from their clusters: the clusters' recording rules. */
export const DEFAULT_CLUSTER_FEDERATION_MATCH: readonly string[] = ['{__name__=~"cluster:.*"}'];
/** What the global Prometheus pulls from the regions. */
export const DEFAULT_REGION_FEDERATION_MATCH: readonly string[] = ['{__name__=~"region:.*"}'];
/** Rules the regional Prometheus servers evaluate over their clusters' series. */
export const DEFAULT_REGION_RULES: readonly RuleGroup[] = [
  {
    name: 'region-aggregates',
    rules: [{ record: 'region:up:sum', expr: 'sum by (region) (cluster:up:sum)' }],
  },
];
/** Federation scrapes every minute: aggregates change slowly, and each scrape pulls every matching series. */
export const DEFAULT_FEDERATION_INTERVAL = '1m';

export interface PrometheusFederationProps extends FleetPatternProps {
  /** `match[]` of the regional federation. Must not be empty. @default DEFAULT_CLUSTER_FEDERATION_MATCH */
  readonly clusterMatch?: readonly string[];
  /** `match[]` of the global federation. Must not be empty. @default DEFAULT_REGION_FEDERATION_MATCH */
  readonly regionMatch?: readonly string[];
  /** @default DEFAULT_REGION_RULES */
  readonly regionRules?: readonly RuleGroup[];
  /**
   * Expose the application and regional Prometheus HTTP APIs (every query, `/federate`) on load balancers without
   * TLS or client certificates, for networks you trust. Without it the pattern needs `tls`: the web ports then
   * require the fleet's client certificates and the federating servers present theirs. @default false
   */
  readonly allowUnauthenticatedFederation?: boolean;
}

/**
 * The federation pattern (D4 in the reference design): no Thanos and no object storage (so no long-term retention
 * beyond each Prometheus's own). Each application cluster runs Prometheus with recording rules; a Prometheus per region
 * federates its clusters' `cluster:*` series (`/federate`, `honor_labels`, `match[]`) and evaluates `region:*` rules; a
 * global Prometheus federates the regions. The replica label of the HA pairs is dropped on the way up, so both replicas
 * feed one series.
 */
export class PrometheusFederation extends FleetPattern {
  public readonly global: PrometheusWithSidecar;
  public readonly regional: Readonly<Record<string, PrometheusWithSidecar>>;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;

  constructor(scope: App, id: string, props: PrometheusFederationProps) {
    super(scope, id, 'federation', props, true);
    const replicaLabel = this.fleet.replicaLabel;
    if (this.tls === undefined && !props.allowUnauthenticatedFederation) {
      throw new ObservabilityConstructError(contextOf(this, 'PrometheusFederation'), {
        code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
        prop: 'allowUnauthenticatedFederation',
        problem:
          "is not set and there is no 'tls': every cluster's Prometheus HTTP API would be open on its load balancer to anyone who reaches it",
        value: props.allowUnauthenticatedFederation,
        fix: 'give tls: { secretName } (mutual TLS with the fleet CA), or set allowUnauthenticatedFederation: true on a network you trust',
      });
    }
    const secured = this.tls !== undefined;
    // The exposed web ports require the fleet's client certificates; the federating servers present theirs.
    const webTls = this.tls ? { secretName: this.tls.secretName, clientAuth: true } : undefined;
    const federationTls = this.tls ? { secretName: this.tls.secretName } : undefined;
    const clientTls = this.tls
      ? {
          caFile: `${FEDERATION_TLS_DIR}/ca.crt`,
          certFile: `${FEDERATION_TLS_DIR}/tls.crt`,
          keyFile: `${FEDERATION_TLS_DIR}/tls.key`,
        }
      : undefined;
    const scheme = secured ? ('https' as const) : undefined;
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    for (const cluster of this.fleet.clusters) {
      prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
        thanosSidecar: false,
        webService: this.loadBalancer(),
        externalWebHost: this.host('prometheus', cluster.name),
        webTls,
        allowUnauthenticatedWebExposure: props.allowUnauthenticatedFederation,
      });
    }
    this.prometheus = prometheus;
    const regional: Record<string, PrometheusWithSidecar> = {};
    this.fleet.regions.forEach((region, index) => {
      const size = this.size('regionalPrometheus', index);
      regional[region.name] = new PrometheusWithSidecar(
        this.regionCharts[region.name] as Chart,
        'prometheus',
        {
          clusterDomain: this.clusterDomain,
          name: 'prometheus',
          placement: this.placementFor('prometheus'),
          externalLabels: {
            ...this.fleet.commonLabels,
            cluster: this.regionCharts[region.name]!.node.id,
            region: region.name,
          },
          replicaLabel,
          replicas: size.pods,
          resources: size.resources,
          thanosSidecar: false,
          webService: this.loadBalancer(),
          externalWebHost: this.host('prometheus', region.name),
          webTls,
          federationTls,
          allowUnauthenticatedWebExposure: props.allowUnauthenticatedFederation,
          scrapeJobs: [selfScrape(webTls)],
          ruleGroups: props.regionRules ?? DEFAULT_REGION_RULES,
          monitoring: this.componentMonitoring('prometheus', this.regionCharts[region.name] as Chart),
          ...this.exposedWebScrapers(),
          federation: [
            {
              jobName: 'federate-clusters',
              targets: region.clusters.map((c) => `${this.host('prometheus', c.name)}:${PROMETHEUS_PORT}`),
              match: props.clusterMatch ?? DEFAULT_CLUSTER_FEDERATION_MATCH,
              scrapeInterval: DEFAULT_FEDERATION_INTERVAL,
              dropLabels: [replicaLabel],
              scheme,
              tls: clientTls,
            },
          ],
        },
      );
    });
    this.regional = regional;
    const globalSize = this.size('globalPrometheus');
    this.global = new PrometheusWithSidecar(this.globalChart, 'prometheus', {
      clusterDomain: this.clusterDomain,
      replicas: globalSize.pods,
      resources: globalSize.resources,
      name: 'prometheus',
      placement: this.placementFor('prometheus'),
      externalLabels: { ...this.fleet.commonLabels, cluster: this.globalChart.node.id, region: 'global' },
      replicaLabel,
      thanosSidecar: false,
      federationTls,
      scrapeJobs: [selfScrape(undefined)],
      monitoring: this.componentMonitoring('prometheus', this.globalChart),
      ...this.scraperPolicy('webClients', PROMETHEUS_WEB_CLIENTS),
      federation: [
        {
          jobName: 'federate-regions',
          targets: this.fleet.regions.map((r) => `${this.host('prometheus', r.name)}:${PROMETHEUS_PORT}`),
          match: props.regionMatch ?? DEFAULT_REGION_FEDERATION_MATCH,
          scrapeInterval: DEFAULT_FEDERATION_INTERVAL,
          dropLabels: [replicaLabel],
          scheme,
          tls: clientTls,
        },
      ],
    });
    this.addSelfMonitoringRules();
  }

  /**
   * The web port of an exposed regional Prometheus admits the load balancer's source ranges; with source ranges set,
   * the in-cluster scraper must be added to them (without, the port is open to any address anyway).
   */
  private exposedWebScrapers(): { readonly networkPolicy?: { webClients: k8s.NetworkPolicyPeer[] } } {
    const ranges = this.exposure?.loadBalancerSourceRanges ?? [];
    const m = this.selfMonitoring;
    if (m === undefined || !m.serviceMonitors || ranges.length === 0) return {};
    return {
      networkPolicy: {
        webClients: [
          ...ranges.map((cidr) => ({ ipBlock: { cidr } })),
          scraperPeer(m.scraper, this.namespace),
        ],
      },
    };
  }
}

/** The regional and global Prometheus scrape themselves (their own health in the fleet's data). */
function selfScrape(webTls: { readonly clientAuth: boolean } | undefined): ScrapeJob {
  return clusterScrapeJobs({
    thanosSidecar: false,
    prometheusClientCertificate: webTls
      ? { certFile: `${WEB_TLS_DIR}/tls.crt`, keyFile: `${WEB_TLS_DIR}/tls.key` }
      : undefined,
  })[0] as ScrapeJob;
}
