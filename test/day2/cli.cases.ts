import { runCli } from '../../lib/cli/program';

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    writeFile: () => undefined,
  });
  return { code, out, err };
}

describe('plan, day 2', () => {
  test('--migrate-from flat --format json carries phases[] with changes, verification and rollback', () => {
    const r = run(
      'plan',
      '--pattern',
      'hierarchical',
      '--clusters',
      '6',
      '--clusters-per-region',
      '2',
      '--migrate-from',
      'flat',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      phases: { phase: number; clusters: string[]; rollback: string; verification: unknown[] }[];
    };
    expect(json.phases.map((p) => p.phase)).toEqual([1, 2, 3, 4]);
    expect(json.phases[0]!.clusters).toEqual([
      'monitoring-region-a',
      'monitoring-region-b',
      'monitoring-region-c',
    ]);
    expect(json.phases[3]!.verification).toHaveLength(2);
  });

  test('--migrate-from an unknown pattern exits 2 with the fix', () => {
    const r = run('plan', '--pattern', 'hierarchical', '--clusters', '6', '--migrate-from', 'receive');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--pattern hierarchical --migrate-from flat');
  });

  test('--diff-from a larger fleet without --remove exits 2 naming the clusters to remove', () => {
    const r = run('plan', '--pattern', 'hierarchical', '--clusters', '5', '--diff-from', '6');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--remove cluster-006');
  });

  test('--upgrade lists Strimzi operator, Kafka version, metadata version first, Jaeger query → ingester → collector', () => {
    const r = run('plan', '--upgrade', '--format', 'json');
    const steps = (JSON.parse(r.out) as { steps: { component: string; roles: string[] }[] }).steps;
    expect(steps.map((s) => `${s.component}:${s.roles.join('+')}`)).toEqual([
      'strimzi:Strimzi Cluster Operator',
      'strimzi:Kafka spec.kafka.version',
      'strimzi:Kafka spec.kafka.metadataVersion',
      'thanos:sidecar (Prometheus)+store+rule+receive+compact',
      'thanos:query',
      'thanos:query-frontend',
      'jaeger:query',
      'jaeger:ingester',
      'jaeger:collector',
    ]);
  });
});
