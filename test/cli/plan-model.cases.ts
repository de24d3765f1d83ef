// The capacity model against the charts each pattern synthesizes, from the plans the CLI builds: these tests are
// here, not in test/fleet, to share the plans of the CLI's tests (test/cli/run.ts builds each once per jest file;
// a 1000-cluster plan synthesizes 1000 charts, about a second of CPU).
import * as fleetPlan from '../../lib/cli/fleet-plan';
import { FleetPatternName } from '../../lib';
import './run';

/**
 * The plan `plan --pattern <pattern> --clusters <clusters>` prints, through test/cli/run.ts's memo: the request
 * is the one the CLI makes, with its defaults (50 clusters per region, long-term storage required), so that both
 * get the same plan, built once. Another request would still give the right plan, built a second time.
 */
const report = (pattern: FleetPatternName, clusters: number) =>
  fleetPlan.planFleet({ clusters, clustersPerRegion: 50, requirements: { longTermStorage: true }, pattern })
    .report;

describe('fleet patterns take their sizes from the capacity model', () => {
  test("D1's global layer and total grow with the fleet (they were 20.5 / 41 and $2,500 at 20 and at 200)", () => {
    const [r20, r200, r1000] = [20, 200, 1000].map((n) => report('hierarchical', n));
    const global = (r: typeof r20) => r?.charts.find((c) => c.layer === 'global');
    // The reference roles' 20.5 / 41 and 44.5 / 89, plus the query-frontend (1 / 2) and the caches (3.3 / 7.5).
    expect(global(r200)).toMatchObject({ cpuCores: 24.8, memoryGiB: 50.5 });
    expect(global(r20)?.cpuCores).toBeLessThan(24.8);
    expect(global(r1000)?.cpuCores).toBeGreaterThan(24.8);
    expect(r200?.totals).toEqual({ cpuCores: 48.8, memoryGiB: 98.5 });
    expect(new Set([r20, r200, r1000].map((r) => r?.monthlyCostUsd)).size).toBe(3);
    expect(r200?.monthlyCostUsd).toBe(2637);
  });

  test('D2 is 33 / 66 (+ frontend and caches 4.3) at 200 clusters only: less at 20, more at 1000', () => {
    const totals = [20, 200, 1000].map((n) => report('receive', n).totals.cpuCores);
    expect(totals[1]).toBe(37.3);
    expect(totals[0]).toBeLessThan(37.3);
    expect(totals[2]).toBeGreaterThan(37.3);
  });

  // 1000 clusters for the three patterns whose 1000-cluster plans the CLI's tests build anyway (one such plan costs
  // about as much as all the 200-cluster ones); 20 and 200 for every pattern.
  test.each([
    ['hierarchical', [20, 200, 1000]],
    ['receive', [20, 200, 1000]],
    ['hybrid', [20, 200, 1000]],
    ['federation', [20, 200]],
  ] as const)('%s: what the charts synthesize is what the model sized, at %j clusters', (pattern, sizes) => {
    for (const clusters of sizes) {
      const r = report(pattern, clusters);
      expect(r.totals).toEqual({
        cpuCores: r.capacity?.totals.cpuCores,
        memoryGiB: r.capacity?.totals.memoryGiB,
      });
    }
  });
});
