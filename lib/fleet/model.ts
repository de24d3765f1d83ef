import { ErrorCode, ErrorContext, ObservabilityConstructError, isDnsLabel } from '../core';

/** One application cluster of the fleet. */
export interface FleetCluster {
  readonly name: string;
  readonly region: string;
  /** The external labels its Prometheus attaches: unique across the fleet. */
  readonly externalLabels: Readonly<Record<string, string>>;
}

/** A region: a group of application clusters served by one regional monitoring cluster. */
export interface FleetRegion {
  readonly name: string;
  readonly clusters: readonly FleetCluster[];
}

/** The fleet: regions of application clusters, and the names of the monitoring clusters (chart ids). */
export interface Fleet {
  readonly regions: readonly FleetRegion[];
  readonly clusters: readonly FleetCluster[];
  /** The chart (target cluster) of the global monitoring layer. */
  readonly globalChart: string;
  /** The chart of each region's monitoring cluster, by region. */
  readonly regionCharts: Readonly<Record<string, string>>;
  /** The label every Prometheus HA replica sets, and every query deduplicates on. */
  readonly replicaLabel: string;
  /** External labels every cluster of the fleet carries (e.g. `{ env: 'prod' }`). */
  readonly commonLabels: Readonly<Record<string, string>>;
  /** Things that are allowed but worth a look (a region past the endpoint budget with `regionSizePolicy: 'warn'`). */
  readonly warnings: readonly string[];
}

/** The reference design: a query degrades past 50 gRPC endpoints, so a region holds at most 50 clusters. */
export const DEFAULT_CLUSTERS_PER_REGION = 50;
/** The external label that names an application cluster. */
export const CLUSTER_LABEL = 'cluster';
/** The external label that names its region. */
export const REGION_LABEL = 'region';
/** The label Prometheus HA pairs set to tell their replicas apart. */
export const DEFAULT_REPLICA_LABEL = 'prometheus_replica';
/** The chart of the global monitoring cluster. */
export const GLOBAL_CHART = 'monitoring-global';

/** Options shared by the fleet builders. */
export interface FleetOptions {
  /** The largest region a regional query serves. @default DEFAULT_CLUSTERS_PER_REGION */
  readonly maxClustersPerRegion?: number;
  /** What a larger region is: an error (default) or a warning in `fleet.warnings`. */
  readonly regionSizePolicy?: 'error' | 'warn';
  /** Extra external labels for every cluster, e.g. `{ env: 'prod' }`. */
  readonly commonLabels?: Readonly<Record<string, string>>;
  /** @default DEFAULT_REPLICA_LABEL */
  readonly replicaLabel?: string;
}

const CONTEXT: ErrorContext = { construct: 'Fleet', path: 'fleet' };

function fail(
  prop: string,
  problem: string,
  value: unknown,
  fix: string,
  code = ErrorCode.INVALID_VALUE,
): never {
  throw new ObservabilityConstructError(CONTEXT, { code, prop, problem, value, fix });
}

/** `region-a` … `region-z`, then `region-aa`, `region-ab`, … */
export function regionName(index: number): string {
  let n = index;
  let letters = '';
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `region-${letters}`;
}

/** `cluster-001` … for a fleet of up to 999, wider for larger ones. */
export function clusterName(index: number, total: number): string {
  return `cluster-${String(index + 1).padStart(Math.max(3, String(total).length), '0')}`;
}

/**
 * Splits N application clusters into regions of `clustersPerRegion` (the reference design: 200 → region-a … region-d of
 * 50), the last region taking the remainder.
 */
export function splitFleet(
  clusters: number,
  clustersPerRegion = DEFAULT_CLUSTERS_PER_REGION,
  options: FleetOptions = {},
): Fleet {
  if (!Number.isInteger(clusters) || clusters < 1) {
    fail(
      'clusters',
      'must be a whole number of at least 1',
      clusters,
      'give the number of application clusters, e.g. 200',
    );
  }
  if (!Number.isInteger(clustersPerRegion) || clustersPerRegion < 1) {
    fail(
      'clustersPerRegion',
      'must be a whole number of at least 1',
      clustersPerRegion,
      `the reference design uses ${DEFAULT_CLUSTERS_PER_REGION}`,
    );
  }
  const map: Record<string, string[]> = {};
  for (let i = 0; i < clusters; i++) {
    const region = regionName(Math.floor(i / clustersPerRegion));
    (map[region] ??= []).push(clusterName(i, clusters));
  }
  return fleetFromRegions(map, options);
}

