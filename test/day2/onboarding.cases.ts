import { App } from 'cdk8s';
import { ErrorCode, ThanosHierarchical, splitFleet } from '../../lib';
import { planFleetChange } from '../../lib/cli/fleet-day2';
import { PLAN_PLACEHOLDERS } from '../../lib/cli/fleet-plan';
import { expectConstructError } from '../support/errors';

const summary = (plan: ReturnType<typeof planFleetChange>) =>
  plan.change.groups.map((g) => [
    g.clusters.join(','),
    g.change,
    g.objects
      .filter(() => g.change === 'changed')
      .map((o) => `${o.change} ${o.kind} ${o.name} ${(o.fields ?? []).join(',')}`),
  ]);

describe('onboarding with stable names (sized for 250 clusters)', () => {
  test("198 → 199 touches exactly the new cluster's chart and its region's endpoint list", () => {
    const plan = planFleetChange({ pattern: 'hierarchical', from: 198, to: 199, sizedForClusters: 250 });
    expect(summary(plan)).toEqual([
      ['cluster-199', 'added', []],
      // The endpoint file only: the querier re-reads it, so its Deployment does not roll (failed before: spec.template).
      ['monitoring-region-d', 'changed', ['changed ConfigMap thanos-query-endpoints data.endpoints.yaml']],
    ]);
    expect(plan.notes).toEqual([]);
  });

  test("200 → 201 adds the fifth region's chart and changes only the global endpoint list besides", () => {
    const plan = planFleetChange({ pattern: 'hierarchical', from: 200, to: 201, sizedForClusters: 250 });
    expect(summary(plan)).toEqual([
      ['cluster-201', 'added', []],
      ['monitoring-global', 'changed', ['changed ConfigMap thanos-query-endpoints data.endpoints.yaml']],
      ['monitoring-region-e', 'added', []],
    ]);
    expect(plan.regionsAdded).toEqual(['monitoring-region-e']);
    expect(plan.clustersMoved).toEqual([]);
  });

  test('without sizedForClusters, a resize of volume claim templates is called out', () => {
    const plan = planFleetChange({ pattern: 'hierarchical', from: 198, to: 199 });
    expect(plan.notes[0]).toMatch(
      /^volume claim templates change \(monitoring-region-d: StatefulSet thanos-store\)/,
    );
  });
});

describe('re-splitting regions past the querier fan-out limit', () => {
  test('regions of 3 re-split into regions of 2: which clusters move, which chart appears, in stages', () => {
    const plan = planFleetChange({
      pattern: 'hierarchical',
      from: 6,
      to: 6,
      clustersPerRegion: 2,
      fromClustersPerRegion: 3,
    });
    // splitFleet fills regions in order: [1-3], [4-6] become [1-2], [3-4], [5-6].
    expect(plan.clustersMoved).toEqual([
      { cluster: 'cluster-003', from: 'region-a', to: 'region-b' },
      { cluster: 'cluster-005', from: 'region-b', to: 'region-c' },
      { cluster: 'cluster-006', from: 'region-b', to: 'region-c' },
    ]);
    expect(plan.regionsAdded).toEqual(['monitoring-region-c']);
    // The regional stores shrink with their regions: the volume note comes first.
    expect(plan.notes[0]).toMatch(
      /^volume claim templates change \(monitoring-region-a: StatefulSet thanos-store; monitoring-region-b/,
    );
    expect(plan.notes.slice(1)).toEqual([
      'region-a has 3 clusters, past the 2 its querier serves well: this change re-splits the regions and moves clusters',
      'region-b has 3 clusters, past the 2 its querier serves well: this change re-splits the regions and moves clusters',
    ]);
    expect(plan.steps[1]).toMatch(
      /^apply the regional charts that gain clusters, check, then the ones that lose them/,
    );
  });
});

describe('bad fleet changes', () => {
  test('shrinking without naming the clusters that go is a typed error with the fix', () => {
    expectConstructError(
      () => planFleetChange({ pattern: 'hierarchical', from: 199, to: 198 }),
      "plan 'plan': 'removing' must name the 1 cluster(s) that 198 of 199 drops, which are the last ones (got []); say which clusters go: --remove cluster-199; to remove others, list the regions explicitly with fleetFromRegions",
      ErrorCode.INCOMPATIBLE_FLEET_CHANGE,
    );
  });

  test('a diff for another pattern is a typed error', () => {
    expectConstructError(
      () => planFleetChange({ pattern: 'receive', from: 6, to: 7 }),
      "plan 'plan': 'pattern' has no cluster-change plan yet: only the hierarchical pattern diffs fleets of two sizes (got \"receive\"); plan --pattern hierarchical --clusters <n> --diff-from <m>",
      ErrorCode.INCOMPATIBLE_FLEET_CHANGE,
    );
  });

  test('sizedForClusters below the fleet is a typed error', () => {
    expectConstructError(
      () =>
        new ThanosHierarchical(new App(), 'fleet', {
          fleet: splitFleet(6),
          ...PLAN_PLACEHOLDERS,
          sizedForClusters: 5,
        }),
      "ThanosHierarchical 'fleet': 'sizedForClusters' must be a whole number of at least the fleet's 6 clusters (got 5); size for the fleet you plan to reach, e.g. sizedForClusters: 50",
      ErrorCode.INVALID_VALUE,
    );
  });
});
