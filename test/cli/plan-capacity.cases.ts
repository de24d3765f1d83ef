import { cli } from './run';

describe('plan: the capacity model from the command line', () => {
  test('inputs, per-role numbers and cost lines in --format json; given inputs are not marked default', () => {
    const run = cli(
      'plan',
      '--pattern',
      'hierarchical',
      '--clusters',
      '200',
      '--series-per-cluster',
      '500000',
      '--format',
      'json',
    );
    expect([run.status, run.stderr]).toEqual([0, '']);
    const plan = JSON.parse(run.stdout);
    const input = (name: string) => plan.capacity.inputs.find((i: { name: string }) => i.name === name);
    expect(input('activeSeriesPerCluster')).toEqual({
      name: 'activeSeriesPerCluster',
      value: 500000,
      default: false,
    });
    expect(input('scrapeIntervalSeconds')).toEqual({
      name: 'scrapeIntervalSeconds',
      value: 60,
      default: true,
    });
    expect(plan.capacity.roles.map((r: { key: string }) => r.key)).toContain('globalStore');
    expect(plan.capacity.costLines.map((l: { item: string }) => l.item)).toEqual([
      'cpu',
      'memory',
      'block storage',
      'object storage',
      'transfer',
      'monitoring clusters',
      'nodes',
      'uploads',
    ]);
    expect(plan.capacity.objectStorageTB).toBeLessThan(100);
  });

  test("JSON carries each role's growth and each monitoring cluster's nodes; the text shows both", () => {
    const json = JSON.parse(
      cli('plan', '--pattern', 'hierarchical', '--clusters', '200', '--format', 'json').stdout,
    );
    const store = json.capacity.roles.find((r: { key: string }) => r.key === 'globalStore');
    // 200 clusters × 1.25 M series × 1.1 (churn) × 76 days older than the 14-day window = 20.9 G series-days.
    expect([store.pods, store.driverValue, store.minPods, store.why]).toEqual([
      10,
      20_900_000_000,
      2,
      'series-days of the blocks older than the recent window (index headers held per block)',
    ]);
    // The reference design's $800 global cluster and $300 regions: 6 and 2 nodes of 8 cores at $125, + $50 each;
    // the query-frontend and the memcached caches (4.3 cores requested, 8.6 of limits) add a seventh global node.
    expect(
      json.capacity.clusterCosts.map((c: { target: string; nodes: number; monthlyUsd: number }) => [
        c.target,
        c.nodes,
        c.monthlyUsd,
      ]),
    ).toEqual([
      ['global', 7, 925],
      ['region-a', 2, 300],
      ['region-b', 2, 300],
      ['region-c', 2, 300],
      ['region-d', 2, 300],
    ]);
    // $2,511.65 for the reference roles (the reference design's ~$2,500) + $125 for that node.
    expect(json.capacity.totalUsd).toBe(2636.65);
    const text = cli('plan', '--pattern', 'hierarchical', '--clusters', '200').stdout;
    expect(text).toContain(
      '  - globalStore (global): 20,900,000,000 series-days in blocks older than the recent window ÷ 2,090,000,000 per pod, at least 2: 10 pods;',
    );
    expect(text).toContain('  - grafana (global): 2 pods, fixed; an HA pair');
    expect(text).toContain(
      '  - Nodes, global: 49.6 cores / 50.5 GiB of limits → 7 nodes, $925/month with the cluster fee',
    );
    expect(text).toContain(
      '  - Nodes, each region: 12 cores / 12 GiB of limits → 2 nodes, $300/month with the cluster fee',
    );
  });

  test('every role grows with a named input: the driver values differ between 20, 200 and 1000 clusters', () => {
    const roles = (n: number) =>
      JSON.parse(
        cli('plan', '--pattern', 'hybrid', '--clusters', String(n), '--format', 'json').stdout,
      ).capacity.roles.filter((r: { target: string }) => r.target === 'global' || r.target === 'region-a');
    const [small, mid, large] = [20, 200, 1000].map(roles);
    for (const [i, r] of mid.entries()) {
      expect(r.why.length).toBeGreaterThan(10);
      if (r.driver.startsWith('fixed') || r.driver.startsWith('concurrent queries') || r.target !== 'global')
        continue;
      expect([r.key, small[i].driverValue < r.driverValue, r.driverValue < large[i].driverValue]).toEqual([
        r.key,
        true,
        true,
      ]);
    }
  });

  test('every metrics flag at its edge is accepted', () => {
    const run = cli(
      'plan',
      '--pattern',
      'hierarchical',
      '--clusters',
      '3',
      '--clusters-per-region',
      '50',
      '--scrape-interval',
      '300',
      '--churn',
      '10',
      '--retention-days',
      '3650',
      '--format',
      'json',
    );
    expect([run.status, run.stderr]).toEqual([0, '']);
  });

  test('the same fleet at 20, 200 and 1000 clusters costs three different amounts', () => {
    const cost = (n: number) =>
      JSON.parse(cli('plan', '--pattern', 'receive', '--clusters', String(n), '--format', 'json').stdout)
        .monthlyCostUsd;
    const costs = [20, 200, 1000].map(cost);
    expect(new Set(costs).size).toBe(3);
  });

  test.each([
    [
      ['plan', '--clusters', '200', '--series-per-cluster', '0'],
      "'activeSeriesPerCluster' must be a whole number of at least 1",
    ],
    [
      ['plan', '--clusters', '200', '--scrape-interval', '-15'],
      "'scrapeIntervalSeconds' must be a finite number above 0",
    ],
    [
      ['plan', '--clusters', '200', '--concurrent-queries', '2.5'],
      "'concurrentQueries' must be a whole number of at least 1",
    ],
    [
      ['plan', '--traces-per-second', '12000', '--bytes-per-span', '0'],
      "'bytesPerSpan' must be a finite number above 0",
    ],
    // One past each edge (the accepted edges: the next test and test/capacity/input-edges.cases.ts).
    [['plan', '--clusters', '5001'], "argument '5001' is invalid. It must be a whole number from 1 to 5000"],
    [['plan', '--clusters', '0'], "argument '0' is invalid. It must be a whole number from 1 to 5000"],
    [['plan', '--clusters', '200', '--clusters-per-region', '51'], 'It must be a whole number from 1 to 50'],
    [['plan', '--clusters', '20', '--scrape-interval', '301'], "'scrapeIntervalSeconds' is above 300"],
    [['plan', '--clusters', '20', '--churn', '10.5'], "'churnPerDay' is above 10"],
    [['plan', '--clusters', '20', '--retention-days', '3651'], "'retentionDays.raw' is above 3650 days"],
    [
      ['plan', '--traces-per-second', '10000001'],
      'split the traffic over several installations of at most 10000000',
    ],
    [['plan', '--traces-per-second', '1000', '--peak-factor', '101'], "'peakFactor' is above 100"],
    [
      ['plan', '--traces-per-second', '1000', '--outage-window-hours', '721'],
      "'outageWindowHours' is above 720",
    ],
    [
      ['plan', '--spans-per-trace', '10'],
      "error: option '--spans-per-trace <n>' needs --traces-per-second <n>",
    ],
  ])('%j: exit 2 with the message', (args, message) => {
    const run = cli(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });
});
