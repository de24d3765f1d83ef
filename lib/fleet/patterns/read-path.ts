import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { RoleCapacity, RoleOverride } from '../../capacity';
import {
  ErrorCode,
  ErrorContext,
  MonitoringOptions,
  ObservabilityConstructError,
  Placement,
  defaultMetricsScrapers,
} from '../../core';
import {
  Memcached,
  MemcachedSizes,
  memcachedContainerMemoryMiB,
  MEMCACHED_EXPORTER_RESOURCES,
} from '../../memcached';
import { DEFAULT_MEMCACHED_CPU } from '../../memcached/memcached';
import {
  GRAFANA_PEER,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosStore,
  thanosComponentPeer,
} from '../../thanos';

/** The sizes of one memcached cache of a fleet (`-m`, `-I`, `-c`); pods come from the capacity model. */
export type FleetCacheSizes = Partial<MemcachedSizes>;

/** The fleet's memcached caches, each at the `Memcached` defaults unless sized here. */
export interface FleetCaches {
  /** The store gateways' index cache (postings, series). @default the Memcached defaults (1024 MiB) */
  readonly index?: FleetCacheSizes;
  /** The store gateways' caching bucket (chunks, meta files). @default the Memcached defaults */
  readonly bucket?: FleetCacheSizes;
  /** The query-frontend's results and labels cache. @default the Memcached defaults */
  readonly results?: FleetCacheSizes;
}

/**
 * Caches are on in the Thanos fleet patterns: at fleet scale a store gateway's in-memory index cache is cold after
 * every restart and private to each pod, and a frontend's in-memory results are lost on restart and not shared
 * between its replicas; memcached keeps them across restarts and shares them (what kube-thanos ships). `caches:
 * false` falls back to the in-memory caches (a small or development fleet).
 */
export const DEFAULT_FLEET_CACHES: FleetCaches = {};

/** The capacity model's role key of each cache. */
export const FLEET_CACHE_ROLES = {
  index: 'indexCache',
  bucket: 'bucketCache',
  results: 'resultsCache',
} as const;

/** The memcached caches a pattern deployed. */
export interface FleetCacheSet {
  readonly index: Memcached;
  readonly bucket: Memcached;
  readonly results: Memcached;
}

/** The pods each cache admits: store gateways for the index and bucket caches, query-frontends for results. */
const CACHE_CLIENTS: Readonly<Record<keyof FleetCacheSet, readonly k8s.NetworkPolicyPeer[]>> = {
  index: [thanosComponentPeer('store')],
  bucket: [thanosComponentPeer('store')],
  results: [thanosComponentPeer('query-frontend')],
};

/**
 * The capacity model's resources of the caches as the props size them, so that what the charts hold is what the model
 * sized (a user's own `sizing` wins).
 */
export function cacheSizing(
  caches: FleetCaches | false,
  context: ErrorContext,
  userSizing: Readonly<Record<string, RoleOverride>> = {},
): Readonly<Record<string, RoleOverride>> {
  if (caches === false) return {};
  // The memcached pods take their memory from -m (memcachedContainerMemoryMiB), not from the sizing: a resources
  // override would show in plan but never reach the pods.
  for (const [which, role] of Object.entries(FLEET_CACHE_ROLES)) {
    const resources = userSizing[role]?.resources;
    if (resources === undefined) continue;
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: `sizing.${role}.resources`,
      problem:
        'cannot size a memcached cache: its container memory follows the cache size (-m) plus overhead, so these resources would not reach the pods',
      value: resources,
      fix: `give the cache size instead, e.g. caches: { ${which}: { memoryMiB: 4096 } } (replicas may stay in sizing)`,
    });
  }
  if (typeof caches !== 'object' || caches === null) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'caches',
      problem: 'must be false or an object of cache sizes',
      value: caches,
      fix: 'leave it out for memcached caches at their default sizes, or give caches: false for in-memory caches',
    });
  }
  return Object.fromEntries(
    (Object.keys(FLEET_CACHE_ROLES) as (keyof FleetCaches)[])
      .filter((k) => caches[k]?.memoryMiB !== undefined)
      .map((k) => {
        const mib =
          memcachedContainerMemoryMiB(caches[k]?.memoryMiB as number) +
          Number.parseInt(MEMCACHED_EXPORTER_RESOURCES.memory, 10);
        const cpu =
          Number.parseInt(DEFAULT_MEMCACHED_CPU, 10) + Number.parseInt(MEMCACHED_EXPORTER_RESOURCES.cpu, 10);
        return [FLEET_CACHE_ROLES[k], { resources: { cpu: `${cpu}m`, memory: `${mib}Mi` } }];
      }),
  );
}

