import { ErrorCode } from '../../lib/core';
import { MetricsLoad, deriveLoad, regionSizes, resolveMetricsLoad } from '../../lib/capacity/metrics-load';
import { expectConstructError } from '../support/errors';

// The metrics load as resolveMetricsLoad fills and checks it, and what deriveLoad makes of it, as exact values.
// Defaults are the ones documented on DEFAULT_METRICS_LOAD (the reference design's 50 clusters a region and 50
// querier endpoints, 90 days, HA pairs, 50 concurrent queries, replication 3; Prometheus' 60 s scrape interval;
// thanos@v0.42.4 cmd/thanos/receive.go's 15d `--tsdb.retention`; the model's assumptions 1.25 M series, 24 h,
// 0.1 churn, 14 days, 10 B a remote-written sample). The coefficients of deriveLoad are documented in
// coefficients.ts: 1.5 B a sample (prometheus@v3.13.2 docs/storage.md), 5 aggregates a downsampled point
// (thanos@v0.42.4 pkg/compact/downsample/aggr.go), 288 five-minute and 24 one-hour points a day.

const PREFIX = "MetricsCapacity 'capacity.metrics':";
const load = (extra: Partial<MetricsLoad>): MetricsLoad => ({ clusters: 200, ...extra });

describe('resolveMetricsLoad: defaults', () => {
  test('{ clusters: 200 } takes every default and names each as defaulted, in the order they are read', () => {
    expect(resolveMetricsLoad({ clusters: 200 })).toEqual({
      clusters: 200,
      clustersPerRegion: 50,
      activeSeriesPerCluster: 1_250_000,
      scrapeIntervalSeconds: 60,
      retentionDays: { raw: 90, fiveMinutes: 90, oneHour: 90 },
      prometheusReplicas: 2,
      remoteWriteReplicas: 1,
      concurrentQueries: 50,
      queryRangeHours: 24,
      churnPerDay: 0.1,
      recentWindowDays: 14,
      maxQuerierFanOut: 50,
      receiveReplicationFactor: 3,
      receiveLocalRetentionDays: 15,
      remoteWriteBytesPerSample: 10,
      defaulted: [
        'maxQuerierFanOut',
        'clustersPerRegion',
        'activeSeriesPerCluster',
        'scrapeIntervalSeconds',
        'retentionDays',
        'prometheusReplicas',
        'remoteWriteReplicas',
        'concurrentQueries',
        'queryRangeHours',
        'churnPerDay',
        'recentWindowDays',
        'receiveReplicationFactor',
        'receiveLocalRetentionDays',
        'remoteWriteBytesPerSample',
      ],
    });
  });

  test('every input given is taken as given (a copy of the retention), none named as defaulted', () => {
    const retentionDays = { raw: 7, fiveMinutes: 30, oneHour: 365 };
    const given = {
      clusters: 7,
      clustersPerRegion: 3,
      activeSeriesPerCluster: 1_000,
      scrapeIntervalSeconds: 15,
      retentionDays,
      prometheusReplicas: 3,
      remoteWriteReplicas: 2,
      concurrentQueries: 9,
      queryRangeHours: 6,
      churnPerDay: 0,
      recentWindowDays: 2,
      maxQuerierFanOut: 4,
      receiveReplicationFactor: 5,
      receiveLocalRetentionDays: 1,
      remoteWriteBytesPerSample: 2,
    };
    const resolved = resolveMetricsLoad(given);
    expect(resolved).toEqual({ ...given, defaulted: [] });
    expect(resolved.retentionDays).not.toBe(retentionDays);
  });
});

