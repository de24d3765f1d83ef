import type { ResourceSpec } from '../core/resources';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../core/errors';
import {
  COMPACTOR_MAX_BLOCK_DAYS,
  COMPACTOR_MIN_VOLUME_GIB,
  COMPACTOR_SCRATCH_COPIES,
  DEDUPLICATION_LAG_DAYS,
  FEDERATED_SERIES_PER_CLUSTER,
  FEDERATION_BYTES_PER_SAMPLE,
  GIB,
  SECONDS_PER_DAY,
  STORE_INDEX_HEADER_SHARE,
  STORE_MIN_VOLUME_GIB,
  TSDB_VOLUME_HEADROOM,
  BYTES_PER_SAMPLE,
} from './coefficients';
import {
  DerivedLoad,
  MetricsLoad,
  ResolvedMetricsLoad,
  deriveLoad,
  regionSizes,
  resolveMetricsLoad,
} from './metrics-load';
import {
  METRICS_ROLE_RULES,
  MetricsPatternName,
  OPERATIONS_ROLE_RULES,
  RoleRule,
  RuleScope,
} from './metrics-roles';

/** A user's override of one role: it wins over the model, and the plan marks it. */
export interface RoleOverride {
  /** Pods (for a sharded store gateway: pods per shard). */
  readonly replicas?: number;
  /** Shards (store gateways, compactor); an error on a role that does not shard. */
  readonly shards?: number;
  readonly resources?: ResourceSpec;
  /** PVC size of each pod, e.g. `200Gi`. */
  readonly storage?: string;
}

/** One role's sizing in one target cluster. */
export interface RoleCapacity {
  /** The key overrides use (`globalQuery`, `regionalStore`, …). */
  readonly key: string;
  /** The role as the sizing report names it (`thanos/query`). */
  readonly role: string;
  readonly layer: 'global' | 'region';
  /** Pods in this target cluster (shards × replicas per shard when sharded). */
  readonly pods: number;
  /** Shards, for roles that shard. */
  readonly shards?: number;
  /** Pods per shard, for roles that shard. */
  readonly replicasPerShard?: number;
  /** Per pod: requests (limits follow the construct's rule: cpu ×2, memory = request). */
  readonly resources: ResourceSpec;
  readonly cpuCores: number;
  readonly memoryGiB: number;
  /** PVC of each pod, GiB, when the role has one. */
  readonly storageGiB?: number;
  /** What drives the count: the quantity, its value, and what one pod takes. */
  readonly driver: {
    readonly name: string;
    readonly value: number;
    readonly perPod: number;
    readonly unit: string;
    /** The fewest pods the role runs whatever the load (an HA pair, the replication factor). */
    readonly minPods: number;
    /** Why the role grows as it does (which input drives it). */
    readonly why: string;
  };
  /** The fields a user override set. */
  readonly overridden: readonly string[];
}

/** The roles of one target cluster. */
export interface TargetCapacity {
  readonly name: string;
  readonly layer: 'global' | 'region';
  readonly clusters: number;
  readonly roles: readonly RoleCapacity[];
  readonly cpuCores: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
}

/** The `to` of a flow into the bucket: uploads, priced apart from the transfer between clusters. */
export const OBJECT_STORAGE = 'object storage';

/** Bytes between layers, per day. */
export interface NetworkFlow {
  readonly from: string;
  readonly to: string;
  readonly bytesPerDay: number;
}

/** The capacity of a metrics fleet pattern for a load. */
export interface MetricsCapacity {
  readonly pattern: MetricsPatternName;
  readonly load: ResolvedMetricsLoad;
  readonly regions: readonly number[];
  readonly targets: readonly TargetCapacity[];
  readonly totals: {
    readonly cpuCores: number;
    readonly memoryGiB: number;
    readonly storageGiB: number;
    readonly pods: number;
  };
  /** Bytes in object storage at steady state (every resolution kept for its retention). */
  readonly objectStorageBytes: number;
  readonly network: readonly NetworkFlow[];
}

const CONTEXT: ErrorContext = { construct: 'MetricsCapacity', path: 'capacity.metrics' };

