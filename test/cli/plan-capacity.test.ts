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
    ]);
    expect(plan.capacity.objectStorageTB).toBeLessThan(100);
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