/**
 * A fleet from an explicit region → clusters map. Every cluster must be in exactly one region; names must be
 * DNS labels (they become chart ids and Service names); external labels must be unique.
 */
export function fleetFromRegions(
  regions: Readonly<Record<string, readonly string[]>>,
  options: FleetOptions & { readonly clusters?: readonly string[] } = {},
): Fleet {
  const max = options.maxClustersPerRegion ?? DEFAULT_CLUSTERS_PER_REGION;
  const replicaLabel = options.replicaLabel ?? DEFAULT_REPLICA_LABEL;
  const common = options.commonLabels ?? {};
  for (const reserved of [CLUSTER_LABEL, REGION_LABEL, replicaLabel]) {
    if (reserved in common) {
      fail(
        `commonLabels.${reserved}`,
        'is set by the fleet itself',
        common[reserved],
        'remove it; every cluster gets its own value',
      );
    }
  }
  const seenIn = new Map<string, string>();
  const warnings: string[] = [];
  const out: FleetRegion[] = [];
  const regionNames = Object.keys(regions);
  if (regionNames.length === 0)
    fail('regions', 'must hold at least one region', regions, 'e.g. { "region-a": ["cluster-001"] }');
  for (const region of regionNames) {
    if (!isDnsLabel(region, 40)) {
      fail(
        `regions.${region}`,
        'must be a DNS label of at most 40 characters',
        region,
        "name it like 'region-a'",
        ErrorCode.INVALID_NAME,
      );
    }
    const names = regions[region] ?? [];
    if (names.length === 0)
      fail(`regions.${region}`, 'has no clusters', names, 'remove the region or add clusters to it');
    if (names.length > max) {
      const text = `region '${region}' has ${names.length} clusters, more than the ${max} one regional query serves well (the reference design's limit)`;
      if ((options.regionSizePolicy ?? 'error') === 'error') {
        fail(
          `regions.${region}`,
          `has ${names.length} clusters, more than the ${max} one regional query serves well (the reference design's limit)`,
          names.length,
          `split it into regions of at most ${max}, raise maxClustersPerRegion, or set regionSizePolicy: 'warn'`,
        );
      }
      warnings.push(text);
    }
    const clusters: FleetCluster[] = [];
    for (const name of names) {
      if (!isDnsLabel(name, 50)) {
        fail(
          `regions.${region}`,
          'names a cluster that is not a DNS label of at most 50 characters',
          name,
          "name clusters like 'cluster-001'",
          ErrorCode.INVALID_NAME,
        );
      }
      const other = seenIn.get(name);
      if (other !== undefined) {
        fail(
          `regions.${region}`,
          other === region
            ? `lists cluster '${name}' twice`
            : `lists cluster '${name}', which region '${other}' lists too`,
          name,
          'put every cluster in exactly one region',
          ErrorCode.INCOMPATIBLE_PROPS,
        );
      }
      seenIn.set(name, region);
      clusters.push({
        name,
        region,
        externalLabels: { ...common, [CLUSTER_LABEL]: name, [REGION_LABEL]: region },
      });
    }
    out.push({ name: region, clusters });
  }
  for (const name of options.clusters ?? []) {
    if (!seenIn.has(name)) {
      fail(
        'regions',
        `puts cluster '${name}' in no region`,
        name,
        'add it to exactly one region',
        ErrorCode.INCOMPATIBLE_PROPS,
      );
    }
  }
  const clusters = out.flatMap((r) => r.clusters);
  checkUniqueExternalLabels(clusters);
  return {
    regions: out,
    clusters,
    globalChart: GLOBAL_CHART,
    regionCharts: Object.fromEntries(out.map((r) => [r.name, `monitoring-${r.name}`])),
    replicaLabel,
    commonLabels: { ...common },
    warnings,
  };
}

/** External labels identify a cluster's series in the global view: two clusters with the same set would merge. */
export function checkUniqueExternalLabels(clusters: readonly FleetCluster[]): void {
  const seen = new Map<string, string>();
  for (const c of clusters) {
    const key = JSON.stringify(Object.entries(c.externalLabels).sort());
    const other = seen.get(key);
    if (other !== undefined) {
      fail(
        `clusters.${c.name}.externalLabels`,
        `are the same as cluster '${other}'s, so their series would merge`,
        c.externalLabels,
        `give every cluster its own '${CLUSTER_LABEL}' label`,
        ErrorCode.INCOMPATIBLE_PROPS,
      );
    }
    seen.set(key, c.name);
  }
}
