import { impliedSeriesPerCluster } from '../../lib/capacity/reference';
import { referenceRole } from '../../lib/capacity/metrics';

// What the reference design's "S3 100TB+ for 3 months" of 200 clusters implies, for other inputs: bytes per series
// and day are 1.5 B × (86 400 ÷ scrape interval raw samples + 5 aggregates × (288 + 24) downsampled points), the
// coefficients documented in coefficients.ts.

describe('impliedSeriesPerCluster', () => {
  test('60 s scrapes: 100 TB ÷ (200 × 90 × 1.5 × (1 440 + 1 560)) = 1 234 568 series a cluster', () => {
    expect(Math.round(impliedSeriesPerCluster())).toBe(1_234_568);
  });

  test('30 s scrapes: 100 TB ÷ (200 × 90 × 1.5 × (2 880 + 1 560)) = 834 168, not half the 60 s figure', () => {
    // The downsampled points do not depend on the scrape interval, so halving it does not halve the series.
    expect(Math.round(impliedSeriesPerCluster(100e12, 200, 90, 30))).toBe(834_168);
  });

  test('each argument counts: 50 TB, 100 clusters, 45 days', () => {
    // 50e12 ÷ (100 × 45 × 4 500) = 2 469 136
    expect(Math.round(impliedSeriesPerCluster(50e12, 100, 45, 60))).toBe(2_469_136);
  });
});

describe('referenceRole', () => {
  test("the reference design's pods: D1's 10 store gateways, D3's 3 ingestors a region", () => {
    expect([
      referenceRole('hierarchical', 'globalStore').pods,
      referenceRole('hybrid', 'receiveIngestor').pods,
    ]).toEqual([10, 3]);
  });

  test('a key no target has is an internal error naming it', () => {
    expect(() => referenceRole('federation', 'globalQuery')).toThrow("no role 'globalQuery' in federation");
  });
});
