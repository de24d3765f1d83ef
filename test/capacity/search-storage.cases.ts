import { ErrorCode } from '../../lib/core';
import { sizeSearchStorage } from '../../lib/capacity/search-storage';
import { expectConstructError } from '../support/errors';

// sizeSearchStorage's numbers where a rounding or an operator would show: loads whose quotients are exact whole
// numbers (so `ceil(x - 1e-9)` and `ceil(x + 1e-9)` differ), and every input check at its edge and one past it.
// Expected values are hand computations shown beside them; the watermark 0.85 is Elasticsearch's default low disk
// watermark (`cluster.routing.allocation.disk.watermark.low`, 85%), the 50 GB shard the reference design's rollover
// `max_size`, the 26 GiB heap cap Elasticsearch's compressed-oops limit, all as documented in search-storage.ts.

const ctx = { construct: 'EckElasticsearch', path: 'c/es' };
const GIB = 1_073_741_824; // 2^30

const load = (extra: Partial<Parameters<typeof sizeSearchStorage>[0]> = {}) => ({
  spansPerSecond: 1,
  bytesPerSpan: 1,
  retentionDays: 1,
  indexReplicas: 1,
  ...extra,
});

describe('sizeSearchStorage: exact numbers', () => {
  test('a disk of exactly one node of 86 400 GiB is 1 node of 86 400 GiB, not 2 nodes or 86 401 GiB', () => {
    // 64 spans/s × 2^24 B = 2^30 B/s; × 86 400 s = 86 400 GiB a day = 92 771 293 593 600 B; 1 day, no replica,
    // watermark 1: the disk is exactly 86 400 GiB, one node's maximum.
    const s = sizeSearchStorage(
      {
        spansPerSecond: 64,
        bytesPerSpan: 16_777_216,
        retentionDays: 1,
        indexReplicas: 0,
        diskWatermark: 1,
        minNodes: 1,
        maxDiskPerNodeGiB: 86_400,
      },
      ctx,
    );
    expect(s).toEqual({
      bytesPerDay: 92_771_293_593_600,
      dataBytes: 92_771_293_593_600,
      diskBytes: 92_771_293_593_600,
      nodes: 1,
      storagePerNodeGiB: 86_400,
      // 92 771 293 593 600 ÷ 50e9 = 1 855.43 → 1 856 primaries a day, one day kept, no replica
      primaryShardsPerDay: 1_856,
      totalShards: 1_856,
      shardsPerNode: 1_856,
      // the default 4 GiB node memory ÷ 2
      heapGiBPerNode: 2,
    });
  });

  test('1.35 TB a day is exactly 27 shards of 50 GB; 1.5 days × 3 copies on the 3 nodes 2 replicas need', () => {
    // 31 250 spans/s × 500 B × 86 400 s = 1.35e12 B a day = 27 × 50e9.
    const s = sizeSearchStorage(
      {
        spansPerSecond: 31_250,
        bytesPerSpan: 500,
        retentionDays: 1.5,
        indexReplicas: 2,
        // fewer than the 3 copies need: the copies win
        minNodes: 1,
        maxDiskPerNodeGiB: 10_000,
        nodeMemoryGiB: 64,
      },
      ctx,
    );
    expect(s.bytesPerDay).toBe(1_350_000_000_000);
    // 1.35e12 × 1.5 days × (1 + 2) copies
    expect(s.dataBytes).toBe(6_075_000_000_000);
    // 6.075e12 ÷ 0.85
    expect(s.diskBytes).toBeCloseTo(7_147_058_823_529.41, 1);
    // 7.147e12 B = 6 656.2 GiB, under one node's 10 000 GiB: the 3 copies' 3 nodes, 6 656.2 ÷ 3 = 2 218.7 → 2 219 GiB
    expect([s.nodes, s.storagePerNodeGiB]).toEqual([3, 2_219]);
    // 27 a day; ⌈27 × 1.5⌉ = 41 primaries kept, × 3 copies = 123 shards; 123 ÷ 3 nodes = 41
    expect([s.primaryShardsPerDay, s.totalShards, s.shardsPerNode]).toEqual([27, 123, 41]);
    // 64 GiB ÷ 2 = 32, capped at 26
    expect(s.heapGiBPerNode).toBe(26);
  });

  test('disk past one node adds nodes: 6 656.2 GiB over nodes of at most 2 048 GiB is 4 nodes of 1 665 GiB', () => {
    // The load above with the default 2 048 GiB a node: 6 656.2 ÷ 2 048 = 3.25 → 4 nodes; 6 656.2 ÷ 4 = 1 664.05.
    const s = sizeSearchStorage(
      { spansPerSecond: 31_250, bytesPerSpan: 500, retentionDays: 1.5, indexReplicas: 2 },
      ctx,
    );
    expect([s.nodes, s.storagePerNodeGiB, s.shardsPerNode]).toEqual([4, 1_665, 31]); // ⌈123 ÷ 4⌉ = 31
  });

  test('the defaults: minNodes is indexReplicas + 1, the watermark 0.85, the node memory 4 GiB', () => {
    // 1 span/s × 1 B × 86 400 s = 86 400 B a day; × 2 copies = 172 800; ÷ 0.85 = 203 294.1 B.
    const s = sizeSearchStorage(load(), ctx);
    expect(s.bytesPerDay).toBe(86_400);
    expect(s.dataBytes).toBe(172_800);
    expect(s.diskBytes).toBeCloseTo(203_294.12, 1);
    // minNodes = 1 + 1 = 2; each node holds a sliver, at least 1 GiB; 1 primary a day, 2 shards, 1 a node
    expect([s.nodes, s.storagePerNodeGiB, s.primaryShardsPerDay, s.totalShards, s.shardsPerNode]).toEqual([
      2, 1, 1, 2, 1,
    ]);
    expect(s.heapGiBPerNode).toBe(2);
    // With 3 replicas the default is 4 nodes (the same load, indexReplicas 3, no minNodes).
    expect(sizeSearchStorage(load({ indexReplicas: 3 }), ctx).nodes).toBe(4);
    // An explicit minNodes wins over the default.
    expect(sizeSearchStorage(load({ minNodes: 7 }), ctx).nodes).toBe(7);
    // An explicit watermark replaces 0.85: 172 800 ÷ 0.5 = 345 600.
    expect(sizeSearchStorage(load({ diskWatermark: 0.5 }), ctx).diskBytes).toBe(345_600);
  });

  test('a load far below a GiB and a shard still gets 1 GiB a node and 1 primary shard a day', () => {
    // 1e-6 spans/s × 1 B × 86 400 s = 0.0864 B a day: ⌈x − 1e-9⌉ is 0 for both, the floor of 1 keeps them.
    const s = sizeSearchStorage(load({ spansPerSecond: 1e-6 }), ctx);
    expect([s.storagePerNodeGiB, s.primaryShardsPerDay]).toEqual([1, 1]);
    expect(s.nodes * s.storagePerNodeGiB * GIB).toBeGreaterThan(s.diskBytes);
  });
});