/** Rounds up, ignoring binary floating point noise (10.000000000002 pods are 10). */
export function ceilClean(n: number): number {
  return Math.ceil(Math.round(n * 1e9) / 1e9);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Cores in a Kubernetes CPU quantity (`500m`, `2`). */
export function cpuCoresOf(cpu: string): number {
  const m = /^([0-9.]+)(m?)$/.exec(cpu);
  if (!m) return Number.NaN;
  return m[2] === 'm' ? Number(m[1]) / 1000 : Number(m[1]);
}

/** GiB in a Kubernetes memory quantity (`512Mi`, `4Gi`). */
export function memoryGiBOf(memory: string): number {
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti)$/.exec(memory);
  if (!m) return Number.NaN;
  const factor = { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 2 ** 10 }[m[2] as 'Ki' | 'Mi' | 'Gi' | 'Ti'];
  return Number(m[1]) * factor;
}

/** Object-storage bytes at steady state for a derived load: every resolution for its retention, plus HA copies. */
export function bucketBytes(load: ResolvedMetricsLoad, d: DerivedLoad, copies: number): number {
  const r = load.retentionDays;
  return (
    d.rawBytesPerDay * r.raw +
    d.fiveMinuteBytesPerDay * r.fiveMinutes +
    d.oneHourBytesPerDay * r.oneHour +
    (copies - 1) * d.rawBytesPerDay * Math.min(DEDUPLICATION_LAG_DAYS, r.raw)
  );
}

/** The quantity each driver measures, for a scope (the fleet, or one region) of a pattern. */
export function driverValue(rule: RoleRule, load: ResolvedMetricsLoad, scope: RuleScope): number {
  const d = deriveLoad(load, scope.clusters);
  const maxRetention = Math.max(
    load.retentionDays.raw,
    load.retentionDays.fiveMinutes,
    load.retentionDays.oneHour,
  );
  switch (rule.driver) {
    case 'queries':
      return load.concurrentQueries * Math.max(1, load.queryRangeHours / 24);
    case 'series':
      return d.activeSeries;
    case 'olderBlockSeriesDays':
      return d.seriesPerDayBlock * Math.max(0, maxRetention - load.recentWindowDays);
    case 'allBlockSeriesDays':
      return d.seriesPerDayBlock * maxRetention;
    case 'recentBlockSeriesDays':
      return d.seriesPerDayBlock * Math.min(load.recentWindowDays, maxRetention);
    case 'uploadBytesPerDay':
      return d.rawBytesPerDay * load.prometheusReplicas;
    case 'remoteWriteSamplesPerSecond':
      return d.samplesPerSecond * load.remoteWriteReplicas;
    case 'replicatedSamplesPerSecond':
      return d.samplesPerSecond * load.remoteWriteReplicas * load.receiveReplicationFactor;
    case 'fixed':
      return 1;
  }
}

/** The unit each driver is counted in, for the plan. */
export const DRIVER_UNITS: Readonly<Record<RoleRule['driver'], string>> = {
  queries: 'concurrent queries (× range / 24h)',
  series: 'active series',
  olderBlockSeriesDays: 'series-days in blocks older than the recent window',
  allBlockSeriesDays: 'series-days in the bucket',
  recentBlockSeriesDays: 'series-days in the recent window',
  uploadBytesPerDay: 'bytes uploaded per day',
  remoteWriteSamplesPerSecond: 'samples/s remote-written',
  replicatedSamplesPerSecond: 'samples/s written to the hashring (× replication)',
  fixed: 'fixed (does not grow with the fleet)',
};

/** The reference load every pattern's calibration rests on: 200 clusters in 4 regions of 50, other inputs default. */
export const REFERENCE_CLUSTERS = 200;

function referenceScope(rule: RoleRule): RuleScope {
  const load = resolveMetricsLoad({ clusters: REFERENCE_CLUSTERS });
  const regions = regionSizes(REFERENCE_CLUSTERS, load.clustersPerRegion);
  return rule.layer === 'global'
    ? { clusters: REFERENCE_CLUSTERS, regions: regions.length }
    : { clusters: regions[0] as number, regions: regions.length };
}

