import { App, Chart } from 'cdk8s';
import { ResourceSpec } from '../../core';
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

/**
 * Seed 003 D2 receive hashring: "10 replicas × 2 cores / 4Gi" as 2 routers (they hold the hashring and fan writes
 * out to the replicas) and 8 ingestors (the hashring's endpoints), every pod 2 cores / 4Gi.
 */
export const D2_RECEIVE = {
  routers: 2,
  ingestors: 8,
  replicationFactor: 3,
  resources: { cpu: '2', memory: '4Gi' } as ResourceSpec,
};
/** Seed 003 D2 query: 3 × 2 cores / 4Gi. */
export const D2_QUERY = { replicas: 3, resources: { cpu: '2', memory: '4Gi' } as ResourceSpec };
/** Seed 003 D2 store: 5 × 1 core / 2Gi, as 5 `__block_id` shards. */
export const D2_STORE = {
  shards: 5,
  replicasPerShard: 1,
  resources: { cpu: '1', memory: '2Gi' } as ResourceSpec,
};
/**
 * Not in seed 003's D2 table, and needed all the same: without a compactor nothing downsamples or deletes the
 * blocks the receivers upload. One, 1 core / 2Gi.
 */
export const D2_COMPACTOR = { resources: { cpu: '1', memory: '2Gi' } as ResourceSpec };

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
    this.receive = new ThanosReceive(global, 'receive', {
      placement: this.placementFor('receive'),
      name: 'thanos-receive',
      objectStorage,
      routers: D2_RECEIVE.routers,
      ingestors: D2_RECEIVE.ingestors,
      replicationFactor: D2_RECEIVE.replicationFactor,
      resources: D2_RECEIVE.resources,
      ingestorResources: D2_RECEIVE.resources,
      remoteWriteService: { type: 'LoadBalancer' },
      remoteWriteTls: this.serverTls(),
      allowPlaintextExposure: this.allowPlaintextExposure,
      externalHost: this.host('thanos-receive', this.fleet.globalChart),
    });
    this.store = new ThanosStore(global, 'store', {
      placement: this.placementFor('store'),
      name: 'thanos-store',
      objectStorage,
      sharding: { kind: 'hashmod', count: D2_STORE.shards },
      replicas: D2_STORE.replicasPerShard,
      resources: D2_STORE.resources,
      replicaLabels: [...this.receive.replicaLabels, this.fleet.replicaLabel],
    });
    this.query = new ThanosQuery(global, 'query', {
      placement: this.placementFor('globalQuery'),
      name: 'thanos-query',
      stores: [this.receive, this.store],
      replicas: D2_QUERY.replicas,
      resources: D2_QUERY.resources,
    });
    this.compactor = new ThanosCompactor(global, 'compactor', {
      placement: this.placementFor('compactor'),
      name: 'thanos-compact',
      objectStorage,
      retention: props.retention ?? DEFAULT_FLEET_RETENTION,
      deduplicationReplicaLabels: [...this.receive.replicaLabels, this.fleet.replicaLabel],
      // The Prometheus pairs behind the receivers scrape at different instants: the penalty algorithm merges them.
      deduplicationFunc: 'penalty',
      resources: D2_COMPACTOR.resources,
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
  routers: 2,
  ingestors: 3,
  replicationFactor: 3,
  queryReplicas: 2,
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
    for (const region of this.fleet.regions) {
      const chart = this.regionCharts[region.name] as Chart;
      const receive = new ThanosReceive(chart, 'receive', {
        placement: this.placementFor('receive'),
        name: 'thanos-receive',
        objectStorage: this.objectStorage(chart, props.objectStorage),
        routers: D3_REGION.routers,
        ingestors: D3_REGION.ingestors,
        replicationFactor: D3_REGION.replicationFactor,
        labels: { receive_region: region.name },
        remoteWriteService: { type: 'LoadBalancer' },
        remoteWriteTls: this.serverTls(),
        allowPlaintextExposure: this.allowPlaintextExposure,
        externalHost: this.host('thanos-receive', region.name),
      });
      const query = new ThanosQuery(chart, 'query', {
        placement: this.placementFor('regionalQuery'),
        name: 'thanos-query',
        stores: [receive],
        replicaLabels: [...receive.replicaLabels, this.fleet.replicaLabel],
        replicas: D3_REGION.queryReplicas,
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
    }
    this.regions = regions;
    this.prometheus = prometheus;
    const global = this.globalChart;
    const objectStorage = this.objectStorage(global, props.objectStorage);
    // Receivers stamp their replica label, the Prometheus pairs theirs: the bucket's blocks carry both.
    const replicaLabels = [
      ...(Object.values(regions)[0]?.receive.replicaLabels ?? []),
      this.fleet.replicaLabel,
    ];
    this.store = new ThanosStore(global, 'store', {
      placement: this.placementFor('store'),
      name: 'thanos-store',
      objectStorage,
      sharding: { kind: 'hashmod', count: D2_STORE.shards },
      replicas: 1,
      replicaLabels,
    });
    this.globalQuery = new ThanosQuery(global, 'query', {
      placement: this.placementFor('globalQuery'),
      name: 'thanos-query',
      stores: [this.store],
      endpoints: this.fleet.regions.map((r) => ({
        address: `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
        tls: this.endpointTls(),
      })),
      replicas: D2_QUERY.replicas,
    });
    this.compactor = new ThanosCompactor(global, 'compactor', {
      placement: this.placementFor('compactor'),
      name: 'thanos-compact',
      objectStorage,
      sharding:
        this.fleet.regions.length > 1
          ? { labels: ['receive_region'], count: Math.min(3, this.fleet.regions.length) }
          : undefined,
      retention: props.retention ?? DEFAULT_FLEET_RETENTION,
      deduplicationReplicaLabels: replicaLabels,
      deduplicationFunc: 'penalty',
    });
    this.grafana = this.createGrafana(props.grafana, this.globalQuery);
  }
}