describe('sizeSearchStorage: inputs at their edge and one past it', () => {
  const positive = (prop: string, fix: string, rendered: string) =>
    `EckElasticsearch 'c/es': '${prop}' must be a finite number above 0 (got ${rendered}); ${fix}`;

  test.each([
    ['spansPerSecond', 'give the spans written per second'],
    ['bytesPerSpan', 'measure it: index size ÷ span count, e.g. 500'],
    ['retentionDays', 'give the days spans are kept, e.g. 7'],
    ['maxDiskPerNodeGiB', 'e.g. 2048'],
    ['nodeMemoryGiB', 'give the memory of each node in GiB'],
  ])('%s: 0 and NaN are refused with the fix', (prop, fix) => {
    for (const [bad, rendered] of [
      [0, '0'],
      [Number.NaN, 'NaN'],
    ] as const) {
      expectConstructError(
        () => sizeSearchStorage(load({ [prop]: bad }), ctx),
        positive(prop, fix, rendered),
        ErrorCode.INVALID_VALUE,
      );
    }
  });

  test('indexReplicas: 0 and 5 are accepted; −1, 6 and 0.5 are refused', () => {
    expect(sizeSearchStorage(load({ indexReplicas: 0 }), ctx).nodes).toBe(1);
    expect(sizeSearchStorage(load({ indexReplicas: 5 }), ctx).nodes).toBe(6);
    for (const bad of [-1, 0.5]) {
      expectConstructError(
        () => sizeSearchStorage(load({ indexReplicas: bad }), ctx),
        `EckElasticsearch 'c/es': 'indexReplicas' must be a whole number of at least 0 (got ${bad}); use 1 so a node can fail`,
        ErrorCode.INVALID_VALUE,
      );
    }
    expectConstructError(
      () => sizeSearchStorage(load({ indexReplicas: 6 }), ctx),
      "EckElasticsearch 'c/es': 'indexReplicas' is above 5, past what the capacity model is calibrated for (got 6); use 1 so a node can fail; at most 5",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('diskWatermark: 1 and 0.01 are accepted; 0, −0.5, 1.0001 and NaN are refused', () => {
    // 172 800 B of data (the default load) ÷ 1 and ÷ 0.01
    expect(sizeSearchStorage(load({ diskWatermark: 1 }), ctx).diskBytes).toBe(172_800);
    expect(sizeSearchStorage(load({ diskWatermark: 0.01 }), ctx).diskBytes).toBeCloseTo(17_280_000, 3);
    for (const bad of [0, -0.5, 1.0001, Number.NaN]) {
      expectConstructError(
        () => sizeSearchStorage(load({ diskWatermark: bad }), ctx),
        `EckElasticsearch 'c/es': 'diskWatermark' must be a fraction above 0 and at most 1 (got ${bad}); use Elasticsearch's low watermark, 0.85`,
        ErrorCode.INVALID_VALUE,
      );
    }
  });

  test('minNodes: 1 and 1000 are accepted; 0 and 1001 are refused', () => {
    expect(sizeSearchStorage(load({ indexReplicas: 0, minNodes: 1 }), ctx).nodes).toBe(1);
    expect(sizeSearchStorage(load({ minNodes: 1_000 }), ctx).nodes).toBe(1_000);
    expectConstructError(
      () => sizeSearchStorage(load({ minNodes: 0 }), ctx),
      "EckElasticsearch 'c/es': 'minNodes' must be a whole number of at least 1 (got 0); e.g. 3",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => sizeSearchStorage(load({ minNodes: 1_001 }), ctx),
      "EckElasticsearch 'c/es': 'minNodes' is above 1000, past what the capacity model is calibrated for (got 1001); e.g. 3; at most 1000",
      ErrorCode.INVALID_VALUE,
    );
  });
});
