import { App, Chart } from 'cdk8s';
import { DEFAULT_METRICS_LOAD, referenceRole } from '../../capacity';
import { Grafana } from '../../grafana';
import { PrometheusWithSidecar } from '../../prometheus';
import {
  CompactorRetention,
  THANOS_PORTS,
  ThanosCompactor,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosReceive,
  ThanosStore,
  evenAssignments,
  QUERY_HTTP_CLIENTS,
} from '../../thanos';
import { compactorDataPath, durationHours, queryDataPath, receiveDataPath, storeDataPath } from '../datapath';
import { FleetPattern, ThanosFleetPatternProps } from './base';
import { DEFAULT_FLEET_RETENTION } from './hierarchical';
import { FleetReceiveLimits, checkReceiveLimitTenants, fleetReceiveLimits } from './receive-limits';
import { contextOf } from '../../core';
import { FleetCacheSet, globalQueryHttpClients, storeCaches } from './read-path';

const d2 = (key: string) => referenceRole('receive', key);
/**
 * Prometheus replicas per application cluster in the remote-write patterns (receive, hybrid): one writer. Each series
 * goes to the receivers once and the hashring replicates it (replication factor 3), and the compactor merges those
 * copies on `receive_replica`, an external label of the ingestors' blocks. A second writer would store every sample
 * twice: its replica label travels on each series, which no compactor removes (thanos-io/thanos@v0.42.4
 * pkg/block/fetcher.go ReplicaLabelRemover edits block external labels only). The price: while the one Prometheus
 * restarts or is rescheduled nothing is scraped, a gap of that length in the cluster's series (the WAL covers a
 * receiver outage, not a Prometheus one). Set `appClusters.replicas: 2` to close that gap at twice the storage; the
 * queriers then deduplicate the pair on `prometheus_replica` when they read.
 */
export const DEFAULT_REMOTE_WRITE_REPLICAS = 1;

/**
 * The receive pattern's hashring at the reference load: "10 replicas × 2 cores / 4Gi" as 2 routers (they hold the
 * hashring and fan writes out to the replicas) and 8 ingestors (the hashring's endpoints), every pod 2 cores / 4Gi. The
 * capacity model's `receiveRouter` and `receiveIngestor` at 200 clusters.
 */
export const D2_RECEIVE = {
  routers: d2('receiveRouter').pods,
  ingestors: d2('receiveIngestor').pods,
  replicationFactor: DEFAULT_METRICS_LOAD.receiveReplicationFactor,
  resources: d2('receiveIngestor').resources,
};
/** The receive pattern's query at the reference load: 3 × 2 cores / 4Gi. */
export const D2_QUERY = { replicas: d2('query').pods, resources: d2('query').resources };
/** The receive pattern's store at the reference load: 5 × 1 core / 2Gi, as 5 `__block_id` shards. */
export const D2_STORE = {
  shards: d2('store').shards as number,
  replicasPerShard: d2('store').replicasPerShard as number,
  resources: d2('store').resources,
};
/**
 * Not in the reference design's table for the receive pattern, and needed all the same: without a compactor nothing
 * downsamples or deletes the blocks the receivers upload. One, 1 core / 2Gi.
 */
export const D2_COMPACTOR = { resources: d2('compactor').resources };

export interface ThanosReceivePatternProps extends ThanosFleetPatternProps {
  /** @default DEFAULT_FLEET_RETENTION */
  readonly retention?: CompactorRetention;
  /**
   * Per-tenant write limits on the routers, each application cluster a tenant: request size, series and samples from
   * the remote-write batch, concurrency from the modelled load, head series (with `metaMonitoringUrl`) from each
   * cluster's active series; overrides per tenant. `false` for none. @default the model's limits
   */
  readonly receiveLimits?: false | FleetReceiveLimits;
}

/**
 * The receive pattern (D2 in the reference design): every application cluster's Prometheus remote-writes, with its
 * cluster as tenant, to one receive hashring in the observability cluster; a querier reads the receivers (recent data)
 * and the store gateways (the bucket). One hop for queries; the application clusters depend on the centre for writes.
 */
export class ThanosReceiveFleet extends FleetPattern {
  public readonly receive: ThanosReceive;
  public readonly query: ThanosQuery;
  /** In front of {@link query}: Grafana's data source. */
  public readonly queryFrontend: ThanosQueryFrontend;
  /** The memcached caches, unless `caches: false`. */
  public readonly caches?: FleetCacheSet;
  public readonly store: ThanosStore;
  public readonly compactor: ThanosCompactor;
  public readonly grafana?: Grafana;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;

