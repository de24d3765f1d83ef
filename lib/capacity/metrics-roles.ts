import type { ResourceSpec } from '../core/resources';
import type { ResolvedMetricsLoad } from './metrics-load';
import { CACHE_REFERENCE_PODS, QUERIES_PER_QUERIER, QUERIES_PER_QUERY_FRONTEND } from './coefficients';

/** The four fleet patterns of the reference design (hierarchical, receive, hybrid and federation; D1 to D4 there). */
export type MetricsPatternName = 'hierarchical' | 'receive' | 'hybrid' | 'federation';

/** What a role's count grows with (see `driverValue`). */
export type RoleDriver =
  | 'queries'
  | 'series'
  | 'olderBlockSeriesDays'
  | 'allBlockSeriesDays'
  | 'recentBlockSeriesDays'
  | 'uploadBytesPerDay'
  | 'remoteWriteSamplesPerSecond'
  | 'replicatedSamplesPerSecond'
  | 'fixed';

/** The clusters a role serves: the whole fleet (global roles) or one region. */
export interface RuleScope {
  readonly clusters: number;
  readonly regions: number;
}

/** How the model sizes one role of a pattern. */
export interface RoleRule {
  readonly key: string;
  readonly role: string;
  readonly layer: 'global' | 'region';
  /** The pod shape: the reference design's where it gives one, else the construct's default. */
  readonly resources: ResourceSpec;
  /** Pods at the reference load (200 clusters, 4 regions of 50, default inputs). */
  readonly referencePods: number;
  /** What one pod takes of the driver, when upstream says; else the reference's driver ÷ `referencePods`. */
  readonly perPod?: number;
  readonly driver: RoleDriver;
  readonly minPods: (load: ResolvedMetricsLoad) => number;
  /** For store gateways: pods per `__block_id` shard (pods = shards × this). */
  readonly replicasPerShard?: number;
  /** Each pod is a shard of its own (the compactor). */
  readonly sharded?: boolean;
  /** The most shards the shard label allows (the compactor shards by cluster or by region). */
  readonly maxShards?: (scope: RuleScope) => number;
  readonly storage?: 'compactorScratch' | 'storeIndexHeaders' | 'receiveTsdb';
  /** Why the role grows as it does, for the plan and the README. */
  readonly why: string;
  /** A role the reference design leaves out, sized only when the pattern deploys it. @default always sized */
  readonly feature?: 'queryFrontend' | 'caches';
}

const two = () => 2;
const one = () => 1;

const query = (key: string, layer: 'global' | 'region'): RoleRule => ({
  key,
  role: 'thanos/query',
  layer,
  resources: { cpu: '2', memory: '4Gi' },
  referencePods: 3,
  perPod: QUERIES_PER_QUERIER,
  driver: 'queries',
  minPods: two,
  why: 'concurrent queries ÷ 20 per querier (--query.max-concurrent); longer ranges count as more queries',
});

const regionalQuery: RoleRule = {
  key: 'regionalQuery',
  role: 'thanos/query',
  layer: 'region',
  resources: { cpu: '2', memory: '4Gi' },
  referencePods: 2,
  driver: 'series',
  minPods: two,
  why: "the region's active series it merges; 2 per region of 50 reference clusters",
};

const compactor = (referencePods: number, maxShards: (s: RuleScope) => number): RoleRule => ({
  key: 'compactor',
  role: 'thanos/compact',
  layer: 'global',
  resources: { cpu: '1', memory: '2Gi' },
  referencePods,
  driver: 'uploadBytesPerDay',
  minPods: one,
  sharded: true,
  maxShards,
  storage: 'compactorScratch',
  why: 'bytes uploaded per day it must compact and downsample; one shard per slice of the shard label',
});

const grafana: RoleRule = {
  key: 'grafana',
  role: 'grafana/dashboards',
  layer: 'global',
  resources: { cpu: '500m', memory: '1Gi' },
  referencePods: 2,
  driver: 'fixed',
  minPods: two,
  why: 'an HA pair; it renders, the queriers do the work',
};

const receiveRouter = (layer: 'global' | 'region', resources: ResourceSpec): RoleRule => ({
  key: 'receiveRouter',
  role: 'thanos/receive',
  layer,
  resources,
  referencePods: 2,
  driver: 'remoteWriteSamplesPerSecond',
  minPods: two,
  why: 'samples/s remote-written to it (remoteWriteReplicas writers per cluster, one by default)',
});

const receiveIngestor = (layer: 'global' | 'region', referencePods: number): RoleRule => ({
  key: 'receiveIngestor',
  role: 'thanos/receive',
  layer,
  resources: { cpu: '2', memory: '4Gi' },
  referencePods,
  driver: 'replicatedSamplesPerSecond',
  minPods: (load) => load.receiveReplicationFactor,
  storage: 'receiveTsdb',
  why: 'samples/s times the replication factor; at least the replication factor',
});

