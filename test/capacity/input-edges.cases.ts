import {
  ErrorCode,
  MetricsLoad,
  ObservabilityConstructError,
  PriceTable,
  TracingLoad,
  metricsCapacity,
  monthlyCost,
  tracingCapacity,
} from '../../lib';
import { expectErrorCode } from '../support/error-code';

/** The error `fn` throws (undefined when it does not). */
function errorOf(fn: () => unknown): ObservabilityConstructError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ObservabilityConstructError) return e;
    throw e;
  }
  return undefined;
}

const series = (d: number) => ({ raw: d, fiveMinutes: d, oneHour: d });

/**
 * Every metrics input at its edge (accepted) and one step past it (refused), plus the usual bad values. The edges are
 * the model's documented bounds: MAX_MODEL_CLUSTERS 20 000, the querier fan-out 50 (the reference design's "at most 50
 * gRPC connections"), MAX_SCRAPE_INTERVAL_SECONDS 300 (the 5m lookback delta), ten years (3 650 days) for any window.
 */
const METRICS_EDGES: readonly [string, Partial<MetricsLoad>, Partial<MetricsLoad>, string][] = [
  ['clusters', { clusters: 20_000 }, { clusters: 20_001 }, 'split the fleet into several of at most 20000'],
  ['clusters', { clusters: 1 }, { clusters: 0 }, 'give the number of application clusters'],
  [
    'clustersPerRegion',
    { clustersPerRegion: 50 },
    { clustersPerRegion: 51 },
    'use regions of at most 50 clusters',
  ],
  [
    'maxQuerierFanOut',
    { maxQuerierFanOut: 1_000 },
    { maxQuerierFanOut: 1_001 },
    '50 endpoints; at most 1000',
  ],
  // Lowering the fan-out limit below the regions' 50 clusters is reported on the regions, with both fixes.
  ['clustersPerRegion', { maxQuerierFanOut: 50 }, { maxQuerierFanOut: 49 }, 'or raise maxQuerierFanOut'],
  [
    'activeSeriesPerCluster',
    { activeSeriesPerCluster: 1e9 },
    { activeSeriesPerCluster: 1e9 + 1 },
    'head_series; at most 1000000000',
  ],
  [
    'activeSeriesPerCluster',
    { activeSeriesPerCluster: 1 },
    { activeSeriesPerCluster: 0 },
    'prometheus_tsdb_head_series',
  ],
  ['scrapeIntervalSeconds', { scrapeIntervalSeconds: 300 }, { scrapeIntervalSeconds: 301 }, 'lookback delta'],
  ['retentionDays.raw', { retentionDays: series(3_650) }, { retentionDays: series(3_651) }, 'ten years'],
  ['retentionDays.raw', { retentionDays: series(0) }, { retentionDays: series(-1) }, '0 for none'],
  ['prometheusReplicas', { prometheusReplicas: 10 }, { prometheusReplicas: 11 }, 'an HA pair is 2'],
  ['prometheusReplicas', { prometheusReplicas: 1 }, { prometheusReplicas: 0 }, 'an HA pair is 2'],
  ['remoteWriteReplicas', { remoteWriteReplicas: 10 }, { remoteWriteReplicas: 11 }, '1 writer per cluster'],
  ['remoteWriteReplicas', { remoteWriteReplicas: 1 }, { remoteWriteReplicas: 0 }, '1 writer per cluster'],
  [
    'concurrentQueries',
    { concurrentQueries: 100_000 },
    { concurrentQueries: 100_001 },
    'e.g. 50; at most 100000',
  ],
  ['concurrentQueries', { concurrentQueries: 1 }, { concurrentQueries: 0 }, 'at the busiest hour'],
  ['queryRangeHours', { queryRangeHours: 87_600 }, { queryRangeHours: 87_601 }, '87600 hours'],
  ['churnPerDay', { churnPerDay: 10 }, { churnPerDay: 11 }, 'e.g. 0.1'],
  ['churnPerDay', { churnPerDay: 0 }, { churnPerDay: -0.1 }, 'e.g. 0.1'],
  ['recentWindowDays', { recentWindowDays: 3_650 }, { recentWindowDays: 3_651 }, 'at most ten years'],
  ['receiveReplicationFactor', { receiveReplicationFactor: 9 }, { receiveReplicationFactor: 10 }, 'e.g. 3'],
  ['receiveReplicationFactor', { receiveReplicationFactor: 1 }, { receiveReplicationFactor: 0 }, 'e.g. 3'],
  [
    'receiveLocalRetentionDays',
    { receiveLocalRetentionDays: 3_650 },
    { receiveLocalRetentionDays: 3_651 },
    'ten years',
  ],
  [
    'remoteWriteBytesPerSample',
    { remoteWriteBytesPerSample: 1_000 },
    { remoteWriteBytesPerSample: 1_001 },
    'measure it',
  ],
];