/**
 * Idle connections a Thanos memcached client keeps per server: `max_idle_connections` 100
 * (thanos-io/thanos@v0.42.4 pkg/cacheutil/memcached_client.go `defaultMemcachedClientConfig`).
 */
export const THANOS_MEMCACHED_IDLE_CONNECTIONS = 100;
/** Connections beyond the clients' idle pools: a quarter more (assumption: bursts and rolling restarts). */
export const CACHE_CONNECTION_HEADROOM = 1.25;

/**
 * The three memcached caches in a chart, pods from the capacity model; undefined when caches are off. Each cache's
 * connection limit (`-c`) fits every client pod's idle pool with headroom, never below memcached's 1024: ten store
 * gateways already keep 1000 connections to each index-cache pod.
 */
export function fleetCaches(
  chart: Chart,
  caches: FleetCaches | false,
  size: (key: string) => RoleCapacity,
  common: {
    readonly clusterDomain: string;
    readonly placement?: Placement;
    /** Pods of the store gateways and of the frontend that use the caches. */
    readonly clientPods: { readonly store: number; readonly frontend: number };
    /** The exporters' ServiceMonitors (see FleetPattern.componentMonitoring). @default none */
    readonly monitoring?: MonitoringOptions;
    /** Who may scrape the exporters. @default Memcached's default (Prometheus pods in the namespace) */
    readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
  },
): FleetCacheSet | undefined {
  if (caches === false) return undefined;
  const make = (which: keyof FleetCacheSet) =>
    new Memcached(chart, `memcached-${which}`, {
      name: `memcached-${which}`,
      clusterDomain: common.clusterDomain,
      placement: common.placement,
      replicas: size(FLEET_CACHE_ROLES[which]).pods,
      maxConnections: Math.max(
        1024,
        Math.ceil(
          (which === 'results' ? common.clientPods.frontend : common.clientPods.store) *
            THANOS_MEMCACHED_IDLE_CONNECTIONS *
            CACHE_CONNECTION_HEADROOM,
        ),
      ),
      ...(common.monitoring ? { monitoring: common.monitoring } : {}),
      ...(common.metricsScrapers ? { metricsScrapers: common.metricsScrapers } : {}),
      ...caches[which],
      clients: CACHE_CLIENTS[which],
    });
  return { index: make('index'), bucket: make('bucket'), results: make('results') };
}

/** The store gateway props that put its index cache and caching bucket in the fleet's memcached. */
export function storeCaches(
  caches: FleetCacheSet | undefined,
): Pick<ConstructorParameters<typeof ThanosStore>[2], 'memcached'> {
  return caches === undefined
    ? {}
    : { memcached: { index: caches.index.client, bucket: caches.bucket.client } };
}

/**
 * The peers allowed to the global querier's HTTP API once a frontend stands in front of it: the frontend, the ruler
 * (which evaluates the fleet rules through it) where the pattern has one, and the metrics scrapers. Grafana reads
 * through the frontend.
 */
export function globalQueryHttpClients(
  withRuler: boolean,
  scrapers: readonly k8s.NetworkPolicyPeer[] = defaultMetricsScrapers(),
): {
  readonly httpClients: k8s.NetworkPolicyPeer[];
} {
  return {
    httpClients: [
      thanosComponentPeer('query-frontend'),
      ...(withRuler ? [thanosComponentPeer('rule')] : []),
      ...scrapers,
    ],
  };
}

/**
 * The query-frontend in front of the global querier: range queries split by day, retried, their results (and label
 * requests) cached in memcached, or in each pod's memory when caches are off.
 */
export function fleetQueryFrontend(
  chart: Chart,
  query: ThanosQuery,
  caches: FleetCacheSet | undefined,
  size: RoleCapacity,
  common: {
    readonly clusterDomain: string;
    readonly placement?: Placement;
    /** Its ServiceMonitor (see FleetPattern.componentMonitoring). @default none */
    readonly monitoring?: MonitoringOptions;
    /** Who may scrape it besides Grafana. @default Prometheus pods in the namespace */
    readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
  },
): ThanosQueryFrontend {
  return new ThanosQueryFrontend(chart, 'query-frontend', {
    clusterDomain: common.clusterDomain,
    placement: common.placement,
    ...(common.monitoring ? { monitoring: common.monitoring } : {}),
    ...(common.metricsScrapers
      ? { networkPolicy: { clients: [GRAFANA_PEER, ...common.metricsScrapers] } }
      : {}),
    name: 'thanos-query-frontend',
    query,
    replicas: size.pods,
    resources: size.resources,
    cache: caches === undefined ? { kind: 'in-memory' } : { kind: 'memcached', ...caches.results.client },
  });
}