  constructor(scope: App, id: string, props: ThanosReceivePatternProps) {
    super(scope, id, 'receive', props, false);
    const global = this.globalChart;
    const router = this.size('receiveRouter');
    const ingestor = this.size('receiveIngestor');
    const storeSize = this.size('store');
    const querySize = this.size('query');
    const compactorSize = this.size('compactor');
    this.caches = this.createCaches(props.caches, storeSize.pods);
    this.receive = new ThanosReceive(global, 'receive', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('receive'),
      name: 'thanos-receive',
      objectStorage: this.objectStorage(global, props, 'uploader'),
      routers: router.pods,
      ingestors: ingestor.pods,
      replicationFactor: this.capacity.load.receiveReplicationFactor,
      resources: router.resources,
      ingestorResources: ingestor.resources,
      storage: FleetPattern.storageOf(ingestor),
      remoteWriteService: this.loadBalancer(),
      remoteWriteTls: this.serverTls('remote-write'),
      tenantCertificateField: this.tenantCertificateField(),
      allowPlaintextExposure: this.allowPlaintextExposure,
      externalHost: this.host('thanos-receive', this.fleet.globalChart),
      limits:
        props.receiveLimits === false
          ? undefined
          : fleetReceiveLimits(
              this.capacity.load,
              {
                clusters: this.fleet.clusters.length,
                routers: router.pods,
                tenants: this.fleet.clusters.map((c) => c.name),
              },
              props.receiveLimits ?? {},
              contextOf(this, this.constructor.name),
            ),
      monitoring: this.componentMonitoring('thanos-receive', global),
      ...this.scraperPolicy('metricsScrapers'),
    });
    this.store = new ThanosStore(global, 'store', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('store'),
      name: 'thanos-store',
      objectStorage: this.objectStorage(global, props, 'reader'),
      sharding: { kind: 'hashmod', count: storeSize.shards as number },
      replicas: storeSize.replicasPerShard,
      resources: storeSize.resources,
      storage: FleetPattern.storageOf(storeSize),
      replicaLabels: [...this.receive.replicaLabels, this.fleet.replicaLabel],
      ...storeCaches(this.caches),
      monitoring: this.componentMonitoring('thanos-store', global),
      ...this.scraperPolicy('metricsScrapers'),
    });
    this.query = new ThanosQuery(global, 'query', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('globalQuery'),
      name: 'thanos-query',
      stores: [this.receive, this.store],
      replicas: querySize.pods,
      resources: querySize.resources,
      networkPolicy: globalQueryHttpClients(false, this.metricsScrapers()),
      monitoring: this.componentMonitoring('thanos-query', global),
    });
    this.queryFrontend = this.createQueryFrontend(this.query, this.caches);
    this.compactor = new ThanosCompactor(global, 'compactor', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('compactor'),
      name: 'thanos-compact',
      objectStorage: this.objectStorage(global, props, 'compactor'),
      retention: props.retention ?? DEFAULT_FLEET_RETENTION,
      // The copies the hashring replicates are identical samples under different `receive_replica` block labels:
      // Thanos's default one-to-one merge fits them (`--deduplication.func` "", thanos-io/thanos@v0.42.4
      // cmd/thanos/compact.go). The Prometheus replica label is on the series, not on the
      // blocks, so listing it here would do nothing (see DEFAULT_REMOTE_WRITE_REPLICAS).
      deduplicationReplicaLabels: [...this.receive.replicaLabels],
      resources: compactorSize.resources,
      storage: FleetPattern.storageOf(compactorSize),
      monitoring: this.componentMonitoring('thanos-compact', global),
      ...this.scraperPolicy('metricsScrapers'),
    });
    this.grafana = this.createGrafana(props.grafana, this.queryFrontend);
    this.addSelfMonitoringRules();
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    for (const cluster of this.fleet.clusters) {
      prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
        thanosSidecar: false,
        replicas: props.appClusters?.replicas ?? DEFAULT_REMOTE_WRITE_REPLICAS,
        remoteWrite: {
          target: this.receive,
          url: this.receive.externalRemoteWriteUrl,
          tenant: cluster.name,
          tls: this.remoteWriteClientTls(),
        },
      });
    }
    this.prometheus = prometheus;
    const receive = receiveDataPath(
      this.receive,
      this.fleet.clusters.map((c) => ({
        tenant: c.name,
        prometheus: prometheus[c.name] as PrometheusWithSidecar,
      })),
    );
    this.checkDataPath({
      pattern: this.pattern,
      topQuerier: this.query.node.path,
      bucketRetentionHours: durationHours(this.compactor.rawRetention),
      producers: receive.producers,
      storeApis: [receive.storeApi, ...storeDataPath(this.store), queryDataPath(this.query)],
      compactors: compactorDataPath(this.compactor),
    });
  }
}

