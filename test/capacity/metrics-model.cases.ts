import { ErrorCode } from '../../lib/core';
import {
  bucketBytes,
  ceilClean,
  cpuCoresOf,
  driverValue,
  memoryGiBOf,
  metricsCapacity,
  perPodCapacity,
} from '../../lib/capacity/metrics';
import { resolveMetricsLoad } from '../../lib/capacity/metrics-load';
import { METRICS_ROLE_RULES, RoleDriver, RoleRule } from '../../lib/capacity/metrics-roles';
import { expectConstructError } from '../support/errors';

// The metrics model's helpers and its per-role sizing as exact numbers. Hand computations beside each value use the
// coefficients documented in coefficients.ts (1.5 B a sample, 5 aggregates a downsampled point, 288 and 24 points a
// day, 20 queries a querier, the compactor's 2 × 14 days of scratch and 100 GiB floor, 1 % index headers with a
// 10 GiB floor) and the reference design's load (200 clusters in 4 regions of 50, 1.25 M series, 60 s, 90 days).

const PREFIX = "MetricsCapacity 'capacity.metrics':";
const roleOf = (m: ReturnType<typeof metricsCapacity>, key: string, target = 0) =>
  m.targets[target]?.roles.find((r) => r.key === key);
const rule = (pattern: keyof typeof METRICS_ROLE_RULES, key: string): RoleRule =>
  METRICS_ROLE_RULES[pattern].find((r) => r.key === key) as RoleRule;

describe('metrics model helpers', () => {
  test('ceilClean rounds up past a billionth, not within one', () => {
    expect(ceilClean(10)).toBe(10);
    expect(ceilClean(10.0000000004)).toBe(10);
    expect(ceilClean(10.000000001)).toBe(11);
    expect(ceilClean(10.1)).toBe(11);
  });

  test('Kubernetes quantities: cores and GiB, NaN for anything else', () => {
    expect(['500m', '2', '1.5', '250m'].map(cpuCoresOf)).toEqual([0.5, 2, 1.5, 0.25]);
    expect(['x', '2x', '500mm', ' 2', '2 ', ''].map(cpuCoresOf)).toEqual(Array(6).fill(Number.NaN));
    // 1 Ki = 2^-20 GiB, 1 Mi = 2^-10 GiB, 1 Ti = 1 024 GiB
    expect(['1048576Ki', '512Mi', '4Gi', '2Ti', '1.5Gi'].map(memoryGiBOf)).toEqual([1, 0.5, 4, 2048, 1.5]);
    expect(['4G', '4', 'Gi', '4Gix', ' 4Gi', '4gi'].map(memoryGiBOf)).toEqual(Array(6).fill(Number.NaN));
  });

  test('bucketBytes: each resolution for its days, plus the extra copies of raw blocks for 2 days at most', () => {
    const d = {
      clusters: 1,
      activeSeries: 0,
      seriesPerDayBlock: 0,
      samplesPerSecond: 0,
      rawBytesPerDay: 100,
      fiveMinuteBytesPerDay: 10,
      oneHourBytesPerDay: 1,
    };
    const days = (raw: number) =>
      resolveMetricsLoad({ clusters: 1, retentionDays: { raw, fiveMinutes: 7, oneHour: 11 } });
    // 100 × 5 + 10 × 7 + 1 × 11 + (3 − 1) copies × 100 × min(2, 5) = 500 + 70 + 11 + 400
    expect(bucketBytes(days(5), d, 3)).toBe(981);
    // raw kept 1 day: the copies are merged away after min(2, 1) = 1 day: 100 + 70 + 11 + 2 × 100 × 1
    expect(bucketBytes(days(1), d, 3)).toBe(381);
    // one copy: nothing to merge
    expect(bucketBytes(days(5), d, 1)).toBe(581);
  });

  test('driverValue: each driver for 4 clusters of 1 000 series scraped every 10 s', () => {
    const load = resolveMetricsLoad({
      clusters: 10,
      activeSeriesPerCluster: 1_000,
      scrapeIntervalSeconds: 10,
      churnPerDay: 0.5,
      retentionDays: { raw: 30, fiveMinutes: 100, oneHour: 60 },
      recentWindowDays: 14,
      concurrentQueries: 40,
      queryRangeHours: 48,
      prometheusReplicas: 3,
      remoteWriteReplicas: 2,
      receiveReplicationFactor: 5,
    });
    const scope = { clusters: 4, regions: 1 };
    const value = (driver: RoleDriver, l = load) => driverValue({ driver } as RoleRule, l, scope);
    // 4 000 series, 6 000 in a day's blocks (churn 0.5), 400 samples/s, 400 × 86 400 × 1.5 = 51 840 000 B a day
    expect(value('queries')).toBe(80); // 40 × 48 h ÷ 24 h
    expect(value('series')).toBe(4_000);
    expect(value('olderBlockSeriesDays')).toBe(516_000); // 6 000 × (100 − 14): the longest retention is 100 days
    expect(value('allBlockSeriesDays')).toBe(600_000); // 6 000 × 100
    expect(value('recentBlockSeriesDays')).toBe(84_000); // 6 000 × 14
    expect(value('uploadBytesPerDay')).toBe(155_520_000); // 51 840 000 × 3 replicas
    expect(value('remoteWriteSamplesPerSecond')).toBe(800); // 400 × 2 writers
    expect(value('replicatedSamplesPerSecond')).toBe(4_000); // 400 × 2 × 5
    expect(value('fixed')).toBe(1);
    // A short range counts as one query; a recent window past the retention leaves no older blocks.
    const short = resolveMetricsLoad({ ...load, queryRangeHours: 12, recentWindowDays: 200 });
    expect(value('queries', short)).toBe(40);
    expect(value('olderBlockSeriesDays', short)).toBe(0);
    expect(value('recentBlockSeriesDays', short)).toBe(600_000); // 6 000 × min(200, 100)
  });

  test("perPodCapacity: upstream's 20 queries a querier, else the reference's driver over its pods", () => {
    expect(perPodCapacity(rule('hierarchical', 'globalQuery'))).toBe(20);
    // a region of 50 × 1.25 M series over 2 regional queriers
    expect(perPodCapacity(rule('hierarchical', 'regionalQuery'))).toBe(31_250_000);
    // 200 × 1.25 M × 1.1 (churn) × (90 − 14) days over 10 store gateways
    expect(perPodCapacity(rule('hierarchical', 'globalStore'))).toBeCloseTo(2_090_000_000, 0);
    // 200 × 1.25 M ÷ 60 s × 86 400 s × 1.5 B × 2 replicas = 1.08e12 B a day over 3 compactors
    expect(perPodCapacity(rule('hierarchical', 'compactor'))).toBeCloseTo(360_000_000_000, -1);
  });
});

