import { App, Chart } from 'cdk8s';
import { referenceRole } from '../../capacity';
import { Grafana } from '../../grafana';
import { PrometheusWithSidecar, RuleGroup } from '../../prometheus';
import {
  CompactorRetention,
  THANOS_PORTS,
  ThanosCompactor,
  ThanosQuery,
  ThanosRuler,
  DEFAULT_RULER_REPLICA_LABEL,
  ThanosStore,
  thanosHttpUrl,
  PartialResponseStrategy,
  RULER_PARTIAL_RESPONSE_ALERTS,
  QUERY_HTTP_CLIENTS,
} from '../../thanos';
import {
  compactorDataPath,
  durationHours,
  queryDataPath,
  rulerDataPath,
  sidecarDataPath,
  storeDataPath,
} from '../datapath';
import { FleetPattern, ThanosFleetPatternProps } from './base';

/** The global querier's name in the global cluster. */
export const GLOBAL_QUERY_NAME = 'thanos-query';
const d1 = (key: string) => referenceRole('hierarchical', key);
/**
 * The hierarchical pattern's global query at the reference load (3 × 2 cores / 4Gi): the capacity model's `globalQuery`
 * at 200 clusters.
 */
export const D1_GLOBAL_QUERY = { replicas: d1('globalQuery').pods, resources: d1('globalQuery').resources };
/**
 * The hierarchical pattern's store gateway at the reference load: 10 pods × 1 core / 2Gi, as 5 `__block_id` shards of 2
 * pods each.
 */
export const D1_GLOBAL_STORE = {
  shards: d1('globalStore').shards as number,
  replicasPerShard: d1('globalStore').replicasPerShard as number,
  resources: d1('globalStore').resources,
};
/**
 * The hierarchical pattern's compactor at the reference load: "3 replicas" = 3 shards by `cluster`, each the only
 * compactor of its streams.
 */
export const D1_COMPACTOR = {
  shards: d1('compactor').shards as number,
  resources: d1('compactor').resources,
};
/** The hierarchical pattern's ruler at the reference load: one, 500m / 1Gi. */
export const D1_RULER = { replicas: d1('ruler').pods, resources: d1('ruler').resources };
/** The hierarchical pattern's regional query at the reference load: 2 × 2 cores / 4Gi per region. */
export const D1_REGIONAL_QUERY = {
  replicas: d1('regionalQuery').pods,
  resources: d1('regionalQuery').resources,
};
/** The hierarchical pattern's regional store at the reference load: 2 × 1 core / 2Gi per region. */
export const D1_REGIONAL_STORE = {
  replicas: d1('regionalStore').pods,
  resources: d1('regionalStore').resources,
};
/**
 * Regional stores serve their region's blocks younger than this; the global store gateways serve every block older
 * than it. The split keeps the two from serving the same blocks twice.
 */
export const DEFAULT_RECENT_WINDOW = '14d';
/**
 * How much longer than the recent window the global ruler keeps its results locally. No store gateway serves the
 * ruler's blocks younger than the recent window (the regional stores keep one `region` each and the ruler's blocks
 * have none; the global stores start at the window), so the ruler itself serves them, with a day to spare for the
 * global stores' block sync.
 */
export const RULER_RETENTION_MARGIN = '1d';
/** The reference design keeps three months in object storage. */
export const DEFAULT_FLEET_RETENTION: CompactorRetention = { raw: '90d', fiveMinutes: '90d', oneHour: '90d' };
/** Rules the global ruler evaluates over the whole fleet. */
export const DEFAULT_FLEET_RULES: readonly RuleGroup[] = [
  {
    name: 'fleet-aggregates',
    rules: [
      { record: 'region:up:sum', expr: 'sum by (region) (cluster:up:sum)' },
      { record: 'fleet:up:sum', expr: 'sum(cluster:up:sum)' },
    ],
  },
];

export interface ThanosHierarchicalProps extends ThanosFleetPatternProps {
  /** @default DEFAULT_RECENT_WINDOW */
  readonly recentWindow?: string;
  /** @default DEFAULT_FLEET_RETENTION */
  readonly retention?: CompactorRetention;
  /** @default DEFAULT_FLEET_RULES */
  readonly ruleGroups?: readonly RuleGroup[];
  /** @default no alerts are sent */
  readonly alertmanagerUrls?: readonly string[];
  /**
   * What the fleet rules do when a cluster behind the queriers does not answer: `warn` evaluates with the others and
   * raises the `ThanosRuleEvaluationWithPartialResponse` alert; `abort` fails every fleet rule.
   * @default DEFAULT_PARTIAL_RESPONSE_STRATEGY
   */
  readonly partialResponseStrategy?: PartialResponseStrategy;
}

