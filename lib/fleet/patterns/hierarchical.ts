import { App, Chart } from 'cdk8s';
import { ResourceSpec } from '../../core';
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
} from '../../thanos';
import { FleetPattern, ThanosFleetPatternProps } from './base';

/** The global querier's name in the global cluster. */
export const GLOBAL_QUERY_NAME = 'thanos-query';
/** Seed 003 D1 global query: 3 × 2 cores / 4Gi. */
export const D1_GLOBAL_QUERY = { replicas: 3, resources: { cpu: '2', memory: '4Gi' } as ResourceSpec };
/** Seed 003 D1 store gateway: 10 pods × 1 core / 2Gi, as 5 `__block_id` shards of 2 pods each. */
export const D1_GLOBAL_STORE = {
  shards: 5,
  replicasPerShard: 2,
  resources: { cpu: '1', memory: '2Gi' } as ResourceSpec,
};
/** Seed 003 D1 compactor: "3 replicas" = 3 shards by `cluster`, each the only compactor of its streams. */
export const D1_COMPACTOR = { shards: 3, resources: { cpu: '1', memory: '2Gi' } as ResourceSpec };
/** Seed 003 D1 ruler: one, 500m / 1Gi. */
export const D1_RULER = { replicas: 1, resources: { cpu: '500m', memory: '1Gi' } as ResourceSpec };
/** Seed 003 D1 regional query: 2 × 2 cores / 4Gi per region. */
export const D1_REGIONAL_QUERY = { replicas: 2, resources: { cpu: '2', memory: '4Gi' } as ResourceSpec };
/** Seed 003 D1 regional store: 2 × 1 core / 2Gi per region. */
export const D1_REGIONAL_STORE = { replicas: 2, resources: { cpu: '1', memory: '2Gi' } as ResourceSpec };
/**
 * Regional stores serve their region's blocks younger than this; the global store gateways serve every block older
 * than it. The split keeps the two from serving the same blocks twice.
 */
export const DEFAULT_RECENT_WINDOW = '14d';
/** Seed 003: three months in object storage. */
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
}

/**
 * Seed 003 pattern D1, its recommendation for 200 clusters: per region a querier over the region's sidecars (at
 * most 50 endpoints) and a store for the region's recent blocks; in the global cluster a querier over the regional
 * queriers and the store gateways (older blocks, sharded on `__block_id`), the compactor (sharded by `cluster`), a
 * ruler and Grafana. Every application cluster runs a Prometheus HA pair with a Thanos sidecar uploading to the
 * shared bucket. The regional querier's endpoint file lists exactly its region's sidecars; the global one lists
 * the regional queriers and the store shards; external and replica labels come from the fleet model.
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
    const serverTls = this.serverTls();
    const clientTls = this.endpointTls();

    // Application clusters: Prometheus + sidecar, reachable from their regional querier through a load balancer.
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    for (const cluster of this.fleet.clusters) {
      const chart = this.appClusterCharts[cluster.name] as Chart;
      prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
        objectStorage: this.objectStorage(chart, props.objectStorage),
        grpcService: { type: 'LoadBalancer' },
        externalGrpcHost: this.host('thanos-sidecar', cluster.name),
        grpcTls: serverTls,
      });
    }
    this.prometheus = prometheus;

    // Regional monitoring clusters.
    const regionalQueries: Record<string, ThanosQuery> = {};
    const regionalStores: Record<string, ThanosStore> = {};
    for (const region of this.fleet.regions) {
      const chart = this.regionCharts[region.name] as Chart;
      const store = new ThanosStore(chart, 'store', {
        placement: this.placementFor('store'),
        name: 'thanos-store',
        objectStorage: this.objectStorage(chart, props.objectStorage),
        externalLabels: { region: region.name },
        timeRange: { minTime: `-${recent}` },
        replicaLabels: bucketReplicaLabels,
        replicas: D1_REGIONAL_STORE.replicas,
        resources: D1_REGIONAL_STORE.resources,
      });
      regionalStores[region.name] = store;
      regionalQueries[region.name] = new ThanosQuery(chart, 'query', {
        placement: this.placementFor('regionalQuery'),
        name: 'thanos-query',
        stores: [store],
        endpoints: region.clusters.map((c) => ({
          address: prometheus[c.name]?.externalGrpcEndpoint as string,
          tls: clientTls,
        })),
        replicas: D1_REGIONAL_QUERY.replicas,
        resources: D1_REGIONAL_QUERY.resources,
        grpcService: { type: 'LoadBalancer' },
        grpcTls: serverTls,
        allowPlaintextExposure: this.allowPlaintextExposure,
      });
    }
    this.regionalQueries = regionalQueries;
    this.regionalStores = regionalStores;

    // The global monitoring cluster.
    const global = this.globalChart;
    const objectStorage = this.objectStorage(global, props.objectStorage);
    this.globalStore = new ThanosStore(global, 'store', {
      placement: this.placementFor('store'),
      name: 'thanos-store',
      objectStorage,
      sharding: { kind: 'hashmod', count: D1_GLOBAL_STORE.shards },
      timeRange: { maxTime: `-${recent}` },
      replicaLabels: bucketReplicaLabels,
      replicas: D1_GLOBAL_STORE.replicasPerShard,
      resources: D1_GLOBAL_STORE.resources,
    });
    this.ruler = new ThanosRuler(global, 'ruler', {
      placement: this.placementFor('ruler'),
      name: 'thanos-rule',
      objectStorage,
      // The querier reads the ruler's fresh results, so the ruler comes first and evaluates against its URL.
      queries: [{ httpUrl: thanosHttpUrl(GLOBAL_QUERY_NAME, this.namespace) }],
      ruleGroups: props.ruleGroups ?? DEFAULT_FLEET_RULES,
      alertmanagerUrls: props.alertmanagerUrls,
      labels: { ruler: 'global' },
      replicas: D1_RULER.replicas,
      resources: D1_RULER.resources,
    });
    this.globalQuery = new ThanosQuery(global, 'query', {
      placement: this.placementFor('globalQuery'),
      name: GLOBAL_QUERY_NAME,
      stores: [this.globalStore, this.ruler],
      endpoints: this.fleet.regions.map((r) => ({
        address: `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
        tls: clientTls,
      })),
      replicas: D1_GLOBAL_QUERY.replicas,
      resources: D1_GLOBAL_QUERY.resources,
    });
    this.compactor = new ThanosCompactor(global, 'compactor', {
      placement: this.placementFor('compactor'),
      name: 'thanos-compact',
      objectStorage,
      sharding: { labels: ['cluster'], count: D1_COMPACTOR.shards },
      retention: props.retention ?? DEFAULT_FLEET_RETENTION,
      deduplicationReplicaLabels: [replicaLabel],
      // Prometheus HA pairs scrape at different instants: merge them with the penalty algorithm.
      deduplicationFunc: 'penalty',
      resources: D1_COMPACTOR.resources,
    });
    this.grafana = this.createGrafana(props.grafana, this.globalQuery);
  }
}
