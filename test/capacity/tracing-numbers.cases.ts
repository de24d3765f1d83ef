import { ErrorCode } from '../../lib/core';
import { tracingCapacity } from '../../lib/capacity/tracing';
import { expectConstructError } from '../support/errors';

// tracingCapacity's results as exact numbers, and every input's refusal as its exact message. The defaults are the
// ones documented on DEFAULT_TRACING_LOAD (10 spans a trace, 500 B a span, peak factor 1, 30 days, a 6 h outage
// window, 5 000 spans/s an ingester, 50 000 spans/s a collector, 3 brokers); the tier boundaries and minimums are
// the reference design's (small ≤ 1 000 traces/s; large from 10 000; "collector=5+, query=3+, ingester=2+" and
// 2 collectors / 1 query / 3 Elasticsearch nodes for the medium tier). Kafka's numbers follow lib/kafka/config/sizing.ts
// (steady consumers ⌈r ÷ c⌉, catch-up consumers ⌈2r ÷ c⌉ when catch-up time = window, partitions a multiple of the
// brokers, retention.ms = window × 1.2).

const DEFAULTED = [
  'spansPerTrace',
  'bytesPerSpan',
  'peakFactor',
  'retentionDays',
  'outageWindowHours',
  'ingesterSpansPerSecond',
  'collectorSpansPerSecond',
  'brokers',
];