describe('metrics capacity inputs at their edge and one past it', () => {
  test.each(METRICS_EDGES.map(([prop, ok, bad, fix]) => [prop, ok, bad, fix] as const))(
    '%s: %j accepted, %j refused with the fix',
    (prop, ok, bad, fix) => {
      const load = (extra: Partial<MetricsLoad>) => ({ clusters: 200, ...extra });
      expect(errorOf(() => metricsCapacity('receive', load(ok)))).toBeUndefined();
      const e = errorOf(() => metricsCapacity('receive', load(bad)));
      expect(e?.message).toContain(`'${prop}'`);
      expect(e?.message).toContain(fix);
      expect(e?.code).toBe(
        prop === 'clustersPerRegion' ? ErrorCode.INCOMPATIBLE_PROPS : ErrorCode.INVALID_VALUE,
      );
    },
  );

  test.each([[Number.NaN], [2.5], [-1], [Number.POSITIVE_INFINITY], ['200' as unknown as number]])(
    'clusters %p (JavaScript callers too) is refused',
    (clusters) => {
      expect(errorOf(() => metricsCapacity('hierarchical', { clusters }))?.code).toBe(
        ErrorCode.INVALID_VALUE,
      );
    },
  );

  test.each([[Number.NaN], [0], [-60]])('scrapeIntervalSeconds %p is refused', (scrapeIntervalSeconds) => {
    // lib/capacity/validate.ts requirePositive: INVALID_VALUE on the prop
    expectErrorCode(
      () => metricsCapacity('hierarchical', { clusters: 200, scrapeIntervalSeconds }),
      ErrorCode.INVALID_VALUE,
      'scrapeIntervalSeconds',
      "'scrapeIntervalSeconds' must be a finite number above 0",
    );
  });

  test('regions given directly: 50 clusters in a region is the fan-out limit, 51 is refused with the fix', () => {
    expect(
      errorOf(() => metricsCapacity('hierarchical', { clusters: 100 }, { regions: [50, 50] })),
    ).toBeUndefined();
    const e = errorOf(() => metricsCapacity('hierarchical', { clusters: 101 }, { regions: [51, 50] }));
    expect([e?.code, e?.message]).toEqual([
      ErrorCode.INCOMPATIBLE_PROPS,
      expect.stringContaining('split it into regions of at most 50 clusters'),
    ]);
  });

  test('an override of 10000 pods is accepted, 10001 and 0 are refused', () => {
    const sized = (replicas: number) => () =>
      metricsCapacity('receive', { clusters: 20 }, { sizing: { query: { replicas } } });
    expect(errorOf(sized(10_000))).toBeUndefined();
    for (const bad of [10_001, 0, 1.5]) {
      // lib/capacity/metrics.ts sizeRole checkCount: INVALID_VALUE on 'sizing.<role>.replicas'
      expectErrorCode(
        sized(bad),
        ErrorCode.INVALID_VALUE,
        'sizing.query.replicas',
        "'sizing.query.replicas' must be a whole number from 1 to 10000",
      );
    }
  });
});

