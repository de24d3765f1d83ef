import { App, Chart } from 'cdk8s';
import { RoleCapacity, referenceRole } from '../../capacity';
import { Placement, contextOf } from '../../core';
import { Grafana } from '../../grafana';
import { PrometheusWithSidecar, RuleGroup } from '../../prometheus';
import {
  CompactorRetention,
  THANOS_PORTS,
  ThanosCompactor,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosRuler,
  DEFAULT_RULER_REPLICA_LABEL,
  ThanosStore,
  thanosHttpUrl,
  ThanosObjectStorage,
  PartialResponseStrategy,
  RULER_PARTIAL_RESPONSE_ALERTS,
  ThanosCompactorProps,
  ThanosRulerProps,
  QUERY_HTTP_CLIENTS,
} from '../../thanos';
import {
  DataPathModel,
  assertDataPath,
  compactorDataPath,
  durationHours,
  queryDataPath,
  rulerDataPath,
  sidecarDataPath,
  storeDataPath,
} from '../datapath';
import { FleetPattern, ThanosFleetPatternProps } from './base';
import { FLAT_QUERY_NAME, createFlatQuery, createFlatStore, sidecarEndpoints } from './flat';
import { MigrationPhase, migrationPhase } from './migration';
import { FleetCacheSet, globalQueryHttpClients, storeCaches } from './read-path';

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
  /**
   * Build one phase of the reference design's zero-downtime migration from the flat fleet ({@link ThanosFlat}) to this
   * pattern, instead of the end state. Every phase is a complete state of every target cluster in which both the old
   * (flat querier) and the new (global querier) read paths that exist answer for every cluster; see
   * {@link FLAT_TO_HIERARCHICAL_PHASES}. Phase 4 is the end state: the same objects as without `migration`.
   * @default no migration: the end state
   */
  readonly migration?: HierarchicalMigration;
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
  /** The global querier; in a migration's phase 1, before it exists, the flat querier Grafana reads. */
  public readonly globalQuery: ThanosQuery;
  /**
   * In front of {@link globalQuery}: Grafana's data source. In a migration's phase 1, before the global querier exists,
   * there is none (Grafana reads the flat querier until phase 4).
   */
  public readonly queryFrontend?: ThanosQueryFrontend;
  /** The memcached caches, unless `caches: false` (from a migration's phase 2 on, with the store shards they serve). */
  public readonly caches?: FleetCacheSet;
  /** The global store gateway shards; in a migration's phase 1, before they exist, the flat store. */
  public readonly globalStore: ThanosStore;
  public readonly compactor: ThanosCompactor;
  public readonly ruler: ThanosRuler;
  public readonly grafana?: Grafana;
  public readonly regionalQueries: Readonly<Record<string, ThanosQuery>>;
  public readonly regionalStores: Readonly<Record<string, ThanosStore>>;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;
  /** During a migration's phases 1 to 3: the flat fleet's querier, kept beside the new read path. */
  public readonly flatQuery?: ThanosQuery;
  /** During a migration's phases 1 to 3: the flat fleet's store gateway. */
  public readonly flatStore?: ThanosStore;
  /** The data-path model of every read path that answers in this phase: the flat querier's first, if any. */
  public readonly readPathModels: readonly DataPathModel[];

  constructor(scope: App, id: string, props: ThanosHierarchicalProps) {
    const requested: unknown = props.migration?.phase;
    // The migration keeps the flat fleet's labels on the charts it has not reached yet (checked below).
    super(scope, id, 'hierarchical', props, true, {
      global: requested === 1 ? 'flat' : undefined,
      appClusters: requested === 1 || requested === 2 ? 'flat' : undefined,
    });
    const recent = props.recentWindow ?? DEFAULT_RECENT_WINDOW;
    const replicaLabel = this.fleet.replicaLabel;
    // The bucket holds the blocks of the Prometheus pairs and of the ruler; every querier deduplicates on both.
    const bucketReplicaLabels = hierarchicalBucketReplicaLabels(replicaLabel);
    const serverTls = this.serverTls('query');
    const clientTls = this.endpointTls();

    // Application clusters: Prometheus + sidecar, reachable from their regional querier through a load balancer.
    const prometheus = this.sidecarPrometheus(props);
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

    // The global monitoring cluster. A migration from the flat fleet keeps its querier and store beside the new
    // ones until phase 4 retires them (see FLAT_TO_HIERARCHICAL_PHASES).
    const phase = migrationPhase(this, props.migration);
    const global = this.globalChart;
    const storeSize = this.size('globalStore');
    const rulerSize = this.size('ruler');
    const querySize = this.size('globalQuery');
    const compactorSize = this.size('compactor');
    const reader = this.objectStorage(global, props, 'reader');
    // The caches serve the store shards and the frontend, which exist from a migration's phase 2 on.
    this.caches = phase >= 2 ? this.createCaches(props.caches, storeSize.pods) : undefined;
    const flatInput = {
      chart: global,
      clusterDomain: this.clusterDomain,
      reader,
      queryPlacement: this.placementFor('globalQuery'),
      storePlacement: this.placementFor('store'),
      querySize,
      storeSize,
      replicaLabels: bucketReplicaLabels,
      allowPlaintextExposure: this.allowPlaintextExposure,
      // Only while the flat read path runs (phases 1 to 3): recording its jobs at phase 4 would change the end state.
      ...(phase < 4
        ? {
            storeOperate: {
              monitoring: this.componentMonitoring('thanos-store', global),
              ...this.scraperPolicy('metricsScrapers'),
            },
            queryOperate: {
              monitoring: this.componentMonitoring('thanos-query', global),
              ...this.scraperPolicy('httpClients', QUERY_HTTP_CLIENTS),
            },
          }
        : {}),
    };
    const flatStore = phase < 4 ? createFlatStore(flatInput) : undefined;
    const globalStore =
      phase >= 2
        ? new ThanosStore(global, 'store', {
            clusterDomain: this.clusterDomain,
            placement: this.placementFor('store'),
            name: 'thanos-store',
            objectStorage: reader,
            sharding: { kind: 'hashmod', count: storeSize.shards as number },
            timeRange: { maxTime: `-${recent}` },
            ...storeCaches(this.caches),
            replicaLabels: bucketReplicaLabels,
            replicas: storeSize.replicasPerShard,
            resources: storeSize.resources,
            storage: FleetPattern.storageOf(storeSize),
            monitoring: this.componentMonitoring('thanos-store', global),
            ...this.scraperPolicy('metricsScrapers'),
          })
        : undefined;
    // The ruler evaluates against the querier Grafana reads: the flat one until phase 4 switches both.
    this.ruler = createFleetRuler(
      this,
      global,
      props,
      phase < 4 ? FLAT_QUERY_NAME : GLOBAL_QUERY_NAME,
      rulerSize,
      {
        objectStorage: this.objectStorage(global, props, 'uploader'),
        placement: this.placementFor('ruler'),
      },
      {
        monitoring: this.componentMonitoring('thanos-rule', global),
        ...this.scraperPolicy('httpClients'),
        partialResponseAlertElsewhere: this.selfMonitoring?.rules === true,
      },
    );
    const regionalEndpoints = this.fleet.regions.map((r) => ({
      address: `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
      tls: clientTls,
    }));
    const newQuery =
      globalStore === undefined
        ? undefined
        : new ThanosQuery(global, 'query', {
            clusterDomain: this.clusterDomain,
            placement: this.placementFor('globalQuery'),
            name: GLOBAL_QUERY_NAME,
            stores: [globalStore, this.ruler],
            endpoints: regionalEndpoints,
            replicas: querySize.pods,
            resources: querySize.resources,
            allowPlaintextExposure: this.allowPlaintextExposure,
            networkPolicy: globalQueryHttpClients(true, this.metricsScrapers()),
            monitoring: this.componentMonitoring('thanos-query', global),
          });
    this.queryFrontend = newQuery === undefined ? undefined : this.createQueryFrontend(newQuery, this.caches);
    // Phase 3 points the flat querier at the regional queriers instead of the sidecars: it reads what the global one
    // reads, the flat store stays deployed (unlisted) for the rollback.
    const flatQuery =
      phase < 4
        ? createFlatQuery({
            ...flatInput,
            stores:
              phase < 3 ? [flatStore as ThanosStore, this.ruler] : [globalStore as ThanosStore, this.ruler],
            endpoints: phase < 3 ? sidecarEndpoints(prometheus, clientTls) : regionalEndpoints,
          })
        : undefined;
    this.flatQuery = flatQuery;
    this.flatStore = flatStore;
    // Before phase 2 there is no global querier or sharded store yet: these name the flat ones Grafana reads.
    this.globalQuery = newQuery ?? (flatQuery as ThanosQuery);
    this.globalStore = globalStore ?? (flatStore as ThanosStore);
    this.compactor = createFleetCompactor(
      this,
      global,
      props,
      compactorSize,
      {
        objectStorage: this.objectStorage(global, props, 'compactor'),
        placement: this.placementFor('compactor'),
      },
      {
        monitoring: this.componentMonitoring('thanos-compact', global),
        ...this.scraperPolicy('metricsScrapers'),
      },
    );
    // Grafana reads the flat querier until phase 4 switches it to the frontend of the global querier.
    this.grafana = this.createGrafana(
      props.grafana,
      flatQuery ?? (this.queryFrontend as ThanosQueryFrontend),
    );
    this.addSelfMonitoringRules();

    const sidecars = Object.values(prometheus).map((p) => sidecarDataPath(p, true));
    const ruler = rulerDataPath(this.ruler);
    const model = (top: ThanosQuery): DataPathModel => ({
      pattern: this.pattern,
      topQuerier: top.node.path,
      bucketRetentionHours: durationHours(this.compactor.rawRetention),
      producers: [...sidecars.map((s) => s.producer), ruler.producer],
      storeApis: [
        ...sidecars.map((s) => s.storeApi),
        ruler.storeApi,
        ...(globalStore ? storeDataPath(globalStore) : []),
        ...(flatStore ? storeDataPath(flatStore) : []),
        ...Object.values(regionalStores).flatMap((s) => storeDataPath(s)),
        ...(newQuery ? [queryDataPath(newQuery)] : []),
        ...(flatQuery ? [queryDataPath(flatQuery)] : []),
        ...this.fleet.regions.map((r) =>
          queryDataPath(regionalQueries[r.name] as ThanosQuery, [
            `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
          ]),
        ),
      ],
      compactors: compactorDataPath(this.compactor),
    });
    // Every read path of the phase must answer for every cluster and age: the old one, and the new one once it exists.
    const readPaths = [flatQuery, newQuery].filter((q): q is ThanosQuery => q !== undefined);
    this.readPathModels = readPaths.map(model);
    for (const m of this.readPathModels.slice(1)) assertDataPath(m, contextOf(this, this.constructor.name));
    this.checkDataPath(this.readPathModels[readPaths.length - 1] as DataPathModel);
  }
}

