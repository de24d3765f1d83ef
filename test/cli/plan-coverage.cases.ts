import { cli } from './run';

function json(...args: string[]): any {
  const run = cli('plan', ...args, '--coverage', '--format', 'json');
  expect([run.status, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout);
}

describe('plan --coverage', () => {
  test('D1 at 200 clusters: every producer at every age served, one compactor per stream', () => {
    const plan = json('--pattern', 'hierarchical', '--clusters', '200');
    expect(plan.pattern).toBe('hierarchical');
    expect(plan.ages.map((a: any) => a.label)).toEqual([
      '0–2h',
      '2h–48h',
      '48h–7d',
      '7d–14d',
      '14d–30d',
      '30d–90d',
    ]);
    expect(plan.producers).toHaveLength(201);
    expect(plan.problems).toEqual([]);
    const ruler = plan.producers.find((p: any) => p.kind === 'ruler');
    expect(ruler.ages.map((a: any) => a.storeApis)).toEqual([
      ['monitoring-global/ruler'],
      ['monitoring-global/ruler'],
      ['monitoring-global/ruler'],
      ['monitoring-global/ruler'],
      ['monitoring-global/ruler', 'monitoring-global/store'],
      ['monitoring-global/store'],
    ]);
    const cluster = plan.producers[0];
    expect(cluster.ages[0]).toEqual({
      age: '0–2h',
      status: 'served',
      storeApis: ['cluster-001/prometheus/sidecar'],
    });
    expect(plan.routes['cluster-001/prometheus/sidecar']).toEqual({
      kind: 'local',
      via: ['monitoring-global/query', 'monitoring-region-a/query'],
      addresses: [
        'thanos-query.region-a.fleet.example:10901',
        'thanos-sidecar-0.cluster-001.fleet.example:10901',
      ],
    });
    // The global store's five `__block_id` shards, each an endpoint group of its two replicas.
    expect(cluster.ages[5].storeApis).toEqual(['monitoring-global/store']);
    expect(plan.routes['monitoring-global/store'].addresses).toEqual(
      [0, 1, 2, 3, 4].map((i) => `dns+thanos-store-${i}.monitoring.svc.cluster.local:10901`),
    );
    expect(plan.compactors.reduce((n: number, c: any) => n + c.streams, 0)).toBe(201);
  });

  test('D3 at 200 clusters: the compactor shards own 2, 1 and 1 regions of 50 clusters', () => {
    const plan = json('--pattern', 'hybrid', '--clusters', '200');
    expect(plan.compactors.map((c: any) => c.streams)).toEqual([100, 50, 50]);
  });

  test('the table groups producers with the same paths', () => {
    const run = cli(
      'plan',
      '--pattern',
      'hierarchical',
      '--clusters',
      '200',
      '--coverage',
      '--format',
      'markdown',
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('## Data paths of hierarchical (D1) for 200 clusters');
    expect(run.stdout).toContain(
      '| cluster-001 … cluster-050 (50) | region-a query › sidecar | region-a query › sidecar + region-a query › region-a store |',
    );
    expect(run.stdout).toContain('| global ruler (1)');
  });

  test('federation keeps no bucket: a usage error', () => {
    const run = cli('plan', '--pattern', 'federation', '--clusters', '20', '--coverage');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'coverage' has no data paths to show for federation (D4)");
  });
});
