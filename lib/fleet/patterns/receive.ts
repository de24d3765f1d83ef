import { App, Chart } from 'cdk8s';
import { DEFAULT_METRICS_LOAD, referenceRole } from '../../capacity';
import { Grafana } from '../../grafana';
import { PrometheusWithSidecar } from '../../prometheus';
import {
  CompactorRetention,
  THANOS_PORTS,
  ThanosCompactor,
  ThanosQuery,
  ThanosReceive,
  ThanosStore,
} from '../../thanos';
import { FleetPattern, ThanosFleetPatternProps } from './base';
import { DEFAULT_FLEET_RETENTION } from './hierarchical';

const d2 = (key: string) => referenceRole('receive', key);
/**
 * D2 receive hashring at the reference load: "10 replicas × 2 cores / 4Gi" as 2 routers (they hold the hashring and
 * fan writes out to the replicas) and 8 ingestors (the hashring's endpoints), every pod 2 cores / 4Gi. The capacity
 * model's `receiveRouter` and `receiveIngestor` at 200 clusters.
 */
export const D2_RECEIVE = {
  routers: d2('receiveRouter').pods,
  ingestors: d2('receiveIngestor').pods,
  replicationFactor: DEFAULT_METRICS_LOAD.receiveReplicationFactor,
  resources: d2('receiveIngestor').resources,
};
/** D2 query at the reference load: 3 × 2 cores / 4Gi. */
export const D2_QUERY = { replicas: d2('query').pods, resources: d2('query').resources };
/** D2 store at the reference load: 5 × 1 core / 2Gi, as 5 `__block_id` shards. */
export const D2_STORE = {
  shards: d2('store').shards as number,
  replicasPerShard: d2('store').replicasPerShard as number,
  resources: d2('store').resources,
};
/**
 * Not in the reference design's D2 table, and needed all the same: without a compactor nothing downsamples or
 * deletes the blocks the receivers upload. One, 1 core / 2Gi.
 */
export const D2_COMPACTOR = { resources: d2('compactor').resources };

export interface ThanosReceivePatternProps extends ThanosFleetPatternProps {
  /** @default DEFAULT_FLEET_RETENTION */
  readonly retention?: CompactorRetention;
}

/**
 * Seed 003 pattern D2: every application cluster's Prometheus remote-writes, with its cluster as tenant, to one
 * receive hashring in the observability cluster; a querier reads the receivers (recent data) and the store
 * gateways (the bucket). One hop for queries; the application clusters depend on the centre for writes.
 */
export class ThanosReceiveFleet extends FleetPattern {
  public readonly receive: ThanosReceive;
  public readonly query: ThanosQuery;
  public readonly store: ThanosStore;
  public readonly compactor: ThanosCompactor;
  public readonly grafana?: Grafana;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;

  constructor(scope: App, id: string, props: ThanosReceivePatternProps) {
    super(scope, id, 'receive', props, false);
    const global = this.globalChart;
    const objectStorage = this.objectStorage(global, props.objectStorage);
    const router = this.size('receiveRouter');
    const ingestor = this.size('receiveIngestor');
    const storeSize = this.size('store');
    const querySize = this.size('query');
    const compactorSize = this.size('compactor');
    this.receive = new ThanosReceive(global, 'receive', {
      name: 'thanos-receive',
      objectStorage,
      routers: router.pods,
      ingestors: ingestor.pods,
      replicationFactor: this.capacity.load.receiveReplicationFactor,
      resources: router.resources,
      ingestorResources: ingestor.resources,
      storage: FleetPattern.storageOf(ingestor),
      remoteWriteService: { type: 'LoadBalancer' },
      remoteWriteTls: this.serverTls(),
      allowPlaintextExposure: this.allowPlaintextExposure,
      externalHost: this.host('thanos-receive', this.fleet.globalChart),
    });
    this.store = new ThanosStore(global, 'store', {
      name: 'thanos-store',
      objectStorage,
      sharding: { kind: 'hashmod', count: storeSize.shards as number },
      replicas: storeSize.replicasPerShard,
      resources: storeSize.resources,
      storage: FleetPattern.storageOf(storeSize),
      replicaLabels: [...this.receive.replicaLabels, this.fleet.replicaLabel],
    });
    this.query = new ThanosQuery(global, 'query', {
      name: 'thanos-query',
      stores: [this.receive, this.store],
      replicas: querySize.pods,
      resources: querySize.resources,
    });
    this.compactor = new ThanosCompactor(global, 'compactor', {
      name: 'thanos-compact',
      objectStorage,
      retention: props.retention ?? DEFAULT_FLEET_RETENTION,
      deduplicationReplicaLabels: [...this.receive.replicaLabels, this.fleet.replicaLabel],
      // The Prometheus pairs behind the receivers scrape at different instants: the penalty algorithm merges them.
      deduplicationFunc: 'penalty',
      resources: compactorSize.resources,
      storage: FleetPattern.storageOf(compactorSize),
    });
    this.grafana = this.createGrafana(props.grafana, this.query);
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    for (const cluster of this.fleet.clusters) {
      prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
        thanosSidecar: false,
        remoteWrite: {
          target: this.receive,
          url: this.receive.externalRemoteWriteUrl,
          tenant: cluster.name,
          tls: this.remoteWriteClientTls(),
        },
      });
    }
    this.prometheus = prometheus;
  }
}