/**
 * The hierarchical pattern (D1 in the reference design), which it recommends for 200 clusters: per region a querier
 * over the region's sidecars (at most 50 endpoints) and a store for the region's recent blocks; in the global cluster a
 * querier over the regional queriers and the store gateways (older blocks, sharded on `__block_id`), the compactor
 * (sharded by `cluster`), a ruler and Grafana. Every application cluster runs a Prometheus HA pair with a Thanos
 * sidecar uploading to the shared bucket. The regional querier's endpoint file lists exactly its region's sidecars; the
 * global one lists the regional queriers and the store shards; external and replica labels come from the fleet model.
 */
export class ThanosHierarchical extends FleetPattern {
  public readonly globalQuery: ThanosQuery;
  public readonly globalStore: ThanosStore;
  public readonly compactor: ThanosCompactor;
  public readonly ruler: ThanosRuler;
  public readonly grafana?: Grafana;
  public readonly regionalQueries: Readonly<Record<string, ThanosQuery>>;
  public readonly regionalStores: Readonly<Record<string, ThanosStore>>;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;

  constructor(scope: App, id: string, props: ThanosHierarchicalProps) {
    super(scope, id, 'hierarchical', props, true);
    const recent = props.recentWindow ?? DEFAULT_RECENT_WINDOW;
    const replicaLabel = this.fleet.replicaLabel;
    // The bucket holds the blocks of the Prometheus pairs and of the ruler; every querier deduplicates on both.
    const bucketReplicaLabels = [replicaLabel, DEFAULT_RULER_REPLICA_LABEL];
    const serverTls = this.serverTls('query');
    const clientTls = this.endpointTls();

    // Application clusters: Prometheus + sidecar, reachable from their regional querier through a load balancer.
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    for (const cluster of this.fleet.clusters) {
      const chart = this.appClusterCharts[cluster.name] as Chart;
      prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
        objectStorage: this.objectStorage(chart, props, 'uploader'),
        grpcService: this.loadBalancer(),
        externalGrpcHost: this.host('thanos-sidecar', cluster.name),
        grpcTls: serverTls,
      });
    }
    this.prometheus = prometheus;

    // Regional monitoring clusters.
    const regionalQueries: Record<string, ThanosQuery> = {};
    const regionalStores: Record<string, ThanosStore> = {};
    this.fleet.regions.forEach((region, index) => {
      const chart = this.regionCharts[region.name] as Chart;
      const storeSize = this.size('regionalStore', index);
      const querySize = this.size('regionalQuery', index);
      const store = new ThanosStore(chart, 'store', {
        clusterDomain: this.clusterDomain,
        placement: this.placementFor('store'),
        name: 'thanos-store',
        objectStorage: this.objectStorage(chart, props, 'reader'),
        externalLabels: { region: region.name },
        timeRange: { minTime: `-${recent}` },
        replicaLabels: bucketReplicaLabels,
        replicas: storeSize.pods,
        resources: storeSize.resources,
        storage: FleetPattern.storageOf(storeSize),
        monitoring: this.componentMonitoring('thanos-store', chart),
        ...this.scraperPolicy('metricsScrapers'),
      });
      regionalStores[region.name] = store;
      regionalQueries[region.name] = new ThanosQuery(chart, 'query', {
        clusterDomain: this.clusterDomain,
        placement: this.placementFor('regionalQuery'),
        name: 'thanos-query',
        stores: [store],
        // Both replicas of each pair: the querier deduplicates them on the replica label.
        endpoints: region.clusters.flatMap((c) =>
          (prometheus[c.name]?.externalGrpcEndpoints ?? []).map((address) => ({ address, tls: clientTls })),
        ),
        replicas: querySize.pods,
        resources: querySize.resources,
        grpcService: this.loadBalancer(),
        externalGrpcHost: this.host('thanos-query', region.name),
        grpcTls: serverTls,
        allowPlaintextExposure: this.allowPlaintextExposure,
        monitoring: this.componentMonitoring('thanos-query', chart),
        ...this.scraperPolicy('httpClients', QUERY_HTTP_CLIENTS),
      });
    });
    this.regionalQueries = regionalQueries;
    this.regionalStores = regionalStores;

    // The global monitoring cluster.
    const global = this.globalChart;
    const storeSize = this.size('globalStore');
    const rulerSize = this.size('ruler');
    const querySize = this.size('globalQuery');
    const compactorSize = this.size('compactor');
    this.globalStore = new ThanosStore(global, 'store', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('store'),
      name: 'thanos-store',
      objectStorage: this.objectStorage(global, props, 'reader'),
      sharding: { kind: 'hashmod', count: storeSize.shards as number },
      timeRange: { maxTime: `-${recent}` },
      replicaLabels: bucketReplicaLabels,
      replicas: storeSize.replicasPerShard,
      resources: storeSize.resources,
      storage: FleetPattern.storageOf(storeSize),
      monitoring: this.componentMonitoring('thanos-store', global),
      ...this.scraperPolicy('metricsScrapers'),
    });
    this.ruler = new ThanosRuler(global, 'ruler', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('ruler'),
      name: 'thanos-rule',
      objectStorage: this.objectStorage(global, props, 'uploader'),
      // The querier reads the ruler's fresh results, so the ruler comes first and evaluates against its URL.
      queries: [{ httpUrl: thanosHttpUrl(GLOBAL_QUERY_NAME, this.namespace, this.clusterDomain) }],
      // With self-monitoring, the partial-response alert is in the global PrometheusRule, beside the ruler's metrics.
      ruleGroups: [
        ...(props.ruleGroups ?? DEFAULT_FLEET_RULES),
        ...(this.selfMonitoring?.rules ? [] : [RULER_PARTIAL_RESPONSE_ALERTS]),
      ],
      partialResponseStrategy: props.partialResponseStrategy,
      alertmanagerUrls: props.alertmanagerUrls,
      labels: { ruler: 'global' },
      // The ruler is the one path to its results younger than the recent window (see RULER_RETENTION_MARGIN).
      retention: `${durationHours(recent) + durationHours(RULER_RETENTION_MARGIN)}h`,
      replicas: rulerSize.pods,
      resources: rulerSize.resources,
      monitoring: this.componentMonitoring('thanos-rule', global),
      ...this.scraperPolicy('httpClients'),
    });
    this.globalQuery = new ThanosQuery(global, 'query', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('globalQuery'),
      name: GLOBAL_QUERY_NAME,
      stores: [this.globalStore, this.ruler],
      endpoints: this.fleet.regions.map((r) => ({
        address: `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
        tls: clientTls,
      })),
      replicas: querySize.pods,
      resources: querySize.resources,
      allowPlaintextExposure: this.allowPlaintextExposure,
      monitoring: this.componentMonitoring('thanos-query', global),
      ...this.scraperPolicy('httpClients', QUERY_HTTP_CLIENTS),
    });
    this.compactor = new ThanosCompactor(global, 'compactor', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('compactor'),
      name: 'thanos-compact',
      objectStorage: this.objectStorage(global, props, 'compactor'),
      sharding: { labels: ['cluster'], count: compactorSize.shards as number },
      retention: props.retention ?? DEFAULT_FLEET_RETENTION,
      deduplicationReplicaLabels: [replicaLabel],
      // Prometheus HA pairs scrape at different instants: merge them with the penalty algorithm.
      deduplicationFunc: 'penalty',
      resources: compactorSize.resources,
      storage: FleetPattern.storageOf(compactorSize),
      monitoring: this.componentMonitoring('thanos-compact', global),
      ...this.scraperPolicy('metricsScrapers'),
    });
    this.grafana = this.createGrafana(props.grafana, this.globalQuery);
    this.addSelfMonitoringRules();

    const sidecars = Object.values(prometheus).map((p) => sidecarDataPath(p, true));
    const ruler = rulerDataPath(this.ruler);
    this.checkDataPath({
      pattern: this.pattern,
      topQuerier: this.globalQuery.node.path,
      bucketRetentionHours: durationHours(this.compactor.rawRetention),
      producers: [...sidecars.map((s) => s.producer), ruler.producer],
      storeApis: [
        ...sidecars.map((s) => s.storeApi),
        ruler.storeApi,
        ...storeDataPath(this.globalStore),
        ...Object.values(regionalStores).flatMap((s) => storeDataPath(s)),
        queryDataPath(this.globalQuery),
        ...this.fleet.regions.map((r) =>
          queryDataPath(regionalQueries[r.name] as ThanosQuery, [
            `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
          ]),
        ),
      ],
      compactors: compactorDataPath(this.compactor),
    });
  }
}