/** The external label of each hybrid region's receivers, by which the compactor shards split the bucket. */
export const HYBRID_SHARD_LABEL = 'receive_region';
/** The reference design's hybrid pattern: three compactors, each owning whole regions. */
export const D3_COMPACTOR_SHARDS = 3;

/** The charts of one region of the hybrid pattern. */
interface HybridRegion {
  readonly receive: ThanosReceive;
  readonly query: ThanosQuery;
}

/** The reference design's hybrid pattern: per region a receive hashring of 3 and a regional querier of 2. */
export const D3_REGION = {
  routers: referenceRole('hybrid', 'receiveRouter').pods,
  ingestors: referenceRole('hybrid', 'receiveIngestor').pods,
  replicationFactor: DEFAULT_METRICS_LOAD.receiveReplicationFactor,
  queryReplicas: referenceRole('hybrid', 'regionalQuery').pods,
};

/**
 * The hybrid pattern (D3 in the reference design): per region a receive hashring (3 ingestors) that the region's
 * clusters remote-write to and a regional querier over it; a global querier over the regional queriers and the store
 * gateways of the shared bucket, with the compactor and Grafana in the global cluster. Thousands of clusters; the most
 * moving parts.
 */
export class ThanosHybrid extends FleetPattern {
  public readonly regions: Readonly<Record<string, HybridRegion>>;
  public readonly globalQuery: ThanosQuery;
  /** In front of {@link globalQuery}: Grafana's data source. */
  public readonly queryFrontend: ThanosQueryFrontend;
  /** The memcached caches, unless `caches: false`. */
  public readonly caches?: FleetCacheSet;
  public readonly store: ThanosStore;
  public readonly compactor: ThanosCompactor;
  public readonly grafana?: Grafana;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;