describe('resolveMetricsLoad: every refusal with its exact message', () => {
  const atLeast = (prop: string, min: number, got: unknown, fix: string) =>
    `${PREFIX} '${prop}' must be a whole number of at least ${min} (got ${got}); ${fix}`;
  const countAbove = (prop: string, max: number, fix: string) =>
    `${PREFIX} '${prop}' is above ${max}, past what the capacity model is calibrated for (got ${max + 1}); ${fix}; at most ${max}`;
  const positive = (prop: string, fix: string) =>
    `${PREFIX} '${prop}' must be a finite number above 0 (got 0); ${fix}`;
  const nonNegative = (prop: string, got: number, fix: string) =>
    `${PREFIX} '${prop}' must be a finite number of at least 0 (got ${got}); ${fix}`;
  const atMost = (prop: string, max: number, got: number, fix: string) =>
    `${PREFIX} '${prop}' is above ${max}, past what the capacity model is calibrated for (got ${got}); ${fix}`;
  const FAN_OUT = 'the reference design keeps a querier at 50 endpoints';

  test.each<[string, Partial<MetricsLoad>, string]>([
    [
      'clusters',
      { clusters: 0 },
      atLeast('clusters', 1, 0, 'give the number of application clusters, e.g. 200'),
    ],
    ['maxQuerierFanOut', { maxQuerierFanOut: 0 }, atLeast('maxQuerierFanOut', 1, 0, FAN_OUT)],
    ['maxQuerierFanOut', { maxQuerierFanOut: 1_001 }, countAbove('maxQuerierFanOut', 1_000, FAN_OUT)],
    ['clustersPerRegion', { clustersPerRegion: 0 }, atLeast('clustersPerRegion', 1, 0, 'e.g. 50')],
    [
      'clustersPerRegion',
      { clustersPerRegion: 20_001, maxQuerierFanOut: 1_000 },
      countAbove('clustersPerRegion', 20_000, 'e.g. 50'),
    ],
    [
      'activeSeriesPerCluster',
      { activeSeriesPerCluster: 0 },
      atLeast('activeSeriesPerCluster', 1, 0, 'count it with prometheus_tsdb_head_series'),
    ],
    [
      'activeSeriesPerCluster',
      { activeSeriesPerCluster: 1e9 + 1 },
      countAbove('activeSeriesPerCluster', 1e9, 'count it with prometheus_tsdb_head_series'),
    ],
    [
      'scrapeIntervalSeconds',
      { scrapeIntervalSeconds: 0 },
      positive('scrapeIntervalSeconds', 'give the scrape interval in seconds, e.g. 60'),
    ],
    [
      'scrapeIntervalSeconds',
      { scrapeIntervalSeconds: 301 },
      atMost(
        'scrapeIntervalSeconds',
        300,
        301,
        'scrape at least every 5 minutes (the 5m query lookback delta), e.g. 60',
      ),
    ],
    [
      'retentionDays.fiveMinutes',
      { retentionDays: { raw: 90, fiveMinutes: -1, oneHour: 90 } },
      nonNegative('retentionDays.fiveMinutes', -1, 'give days to keep, 0 for none'),
    ],
    [
      'retentionDays.oneHour',
      { retentionDays: { raw: 90, fiveMinutes: 90, oneHour: 3_651 } },
      `${PREFIX} 'retentionDays.oneHour' is above 3650 days, past what the capacity model is calibrated for (got 3651); keep at most ten years`,
    ],
    [
      'prometheusReplicas',
      { prometheusReplicas: 11 },
      countAbove('prometheusReplicas', 10, 'an HA pair is 2'),
    ],
    [
      'remoteWriteReplicas',
      { remoteWriteReplicas: 0 },
      atLeast(
        'remoteWriteReplicas',
        1,
        0,
        'the receive patterns deploy 1 writer per cluster; 2 closes the restart gap at twice the storage',
      ),
    ],
    [
      'concurrentQueries',
      { concurrentQueries: 0 },
      atLeast('concurrentQueries', 1, 0, 'give the queries running at once at the busiest hour, e.g. 50'),
    ],
    ['queryRangeHours', { queryRangeHours: 0 }, positive('queryRangeHours', 'e.g. 24')],
    [
      'queryRangeHours',
      { queryRangeHours: 87_601 },
      atMost(
        'queryRangeHours',
        87_600,
        87_601,
        'give the typical range of a dashboard query, at most ten years (87600 hours)',
      ),
    ],
    [
      'churnPerDay',
      { churnPerDay: -0.1 },
      nonNegative('churnPerDay', -0.1, 'give the share of series replaced per day, e.g. 0.1'),
    ],
    [
      'churnPerDay',
      { churnPerDay: 11 },
      atMost(
        'churnPerDay',
        10,
        11,
        'give a share of the active series, e.g. 0.1 for a tenth replaced a day; 10 is every series ten times a day',
      ),
    ],
    ['recentWindowDays', { recentWindowDays: 0 }, positive('recentWindowDays', 'e.g. 14')],
    [
      'recentWindowDays',
      { recentWindowDays: 3_651 },
      atMost('recentWindowDays', 3_650, 3_651, 'e.g. 14; at most ten years'),
    ],
    [
      'receiveReplicationFactor',
      { receiveReplicationFactor: 10 },
      countAbove('receiveReplicationFactor', 9, 'e.g. 3'),
    ],
    [
      'receiveLocalRetentionDays',
      { receiveLocalRetentionDays: 0 },
      positive('receiveLocalRetentionDays', 'e.g. 15'),
    ],
    [
      'receiveLocalRetentionDays',
      { receiveLocalRetentionDays: 3_651 },
      atMost('receiveLocalRetentionDays', 3_650, 3_651, 'e.g. 15; at most ten years'),
    ],
    [
      'remoteWriteBytesPerSample',
      { remoteWriteBytesPerSample: 0 },
      positive('remoteWriteBytesPerSample', 'measure it, e.g. 10'),
    ],
    [
      'remoteWriteBytesPerSample',
      { remoteWriteBytesPerSample: 1_001 },
      atMost(
        'remoteWriteBytesPerSample',
        1_000,
        1_001,
        'measure it (prometheus_remote_storage_bytes_total ÷ prometheus_remote_storage_samples_total), e.g. 10',
      ),
    ],
  ])('%s: %j', (_, extra, message) => {
    expectConstructError(() => resolveMetricsLoad(load(extra)), message, ErrorCode.INVALID_VALUE);
  });

  test('a load or a retention that is not an object is refused with the typed error', () => {
    expectConstructError(
      () => resolveMetricsLoad(null as unknown as MetricsLoad),
      `${PREFIX} 'load' must be an object (got null); pass at least { clusters: 200 }`,
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => resolveMetricsLoad(200 as unknown as MetricsLoad),
      `${PREFIX} 'load' must be an object (got 200); pass at least { clusters: 200 }`,
      ErrorCode.INVALID_VALUE,
    );
    for (const [bad, rendered] of [
      [null, 'null'],
      [90, '90'],
    ] as const) {
      expectConstructError(
        () => resolveMetricsLoad(load({ retentionDays: bad as unknown as MetricsLoad['retentionDays'] })),
        `${PREFIX} 'retentionDays' must be { raw, fiveMinutes, oneHour } in days (got ${rendered}); e.g. { raw: 90, fiveMinutes: 90, oneHour: 90 }`,
        ErrorCode.INVALID_VALUE,
      );
    }
  });

  test('an input given as null is refused, not silently defaulted (and left out of `defaulted`)', () => {
    expectConstructError(
      () => resolveMetricsLoad(load({ activeSeriesPerCluster: null as unknown as number })),
      `${PREFIX} 'activeSeriesPerCluster' must be a whole number of at least 1 (got null); count it with prometheus_tsdb_head_series`,
      ErrorCode.INVALID_VALUE,
    );
  });

  test('each resolution may be 0 or ten years (3 650 days); 3 651 is refused for raw and five-minute too', () => {
    const days = (raw: number, fiveMinutes: number, oneHour: number) => ({
      retentionDays: { raw, fiveMinutes, oneHour },
    });
    expect(resolveMetricsLoad(load(days(0, 3_650, 0))).retentionDays).toEqual(
      days(0, 3_650, 0).retentionDays,
    );
    expect(resolveMetricsLoad(load(days(3_650, 0, 3_650))).retentionDays.raw).toBe(3_650);
    for (const [extra, prop] of [
      [days(3_651, 0, 0), 'raw'],
      [days(0, 3_651, 0), 'fiveMinutes'],
    ] as const) {
      expectConstructError(
        () => resolveMetricsLoad(load(extra)),
        `${PREFIX} 'retentionDays.${prop}' is above 3650 days, past what the capacity model is calibrated for (got 3651); keep at most ten years`,
        ErrorCode.INVALID_VALUE,
      );
    }
  });

  test('clustersPerRegion equal to the fan-out limit is accepted, one more is incompatible', () => {
    expect(resolveMetricsLoad(load({ clustersPerRegion: 4, maxQuerierFanOut: 4 })).clustersPerRegion).toBe(4);
    expectConstructError(
      () => resolveMetricsLoad(load({ clustersPerRegion: 5, maxQuerierFanOut: 4 })),
      `${PREFIX} 'clustersPerRegion' is above the querier fan-out limit of 4 endpoints: a regional querier would fan out to every cluster of its region (got 5); use regions of at most 4 clusters (more regions), or raise maxQuerierFanOut if you measured that your queriers cope`,
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});

describe('regionSizes and deriveLoad', () => {
  test('regions of clustersPerRegion, the last one takes the remainder', () => {
    expect(regionSizes(120, 50)).toEqual([50, 50, 20]);
    expect(regionSizes(100, 50)).toEqual([50, 50]);
    expect(regionSizes(1, 50)).toEqual([1]);
    expect(regionSizes(7, 3)).toEqual([3, 3, 1]);
  });

  test('3 clusters of 1 000 series scraped every 20 s with churn 0.5', () => {
    const resolved = resolveMetricsLoad({
      clusters: 10,
      activeSeriesPerCluster: 1_000,
      scrapeIntervalSeconds: 20,
      churnPerDay: 0.5,
    });
    expect(deriveLoad(resolved, 3)).toEqual({
      clusters: 3,
      activeSeries: 3_000, // 3 × 1 000
      seriesPerDayBlock: 4_500, // 3 000 × (1 + 0.5)
      samplesPerSecond: 150, // 3 000 ÷ 20 s
      rawBytesPerDay: 19_440_000, // 150 × 86 400 s × 1.5 B
      fiveMinuteBytesPerDay: 6_480_000, // 3 000 × 288 points × 5 aggregates × 1.5 B
      oneHourBytesPerDay: 540_000, // 3 000 × 24 points × 5 aggregates × 1.5 B
    });
  });
});
