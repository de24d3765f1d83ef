import { App } from 'cdk8s';
import { ErrorCode, ObservabilityConstructError } from '../core';
import {
  ChartChange,
  DEFAULT_CLUSTERS_PER_REGION,
  FLAT_TO_HIERARCHICAL_PHASES,
  Fleet,
  FleetPatternName,
  GLOBAL_QUERY_NAME,
  FLAT_QUERY_NAME,
  MigrationPhase,
  ObjectChange,
  ThanosFlat,
  ThanosHierarchical,
  ThanosHierarchicalProps,
  diffFleetObjects,
  fanOutWarning,
  fleetObjects,
  splitFleet,
  FleetDiff,
} from '../fleet';
import { PLAN_PLACEHOLDERS } from './fleet-plan';

/** A check a user runs against a querier to confirm a phase: what to run, what it must show. */
export interface VerificationCheck {
  /** The target cluster (chart) and querier the check runs against. */
  readonly cluster: string;
  readonly querier: string;
  readonly command: string;
  readonly expect: string;
}

/** Target clusters whose objects change the same way, listed once. */
export interface ChangeGroup {
  readonly clusters: readonly string[];
  readonly change: ChartChange['change'];
  readonly objects: readonly ObjectChange[];
}

/** The changes from one fleet state to the next, grouped. */
export interface StateChange {
  readonly groups: readonly ChangeGroup[];
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  /** Target clusters that change, in order. */
  readonly clusters: readonly string[];
}

/** One phase of a plan: the change, how to verify it, how to undo it. */
export interface PlannedPhase extends StateChange {
  readonly phase: number;
  readonly title: string;
  readonly summary: string;
  readonly verification: readonly VerificationCheck[];
  readonly rollback: string;
}

/** A migration from the flat fleet to the hierarchical pattern, phase by phase. */
export interface MigrationPlan {
  readonly from: 'flat';
  readonly to: 'hierarchical';
  readonly fleet: Fleet;
  /** The flat fleet's fan-out warning, which is why one migrates. */
  readonly warnings: readonly string[];
  readonly phases: readonly PlannedPhase[];
}

const PLAN_CONTEXT = { construct: 'plan', path: 'plan' };

function hierarchicalProps(fleet: Fleet, sizedForClusters?: number): ThanosHierarchicalProps {
  return { fleet, ...PLAN_PLACEHOLDERS, ...(sizedForClusters === undefined ? {} : { sizedForClusters }) };
}

/** Groups the charts of a diff that change in exactly the same way (200 application clusters print as one line). */
export function groupChanges(diff: FleetDiff): StateChange {
  const groups = new Map<
    string,
    { clusters: string[]; change: ChartChange['change']; objects: readonly ObjectChange[] }
  >();
  for (const c of diff.charts) {
    const key = JSON.stringify([c.change, c.objects]);
    const group = groups.get(key);
    if (group) group.clusters.push(c.chart);
    else groups.set(key, { clusters: [c.chart], change: c.change, objects: c.objects });
  }
  return {
    groups: [...groups.values()],
    added: diff.added,
    changed: diff.changed,
    removed: diff.removed,
    clusters: diff.charts.map((c) => c.chart),
  };
}

function storesCommand(querier: string): string {
  return `kubectl -n monitoring port-forward svc/${querier} 10902 & curl -s localhost:10902/api/v1/stores | jq '[.data[]] | add | length'`;
}

function promqlCommand(querier: string): string {
  return `kubectl -n monitoring port-forward svc/${querier} 10902 & curl -s localhost:10902/api/v1/query --data-urlencode 'query=count(count by (cluster) (up))' | jq '.data.result[0].value[1]'`;
}

/**
 * The checks of a phase. StoreAPI counts are the endpoints each querier lists (a store shard's replicas are one
 * endpoint group); `/api/v1/stores` is the querier's API (thanos-io/thanos@v0.42.4 pkg/api/query/v1.go), and the
 * querier's `thanos_store_nodes_grpc_connections` gauge (pkg/query/endpointset.go) counts the same connections.
 */