/** A phase of the migration from the flat fleet. */
export interface HierarchicalMigration {
  readonly from: 'flat';
  /** 1 to 4 (see {@link FLAT_TO_HIERARCHICAL_PHASES}); 4 is the end state. */
  readonly phase: MigrationPhase;
}

/** The ruler of a Thanos fleet's global (or only) monitoring cluster, evaluating against the querier `queryName`. */
/** How the fleet's ruler is monitored and who may reach it (see FleetPattern.componentMonitoring). */
export interface FleetRulerOperate extends Pick<ThanosRulerProps, 'monitoring' | 'networkPolicy'> {
  /** The partial-response alert is evaluated by the monitoring cluster's PrometheusRule, not by the ruler. */
  readonly partialResponseAlertElsewhere?: boolean;
}

export function createFleetRuler(
  pattern: FleetPattern,
  chart: Chart,
  props: Pick<
    ThanosHierarchicalProps,
    'recentWindow' | 'ruleGroups' | 'partialResponseStrategy' | 'alertmanagerUrls'
  >,
  queryName: string,
  size: RoleCapacity,
  where: { readonly objectStorage: ThanosObjectStorage; readonly placement?: Placement },
  operate: FleetRulerOperate = {},
): ThanosRuler {
  const recent = props.recentWindow ?? DEFAULT_RECENT_WINDOW;
  return new ThanosRuler(chart, 'ruler', {
    clusterDomain: pattern.clusterDomain,
    placement: where.placement,
    name: 'thanos-rule',
    objectStorage: where.objectStorage,
    // The querier reads the ruler's fresh results, so the ruler comes first and evaluates against its URL.
    queries: [{ httpUrl: thanosHttpUrl(queryName, pattern.namespace, pattern.clusterDomain) }],
    // With self-monitoring, the partial-response alert is in the global PrometheusRule, beside the ruler's metrics.
    ruleGroups: [
      ...(props.ruleGroups ?? DEFAULT_FLEET_RULES),
      ...(operate.partialResponseAlertElsewhere ? [] : [RULER_PARTIAL_RESPONSE_ALERTS]),
    ],
    partialResponseStrategy: props.partialResponseStrategy,
    alertmanagerUrls: props.alertmanagerUrls,
    labels: { ruler: 'global' },
    // The ruler is the one path to its results younger than the recent window (see RULER_RETENTION_MARGIN).
    retention: `${durationHours(recent) + durationHours(RULER_RETENTION_MARGIN)}h`,
    replicas: size.pods,
    resources: size.resources,
    monitoring: operate.monitoring,
    networkPolicy: operate.networkPolicy,
  });
}

