import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { ErrorCode } from '../../lib/core';
import fc from 'fast-check';
import { TIER_MINIMUMS, sizeSearchStorage, tracingCapacity } from '../../lib';

const CONTEXT = { construct: 'test', path: 'test' };

describe('tracing capacity model', () => {
  test('the reference tiers at their boundaries: small ≤ 1 000, medium above, large from 10 000', () => {
    expect(tracingCapacity({ tracesPerSecond: 1_000 }).tier).toBe('small');
    const medium = tracingCapacity({ tracesPerSecond: 1_001 });
    expect([medium.tier, medium.collectors, medium.queries]).toEqual(['medium', 2, 1]);
    const topOfMedium = tracingCapacity({ tracesPerSecond: 9_999 });
    expect([topOfMedium.tier, topOfMedium.collectors, topOfMedium.queries]).toEqual(['medium', 2, 1]);
    const large = tracingCapacity({ tracesPerSecond: 10_000 });
    expect([large.tier, large.collectors, large.queries]).toEqual(['large', 5, 3]);
    expect(large.ingesters).toBeGreaterThanOrEqual(TIER_MINIMUMS.large.ingester);
  });

  test('12 000 traces/s × 10 spans at 5 000 spans/s per ingester needs 24 ingesters, not 2', () => {
    const c = tracingCapacity({ tracesPerSecond: 12_000 });
    expect(c.ingesters).toBe(24);
    expect(c.topic?.partitions).toBeGreaterThanOrEqual(c.maxIngesters ?? 0);
  });

  test('Elasticsearch disk follows throughput × span size × retention × copies ÷ watermark', () => {
    // The large example: 10 000 traces/s × 10 spans × 500 B = 4.32 TB a day, kept 30 days, one replica.
    const s = sizeSearchStorage(
      { spansPerSecond: 100_000, bytesPerSpan: 500, retentionDays: 30, indexReplicas: 1, minNodes: 5 },
      CONTEXT,
    );
    expect(s.bytesPerDay).toBe(4.32e12);
    expect(s.diskBytes).toBeCloseTo((4.32e12 * 30 * 2) / 0.85, -3);
    expect(s.nodes * s.storagePerNodeGiB * 2 ** 30).toBeGreaterThanOrEqual(s.diskBytes);
    expect(s.nodes).toBeGreaterThan(5); // 305 TB do not fit 5 nodes of at most 2 TiB
    expect(s.primaryShardsPerDay).toBe(87);
  });

  test('monotone in traces/s, span size and retention (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 100, max: 5_000 }),
        fc.integer({ min: 1, max: 60 }),
        (a, b, bytesPerSpan, retentionDays) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const small = tracingCapacity({ tracesPerSecond: lo, bytesPerSpan, retentionDays });
          const large = tracingCapacity({ tracesPerSecond: hi, bytesPerSpan, retentionDays });
          if (small.tier === large.tier) {
            expect(large.collectors).toBeGreaterThanOrEqual(small.collectors);
            expect(large.ingesters ?? 0).toBeGreaterThanOrEqual(small.ingesters ?? 0);
            expect(large.search?.diskBytes ?? 0).toBeGreaterThanOrEqual(small.search?.diskBytes ?? 0);
          }
          const longer = tracingCapacity({
            tracesPerSecond: hi,
            bytesPerSpan,
            retentionDays: retentionDays + 1,
          });
          expect(longer.search?.diskBytes ?? 0).toBeGreaterThanOrEqual(large.search?.diskBytes ?? 0);
        },
      ),
      { numRuns: 80 },
    );
  });

  test("every throughput keeps its tier's reference minimums (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1_000_000, noNaN: true }), (tracesPerSecond) => {
        const c = tracingCapacity({ tracesPerSecond });
        if (c.tier === 'small') {
          expect(tracesPerSecond).toBeLessThanOrEqual(1_000);
          return;
        }
        const min = TIER_MINIMUMS[c.tier];
        expect(c.collectors).toBeGreaterThanOrEqual(min.collector);
        expect(c.queries).toBe(min.query);
        expect(c.search?.nodes).toBeGreaterThanOrEqual(min.esNodes);
        if (c.tier === 'large') {
          expect(tracesPerSecond).toBeGreaterThanOrEqual(10_000);
          expect(c.ingesters).toBeGreaterThanOrEqual(TIER_MINIMUMS.large.ingester);
          expect(c.topic?.partitions).toBeGreaterThanOrEqual(c.maxIngesters ?? 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  test.each([[0], [-5], [Number.NaN], [1e9]])('%p traces/s is refused', (tracesPerSecond) => {
    expectErrorCode(
      () => tracingCapacity({ tracesPerSecond }),
      ErrorCode.INVALID_VALUE,
      'tracesPerSecond',
      /'tracesPerSecond' (must be a finite number above 0|is above 10000000, past what the capacity model is calibrated for) \(got /,
    );
  });
});

test('a peak below the average is refused with the fix', () => {
  expectConstructError(
    () => tracingCapacity({ tracesPerSecond: 100, peakFactor: 0.5 }),
    "TracingCapacity 'capacity.tracing': 'peakFactor' must be at least 1: the peak is never below the average (got 0.5); give peak traffic ÷ average traffic, e.g. 2",
    ErrorCode.INVALID_VALUE,
  );
});
