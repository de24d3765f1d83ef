import { App, Chart } from 'cdk8s';
import { DEFAULT_METRICS_LOAD, RoleCapacity } from '../../capacity';
import { Placement } from '../../core';
import { Grafana } from '../../grafana';
import { PrometheusWithSidecar } from '../../prometheus';
import {
  EndpointTls,
  IStoreApi,
  QueryEndpoint,
  ThanosCompactor,
  ThanosObjectStorage,
  ThanosQuery,
  ThanosRuler,
  ThanosStore,
  ThanosStoreProps,
  ThanosQueryProps,
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
import { FleetPattern } from './base';
import {
  ThanosHierarchicalProps,
  createFleetCompactor,
  createFleetRuler,
  hierarchicalBucketReplicaLabels,
} from './hierarchical';

/**
 * The flat fleet's querier. It is not named like the hierarchical pattern's global querier (`thanos-query`) so that a
 * migration can run both side by side in the same cluster and namespace (phases 2 and 3) and end with the
 * hierarchical pattern's names unchanged.
 */
export const FLAT_QUERY_NAME = 'thanos-query-flat';
/** The flat fleet's store gateway: one shard over every block, named apart from the hierarchical shards. */
export const FLAT_STORE_NAME = 'thanos-store-flat';
/** The flat store's read path: it serves every block, beside the hierarchical stores during a migration. */
export const FLAT_READ_PATH = 'flat';
/** The reference design's flat fleet runs 2 store gateway replicas (its migration scales them out "2 → 10"). */
export const FLAT_STORE_REPLICAS = 2;
/**
 * The reference design: one querier degrades past 50 gRPC endpoints (one per application cluster: "200 connections,
 * recommended maximum 50"); the capacity model's `maxQuerierFanOut`.
 */
export const FLAT_FAN_OUT_LIMIT = DEFAULT_METRICS_LOAD.maxQuerierFanOut;

/** Something allowed but worth a look, raised at construction. */
export interface FleetWarning {
  readonly code: 'querier-fan-out';
  /** The construct path it concerns. */
  readonly path: string;
  /** Application clusters the querier reaches directly. */
  readonly clusters: number;
  readonly limit: number;
  readonly message: string;
}

export type ThanosFlatProps = Omit<ThanosHierarchicalProps, 'migration'>;

/** What the flat read path is built from; the same values give the same objects in ThanosFlat and in a migration. */
export interface FlatReadPathInput {
  readonly chart: Chart;
  readonly clusterDomain: string;
  readonly reader: ThanosObjectStorage;
  readonly queryPlacement?: Placement;
  readonly storePlacement?: Placement;
  readonly querySize: RoleCapacity;
  readonly storeSize: RoleCapacity;
  readonly replicaLabels: readonly string[];
  /** Every sidecar (phases before the move) or the hierarchical layer's StoreAPIs (after it). */
  readonly endpoints: readonly QueryEndpoint[];
  readonly stores: readonly IStoreApi[];
  readonly allowPlaintextExposure?: boolean;
  /** How the store is monitored and who may scrape it (see FleetPattern.componentMonitoring). */
  readonly storeOperate?: Pick<ThanosStoreProps, 'monitoring' | 'networkPolicy'>;
  /** How the querier is monitored and who may reach its HTTP port. */
  readonly queryOperate?: Pick<ThanosQueryProps, 'monitoring' | 'networkPolicy'>;
}

/** The flat fleet's store gateway: one shard, every block of every age. */
export function createFlatStore(input: Omit<FlatReadPathInput, 'endpoints' | 'stores'>): ThanosStore {
  return new ThanosStore(input.chart, 'store-flat', {
    clusterDomain: input.clusterDomain,
    placement: input.storePlacement,
    name: FLAT_STORE_NAME,
    readPath: FLAT_READ_PATH,
    objectStorage: input.reader,
    replicaLabels: [...input.replicaLabels],
    replicas: FLAT_STORE_REPLICAS,
    resources: input.storeSize.resources,
    storage:
      input.storeSize.storageGiB === undefined ? undefined : { size: `${input.storeSize.storageGiB}Gi` },
    ...input.storeOperate,
  });
}

/** The flat fleet's querier over the endpoints and stores it is given. */
export function createFlatQuery(input: FlatReadPathInput): ThanosQuery {
  return new ThanosQuery(input.chart, 'query-flat', {
    clusterDomain: input.clusterDomain,
    placement: input.queryPlacement,
    name: FLAT_QUERY_NAME,
    stores: [...input.stores],
    endpoints: [...input.endpoints],
    replicas: input.querySize.pods,
    resources: input.querySize.resources,
    allowPlaintextExposure: input.allowPlaintextExposure,
    ...input.queryOperate,
  });
}

/** The fan-out warning of a querier reaching `clusters` application clusters directly, if past the limit. */
export function fanOutWarning(path: string, clusters: number): FleetWarning[] {
  if (clusters <= FLAT_FAN_OUT_LIMIT) return [];
  return [
    {
      code: 'querier-fan-out',
      path,
      clusters,
      limit: FLAT_FAN_OUT_LIMIT,
      message: `the querier '${path}' reaches ${clusters} application clusters' sidecars directly; the reference design sees one querier degrade past ${FLAT_FAN_OUT_LIMIT} gRPC endpoints: migrate to the hierarchical pattern (plan --pattern hierarchical --migrate-from flat)`,
    },
  ];
}

/** Every sidecar endpoint of the application clusters (both replicas of each pair), with the fleet's client TLS. */
export function sidecarEndpoints(
  prometheus: Readonly<Record<string, PrometheusWithSidecar>>,
  tls: EndpointTls | undefined,
): QueryEndpoint[] {
  return Object.values(prometheus).flatMap((p) =>
    p.externalGrpcEndpoints.map((address) => ({ address, tls })),
  );
}

/**
 * The flat fleet the reference design starts from: one monitoring cluster (the `monitoring-global` chart) whose one
 * querier reaches every application cluster's sidecar directly, beside a store gateway over the whole bucket, the
 * compactor, a ruler and Grafana. Application clusters run what the hierarchical pattern's run (a Prometheus pair with
 * a sidecar behind a load balancer), so moving to it changes no application cluster's workload. Past
 * {@link FLAT_FAN_OUT_LIMIT} clusters the querier degrades: {@link warnings} says so (also as `warning` metadata on
 * the construct). Sized as the hierarchical pattern's global cluster by the capacity model, so its
 * {@link sizingReport} reads `hierarchical`.
 */
export class ThanosFlat extends FleetPattern {
  public readonly query: ThanosQuery;
  public readonly store: ThanosStore;
  public readonly compactor: ThanosCompactor;
  public readonly ruler: ThanosRuler;
  public readonly grafana?: Grafana;
  public readonly prometheus: Readonly<Record<string, PrometheusWithSidecar>>;
  /** The flat querier's fan-out past the reference design's limit. */
  public readonly warnings: readonly FleetWarning[];

  constructor(scope: App, id: string, props: ThanosFlatProps) {
    super(scope, id, 'flat', props, false);
    const clientTls = this.endpointTls();
    const prometheus = this.sidecarPrometheus(props);
    this.prometheus = prometheus;
    const global = this.globalChart;
    const input = {
      chart: global,
      clusterDomain: this.clusterDomain,
      reader: this.objectStorage(global, props, 'reader'),
      queryPlacement: this.placementFor('globalQuery'),
      storePlacement: this.placementFor('store'),
      querySize: this.size('globalQuery'),
      storeSize: this.size('globalStore'),
      replicaLabels: hierarchicalBucketReplicaLabels(this.fleet.replicaLabel),
      allowPlaintextExposure: this.allowPlaintextExposure,
      storeOperate: {
        monitoring: this.componentMonitoring('thanos-store', global),
        ...this.scraperPolicy('metricsScrapers'),
      },
      queryOperate: {
        monitoring: this.componentMonitoring('thanos-query', global),
        ...this.scraperPolicy('httpClients', QUERY_HTTP_CLIENTS),
      },
    };
    this.store = createFlatStore(input);
    this.ruler = createFleetRuler(
      this,
      global,
      props,
      FLAT_QUERY_NAME,
      this.size('ruler'),
      { objectStorage: this.objectStorage(global, props, 'uploader'), placement: this.placementFor('ruler') },
      {
        monitoring: this.componentMonitoring('thanos-rule', global),
        ...this.scraperPolicy('httpClients'),
        partialResponseAlertElsewhere: this.selfMonitoring?.rules === true,
      },
    );
    this.query = createFlatQuery({
      ...input,
      stores: [this.store, this.ruler],
      endpoints: sidecarEndpoints(prometheus, clientTls),
    });
    this.compactor = createFleetCompactor(
      this,
      global,
      props,
      this.size('compactor'),
      {
        objectStorage: this.objectStorage(global, props, 'compactor'),
        placement: this.placementFor('compactor'),
      },
      {
        monitoring: this.componentMonitoring('thanos-compact', global),
        ...this.scraperPolicy('metricsScrapers'),
      },
    );
    this.grafana = this.createGrafana(props.grafana, this.query);
    this.addSelfMonitoringRules();
    this.warnings = fanOutWarning(this.query.node.path, this.fleet.clusters.length);
    for (const w of this.warnings) this.node.addMetadata('warning', w.message);

    const sidecars = Object.values(prometheus).map((p) => sidecarDataPath(p, true));
    const ruler = rulerDataPath(this.ruler);
    this.checkDataPath({
      pattern: this.pattern,
      topQuerier: this.query.node.path,
      bucketRetentionHours: durationHours(this.compactor.rawRetention),
      producers: [...sidecars.map((s) => s.producer), ruler.producer],
      storeApis: [
        ...sidecars.map((s) => s.storeApi),
        ruler.storeApi,
        ...storeDataPath(this.store),
        queryDataPath(this.query),
      ],
      compactors: compactorDataPath(this.compactor),
    });
  }
}