/** The compactor of a Thanos fleet's global (or only) monitoring cluster: sharded by `cluster`, penalty dedup. */
export function createFleetCompactor(
  pattern: FleetPattern,
  chart: Chart,
  props: Pick<ThanosHierarchicalProps, 'retention'>,
  size: RoleCapacity,
  where: { readonly objectStorage: ThanosObjectStorage; readonly placement?: Placement },
  operate: Pick<ThanosCompactorProps, 'monitoring' | 'networkPolicy'> = {},
): ThanosCompactor {
  return new ThanosCompactor(chart, 'compactor', {
    clusterDomain: pattern.clusterDomain,
    placement: where.placement,
    name: 'thanos-compact',
    objectStorage: where.objectStorage,
    sharding: { labels: ['cluster'], count: size.shards as number },
    retention: props.retention ?? DEFAULT_FLEET_RETENTION,
    deduplicationReplicaLabels: [pattern.fleet.replicaLabel],
    // Prometheus HA pairs scrape at different instants: merge them with the penalty algorithm.
    deduplicationFunc: 'penalty',
    resources: size.resources,
    storage: size.storageGiB === undefined ? undefined : { size: `${size.storageGiB}Gi` },
    monitoring: operate.monitoring,
    networkPolicy: operate.networkPolicy,
  });
}

/** The bucket holds the blocks of the Prometheus pairs and of the ruler; every querier deduplicates on both. */
export function hierarchicalBucketReplicaLabels(replicaLabel: string): string[] {
  return [replicaLabel, DEFAULT_RULER_REPLICA_LABEL];
}