/** What one pod of a role takes of its driver: the reference value over the reference pods (or an upstream figure). */
export function perPodCapacity(rule: RoleRule): number {
  if (rule.perPod !== undefined) return rule.perPod;
  const load = resolveMetricsLoad({ clusters: REFERENCE_CLUSTERS });
  return driverValue(rule, load, referenceScope(rule)) / rule.referencePods;
}

function gibUp(bytes: number, step = 1): number {
  return Math.max(step, Math.ceil(bytes / GIB / step - 1e-9) * step);
}

function storageOf(
  rule: RoleRule,
  load: ResolvedMetricsLoad,
  scope: RuleScope,
  pods: number,
  shards: number,
): number | undefined {
  const d = deriveLoad(load, scope.clusters);
  switch (rule.storage) {
    case undefined:
      return undefined;
    case 'compactorScratch': {
      // One stream (one cluster's HA pair before deduplication) at a time: 2 × two weeks of its raw blocks.
      const perCluster = deriveLoad(load, 1).rawBytesPerDay * load.prometheusReplicas;
      const bytes =
        COMPACTOR_SCRATCH_COPIES * Math.min(COMPACTOR_MAX_BLOCK_DAYS, load.retentionDays.raw) * perCluster;
      return Math.max(COMPACTOR_MIN_VOLUME_GIB, gibUp(bytes, 10));
    }
    case 'storeIndexHeaders': {
      const served = bucketBytes(load, d, 1) / Math.max(1, shards);
      return Math.max(STORE_MIN_VOLUME_GIB, gibUp(served * STORE_INDEX_HEADER_SHARE, 10));
    }
    case 'receiveTsdb': {
      const perPod = (d.samplesPerSecond * load.remoteWriteReplicas * load.receiveReplicationFactor) / pods;
      const bytes =
        perPod * SECONDS_PER_DAY * load.receiveLocalRetentionDays * BYTES_PER_SAMPLE * TSDB_VOLUME_HEADROOM;
      return gibUp(bytes, 10);
    }
  }
}

function sizeRole(
  rule: RoleRule,
  load: ResolvedMetricsLoad,
  scope: RuleScope,
  override: RoleOverride | undefined,
  context: ErrorContext,
): RoleCapacity {
  const value = driverValue(rule, load, scope);
  const perPod = perPodCapacity(rule);
  const max = rule.maxShards?.(scope) ?? Number.POSITIVE_INFINITY;
  let needed = Math.max(rule.minPods(load), ceilClean(value / perPod));
  const overridden: string[] = [];
  const checkCount = (n: unknown, prop: string) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10_000) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `sizing.${rule.key}.${prop}`,
        problem: 'must be a whole number from 1 to 10000',
        value: n,
        fix: `leave it out to take the model's ${prop} for ${rule.role}`,
      });
    }
    return n;
  };
  if (override?.shards !== undefined && rule.replicasPerShard === undefined && rule.sharded !== true) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: `sizing.${rule.key}.shards`,
      problem: `is set on ${rule.role}, which does not shard`,
      value: override.shards,
      fix: 'set replicas instead, or shards on a store gateway or the compactor',
    });
  }
  let shards: number | undefined;
  let perShard: number | undefined;
  if (rule.replicasPerShard !== undefined) {
    perShard = rule.replicasPerShard;
    shards = Math.min(max, Math.max(1, ceilClean(needed / perShard)));
    if (override?.shards !== undefined) {
      shards = checkCount(override.shards, 'shards');
      overridden.push('shards');
    }
    if (override?.replicas !== undefined) {
      perShard = checkCount(override.replicas, 'replicas');
      overridden.push('replicas');
    }
    needed = shards * perShard;
  } else {
    needed = Math.min(max, needed);
    if (rule.sharded) shards = needed;
    if (override?.shards !== undefined) {
      needed = checkCount(override.shards, 'shards');
      shards = needed;
      overridden.push('shards');
    }
    if (override?.replicas !== undefined) {
      needed = checkCount(override.replicas, 'replicas');
      if (rule.sharded) shards = needed;
      overridden.push('replicas');
    }
  }
  let resources = rule.resources;
  if (override?.resources !== undefined) {
    resources = override.resources;
    overridden.push('resources');
  }
  let storageGiB = storageOf(rule, load, scope, needed, shards ?? 1);
  if (override?.storage !== undefined) {
    const gib = memoryGiBOf(override.storage);
    if (!Number.isFinite(gib) || gib <= 0) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_QUANTITY,
        prop: `sizing.${rule.key}.storage`,
        problem: 'must be a size in Ki, Mi, Gi or Ti',
        value: override.storage,
        fix: "e.g. '200Gi'",
      });
    }
    storageGiB = gib;
    overridden.push('storage');
  }
  return {
    key: rule.key,
    role: rule.role,
    layer: rule.layer,
    pods: needed,
    ...(shards !== undefined ? { shards } : {}),
    ...(perShard !== undefined ? { replicasPerShard: perShard } : {}),
    resources,
    cpuCores: cpuCoresOf(resources.cpu),
    memoryGiB: round3(memoryGiBOf(resources.memory)),
    ...(storageGiB !== undefined ? { storageGiB } : {}),
    driver: {
      name: rule.driver,
      value: round3(value),
      perPod: round3(perPod),
      unit: DRIVER_UNITS[rule.driver],
      minPods: rule.minPods(load),
      why: rule.why,
    },
    overridden,
  };
}