describe('tracing capacity: exact results per tier', () => {
  test('small tier: one all-in-one collector and query; every default named as defaulted', () => {
    expect(tracingCapacity({ tracesPerSecond: 1_000 })).toEqual({
      tier: 'small',
      load: {
        tracesPerSecond: 1_000,
        spansPerTrace: 10,
        bytesPerSpan: 500,
        peakFactor: 1,
        retentionDays: 30,
        outageWindowHours: 6,
        ingesterSpansPerSecond: 5_000,
        collectorSpansPerSecond: 50_000,
        brokers: 3,
        defaulted: DEFAULTED,
      },
      // 1 000 traces/s × 10 spans, × peak factor 1
      spansPerSecond: 10_000,
      peakSpansPerSecond: 10_000,
      collectors: 1,
      queries: 1,
    });
  });

  test('every input given is taken as given, and none is named as defaulted', () => {
    const given = {
      tracesPerSecond: 500,
      spansPerTrace: 4,
      bytesPerSpan: 300,
      peakFactor: 2.5,
      retentionDays: 7,
      outageWindowHours: 2,
      ingesterSpansPerSecond: 1_000,
      collectorSpansPerSecond: 2_000,
      brokers: 5,
    };
    const c = tracingCapacity(given);
    expect(c.load).toEqual({ ...given, defaulted: [] });
    // 500 × 4 = 2 000 spans/s; × 2.5 = 5 000 at peak
    expect([c.spansPerSecond, c.peakSpansPerSecond]).toEqual([2_000, 5_000]);
    // Only the missing ones are named, in the order of the load's fields.
    expect(tracingCapacity({ tracesPerSecond: 500, peakFactor: 2, brokers: 1 }).load.defaulted).toEqual([
      'spansPerTrace',
      'bytesPerSpan',
      'retentionDays',
      'outageWindowHours',
      'ingesterSpansPerSecond',
      'collectorSpansPerSecond',
    ]);
  });

  test('medium tier: a peak of exactly 3 collectors is 3 collectors, not 4; Elasticsearch sized on the average', () => {
    // 5 000 traces/s × 10 spans = 50 000 spans/s; × 3 = 150 000 at peak ÷ 50 000 a collector = 3 exactly.
    const c = tracingCapacity({ tracesPerSecond: 5_000, peakFactor: 3 });
    expect([c.tier, c.spansPerSecond, c.peakSpansPerSecond, c.collectors, c.queries]).toEqual([
      'medium',
      50_000,
      150_000,
      3,
      1,
    ]);
    // The average 50 000 spans/s × 500 B × 86 400 s = 2.16e12 B a day (not the peak's 6.48e12); 30 days × 2 copies.
    expect([c.search?.bytesPerDay, c.search?.dataBytes]).toEqual([2_160_000_000_000, 129_600_000_000_000]);
    expect(c).not.toHaveProperty('topic');
    expect(c).not.toHaveProperty('ingesters');
  });

  test("medium tier at a tiny load keeps the reference's 2 collectors and 3 Elasticsearch nodes with 1 replica", () => {
    // 1 001 traces/s × 1 span × 1 B × 86 400 s = 86 486 400 B a day; ⌈1 001 ÷ 50 000⌉ = 1 collector, below 2.
    const c = tracingCapacity({
      tracesPerSecond: 1_001,
      spansPerTrace: 1,
      bytesPerSpan: 1,
      retentionDays: 1,
    });
    expect([c.collectors, c.queries, c.search?.nodes]).toEqual([2, 1, 3]);
    // one replica: 2 copies of one day; 1 primary shard a day, 2 shards
    expect([c.search?.dataBytes, c.search?.totalShards]).toEqual([172_972_800, 2]);
  });

  test('large tier at 12 000 traces/s with the defaults: 5 collectors, 3 queries, 24 to 48 ingesters', () => {
    const c = tracingCapacity({ tracesPerSecond: 12_000 });
    // 120 000 spans/s ÷ 50 000 = 2.4 → 3 collectors, below the large tier's 5.
    expect([c.tier, c.collectors, c.queries]).toEqual(['large', 5, 3]);
    // 120 000 spans/s × 500 B = 60 MB/s into Kafka; one ingester 5 000 × 500 B = 2.5 MB/s: 24 keep up, 48 drain a
    // 6 h backlog in 6 h; 48 partitions (a multiple of 3 brokers), replication 3, retention 6 h × 1.2 = 25 920 000 ms.
    expect([c.ingesters, c.maxIngesters]).toEqual([24, 48]);
    expect(c.topic).toMatchObject({
      partitions: 48,
      replicationFactor: 3,
      ingestBytesPerSecond: 60_000_000,
      consumerBytesPerSecond: 2_500_000,
      retentionMs: 25_920_000,
    });
    // 120 000 × 500 × 86 400 = 5.184e12 B a day, 30 days × 2 copies
    expect([c.search?.bytesPerDay, c.search?.dataBytes]).toEqual([5_184_000_000_000, 311_040_000_000_000]);
  });

  test('large tier at a peak of 2 over 5 brokers: Kafka takes the peak, Elasticsearch the average', () => {
    const c = tracingCapacity({
      tracesPerSecond: 12_000,
      peakFactor: 2,
      collectorSpansPerSecond: 40_000,
      outageWindowHours: 2,
      brokers: 5,
    });
    // 240 000 spans/s at peak ÷ 40 000 = 6 collectors exactly (not 7).
    expect([c.peakSpansPerSecond, c.collectors]).toEqual([240_000, 6]);
    // 240 000 × 500 B = 120 MB/s ÷ 2.5 MB/s = 48 steady, 96 to drain; 96 → 100 partitions over 5 brokers; replication
    // stays 3 with 5 brokers; retention 2 h × 3 600 s × 1.2 × 1 000 = 8 640 000 ms.
    expect([c.ingesters, c.maxIngesters]).toEqual([48, 96]);
    expect(c.topic).toMatchObject({
      partitions: 100,
      replicationFactor: 3,
      ingestBytesPerSecond: 120_000_000,
      retentionMs: 8_640_000,
    });
    expect(c.search?.bytesPerDay).toBe(5_184_000_000_000);
  });

  test('large tier with fast ingesters keeps 2 of them; 2 brokers replicate twice, 1 broker once', () => {
    // 10 000 spans/s × 500 B = 5 MB/s; an ingester of 1 000 000 spans/s takes 500 MB/s: 1 keeps up and 1 drains.
    const fast = (brokers: number) =>
      tracingCapacity({ tracesPerSecond: 10_000, spansPerTrace: 1, ingesterSpansPerSecond: 1e6, brokers });
    const c = fast(3);
    expect([c.ingesters, c.maxIngesters, c.topic?.steadyStateConsumers, c.topic?.catchUpConsumers]).toEqual([
      2, 2, 1, 1,
    ]);
    expect([fast(2).topic?.replicationFactor, fast(1).topic?.replicationFactor]).toEqual([2, 1]);
  });
});

