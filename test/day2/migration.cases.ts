import { App } from 'cdk8s';
import {
  ErrorCode,
  FLAT_FAN_OUT_LIMIT,
  ThanosFlat,
  ThanosHierarchical,
  analyseDataPath,
  diffFleetObjects,
  fleetObjects,
  splitFleet,
} from '../../lib';
import { planMigration } from '../../lib/cli/fleet-day2';
import { PLAN_PLACEHOLDERS } from '../../lib/cli/fleet-plan';
import { expectConstructError } from '../support/errors';

const props = (clusters: number, perRegion = 50) => ({
  fleet: splitFleet(clusters, perRegion),
  ...PLAN_PLACEHOLDERS,
});

/** Every producer's every age is served (or expired) at the model's top querier, and its clusters are all there. */
function expectEveryClusterServed(pattern: ThanosHierarchical, clusters: number): void {
  for (const model of pattern.readPathModels) {
    const analysis = analyseDataPath(model);
    expect(analysis.problems).toEqual([]);
    const served = analysis.rows
      .filter((r) => r.producer.kind === 'prometheus')
      .filter((r) => r.cells.every((c) => c.status === 'served' || c.status === 'expired'))
      .map((r) => r.producer.labels.cluster);
    expect(new Set(served).size).toBe(clusters);
  }
}

describe.each([
  // 6 clusters in regions of 2: three regions, fast; 200 in the reference design's regions of 50.
  [6, 2, 3],
  [200, 50, 4],
])('migration flat → hierarchical, %d clusters', (clusters, perRegion, regions) => {
  const phases = [1, 2, 3, 4].map((phase) => {
    const app = new App();
    const pattern = new ThanosHierarchical(app, 'fleet', {
      ...props(clusters, perRegion),
      migration: { from: 'flat', phase: phase as 1 },
    });
    return { phase, app, pattern };
  });

  test('every phase has every read path answer for every cluster (data-path model)', () => {
    // Phase 1: the flat querier; phases 2–3: flat and global; phase 4: global (the reference design's phases).
    expect(phases.map((p) => p.pattern.readPathModels.map((m) => m.topQuerier.split('/').pop()))).toEqual([
      ['query-flat'],
      ['query-flat', 'query'],
      ['query-flat', 'query'],
      ['query'],
    ]);
    for (const p of phases) expectEveryClusterServed(p.pattern, clusters);
  });

  test('phase 1 adds the regional charts; phase 4 equals the hierarchical pattern without migration', () => {
    expect(Object.keys(phases[0]!.pattern.regionCharts)).toHaveLength(regions);
    const plain = new App();
    new ThanosHierarchical(plain, 'fleet', props(clusters, perRegion));
    expect(diffFleetObjects(fleetObjects(plain), fleetObjects(phases[3]!.app)).charts).toEqual([]);
  });

  test('the old querier keeps its own name beside the new global querier in phases 2 and 3', () => {
    for (const p of phases.slice(1, 3)) {
      expect(p.pattern.flatQuery?.deployment.metadata.name).toBe('thanos-query-flat');
      expect(p.pattern.globalQuery.deployment.metadata.name).toBe('thanos-query');
    }
    expect(phases[3]!.pattern.flatQuery).toBeUndefined();
  });
});

describe('flat pattern', () => {
  test('past 50 clusters the flat querier warns of its fan-out (the reference design: degrades past 50)', () => {
    const app = new App();
    const flat = new ThanosFlat(app, 'fleet', props(51));
    expect(FLAT_FAN_OUT_LIMIT).toBe(50);
    expect(flat.warnings.map((w) => [w.code, w.clusters, w.limit])).toEqual([['querier-fan-out', 51, 50]]);
    expect(flat.node.metadata.filter((m) => m.type === 'warning')).toHaveLength(1);
    expect(new ThanosFlat(new App(), 'fleet', props(50)).warnings).toEqual([]);
  });

  test('the flat fleet answers for every cluster at its one querier', () => {
    const flat = new ThanosFlat(new App(), 'fleet', props(6, 2));
    const analysis = analyseDataPath(flat.dataPath!);
    expect(analysis.problems).toEqual([]);
    expect(flat.query.queryEndpoints).toHaveLength(6 * 2 + 2); // 6 pairs of sidecars, the store, the ruler
  });

  test('phase 1 leaves the flat monitoring cluster and every application cluster unchanged', () => {
    const flatApp = new App();
    new ThanosFlat(flatApp, 'fleet', props(6, 2));
    const phase1 = new App();
    new ThanosHierarchical(phase1, 'fleet', { ...props(6, 2), migration: { from: 'flat', phase: 1 } });
    const diff = diffFleetObjects(fleetObjects(flatApp), fleetObjects(phase1));
    expect(diff.charts.map((c) => [c.chart, c.change])).toEqual([
      ['monitoring-region-a', 'added'],
      ['monitoring-region-b', 'added'],
      ['monitoring-region-c', 'added'],
    ]);
  });
});

describe('migration plan', () => {
  const plan = planMigration({ clusters: 6, clustersPerRegion: 2, from: 'flat' });
  test('phases: which clusters change, the checks and the rollback', () => {
    expect(plan.phases.map((p) => [p.phase, p.clusters.length, p.removed])).toEqual([
      [1, 3, 0], // three regional charts appear
      [2, 1, 0], // the global chart gains the global querier and store shards
      [3, 7, 0], // the flat querier moves behind the regions; application clusters relabelled
      [4, 1, 11], // the flat querier and store are deleted (11 objects, with their two ServiceMonitors)
    ]);
    expect(plan.phases[3]!.verification.map((v) => [v.querier, v.expect])).toEqual([
      // 6 clusters: the capacity model gives the global store one shard.
      ['thanos-query', '5 StoreAPIs: 3 regional queriers, 1 store shard(s), 1 ruler'],
      ['thanos-query', '6: `count by (cluster) (up)` returns one series for each of the 6 clusters'],
    ]);
    expect(plan.phases.every((p) => p.rollback.length > 0)).toBe(true);
  });

  test('an unknown phase or source is a typed error with the fix', () => {
    expectConstructError(
      () =>
        new ThanosHierarchical(new App(), 'fleet', {
          ...props(6, 2),
          migration: { from: 'flat', phase: 5 as never },
        }),
      "ThanosHierarchical 'fleet': 'migration.phase' must be one of the migration phases 1, 2, 3 or 4 (got 5); apply the phases in order, 1 to 4; phase 4 is the end state (or drop migration)",
      ErrorCode.UNKNOWN_MIGRATION,
    );
    expectConstructError(
      () => planMigration({ clusters: 6, from: 'receive' }),
      "plan 'plan': 'migrateFrom' names a migration the library does not have (got \"receive\"); migrate from the flat fleet to the hierarchical pattern: --pattern hierarchical --migrate-from flat",
      ErrorCode.UNKNOWN_MIGRATION,
    );
  });
});