  constructor(scope: App, id: string, props: ThanosReceivePatternProps) {
    super(scope, id, 'hybrid', props, true);
    checkReceiveLimitTenants(
      props.receiveLimits,
      this.fleet.clusters.map((c) => c.name),
      contextOf(this, this.constructor.name),
    );
    const regions: Record<string, HybridRegion> = {};
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    this.fleet.regions.forEach((region, index) => {
      const chart = this.regionCharts[region.name] as Chart;
      const router = this.size('receiveRouter', index);
      const ingestor = this.size('receiveIngestor', index);
      const querySize = this.size('regionalQuery', index);
      const receive = new ThanosReceive(chart, 'receive', {
        clusterDomain: this.clusterDomain,
        placement: this.placementFor('receive'),
        name: 'thanos-receive',
        objectStorage: this.objectStorage(chart, props, 'uploader'),
        routers: router.pods,
        ingestors: ingestor.pods,
        replicationFactor: this.capacity.load.receiveReplicationFactor,
        resources: router.resources,
        ingestorResources: ingestor.resources,
        storage: FleetPattern.storageOf(ingestor),
        labels: { [HYBRID_SHARD_LABEL]: region.name },
        remoteWriteService: this.loadBalancer(),
        remoteWriteTls: this.serverTls('remote-write'),
        tenantCertificateField: this.tenantCertificateField(),
        allowPlaintextExposure: this.allowPlaintextExposure,
        externalHost: this.host('thanos-receive', region.name),
        limits:
          props.receiveLimits === false
            ? undefined
            : fleetReceiveLimits(
                this.capacity.load,
                {
                  clusters: region.clusters.length,
                  routers: router.pods,
                  tenants: region.clusters.map((c) => c.name),
                },
                // A tenant of another region is not an error here: only this region's are kept.
                {
                  ...props.receiveLimits,
                  tenants: Object.fromEntries(
                    Object.entries(props.receiveLimits?.tenants ?? {}).filter(([t]) =>
                      region.clusters.some((c) => c.name === t),
                    ),
                  ),
                },
                contextOf(this, this.constructor.name),
              ),
        monitoring: this.componentMonitoring('thanos-receive', chart),
        ...this.scraperPolicy('metricsScrapers'),
      });
      const query = new ThanosQuery(chart, 'query', {
        clusterDomain: this.clusterDomain,
        placement: this.placementFor('regionalQuery'),
        name: 'thanos-query',
        stores: [receive],
        replicaLabels: [...receive.replicaLabels, this.fleet.replicaLabel],
        replicas: querySize.pods,
        resources: querySize.resources,
        grpcService: this.loadBalancer(),
        externalGrpcHost: this.host('thanos-query', region.name),
        grpcTls: this.serverTls('query'),
        allowPlaintextExposure: this.allowPlaintextExposure,
        monitoring: this.componentMonitoring('thanos-query', chart),
        ...this.scraperPolicy('httpClients', QUERY_HTTP_CLIENTS),
      });
      regions[region.name] = { receive, query };
      for (const cluster of region.clusters) {
        prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
          thanosSidecar: false,
          replicas: props.appClusters?.replicas ?? DEFAULT_REMOTE_WRITE_REPLICAS,
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
    // The receivers' replica label is on the blocks; a Prometheus pair's would be on the series, which the store's
    // queriers deduplicate at read time (see DEFAULT_REMOTE_WRITE_REPLICAS).
    const blockReplicaLabels = [...(Object.values(regions)[0]?.receive.replicaLabels ?? [])];
    const replicaLabels = [...blockReplicaLabels, this.fleet.replicaLabel];
    const storeSize = this.size('store');
    const querySize = this.size('query');
    const compactorSize = this.size('compactor');
    this.caches = this.createCaches(props.caches, storeSize.pods);
    this.store = new ThanosStore(global, 'store', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('store'),
      name: 'thanos-store',
      objectStorage: this.objectStorage(global, props, 'reader'),
      sharding: { kind: 'hashmod', count: storeSize.shards as number },
      replicas: storeSize.replicasPerShard,
      resources: storeSize.resources,
      storage: FleetPattern.storageOf(storeSize),
      replicaLabels,
      ...storeCaches(this.caches),
      monitoring: this.componentMonitoring('thanos-store', global),
      ...this.scraperPolicy('metricsScrapers'),
    });
    this.globalQuery = new ThanosQuery(global, 'query', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('globalQuery'),
      name: 'thanos-query',
      stores: [this.store],
      endpoints: this.fleet.regions.map((r) => ({
        address: `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
        tls: this.endpointTls(),
      })),
      replicas: querySize.pods,
      resources: querySize.resources,
      allowPlaintextExposure: this.allowPlaintextExposure,
      networkPolicy: globalQueryHttpClients(false, this.metricsScrapers()),
      monitoring: this.componentMonitoring('thanos-query', global),
    });
    this.queryFrontend = this.createQueryFrontend(this.globalQuery, this.caches);
    this.compactor = new ThanosCompactor(global, 'compactor', {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('compactor'),
      name: 'thanos-compact',
      objectStorage: this.objectStorage(global, props, 'compactor'),
      // The regions are known now: assign them to the shards evenly instead of hashing 4 regions into 3 shards,
      // which can leave a shard with nothing and another with three (hashmod: md5 of the label values modulo the
      // count, prometheus@v3.13.2 model/relabel/relabel.go).
      sharding:
        Math.min(compactorSize.shards ?? 1, this.fleet.regions.length) > 1
          ? {
              label: HYBRID_SHARD_LABEL,
              assignments: evenAssignments(
                this.fleet.regions.map((r) => r.name),
                Math.min(compactorSize.shards ?? 1, this.fleet.regions.length),
              ),
            }
          : undefined,
      retention: props.retention ?? DEFAULT_FLEET_RETENTION,
      deduplicationReplicaLabels: blockReplicaLabels,
      resources: compactorSize.resources,
      storage: FleetPattern.storageOf(compactorSize),
      monitoring: this.componentMonitoring('thanos-compact', global),
      ...this.scraperPolicy('metricsScrapers'),
    });
    this.grafana = this.createGrafana(props.grafana, this.queryFrontend);
    this.addSelfMonitoringRules();
    const receivers = this.fleet.regions.map((r) =>
      receiveDataPath(
        (regions[r.name] as HybridRegion).receive,
        r.clusters.map((c) => ({ tenant: c.name, prometheus: prometheus[c.name] as PrometheusWithSidecar })),
      ),
    );
    this.checkDataPath({
      pattern: this.pattern,
      topQuerier: this.globalQuery.node.path,
      bucketRetentionHours: durationHours(this.compactor.rawRetention),
      producers: receivers.flatMap((r) => r.producers),
      storeApis: [
        ...receivers.map((r) => r.storeApi),
        ...storeDataPath(this.store),
        queryDataPath(this.globalQuery),
        ...this.fleet.regions.map((r) =>
          queryDataPath((regions[r.name] as HybridRegion).query, [
            `${this.host('thanos-query', r.name)}:${THANOS_PORTS.grpc}`,
          ]),
        ),
      ],
      compactors: compactorDataPath(this.compactor),
    });
  }
}