function verification(phase: MigrationPhase, fleet: Fleet, storeShards: number): VerificationCheck[] {
  const n = fleet.clusters.length;
  const regions = fleet.regions.length;
  const everyCluster = (cluster: string, querier: string): VerificationCheck => ({
    cluster,
    querier,
    command: promqlCommand(querier),
    expect: `${n}: \`count by (cluster) (up)\` returns one series for each of the ${n} clusters`,
  });
  const global = fleet.globalChart;
  const hierarchicalStores = `${regions + storeShards + 1} StoreAPIs: ${regions} regional queriers, ${storeShards} store shard(s), 1 ruler`;
  const checks: VerificationCheck[] = [];
  if (phase === 1) {
    for (const r of fleet.regions) {
      checks.push({
        cluster: fleet.regionCharts[r.name] as string,
        querier: 'thanos-query',
        command: storesCommand('thanos-query'),
        expect: `${2 * r.clusters.length + 1} StoreAPIs: ${r.clusters.length} clusters × 2 sidecars, 1 regional store`,
      });
    }
  }
  if (phase <= 2) {
    checks.push({
      cluster: global,
      querier: FLAT_QUERY_NAME,
      command: storesCommand(FLAT_QUERY_NAME),
      expect: `${2 * n + 2} StoreAPIs: ${n} clusters × 2 sidecars, the flat store, 1 ruler`,
    });
  }
  if (phase === 3) {
    checks.push({
      cluster: global,
      querier: FLAT_QUERY_NAME,
      command: storesCommand(FLAT_QUERY_NAME),
      expect: hierarchicalStores,
    });
  }
  if (phase >= 2) {
    checks.push({
      cluster: global,
      querier: GLOBAL_QUERY_NAME,
      command: storesCommand(GLOBAL_QUERY_NAME),
      expect: hierarchicalStores,
    });
  }
  if (phase <= 3) checks.push(everyCluster(global, FLAT_QUERY_NAME));
  if (phase >= 2) checks.push(everyCluster(global, GLOBAL_QUERY_NAME));
  return checks;
}

/**
 * Plans the migration of a flat fleet of `clusters` to the hierarchical pattern: synthesizes the flat fleet and every
 * phase, diffs each against the one before by kind, namespace, name and content, and states each phase's checks and
 * rollback. Every phase's read paths are checked by the data-path model at construction.
 */
export function planMigration(request: {
  readonly clusters: number;
  readonly clustersPerRegion?: number;
  readonly from: string;
  readonly to?: FleetPatternName;
}): MigrationPlan {
  if (request.from !== 'flat' || (request.to ?? 'hierarchical') !== 'hierarchical') {
    throw new ObservabilityConstructError(PLAN_CONTEXT, {
      code: ErrorCode.UNKNOWN_MIGRATION,
      prop: request.from !== 'flat' ? 'migrateFrom' : 'pattern',
      problem: 'names a migration the library does not have',
      value: request.from !== 'flat' ? request.from : request.to,
      fix: 'migrate from the flat fleet to the hierarchical pattern: --pattern hierarchical --migrate-from flat',
    });
  }
  const fleet = splitFleet(request.clusters, request.clustersPerRegion ?? DEFAULT_CLUSTERS_PER_REGION);
  const flatApp = new App({ outdir: 'plan.out' });
  const flat = new ThanosFlat(flatApp, 'plan', hierarchicalProps(fleet));
  let before = fleetObjects(flatApp);
  const phases: PlannedPhase[] = [];
  for (const spec of FLAT_TO_HIERARCHICAL_PHASES) {
    const app = new App({ outdir: 'plan.out' });
    const pattern = new ThanosHierarchical(app, 'plan', {
      ...hierarchicalProps(fleet),
      migration: { from: 'flat', phase: spec.phase },
    });
    const after = fleetObjects(app);
    const storeShards = spec.phase >= 2 ? pattern.globalStore.shards.length : 0;
    phases.push({
      phase: spec.phase,
      title: spec.title,
      summary: spec.summary,
      ...groupChanges(diffFleetObjects(before, after)),
      verification: verification(spec.phase, fleet, storeShards),
      rollback: spec.rollback,
    });
    before = after;
  }
  return { from: 'flat', to: 'hierarchical', fleet, warnings: flat.warnings.map((w) => w.message), phases };
}