describe('tracing capacity: every refusal, its message and code', () => {
  const prefix = "TracingCapacity 'capacity.tracing':";

  test('tracesPerSecond: 0 and 10 000 001 are refused with their fixes', () => {
    expectConstructError(
      () => tracingCapacity({ tracesPerSecond: 0 }),
      `${prefix} 'tracesPerSecond' must be a finite number above 0 (got 0); give the traces per second the installation takes`,
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => tracingCapacity({ tracesPerSecond: 10_000_001 }),
      `${prefix} 'tracesPerSecond' is above 10000000, past what the capacity model is calibrated for (got 10000001); split the traffic over several installations of at most 10000000`,
      ErrorCode.INVALID_VALUE,
    );
  });

  // The limits documented on TRACING_INPUT_LIMITS, and each input's example fix.
  test.each([
    ['spansPerTrace', 'e.g. 10', 100_000],
    ['bytesPerSpan', 'e.g. 500', 1_000_000],
    ['peakFactor', 'peak ÷ average, at least 1', 100],
    ['retentionDays', 'e.g. 7', 3_650],
    ['outageWindowHours', 'e.g. 6', 720],
    ['ingesterSpansPerSecond', 'measure it, e.g. 5000', 10_000_000],
    ['collectorSpansPerSecond', 'measure it, e.g. 50000', 10_000_000],
  ])('%s: 0 and its limit + 1 are refused with the fix', (prop, fix, limit) => {
    expectConstructError(
      () => tracingCapacity({ tracesPerSecond: 100, [prop]: 0 }),
      `${prefix} '${prop}' must be a finite number above 0 (got 0); ${fix}`,
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => tracingCapacity({ tracesPerSecond: 100, [prop]: limit + 1 }),
      `${prefix} '${prop}' is above ${limit}, past what the capacity model is calibrated for (got ${limit + 1}); ${fix}; at most ${limit}`,
      ErrorCode.INVALID_VALUE,
    );
  });

  test('brokers: 0 is refused with the fix', () => {
    expectConstructError(
      () => tracingCapacity({ tracesPerSecond: 100, brokers: 0 }),
      `${prefix} 'brokers' must be a whole number of at least 1 (got 0); e.g. 3`,
      ErrorCode.INVALID_VALUE,
    );
  });

  test("a caller's context names the construct in the error", () => {
    expectConstructError(
      () => tracingCapacity({ tracesPerSecond: -1 }, { construct: 'JaegerProfile', path: 'app/tracing' }),
      "JaegerProfile 'app/tracing': 'tracesPerSecond' must be a finite number above 0 (got -1); give the traces per second the installation takes",
      ErrorCode.INVALID_VALUE,
    );
  });
});

test('a JavaScript caller passing no load object gets the typed error, not a TypeError', () => {
  for (const [bad, rendered] of [
    [null, 'null'],
    [undefined, 'undefined'],
    [12_000, '12000'],
  ] as const) {
    expectConstructError(
      () => tracingCapacity(bad as unknown as { tracesPerSecond: number }),
      `TracingCapacity 'capacity.tracing': 'load' must be an object (got ${rendered}); pass at least { tracesPerSecond: 1000 }`,
      ErrorCode.INVALID_VALUE,
    );
  }
});

test('an input given as null is refused like any other non-number, not silently defaulted', () => {
  // null is neither a number nor left out: taking the default would also leave it out of `defaulted`.
  expectConstructError(
    () => tracingCapacity({ tracesPerSecond: 100, spansPerTrace: null as unknown as number }),
    "TracingCapacity 'capacity.tracing': 'spansPerTrace' must be a finite number above 0 (got null); e.g. 10",
    ErrorCode.INVALID_VALUE,
  );
  expectConstructError(
    () => tracingCapacity({ tracesPerSecond: 100, brokers: null as unknown as number }),
    "TracingCapacity 'capacity.tracing': 'brokers' must be a whole number of at least 1 (got null); e.g. 3",
    ErrorCode.INVALID_VALUE,
  );
});