function target(
  name: string,
  layer: 'global' | 'region',
  clusters: number,
  roles: RoleCapacity[],
): TargetCapacity {
  return {
    name,
    layer,
    clusters,
    roles,
    cpuCores: round3(roles.reduce((n, r) => n + r.pods * r.cpuCores, 0)),
    memoryGiB: round3(roles.reduce((n, r) => n + r.pods * r.memoryGiB, 0)),
    storageGiB: round3(roles.reduce((n, r) => n + r.pods * (r.storageGiB ?? 0), 0)),
  };
}

/** Options of {@link metricsCapacity}. */
export interface MetricsCapacityOptions {
  /** Region sizes, when the fleet is not cut the default way (`fleetFromRegions`). */
  readonly regions?: readonly number[];
  /** Per-role overrides, by role key. */
  readonly sizing?: Readonly<Record<string, RoleOverride>>;
  /** Whether Grafana runs in the global cluster. @default true */
  readonly grafana?: boolean;
  /** Size the query-frontend in front of the global querier (the reference design has none). @default false */
  readonly queryFrontend?: boolean;
  /** Size the memcached caches of store gateways and frontend (the reference design has none). @default false */
  readonly caches?: boolean;
  readonly context?: ErrorContext;
}

/**
 * Sizes every role of a fleet pattern for a load. Each role's pod count is `max(minimum, ⌈driver ÷ per-pod⌉)`, where
 * the driver is the load quantity the role's work grows with (queries, series in the blocks it serves, bytes it
 * compacts, samples it ingests) and the per-pod figure is upstream's where one exists (20 queries per querier) or
 * else what the reference design implies: its pods at its own load (`reference.ts`). At the reference load every
 * pattern therefore reproduces the reference's pods exactly; elsewhere each role grows with its own driver.
 */