/** The charts of one region of the hybrid pattern. */
interface HybridRegion {
  readonly receive: ThanosReceive;
  readonly query: ThanosQuery;
}

/** Seed 003 D3: per region a receive hashring of 3 and a regional querier of 2. */
export const D3_REGION = {
  routers: referenceRole('hybrid', 'receiveRouter').pods,
  ingestors: referenceRole('hybrid', 'receiveIngestor').pods,
  replicationFactor: DEFAULT_METRICS_LOAD.receiveReplicationFactor,
  queryReplicas: referenceRole('hybrid', 'regionalQuery').pods,
};

/**
 * Seed 003 pattern D3: per region a receive hashring (3 ingestors) that the region's clusters remote-write to and a
 * regional querier over it; a global querier over the regional queriers and the store gateways of the shared
 * bucket, with the compactor and Grafana in the global cluster. Thousands of clusters; the most moving parts.
 */
export class ThanosHybrid extends FleetPattern {
  public readonly regions: Readonly<Record<string, HybridRegion>>;
  public readonly globalQuery: ThanosQuery;
  public readonly store: ThanosStore;
  public readonly compactor: ThanosCompactor;
  public readonly grafana?: Grafana;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;

  constructor(scope: App, id: string, props: ThanosReceivePatternProps) {
    super(scope, id, 'hybrid', props, true);
    const regions: Record<string, HybridRegion> = {};
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    this.fleet.regions.forEach((region, index) => {
      const chart = this.regionCharts[region.name] as Chart;
      const router = this.size('receiveRouter', index);
      const ingestor = this.size('receiveIngestor', index);
      const querySize = this.size('regionalQuery', index);
      const receive = new ThanosReceive(chart, 'receive', {
        name: 'thanos-receive',
        objectStorage: this.objectStorage(chart, props.objectStorage),
        routers: router.pods,
        ingestors: ingestor.pods,
        replicationFactor: this.capacity.load.receiveReplicationFactor,
        resources: router.resources,
        ingestorResources: ingestor.resources,
        storage: FleetPattern.storageOf(ingestor),
        labels: { receive_region: region.name },
        remoteWriteService: { type: 'LoadBalancer' },
        remoteWriteTls: this.serverTls(),
        allowPlaintextExposure: this.allowPlaintextExposure,
        externalHost: this.host('thanos-receive', region.name),
      });
      const query = new ThanosQuery(chart, 'query', {
        name: 'thanos-query',
        stores: [receive],
        replicaLabels: [...receive.replicaLabels, this.fleet.replicaLabel],
        replicas: querySize.pods,
        resources: querySize.resources,
        grpcService: { type: 'LoadBalancer' },
        grpcTls: this.serverTls(),
        allowPlaintextExposure: this.allowPlaintextExposure,
      });
      regions[region.name] = { receive, query };
      for (const cluster of region.clusters) {
        prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
          thanosSidecar: false,
          remoteWrite: {
            target: receive,
            url: receive.externalRemoteWriteUrl,
            tenant: cluster.name,
            tls: this.remoteWriteClientTls(),
          },
        });
      }
    });
    this.regions = regions;
    this.prometheus = prometheus;
    const global = this.globalChart;
    const objectStorage = this.objectStorage(global, props.objectStorage);
    // Receivers stamp their replica label, the Prometheus pairs theirs: the bucket's blocks carry both.
    const replicaLabels = [
      ...(Object.values(regions)[0]?.receive.replicaLabels ?? []),
      this.fleet.replicaLabel,
    ];
    const storeSize = this.size('store');
    const querySize = this.size('query');
    const compactorSize = this.size('compactor');
    this.store = new ThanosStore(global, 'store', {
      name: 'thanos-store',
      objectStorage,
      sharding: { kind: 'hashmod', count: storeSize.shards as number },
      replicas: storeSize.replicasPerShard,
      resources: storeSize.resources,
      storage: FleetPattern.storageOf(storeSize),
      replicaLabels,
    });
    this.globalQuery = new ThanosQuery(global, 'query', {
      name: 'thanos-query',
      stores: [this.store],
      endpoints: this.fleet.regions.map((r) => ({
        address: `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
        tls: this.endpointTls(),
      })),
      replicas: querySize.pods,
      resources: querySize.resources,
    });
    this.compactor = new ThanosCompactor(global, 'compactor', {
      name: 'thanos-compact',
      objectStorage,
      sharding:
        (compactorSize.shards ?? 1) > 1
          ? { labels: ['receive_region'], count: compactorSize.shards as number }
          : undefined,
      retention: props.retention ?? DEFAULT_FLEET_RETENTION,
      deduplicationReplicaLabels: replicaLabels,
      deduplicationFunc: 'penalty',
      resources: compactorSize.resources,
      storage: FleetPattern.storageOf(compactorSize),
    });
    this.grafana = this.createGrafana(props.grafana, this.globalQuery);
  }
}