/** The global store gateways of the receive patterns: one unsharded set over every block in the bucket. */
const allBlocksStore: RoleRule = {
  key: 'store',
  role: 'thanos/store',
  layer: 'global',
  resources: { cpu: '1', memory: '2Gi' },
  referencePods: 5,
  driver: 'allBlockSeriesDays',
  minPods: one,
  replicasPerShard: 1,
  storage: 'storeIndexHeaders',
  why: 'series-days of every block in the bucket',
};

/**
 * Every pattern's roles. The reference pods and shapes are the reference design's (`reference.ts` says what each
 * implies); the receive pattern's compactor and the hybrid shapes it does not give are the constructs' defaults.
 */
export const METRICS_ROLE_RULES: Readonly<Record<MetricsPatternName, readonly RoleRule[]>> = {
  hierarchical: [
    query('globalQuery', 'global'),
    {
      key: 'globalStore',
      role: 'thanos/store',
      layer: 'global',
      resources: { cpu: '1', memory: '2Gi' },
      referencePods: 10,
      driver: 'olderBlockSeriesDays',
      minPods: two,
      replicasPerShard: 2,
      storage: 'storeIndexHeaders',
      why: 'series-days of the blocks older than the recent window (index headers held per block)',
    },
    compactor(3, (s) => s.clusters),
    {
      key: 'ruler',
      role: 'thanos/rule',
      layer: 'global',
      resources: { cpu: '500m', memory: '1Gi' },
      referencePods: 1,
      driver: 'fixed',
      minPods: one,
      why: 'the fleet rules, which do not grow with the clusters (they read cluster:* aggregates)',
    },
    grafana,
    regionalQuery,
    {
      key: 'regionalStore',
      role: 'thanos/store',
      layer: 'region',
      resources: { cpu: '1', memory: '2Gi' },
      referencePods: 2,
      driver: 'recentBlockSeriesDays',
      minPods: two,
      storage: 'storeIndexHeaders',
      why: "series-days of the region's blocks in the recent window",
    },
  ],
  receive: [
    receiveRouter('global', { cpu: '2', memory: '4Gi' }),
    receiveIngestor('global', 8),
    query('query', 'global'),
    allBlocksStore,
    compactor(1, () => 1),
    grafana,
  ],
  hybrid: [
    query('query', 'global'),
    allBlocksStore,
    compactor(3, (s) => s.regions),
    grafana,
    receiveRouter('region', { cpu: '1', memory: '1Gi' }),
    receiveIngestor('region', 3),
    regionalQuery,
  ],
  federation: [
    {
      key: 'globalPrometheus',
      role: 'prometheus/server',
      layer: 'global',
      resources: { cpu: '1', memory: '4Gi' },
      referencePods: 2,
      driver: 'fixed',
      minPods: two,
      why: "an HA pair over the regions' region:* aggregates, which do not grow with the clusters",
    },
    {
      key: 'regionalPrometheus',
      role: 'prometheus/server',
      layer: 'region',
      resources: { cpu: '1', memory: '4Gi' },
      referencePods: 2,
      driver: 'fixed',
      minPods: two,
      why: "an HA pair per region over its clusters' cluster:* aggregates; more clusters mean more regions",
    },
  ],
};

/**
 * The pod of one memcached cache as the `Memcached` construct builds it by default: memcached 500m with `-m 1024`
 * (1024 + 10% + 64 MiB, rounded up to 64 MiB: 1216Mi, lib/memcached/sizing.ts) and its exporter 50m / 64Mi.
 */
export const CACHE_POD_RESOURCES: ResourceSpec = { cpu: '550m', memory: '1280Mi' };

const cache = (key: string, driver: RoleDriver, why: string): RoleRule => ({
  key,
  role: 'memcached/cache',
  layer: 'global',
  resources: CACHE_POD_RESOURCES,
  referencePods: CACHE_REFERENCE_PODS,
  driver,
  minPods: two,
  feature: 'caches',
  why,
});

const OPERATIONS_ROLES: readonly RoleRule[] = [
  {
    key: 'queryFrontend',
    role: 'thanos/query-frontend',
    layer: 'global',
    resources: { cpu: '500m', memory: '1Gi' },
    referencePods: 2,
    perPod: QUERIES_PER_QUERY_FRONTEND,
    driver: 'queries',
    minPods: two,
    feature: 'queryFrontend',
    why: 'concurrent queries ÷ 60 per frontend (an assumption: it splits and caches, the queriers evaluate)',
  },
  cache(
    'indexCache',
    'series',
    "the fleet's active series, whose postings and series the store gateways cache",
  ),
  cache(
    'bucketCache',
    'series',
    "the fleet's active series, whose chunks and meta files the store gateways cache",
  ),
  cache('resultsCache', 'queries', 'concurrent queries, whose split results the query-frontend caches'),
];

/**
 * Roles the reference design leaves out and the Thanos patterns deploy in front of the global querier: the
 * query-frontend and, when caches are on, three memcached caches. Sized only when `metricsCapacity` is told so.
 */
export const OPERATIONS_ROLE_RULES: Readonly<Record<MetricsPatternName, readonly RoleRule[]>> = {
  hierarchical: OPERATIONS_ROLES,
  receive: OPERATIONS_ROLES,
  hybrid: OPERATIONS_ROLES,
  federation: [],
};