export function metricsCapacity(
  pattern: MetricsPatternName,
  input: MetricsLoad,
  options: MetricsCapacityOptions = {},
): MetricsCapacity {
  const context = options.context ?? CONTEXT;
  const load = resolveMetricsLoad(input, context);
  const regions = options.regions ?? regionSizes(load.clusters, load.clustersPerRegion);
  for (const size of regions) {
    if (size > load.maxQuerierFanOut) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'regions',
        problem: `hold a region of ${size} clusters, above the querier fan-out limit of ${load.maxQuerierFanOut}`,
        value: regions,
        fix: `split it into regions of at most ${load.maxQuerierFanOut} clusters`,
      });
    }
  }
  const rules = [
    ...METRICS_ROLE_RULES[pattern],
    ...OPERATIONS_ROLE_RULES[pattern].filter((r) => options[r.feature ?? 'queryFrontend'] === true),
  ].filter((r) => options.grafana !== false || r.key !== 'grafana');
  const known = new Set(rules.map((r) => r.key));
  for (const key of Object.keys(options.sizing ?? {})) {
    if (!known.has(key)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `sizing.${key}`,
        problem: `names no role of this pattern`,
        value: key,
        fix: `use one of ${[...known].join(', ')}`,
      });
    }
  }
  const globalScope = { clusters: load.clusters, regions: regions.length };
  const targets: TargetCapacity[] = [];
  const globalRoles = rules
    .filter((r) => r.layer === 'global')
    .map((r) => sizeRole(r, load, globalScope, options.sizing?.[r.key], context));
  targets.push(target('global', 'global', load.clusters, globalRoles));
  regions.forEach((size, i) => {
    const regionRoles = rules
      .filter((r) => r.layer === 'region')
      .map((r) =>
        sizeRole(r, load, { clusters: size, regions: regions.length }, options.sizing?.[r.key], context),
      );
    if (regionRoles.length > 0) targets.push(target(`region-${i}`, 'region', size, regionRoles));
  });
  const fleet = deriveLoad(load, load.clusters);
  const receive = pattern === 'receive' || pattern === 'hybrid';
  const copies = receive ? load.remoteWriteReplicas * load.receiveReplicationFactor : load.prometheusReplicas;
  const objectStorageBytes = pattern === 'federation' ? 0 : bucketBytes(load, fleet, copies);
  return {
    pattern,
    load,
    regions,
    targets,
    totals: {
      cpuCores: round3(targets.reduce((n, t) => n + t.cpuCores, 0)),
      memoryGiB: round3(targets.reduce((n, t) => n + t.memoryGiB, 0)),
      storageGiB: round3(targets.reduce((n, t) => n + t.storageGiB, 0)),
      pods: targets.reduce((n, t) => n + t.roles.reduce((m, r) => m + r.pods, 0), 0),
    },
    objectStorageBytes: Math.round(objectStorageBytes),
    network: networkFlows(pattern, load, fleet, copies),
  };
}

function networkFlows(
  pattern: MetricsPatternName,
  load: ResolvedMetricsLoad,
  d: DerivedLoad,
  copies: number,
): NetworkFlow[] {
  const remoteWrite =
    d.samplesPerSecond * load.remoteWriteReplicas * load.remoteWriteBytesPerSample * SECONDS_PER_DAY;
  const uploads = d.rawBytesPerDay * copies;
  switch (pattern) {
    case 'hierarchical':
      return [
        { from: 'application clusters (sidecars)', to: OBJECT_STORAGE, bytesPerDay: Math.round(uploads) },
      ];
    case 'receive':
      return [
        { from: 'application clusters', to: 'global (receive)', bytesPerDay: Math.round(remoteWrite) },
        { from: 'global (receive)', to: OBJECT_STORAGE, bytesPerDay: Math.round(uploads) },
      ];
    case 'hybrid':
      return [
        { from: 'application clusters', to: 'regions (receive)', bytesPerDay: Math.round(remoteWrite) },
        { from: 'regions (receive)', to: OBJECT_STORAGE, bytesPerDay: Math.round(uploads) },
      ];
    case 'federation': {
      const federated = d.clusters * FEDERATED_SERIES_PER_CLUSTER * load.prometheusReplicas;
      const scrapesPerDay = SECONDS_PER_DAY / 60;
      return [
        {
          from: 'application clusters',
          to: 'regions (federation)',
          bytesPerDay: Math.round(federated * scrapesPerDay * FEDERATION_BYTES_PER_SAMPLE),
        },
      ];
    }
  }
}

/** A role as the model sizes it at the reference load (200 clusters in regions of 50, defaults): the reference design's numbers. */
export function referenceRole(pattern: MetricsPatternName, key: string): RoleCapacity {
  const capacity = metricsCapacity(pattern, { clusters: REFERENCE_CLUSTERS });
  for (const t of capacity.targets) {
    const role = t.roles.find((r) => r.key === key);
    if (role) return role;
  }
  throw new Error(`no role '${key}' in ${pattern}`);
}