describe('metrics model: roles at the reference load, exact', () => {
  const d1 = () => metricsCapacity('hierarchical', { clusters: 200 });

  test('the global querier: 50 queries ÷ 20 = 3 pods, and what drives it', () => {
    // toStrictEqual: a role that neither shards nor has a volume has no such keys, not keys set to undefined
    expect(roleOf(d1(), 'globalQuery')).toStrictEqual({
      key: 'globalQuery',
      role: 'thanos/query',
      layer: 'global',
      pods: 3,
      resources: { cpu: '2', memory: '4Gi' },
      cpuCores: 2,
      memoryGiB: 4,
      driver: {
        name: 'queries',
        value: 50,
        perPod: 20,
        unit: 'concurrent queries (× range / 24h)',
        minPods: 2,
        why: 'concurrent queries ÷ 20 per querier (--query.max-concurrent); longer ranges count as more queries',
      },
      overridden: [],
    });
  });

  test('volumes: compactor 150 GiB, store gateways 190 GiB, regional stores 240 GiB', () => {
    const m = d1();
    // 2 × 14 days × one cluster's 1.25 M ÷ 60 × 86 400 × 1.5 B × 2 replicas = 140.8 GiB → 150 (steps of 10)
    expect(roleOf(m, 'compactor')?.storageGiB).toBe(150);
    // one copy of the bucket, 1.0125e14 B (90 days of raw 5.4e11 + 5m 5.4e11 + 1h 4.5e10 a day) ÷ 5 shards × 1 %
    // = 188.6 GiB → 190
    expect(roleOf(m, 'globalStore')?.storageGiB).toBe(190);
    // a region's quarter of that bucket × 1 % = 235.7 GiB → 240
    expect(roleOf(m, 'regionalStore', 1)?.storageGiB).toBe(240);
    // roles without a volume have none
    expect(roleOf(m, 'globalQuery')).not.toHaveProperty('storageGiB');
  });

  test('small volumes take their floors: compactor 100 GiB, store gateways 10 GiB', () => {
    // raw kept 7 days: 2 × 7 × 5.4e9 B = 70.4 GiB → 80, under the 100 GiB floor
    const short = metricsCapacity('hierarchical', {
      clusters: 200,
      retentionDays: { raw: 7, fiveMinutes: 90, oneHour: 90 },
    });
    expect(roleOf(short, 'compactor')?.storageGiB).toBe(100);
    // 2 clusters of 1 000 series: a bucket of a few MB, 1 % of it far under 10 GiB
    const tiny = metricsCapacity('hierarchical', { clusters: 2, activeSeriesPerCluster: 1_000 });
    expect(roleOf(tiny, 'globalStore')?.storageGiB).toBe(10);
  });

  test('a compactor scratch of exactly 4 050 GiB is 4 050 GiB, not the next step of 10', () => {
    // 503 316 480 series ÷ 30 s = 2^24 samples/s; × 86 400 s × 1.5 B × 1 replica × 2 copies × 1 day of raw
    // = 2^24 × 259 200 B = 4 050 GiB exactly
    const m = metricsCapacity('hierarchical', {
      clusters: 1,
      activeSeriesPerCluster: 503_316_480,
      scrapeIntervalSeconds: 30,
      prometheusReplicas: 1,
      retentionDays: { raw: 1, fiveMinutes: 1, oneHour: 1 },
    });
    expect(roleOf(m, 'compactor')?.storageGiB).toBe(4_050);
  });

  test("the compactor's shards stop at what its shard label allows: clusters (D1), 1 (D2), regions (D3)", () => {
    // One cluster of 1e9 series uploads 1e9 ÷ 60 × 86 400 × 1.5 × 2 = 4.32e12 B a day: 12 reference compactors.
    const big = { activeSeriesPerCluster: 1e9 };
    expect(roleOf(metricsCapacity('hierarchical', { clusters: 1, ...big }), 'compactor')?.shards).toBe(1);
    expect(roleOf(metricsCapacity('hierarchical', { clusters: 2, ...big }), 'compactor')?.shards).toBe(2);
    expect(roleOf(metricsCapacity('receive', { clusters: 2, ...big }), 'compactor')?.pods).toBe(1);
    expect(roleOf(metricsCapacity('hybrid', { clusters: 60, ...big }), 'compactor')?.shards).toBe(2);
  });

  test('the receive ingestors never drop below the replication factor', () => {
    const m = metricsCapacity('receive', { clusters: 1, receiveReplicationFactor: 5 });
    expect([roleOf(m, 'receiveIngestor')?.pods, roleOf(m, 'receiveIngestor')?.driver.minPods]).toEqual([
      5, 5,
    ]);
  });
});