describe('prices at their edge and one past it', () => {
  const capacity = metricsCapacity('hierarchical', { clusters: 20 });
  test.each<[string, Partial<PriceTable>, Partial<PriceTable>, string]>([
    ['prices.nodeMonthUsd', { nodeMonthUsd: 0 }, { nodeMonthUsd: -1 }, '0 for free'],
    ['prices.transferGBUsd', { transferGBUsd: 0 }, { transferGBUsd: Number.NaN }, '0 for free'],
    ['prices.nodeCpuCores', { nodeCpuCores: 0.5 }, { nodeCpuCores: 0 }, 'the size of the nodes'],
    ['prices.nodeMemoryGiB', { nodeMemoryGiB: 1 }, { nodeMemoryGiB: -16 }, 'the size of the nodes'],
    [
      'prices.minNodesPerCluster',
      { minNodesPerCluster: 1_000 },
      { minNodesPerCluster: 1_001 },
      'never shares a node; at most 1000',
    ],
    [
      'prices.minNodesPerCluster',
      { minNodesPerCluster: 1 },
      { minNodesPerCluster: 0 },
      'never shares a node',
    ],
  ])('%s: %j accepted, %j refused', (prop, ok, bad, fix) => {
    expect(errorOf(() => monthlyCost(capacity, ok))).toBeUndefined();
    const e = errorOf(() => monthlyCost(capacity, bad));
    expect([e?.code, e?.message]).toEqual([ErrorCode.INVALID_VALUE, expect.stringContaining(`'${prop}'`)]);
    expect(e?.message).toContain(fix);
  });
});

describe('tracing capacity inputs at their edge and one past it', () => {
  test.each<[string, Partial<TracingLoad>, Partial<TracingLoad>, string]>([
    [
      'tracesPerSecond',
      { tracesPerSecond: 10_000_000 },
      { tracesPerSecond: 10_000_001 },
      'several installations',
    ],
    ['spansPerTrace', { spansPerTrace: 100_000 }, { spansPerTrace: 100_001 }, 'at most 100000'],
    ['bytesPerSpan', { bytesPerSpan: 1_000_000 }, { bytesPerSpan: 1_000_001 }, 'at most 1000000'],
    ['peakFactor', { peakFactor: 100 }, { peakFactor: 101 }, 'at most 100'],
    ['peakFactor', { peakFactor: 1 }, { peakFactor: 0.99 }, 'peak traffic ÷ average traffic'],
    ['retentionDays', { retentionDays: 3_650 }, { retentionDays: 3_651 }, 'at most 3650'],
    ['outageWindowHours', { outageWindowHours: 720 }, { outageWindowHours: 721 }, 'at most 720'],
    [
      'ingesterSpansPerSecond',
      { ingesterSpansPerSecond: 1e7 },
      { ingesterSpansPerSecond: 1e7 + 1 },
      'measure it',
    ],
    [
      'collectorSpansPerSecond',
      { collectorSpansPerSecond: 1e7 },
      { collectorSpansPerSecond: 1e7 + 1 },
      'measure it',
    ],
    ['brokers', { brokers: 1_000 }, { brokers: 1_001 }, 'e.g. 3'],
    ['brokers', { brokers: 1 }, { brokers: 0 }, 'e.g. 3'],
    ['bytesPerSpan', { bytesPerSpan: 1 }, { bytesPerSpan: 0 }, 'e.g. 500'],
    ['retentionDays', { retentionDays: 1 }, { retentionDays: Number.NaN }, 'e.g. 7'],
  ])('%s: %j accepted, %j refused with the fix', (prop, ok, bad, fix) => {
    const load = (extra: Partial<TracingLoad>) => ({ tracesPerSecond: 12_000, ...extra });
    expect(errorOf(() => tracingCapacity(load(ok)))).toBeUndefined();
    const e = errorOf(() => tracingCapacity(load(bad)));
    expect([e?.code, e?.message]).toEqual([ErrorCode.INVALID_VALUE, expect.stringContaining(`'${prop}'`)]);
    expect(e?.message).toContain(fix);
  });
});
