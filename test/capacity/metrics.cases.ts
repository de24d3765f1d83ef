import fc from 'fast-check';
import {
  DEFAULT_METRICS_LOAD,
  ErrorCode,
  METRICS_REFERENCE_POINTS,
  MetricsPatternName,
  TB,
  impliedSeriesPerCluster,
  metricsCapacity,
  monthlyCost,
} from '../../lib';
import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';

const PATTERNS: readonly MetricsPatternName[] = ['hierarchical', 'receive', 'hybrid', 'federation'];

function podsByRole(pattern: MetricsPatternName, clusters: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of metricsCapacity(pattern, { clusters }).targets)
    for (const r of t.roles) out[r.role] = (out[r.role] ?? 0) + r.pods;
  return out;
}

describe('metrics capacity model: the reference points', () => {
  test.each(METRICS_REFERENCE_POINTS.map((p) => [p.pattern, p] as const))('%s at 200 clusters', (_, ref) => {
    const m = metricsCapacity(ref.pattern, { clusters: ref.clusters });
    const global = m.targets.find((t) => t.layer === 'global');
    expect({ cpuCores: global?.cpuCores, memoryGiB: global?.memoryGiB }).toEqual(ref.global);
    if (ref.region) {
      for (const t of m.targets.filter((x) => x.layer === 'region')) {
        expect({ cpuCores: t.cpuCores, memoryGiB: t.memoryGiB }).toEqual(ref.region);
      }
    }
    expect({ cpuCores: m.totals.cpuCores, memoryGiB: m.totals.memoryGiB }).toEqual(ref.total);
    expect(podsByRole(ref.pattern, ref.clusters)).toEqual(ref.pods);
    if (ref.minObjectStorageTB !== undefined) {
      expect(m.objectStorageBytes / TB).toBeGreaterThanOrEqual(ref.minObjectStorageTB);
      expect(m.objectStorageBytes / TB).toBeLessThan(ref.minObjectStorageTB * 1.1);
    }
    if (ref.monthlyUsdAbout !== undefined) {
      expect(Math.round(monthlyCost(m).totalUsd / 100) * 100).toBe(ref.monthlyUsdAbout);
    }
  });

  test('D1 at the reference: 4 regions of 50, 3 global queriers, 5 store shards of 2, 3 compactor shards', () => {
    const m = metricsCapacity('hierarchical', { clusters: 200 });
    expect(m.regions).toEqual([50, 50, 50, 50]);
    const g = Object.fromEntries(m.targets[0]!.roles.map((r) => [r.key, r]));
    expect(g.globalQuery?.pods).toBe(3);
    expect([g.globalStore?.shards, g.globalStore?.replicasPerShard]).toEqual([5, 2]);
    expect(g.compactor?.shards).toBe(3);
  });

  test('100 TB for 3 months of 200 clusters implies ~1.23 M series per cluster; the default gives 100 TB+', () => {
    expect(Math.round(impliedSeriesPerCluster() / 10_000) * 10_000).toBe(1_230_000);
    expect(DEFAULT_METRICS_LOAD.activeSeriesPerCluster).toBeGreaterThanOrEqual(impliedSeriesPerCluster());
  });

  test('every reference point holds whatever the order of evaluation (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...METRICS_REFERENCE_POINTS], { minLength: 1 }), (points) => {
        for (const ref of points) {
          expect(metricsCapacity(ref.pattern, { clusters: 200 }).totals.cpuCores).toBe(ref.total.cpuCores);
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('metrics capacity model: scaling', () => {
  test('D1 and D2 at 20, 50, 200, 500 and 1000 clusters: different totals and costs, growing', () => {
    for (const pattern of ['hierarchical', 'receive', 'hybrid'] as const) {
      const sizes = [20, 50, 200, 500, 1000].map((clusters) => metricsCapacity(pattern, { clusters }));
      const cpu = sizes.map((m) => m.totals.cpuCores);
      const cost = sizes.map((m) => monthlyCost(m).totalUsd);
      expect(new Set(cpu).size).toBe(5);
      expect([...cpu].sort((a, b) => a - b)).toEqual(cpu);
      expect(new Set(cost).size).toBe(5);
      expect([...cost].sort((a, b) => a - b)).toEqual(cost);
    }
  });

  test("D1's global layer differs at 20 and at 200 clusters (it was 20.5 / 41 at both)", () => {
    const at = (clusters: number) => metricsCapacity('hierarchical', { clusters }).targets[0]!.cpuCores;
    expect(at(20)).toBeLessThan(20.5);
    expect(at(200)).toBe(20.5);
    expect(at(1000)).toBeGreaterThan(20.5);
  });

  test('monotone in clusters, series, retention and queries (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATTERNS),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 10_000, max: 5_000_000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 500 }),
        (pattern, a, b, series, days, queries) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const load = {
            activeSeriesPerCluster: series,
            retentionDays: { raw: days, fiveMinutes: days, oneHour: days },
            concurrentQueries: queries,
          };
          const small = metricsCapacity(pattern, { clusters: lo, ...load });
          const large = metricsCapacity(pattern, { clusters: hi, ...load });
          expect(large.totals.cpuCores).toBeGreaterThanOrEqual(small.totals.cpuCores);
          expect(large.totals.memoryGiB).toBeGreaterThanOrEqual(small.totals.memoryGiB);
          expect(large.objectStorageBytes).toBeGreaterThanOrEqual(small.objectStorageBytes);
          expect(monthlyCost(large).totalUsd).toBeGreaterThanOrEqual(monthlyCost(small).totalUsd);
          const more = metricsCapacity(pattern, {
            clusters: lo,
            ...load,
            activeSeriesPerCluster: series * 2,
            concurrentQueries: queries + 20,
          });
          expect(more.totals.cpuCores).toBeGreaterThanOrEqual(small.totals.cpuCores);
          expect(more.objectStorageBytes).toBeGreaterThanOrEqual(small.objectStorageBytes);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('an override wins and is marked', () => {
    const m = metricsCapacity(
      'hierarchical',
      { clusters: 200 },
      { sizing: { globalQuery: { replicas: 5, resources: { cpu: '4', memory: '8Gi' } } } },
    );
    const q = m.targets[0]!.roles.find((r) => r.key === 'globalQuery')!;
    expect([q.pods, q.cpuCores, q.memoryGiB, q.overridden]).toEqual([5, 4, 8, ['replicas', 'resources']]);
  });
});

describe('metrics capacity model: bad inputs', () => {
  // Codes from lib/capacity/validate.ts (requireCount, requirePositive, requireNonNegative: INVALID_VALUE) and
  // lib/capacity/metrics-load.ts resolveMetricsLoad (clustersPerRegion above the fan-out: INCOMPATIBLE_PROPS).
  test.each([
    [{ clusters: 0 }, 'clusters', ErrorCode.INVALID_VALUE],
    [{ clusters: -3 }, 'clusters', ErrorCode.INVALID_VALUE],
    [{ clusters: 2.5 }, 'clusters', ErrorCode.INVALID_VALUE],
    [{ clusters: Number.NaN }, 'clusters', ErrorCode.INVALID_VALUE],
    [{ clusters: 1e7 }, 'clusters', ErrorCode.INVALID_VALUE],
    [{ clusters: 200, activeSeriesPerCluster: 0 }, 'activeSeriesPerCluster', ErrorCode.INVALID_VALUE],
    [{ clusters: 200, scrapeIntervalSeconds: -1 }, 'scrapeIntervalSeconds', ErrorCode.INVALID_VALUE],
    [{ clusters: 200, concurrentQueries: 1.5 }, 'concurrentQueries', ErrorCode.INVALID_VALUE],
    [{ clusters: 200, churnPerDay: Number.NaN }, 'churnPerDay', ErrorCode.INVALID_VALUE],
    [{ clusters: 200, clustersPerRegion: 80 }, 'clustersPerRegion', ErrorCode.INCOMPATIBLE_PROPS],
  ])('%j is refused on %s with %s', (load, prop, code) => {
    expectErrorCode(() => metricsCapacity('hierarchical', load), code, prop, `'${prop}'`);
  });

  test('a region above the querier fan-out limit says how to fix it', () => {
    // lib/capacity/metrics-load.ts resolveMetricsLoad: INCOMPATIBLE_PROPS on 'clustersPerRegion'
    expectConstructError(
      () => metricsCapacity('hierarchical', { clusters: 200, clustersPerRegion: 80 }),
      "MetricsCapacity 'capacity.metrics': 'clustersPerRegion' is above the querier fan-out limit of 50 endpoints: a regional querier would fan out to every cluster of its region (got 80); use regions of at most 50 clusters (more regions), or raise maxQuerierFanOut if you measured that your queriers cope",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('10^7 clusters is refused, not extrapolated', () => {
    // lib/capacity/validate.ts requireCount above its max (20000, MAX_MODEL_CLUSTERS): INVALID_VALUE
    expectConstructError(
      () => metricsCapacity('receive', { clusters: 10_000_000 }),
      "MetricsCapacity 'capacity.metrics': 'clusters' is above 20000, past what the capacity model is calibrated for (got 10000000); give the number of application clusters, e.g. 200; split the fleet into several of at most 20000",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('an override of an unknown role is refused', () => {
    // lib/capacity/metrics.ts metricsCapacity: INVALID_VALUE on 'sizing.<key>'
    expectErrorCode(
      () => metricsCapacity('receive', { clusters: 20 }, { sizing: { globalStore: { replicas: 2 } } }),
      ErrorCode.INVALID_VALUE,
      'sizing.globalStore',
      '\'sizing.globalStore\' names no role of this pattern (got "globalStore"); use one of ',
    );
  });
});