describe('metrics model: overrides', () => {
  test('store gateways: shards and replicas per shard are overridden apart', () => {
    const store = (o: object) =>
      roleOf(
        metricsCapacity('hierarchical', { clusters: 200 }, { sizing: { globalStore: o } }),
        'globalStore',
      );
    // the model's 5 shards of 2
    expect(store({ shards: 3 })).toMatchObject({
      pods: 6,
      shards: 3,
      replicasPerShard: 2,
      overridden: ['shards'],
    });
    expect(store({ replicas: 3 })).toMatchObject({
      pods: 15,
      shards: 5,
      replicasPerShard: 3,
      overridden: ['replicas'],
    });
  });

  test('the compactor: a shard is a pod, whichever of shards or replicas is given', () => {
    const compactor = (o: object) =>
      roleOf(metricsCapacity('hierarchical', { clusters: 200 }, { sizing: { compactor: o } }), 'compactor');
    expect(compactor({ shards: 7 })).toMatchObject({ pods: 7, shards: 7, overridden: ['shards'] });
    expect(compactor({ replicas: 4 })).toMatchObject({ pods: 4, shards: 4, overridden: ['replicas'] });
  });

  test('a volume override in Gi or Ti wins; anything else is refused as a quantity', () => {
    const withStorage = (storage: string) =>
      metricsCapacity('hierarchical', { clusters: 20 }, { sizing: { compactor: { storage } } });
    expect(roleOf(withStorage('500Gi'), 'compactor')).toMatchObject({
      storageGiB: 500,
      overridden: ['storage'],
    });
    expect(roleOf(withStorage('2Ti'), 'compactor')?.storageGiB).toBe(2048);
    for (const bad of ['500GB', '0Gi']) {
      expectConstructError(
        () => withStorage(bad),
        `${PREFIX} 'sizing.compactor.storage' must be a size in Ki, Mi, Gi or Ti (got "${bad}"); e.g. '200Gi'`,
        ErrorCode.INVALID_QUANTITY,
      );
    }
  });

  test('a shard count for a role that does not shard is refused, not silently ignored', () => {
    expectConstructError(
      () => metricsCapacity('hierarchical', { clusters: 20 }, { sizing: { globalQuery: { shards: 3 } } }),
      `${PREFIX} 'sizing.globalQuery.shards' is set on thanos/query, which does not shard (got 3); set replicas instead, or shards on a store gateway or the compactor`,
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a count override of 1 is taken', () => {
    const m = metricsCapacity('hierarchical', { clusters: 20 }, { sizing: { globalQuery: { replicas: 1 } } });
    expect(roleOf(m, 'globalQuery')?.pods).toBe(1);
  });

  test('a count override outside 1 … 10 000 names the role and the field', () => {
    expectConstructError(
      () => metricsCapacity('hierarchical', { clusters: 20 }, { sizing: { compactor: { shards: 0 } } }),
      `${PREFIX} 'sizing.compactor.shards' must be a whole number from 1 to 10000 (got 0); leave it out to take the model's shards for thanos/compact`,
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () =>
        metricsCapacity('hierarchical', { clusters: 20 }, { sizing: { globalStore: { replicas: 10_001 } } }),
      `${PREFIX} 'sizing.globalStore.replicas' must be a whole number from 1 to 10000 (got 10001); leave it out to take the model's replicas for thanos/store`,
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('metrics model: options, regions and flows', () => {
  const keys = (m: ReturnType<typeof metricsCapacity>) => m.targets[0]?.roles.map((r) => r.key);

  test('the query-frontend and the caches only when asked; Grafana unless turned off', () => {
    const d2 = (options: object) => keys(metricsCapacity('receive', { clusters: 20 }, options));
    const base = ['receiveRouter', 'receiveIngestor', 'query', 'store', 'compactor', 'grafana'];
    expect(d2({})).toEqual(base);
    expect(d2({ queryFrontend: true })).toEqual([...base, 'queryFrontend']);
    expect(d2({ caches: true })).toEqual([...base, 'indexCache', 'bucketCache', 'resultsCache']);
    expect(d2({ grafana: false })).toEqual(base.filter((k) => k !== 'grafana'));
    expect(d2({ grafana: true, queryFrontend: false, caches: false })).toEqual(base);
  });

  test("a caller's context names the construct in every error", () => {
    expectConstructError(
      () =>
        metricsCapacity(
          'receive',
          { clusters: 0 },
          { context: { construct: 'ThanosReceiveFleet', path: 'd2' } },
        ),
      "ThanosReceiveFleet 'd2': 'clusters' must be a whole number of at least 1 (got 0); give the number of application clusters, e.g. 200",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('driver figures are reported to 3 decimals: 50 queries over 25 h count as 52.083', () => {
    // 50 × 25 ÷ 24 = 52.0833…; ÷ 20 a querier → 3 pods
    const q = roleOf(metricsCapacity('receive', { clusters: 20, queryRangeHours: 25 }), 'query');
    expect([q?.driver.value, q?.pods]).toEqual([52.083, 3]);
  });

  test('an unknown role key lists the known ones', () => {
    expectConstructError(
      () => metricsCapacity('federation', { clusters: 20 }, { sizing: { globalQuery: { replicas: 2 } } }),
      `${PREFIX} 'sizing.globalQuery' names no role of this pattern (got "globalQuery"); use one of globalPrometheus, regionalPrometheus`,
      ErrorCode.INVALID_VALUE,
    );
  });

  test('regions given directly: one above the fan-out limit is refused with both sizes', () => {
    expectConstructError(
      () => metricsCapacity('hierarchical', { clusters: 60 }, { regions: [9, 51] }),
      `${PREFIX} 'regions' hold a region of 51 clusters, above the querier fan-out limit of 50 (got [9,51]); split it into regions of at most 50 clusters`,
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    const m = metricsCapacity('hierarchical', { clusters: 60 }, { regions: [10, 50] });
    expect(m.targets.map((t) => [t.name, t.layer, t.clusters])).toEqual([
      ['global', 'global', 60],
      ['region-0', 'region', 10],
      ['region-1', 'region', 50],
    ]);
  });

  test('network and bucket per pattern at 20 clusters', () => {
    // 20 × 1.25 M ÷ 60 s = 416 667 samples/s; × 86 400 × 1.5 B = 54 GB of raw blocks a day per copy.
    const at20 = (p: 'hierarchical' | 'receive' | 'hybrid' | 'federation') =>
      metricsCapacity(p, { clusters: 20 });
    // sidecars upload both replicas' blocks: 108 GB a day
    expect(at20('hierarchical').network).toEqual([
      { from: 'application clusters (sidecars)', to: 'object storage', bytesPerDay: 108_000_000_000 },
    ]);
    // one writer × 10 B a sample × 86 400 s = 360 GB a day; the hashring uploads 3 copies: 162 GB
    expect(at20('receive').network).toEqual([
      { from: 'application clusters', to: 'global (receive)', bytesPerDay: 360_000_000_000 },
      { from: 'global (receive)', to: 'object storage', bytesPerDay: 162_000_000_000 },
    ]);
    expect(at20('hybrid').network).toEqual([
      { from: 'application clusters', to: 'regions (receive)', bytesPerDay: 360_000_000_000 },
      { from: 'regions (receive)', to: 'object storage', bytesPerDay: 162_000_000_000 },
    ]);
    // 20 clusters × 1 000 federated series × 2 replicas × 1 440 scrapes a day × 100 B = 5.76 GB a day
    expect(at20('federation').network).toEqual([
      { from: 'application clusters', to: 'regions (federation)', bytesPerDay: 5_760_000_000 },
    ]);
    // one copy 90 days of 54e9 + 54e9 + 4.5e9 B = 1.0125e13; D1 adds 1 more copy for 2 days (1.08e11), D2 2 more
    expect(at20('hierarchical').objectStorageBytes).toBe(10_233_000_000_000);
    expect(at20('receive').objectStorageBytes).toBe(10_341_000_000_000);
    expect(at20('federation').objectStorageBytes).toBe(0);
  });

  test('totals: cores, memory, volumes and pods summed over the targets', () => {
    const m = metricsCapacity('hierarchical', { clusters: 200 });
    // the reference design's 44.5 cores / 89 GiB; 3 + 10 + 3 + 1 + 2 global pods and 4 + 4 in each of 4 regions
    expect([m.totals.cpuCores, m.totals.memoryGiB, m.totals.pods]).toEqual([44.5, 89, 35]);
    // compactor 3 × 150 + store 10 × 190 + regional stores 4 × 2 × 240 GiB
    expect(m.totals.storageGiB).toBe(4_270);
    expect(m.targets[0]?.storageGiB).toBe(2_350);
  });
});

test('survivors of the mutation run: replicas on a non-sharded role, shards of a store, two writers', () => {
  const q = roleOf(
    metricsCapacity('hierarchical', { clusters: 20 }, { sizing: { globalQuery: { replicas: 4 } } }),
    'globalQuery',
  );
  expect(q).not.toHaveProperty('shards');
  expectConstructError(
    () => metricsCapacity('hierarchical', { clusters: 20 }, { sizing: { globalStore: { shards: 0 } } }),
    `${PREFIX} 'sizing.globalStore.shards' must be a whole number from 1 to 10000 (got 0); leave it out to take the model's shards for thanos/store`,
    ErrorCode.INVALID_VALUE,
  );
  // 2 writers: 12.5 M samples/s × 2 × 3 ÷ 8 ingestors... the ingestors grow too; the volume per pod is the same
  // 3 400 GiB at the reference (the samples double and so do the pods: 16 × 3 394 GiB → 3 400).
  const two = metricsCapacity('receive', { clusters: 200, remoteWriteReplicas: 2 });
  expect([roleOf(two, 'receiveIngestor')?.pods, roleOf(two, 'receiveIngestor')?.storageGiB]).toEqual([
    16, 3400,
  ]);
});
