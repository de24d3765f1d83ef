import { App, Chart } from 'cdk8s';
import { PROMETHEUS_PORT, PrometheusWithSidecar, RuleGroup } from '../../prometheus';
import { FleetPattern, FleetPatternProps } from './base';

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
}

/**
 * Seed 003 pattern D4: no Thanos and no object storage (so no long-term retention beyond each Prometheus's own).
 * Each application cluster runs Prometheus with recording rules; a Prometheus per region federates its clusters'
 * `cluster:*` series (`/federate`, `honor_labels`, `match[]`) and evaluates `region:*` rules; a global Prometheus
 * federates the regions. The replica label of the HA pairs is dropped on the way up, so both replicas feed one series.
 */
export class PrometheusFederation extends FleetPattern {
  public readonly global: PrometheusWithSidecar;
  public readonly regional: Readonly<Record<string, PrometheusWithSidecar>>;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;

  constructor(scope: App, id: string, props: PrometheusFederationProps) {
    super(scope, id, 'federation', props, true);
    const replicaLabel = this.fleet.replicaLabel;
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    for (const cluster of this.fleet.clusters) {
      prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
        thanosSidecar: false,
        webService: { type: 'LoadBalancer' },
        externalWebHost: this.host('prometheus', cluster.name),
      });
    }
    this.prometheus = prometheus;
    const regional: Record<string, PrometheusWithSidecar> = {};
    for (const region of this.fleet.regions) {
      regional[region.name] = new PrometheusWithSidecar(
        this.regionCharts[region.name] as Chart,
        'prometheus',
        {
          name: 'prometheus',
          placement: this.placementFor('prometheus'),
          externalLabels: {
            ...this.fleet.commonLabels,
            cluster: this.regionCharts[region.name]!.node.id,
            region: region.name,
          },
          replicaLabel,
          thanosSidecar: false,
          webService: { type: 'LoadBalancer' },
          externalWebHost: this.host('prometheus', region.name),
          allowPlaintextExposure: this.allowPlaintextExposure,
          ruleGroups: props.regionRules ?? DEFAULT_REGION_RULES,
          federation: [
            {
              jobName: 'federate-clusters',
              targets: region.clusters.map((c) => `${this.host('prometheus', c.name)}:${PROMETHEUS_PORT}`),
              match: props.clusterMatch ?? DEFAULT_CLUSTER_FEDERATION_MATCH,
              scrapeInterval: DEFAULT_FEDERATION_INTERVAL,
              dropLabels: [replicaLabel],
            },
          ],
        },
      );
    }
    this.regional = regional;
    this.global = new PrometheusWithSidecar(this.globalChart, 'prometheus', {
      name: 'prometheus',
      placement: this.placementFor('prometheus'),
      externalLabels: { ...this.fleet.commonLabels, cluster: this.globalChart.node.id, region: 'global' },
      replicaLabel,
      thanosSidecar: false,
      federation: [
        {
          jobName: 'federate-regions',
          targets: this.fleet.regions.map((r) => `${this.host('prometheus', r.name)}:${PROMETHEUS_PORT}`),
          match: props.regionMatch ?? DEFAULT_REGION_FEDERATION_MATCH,
          scrapeInterval: DEFAULT_FEDERATION_INTERVAL,
          dropLabels: [replicaLabel],
        },
      ],
    });
  }
}
