import { Cpu, Memory, jaegerProfile } from '../../lib';
import { cli } from './run';

/** What the profile's roles request in total at the model's counts: replicas × requests, added up. */
function profileTotals(tracesPerSecond: number): { cpuCores: number; memoryGiB: number } {
  const profile = jaegerProfile(tracesPerSecond);
  const { capacity } = profile;
  const collector = profile.collector && { ...profile.collector, replicas: capacity.collectors };
  const ingester = profile.ingester && { ...profile.ingester, replicas: capacity.ingesters ?? 0 };
  const roles = [profile.allInOne, collector, profile.query, ingester].flatMap((r) =>
    r === undefined ? [] : [r],
  );
  const cpu = Cpu.sum(roles.map((r) => Cpu.parse(r.resources.cpu ?? 0).times(r.replicas)));
  const memory = Memory.sum(roles.map((r) => Memory.parse(r.resources.memory ?? 0).times(r.replicas)));
  return { cpuCores: cpu.millis / 1000, memoryGiB: memory.bytes / 2 ** 30 };
}

describe('plan --traces-per-second', () => {
  test('12 000 traces/s: the large profile, Kafka-buffered, synthesized', () => {
    const run = cli('plan', '--traces-per-second', '12000', '--format', 'json');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const plan = JSON.parse(run.stdout);
    // 12 000 traces/s × 10 spans at 5 000 spans/s per ingester: 24 ingesters (it printed 2 before the model).
    expect(plan.capacity).toMatchObject({
      spansPerSecond: 120_000,
      ingesters: 24,
      collectors: 5,
      queries: 3,
    });
    expect(plan.capacity.kafka.partitions).toBeGreaterThanOrEqual(plan.capacity.maxIngesters);
    expect(plan.inputs.find((i: { name: string }) => i.name === 'ingesterSpansPerSecond')).toEqual({
      name: 'ingesterSpansPerSecond',
      value: 5000,
      default: true,
    });
    expect({ ...plan, inputs: undefined, capacity: undefined }).toEqual({
      tracesPerSecond: 12000,
      profile: 'large',
      pattern: 'kafkaBuffered',
      construct: 'JaegerKafkaBuffered',
      workloads: [
        {
          kind: 'Deployment',
          name: 'jaeger-collector',
          pods: 5,
          cpuCores: 2.5,
          memoryGiB: 5,
          scaling: { kind: 'HorizontalPodAutoscaler', minReplicas: 5, maxReplicas: 15 },
        },
        {
          kind: 'Deployment',
          name: 'jaeger-ingester',
          pods: 24,
          cpuCores: 12,
          memoryGiB: 24,
          scaling: { kind: 'ScaledObject', minReplicas: 24, maxReplicas: null },
        },
        {
          kind: 'Deployment',
          name: 'jaeger-query',
          pods: 3,
          cpuCores: 3,
          memoryGiB: 6,
          scaling: { kind: 'HorizontalPodAutoscaler', minReplicas: 3, maxReplicas: 9 },
        },
      ],
      totals: { cpuCores: 17.5, memoryGiB: 35 },
      excludes: ['Elasticsearch/OpenSearch', 'Kafka'],
    });
  });

  test.each([
    [500, 'small', 'JaegerAllInOne'],
    [5000, 'medium', 'JaegerDirect'],
    [12000, 'large', 'JaegerKafkaBuffered'],
  ])(
    '%d traces/s: the synthesized totals are what the %s profile adds up to at the model counts',
    (tps, profile, construct) => {
      const plan = JSON.parse(cli('plan', '--traces-per-second', String(tps), '--format', 'json').stdout);
      expect([plan.profile, plan.construct]).toEqual([profile, construct]);
      expect(plan.totals).toEqual(profileTotals(tps));
    },
  );

  test('table', () => {
    const run = cli('plan', '--traces-per-second', '5000');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Jaeger for 5,000 traces/s: medium profile, JaegerDirect (direct)');
    expect(lines).toContain(
      '│ jaeger-collector │ Deployment │    2 │         1 │          2 │ HPA on CPU, 2 to 6 │',
    );
    expect(lines).toContain(
      '│ total            │            │    4 │         3 │          6 │                    │',
    );
    expect(run.stdout).toContain(
      '  - Not included: Elasticsearch/OpenSearch, sized on their own (EckElasticsearch)\n',
    );
  });
});
