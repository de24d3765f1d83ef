import { ErrorCode } from '../../lib/core';
import {
  PATTERN_TRAITS,
  checkUniqueExternalLabels,
  clusterName,
  fleetFromRegions,
  recommendPattern,
  regionName,
  splitFleet,
} from '../../lib/fleet';
import { expectConstructError } from '../support/errors';

describe('splitFleet (the reference design)', () => {
  test('200 clusters → region-a … region-d of 50, one chart per monitoring cluster', () => {
    const fleet = splitFleet(200);
    expect(fleet.regions.map((r) => [r.name, r.clusters.length])).toEqual([
      ['region-a', 50],
      ['region-b', 50],
      ['region-c', 50],
      ['region-d', 50],
    ]);
    expect(fleet.regions[1]?.clusters[0]).toEqual({
      name: 'cluster-051',
      region: 'region-b',
      externalLabels: { cluster: 'cluster-051', region: 'region-b' },
    });
    expect(fleet.globalChart).toBe('monitoring-global');
    expect(fleet.regionCharts).toEqual({
      'region-a': 'monitoring-region-a',
      'region-b': 'monitoring-region-b',
      'region-c': 'monitoring-region-c',
      'region-d': 'monitoring-region-d',
    });
    expect(fleet.replicaLabel).toBe('prometheus_replica');
    expect(fleet.clusters).toHaveLength(200);
  });

  test('the last region takes the remainder; names widen for large fleets', () => {
    expect(splitFleet(6, 4).regions.map((r) => r.clusters.map((c) => c.name))).toEqual([
      ['cluster-001', 'cluster-002', 'cluster-003', 'cluster-004'],
      ['cluster-005', 'cluster-006'],
    ]);
    expect(clusterName(0, 1000)).toBe('cluster-0001');
    expect(regionName(25)).toBe('region-z');
    expect(regionName(26)).toBe('region-aa');
    expect(splitFleet(1000).regions).toHaveLength(20);
  });

  test('common labels are added; the reserved ones are refused', () => {
    expect(splitFleet(1, 50, { commonLabels: { env: 'prod' } }).clusters[0]?.externalLabels).toEqual({
      env: 'prod',
      cluster: 'cluster-001',
      region: 'region-a',
    });
    expectConstructError(
      () => splitFleet(1, 50, { commonLabels: { cluster: 'x' } }),
      "Fleet 'fleet': 'commonLabels.cluster' is set by the fleet itself (got \"x\"); remove it; every cluster gets its own value",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('fleet errors', () => {
  test('a cluster in two regions', () => {
    expectConstructError(
      () => fleetFromRegions({ 'region-a': ['c1', 'c2'], 'region-b': ['c2'] }),
      "Fleet 'fleet': 'regions.region-b' lists cluster 'c2', which region 'region-a' lists too (got \"c2\"); put every cluster in exactly one region",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
  test('a cluster listed twice in one region', () => {
    expectConstructError(
      () => fleetFromRegions({ 'region-a': ['c1', 'c1'] }),
      "Fleet 'fleet': 'regions.region-a' lists cluster 'c1' twice (got \"c1\"); put every cluster in exactly one region",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
  test('a cluster in no region', () => {
    expectConstructError(
      () => fleetFromRegions({ 'region-a': ['c1'] }, { clusters: ['c1', 'c9'] }),
      "Fleet 'fleet': 'regions' puts cluster 'c9' in no region (got \"c9\"); add it to exactly one region",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
  test('a region past the endpoint budget: an error, or a warning when asked', () => {
    const big = { 'region-a': Array.from({ length: 51 }, (_, i) => `c${i}`) };
    expectConstructError(
      () => fleetFromRegions(big),
      "Fleet 'fleet': 'regions.region-a' has 51 clusters, more than the 50 one regional query serves well (the reference design's limit) (got 51); split it into regions of at most 50, raise maxClustersPerRegion, or set regionSizePolicy: 'warn'",
      ErrorCode.INVALID_VALUE,
    );
    expect(fleetFromRegions(big, { regionSizePolicy: 'warn' }).warnings).toEqual([
      "region 'region-a' has 51 clusters, more than the 50 one regional query serves well (the reference design's limit)",
    ]);
    expect(fleetFromRegions(big, { maxClustersPerRegion: 60 }).warnings).toEqual([]);
  });
  test('names that cannot be chart ids', () => {
    expectConstructError(
      () => fleetFromRegions({ Region_A: ['c1'] }),
      "Fleet 'fleet': 'regions.Region_A' must be a DNS label of at most 40 characters (got \"Region_A\"); name it like 'region-a'",
      ErrorCode.INVALID_NAME,
    );
    expectConstructError(
      () => fleetFromRegions({ 'region-a': ['C1'] }),
      "Fleet 'fleet': 'regions.region-a' names a cluster that is not a DNS label of at most 50 characters (got \"C1\"); name clusters like 'cluster-001'",
      ErrorCode.INVALID_NAME,
    );
  });
  test('duplicate external labels', () => {
    expectConstructError(
      () =>
        checkUniqueExternalLabels([
          { name: 'a', region: 'r', externalLabels: { cluster: 'x' } },
          { name: 'b', region: 'r', externalLabels: { cluster: 'x' } },
        ]),
      "Fleet 'fleet': 'clusters.b.externalLabels' are the same as cluster 'a's, so their series would merge (got {\"cluster\":\"x\"}); give every cluster its own 'cluster' label",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
  test('a fleet of zero', () => {
    expectConstructError(
      () => splitFleet(0),
      "Fleet 'fleet': 'clusters' must be a whole number of at least 1 (got 0); give the number of application clusters, e.g. 200",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe("recommendPattern (the reference design's decision matrix)", () => {
  test('200 clusters with long-term storage → D1, the reference design recommendation', () => {
    const r = recommendPattern({ clusters: 200 });
    expect(r.pattern).toBe('hierarchical');
    expect(r.reasons).toContain('cheapest fitting pattern at about $2637/month');
    expect(r.rejected.federation).toEqual(['federation keeps no long-term storage (no object store)']);
  });
  test('very limited budget, short retention → D4', () => {
    // D4 costs $1,521 in the model (the reference design's ~$1,500 plus its federation scrapes between clusters).
    expect(recommendPattern({ clusters: 200, longTermStorage: false, budgetUsdPerMonth: 1600 }).pattern).toBe(
      'federation',
    );
  });
  test('enough budget and one query hop → D2', () => {
    expect(recommendPattern({ clusters: 200, maxQueryHops: 1 }).pattern).toBe('receive');
  });
  test('thousands of clusters → D3', () => {
    const r = recommendPattern({ clusters: 3000 });
    expect(r.pattern).toBe('hybrid');
    expect(r.rejected.receive).toEqual(['receive is meant for at most 1000 clusters']);
  });
  test('cost overrides change the answer', () => {
    expect(recommendPattern({ clusters: 200, monthlyCostUsd: { receive: 1000 } }).pattern).toBe('receive');
  });
  test('requirements that rule everything out', () => {
    expectConstructError(
      () => recommendPattern({ clusters: 200, budgetUsdPerMonth: 100 }),
      'recommendPattern \'recommendPattern\': \'requirements\' rule out every pattern (hierarchical (D1): hierarchical costs about $2637/month, over the $100 budget | receive (D2): receive costs about $3132/month, over the $100 budget | hybrid (D3): hybrid costs about $4207/month, over the $100 budget | federation (D4): federation keeps no long-term storage (no object store); federation costs about $1521/month, over the $100 budget) (got {"clusters":200,"budgetUsdPerMonth":100}); relax the budget, the query hops or the isolation requirement',
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
  test("the traits table is the reference design's", () => {
    expect(Object.values(PATTERN_TRAITS).map((t) => [t.id, t.monthlyCostUsd])).toEqual([
      ['D1', 2500],
      ['D2', 3000],
      ['D3', 5000],
      ['D4', 1500],
    ]);
  });
});