/** Onboarding or offboarding: what changes from a fleet of `from` clusters to one of `to`. */
export interface FleetChangePlan {
  readonly pattern: 'hierarchical';
  readonly from: number;
  readonly to: number;
  readonly sizedForClusters?: number;
  readonly change: StateChange;
  /** Regional charts that appear or disappear. */
  readonly regionsAdded: readonly string[];
  readonly regionsRemoved: readonly string[];
  /** Application clusters whose region changes (none with the default split: clusters fill regions in order). */
  readonly clustersMoved: readonly { readonly cluster: string; readonly from: string; readonly to: string }[];
  /** What to look at before applying. */
  readonly notes: readonly string[];
  /** The order to apply the change in, staged like a migration phase. */
  readonly steps: readonly string[];
}

/**
 * The change from `from` to `to` application clusters for the hierarchical pattern (clusters are named by position,
 * `cluster-001` …, so growing adds the next names and shrinking drops the last: to remove other clusters, list the
 * regions with `fleetFromRegions`). Shrinking needs `removing`: the names of the clusters that go, which must be the
 * last ones; anything else is a typed error with the fix.
 */
export function planFleetChange(request: {
  readonly pattern: FleetPatternName;
  readonly from: number;
  readonly to: number;
  readonly clustersPerRegion?: number;
  /** The region size of the fleet today, when it changes (a region past the querier fan-out limit is re-split). */
  readonly fromClustersPerRegion?: number;
  readonly sizedForClusters?: number;
  readonly removing?: readonly string[];
}): FleetChangePlan {
  if (request.pattern !== 'hierarchical') {
    throw new ObservabilityConstructError(PLAN_CONTEXT, {
      code: ErrorCode.INCOMPATIBLE_FLEET_CHANGE,
      prop: 'pattern',
      problem: 'has no cluster-change plan yet: only the hierarchical pattern diffs fleets of two sizes',
      value: request.pattern,
      fix: 'plan --pattern hierarchical --clusters <n> --diff-from <m>',
    });
  }
  const perRegion = request.clustersPerRegion ?? DEFAULT_CLUSTERS_PER_REGION;
  // Today's fleet may have regions past the limit (built with a larger region size): allowed, with a warning.
  const before = splitFleet(request.from, request.fromClustersPerRegion ?? perRegion, {
    maxClustersPerRegion: Math.max(perRegion, request.fromClustersPerRegion ?? perRegion),
  });
  const after = splitFleet(request.to, perRegion);
  const beforeNames = before.clusters.map((c) => c.name);
  const afterNames = new Set(after.clusters.map((c) => c.name));
  const dropped = beforeNames.filter((n) => !afterNames.has(n));
  // Names are padded to the fleet's width (cluster-001 … cluster-999, cluster-0001 past 999): across that boundary
  // every name would change. The fleet would then need explicit names (fleetFromRegions).
  const renamed = dropped.length > 0 && request.to >= request.from;
  const removing = [...(request.removing ?? [])].sort();
  if (renamed || (dropped.length > 0 && JSON.stringify(removing) !== JSON.stringify([...dropped].sort()))) {
    throw new ObservabilityConstructError(PLAN_CONTEXT, {
      code: ErrorCode.INCOMPATIBLE_FLEET_CHANGE,
      prop: renamed ? 'clusters' : 'removing',
      problem: renamed
        ? `renames every cluster between ${request.from} and ${request.to} (positional names change width past 999)`
        : `must name the ${dropped.length} cluster(s) that ${request.to} of ${request.from} drops, which are the last ones`,
      value: renamed ? request.to : (request.removing ?? []),
      fix: renamed
        ? 'name the clusters explicitly with fleetFromRegions so they keep their names'
        : `say which clusters go: --remove ${dropped.join(',')}; to remove others, list the regions explicitly with fleetFromRegions`,
    });
  }
  const sized = request.sizedForClusters;
  const synth = (fleet: Fleet) => {
    const app = new App({ outdir: 'plan.out' });
    new ThanosHierarchical(app, 'plan', hierarchicalProps(fleet, sized));
    return fleetObjects(app);
  };
  const diff = diffFleetObjects(synth(before), synth(after));
  const change = groupChanges(diff);
  const regionsAdded = Object.values(after.regionCharts).filter(
    (c) => !Object.values(before.regionCharts).includes(c),
  );
  const regionsRemoved = Object.values(before.regionCharts).filter(
    (c) => !Object.values(after.regionCharts).includes(c),
  );
  const regionOf = new Map(before.clusters.map((c) => [c.name, c.region]));
  const clustersMoved = after.clusters
    .filter((c) => regionOf.has(c.name) && regionOf.get(c.name) !== c.region)
    .map((c) => ({ cluster: c.name, from: regionOf.get(c.name) as string, to: c.region }));
  const notes: string[] = [];
  const resized = diff.charts.flatMap((c) =>
    c.objects
      .filter((o) => o.fields?.includes('spec.volumeClaimTemplates'))
      .map((o) => `${c.chart}: ${o.kind} ${o.name}`),
  );
  if (resized.length > 0) {
    notes.push(
      `volume claim templates change (${resized.join('; ')}): the API server refuses that change in place; size for the fleet you plan with sizedForClusters (--sized-for <n>) so onboarding changes no size`,
    );
  }
  for (const r of before.regions) {
    if (r.clusters.length > perRegion) {
      notes.push(
        `${r.name} has ${r.clusters.length} clusters, past the ${perRegion} its querier serves well: this change re-splits the regions and moves clusters`,
      );
    }
  }
  notes.push(
    ...fanOutWarning('regional querier', Math.max(...after.regions.map((r) => r.clusters.length))).map(
      (w) => w.message,
    ),
  );
  const newClusters = after.clusters.filter((c) => !regionOf.has(c.name)).map((c) => c.name);
  // A new cluster's sidecar first, so no querier lists an address that does not answer yet; then the charts that
  // list it (a new region's chart before the global endpoint list that names it); removals last.
  const changedOnly = change.clusters.filter((c) => !newClusters.includes(c) && !regionsAdded.includes(c));
  const steps = [
    ...(newClusters.length > 0
      ? [`apply the new application cluster chart(s) ${newClusters.join(', ')}`]
      : []),
    ...(regionsAdded.length > 0
      ? [
          `apply the new regional chart(s) ${regionsAdded.join(', ')}; check that their querier lists its sidecars (/api/v1/stores)`,
        ]
      : []),
    ...(clustersMoved.length > 0
      ? [
          'apply the regional charts that gain clusters, check, then the ones that lose them (a cluster is listed twice, never nowhere)',
        ]
      : []),
    ...(changedOnly.length > 0 ? [`apply the changed chart(s) ${changedOnly.join(', ')}`] : []),
    `check that count by (cluster) (up) on the global querier returns ${request.to} series`,
    ...(dropped.length > 0 ? [`then delete the charts of ${dropped.join(', ')}`] : []),
  ];
  return {
    pattern: 'hierarchical',
    from: request.from,
    to: request.to,
    ...(sized === undefined ? {} : { sizedForClusters: sized }),
    change,
    regionsAdded,
    regionsRemoved,
    clustersMoved,
    notes,
    steps,
  };
}
