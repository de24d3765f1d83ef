import { planFleet } from '../../lib/cli/fleet-plan';
import {
  FleetPatternName,
  ThanosHierarchical,
  ThanosReceiveFleet,
  metricsCapacity,
  splitFleet,
} from '../../lib';
import { App } from 'cdk8s';
import { PLAN_PLACEHOLDERS } from '../../lib/cli/fleet-plan';

/** Each plan is built once per file: a 1000-cluster plan synthesizes 1000 charts. */
const plans = new Map<string, ReturnType<typeof planFleet>['report']>();
const report = (pattern: FleetPatternName, clusters: number) => {
  const key = `${pattern}/${clusters}`;
  if (!plans.has(key)) plans.set(key, planFleet({ clusters, pattern }).report);
  return plans.get(key)!;
};

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

  // 1000 clusters for the two patterns whose 1000-cluster plans the tests above build anyway (one such plan costs
  // as much as the rest of this file); 20 and 200 for every pattern.
  test.each([
    ['hierarchical', [20, 200, 1000]],
    ['receive', [20, 200, 1000]],
    ['hybrid', [20, 200]],
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

  test('a per-role override wins in the synthesized objects and is marked in the capacity', () => {
    const app = new App();
    const d1 = new ThanosHierarchical(app, 'fleet', {
      fleet: splitFleet(200),
      ...PLAN_PLACEHOLDERS,
      sizing: {
        globalQuery: { replicas: 4, resources: { cpu: '3', memory: '6Gi' } },
        compactor: { storage: '500Gi' },
      },
    });
    const query = d1.capacity.targets[0]!.roles.find((r) => r.key === 'globalQuery');
    expect(query?.overridden).toEqual(['replicas', 'resources']);
    const global = d1.sizingReport().charts.find((c) => c.layer === 'global');
    expect(global?.roles.find((r) => r.role === 'thanos/query')).toMatchObject({
      pods: 4,
      cpuCores: 12,
      memoryGiB: 24,
    });
    const sts = app.charts
      .flatMap((c) => c.toJson())
      .find((m) => m.kind === 'StatefulSet' && m.metadata.name.startsWith('thanos-compact'));
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('500Gi');
  });

  test('the load prop moves the sizes: twice the series, more store gateways', () => {
    const base = metricsCapacity('hierarchical', { clusters: 200 });
    const app = new App();
    const d1 = new ThanosHierarchical(app, 'fleet', {
      fleet: splitFleet(200),
      ...PLAN_PLACEHOLDERS,
      load: { activeSeriesPerCluster: 2_500_000 },
    });
    expect(d1.capacity.totals.cpuCores).toBeGreaterThan(base.totals.cpuCores);
  });
});

describe('the compactor retention and the bucket estimate agree', () => {
  test('a D1 keeping 30 days instead of 90 holds a third of the bytes', () => {
    const app = new App();
    const d1 = new ThanosHierarchical(app, 'fleet', {
      fleet: splitFleet(200),
      ...PLAN_PLACEHOLDERS,
      retention: { raw: '30d', fiveMinutes: '30d', oneHour: '30d' },
    });
    const full = metricsCapacity('hierarchical', { clusters: 200 });
    expect(d1.capacity.load.retentionDays).toEqual({ raw: 30, fiveMinutes: 30, oneHour: 30 });
    expect(d1.capacity.objectStorageBytes).toBeLessThan(full.objectStorageBytes / 2.5);
  });
});

describe('the model prices the Prometheus servers the pattern deploys per application cluster', () => {
  const receive = (replicas?: number) =>
    new ThanosReceiveFleet(new App(), 'fleet', {
      fleet: splitFleet(20),
      ...PLAN_PLACEHOLDERS,
      ...(replicas === undefined ? {} : { appClusters: { replicas } }),
    });

  test('receive: one remote-writing Prometheus per cluster by default, two when appClusters.replicas is 2', () => {
    const one = receive();
    const two = receive(2);
    expect([one.capacity.load.remoteWriteReplicas, two.capacity.load.remoteWriteReplicas]).toEqual([1, 2]);
    // Twice the writers: twice the samples remote-written (20 × 1.25 M ÷ 60 s × 10 B × 86,400 s = 360 GB a day).
    expect([one.capacity.network[0]?.bytesPerDay, two.capacity.network[0]?.bytesPerDay]).toEqual([
      360_000_000_000, 720_000_000_000,
    ]);
  });

  test('hierarchical: appClusters.replicas is the HA pair the model prices', () => {
    const d1 = new ThanosHierarchical(new App(), 'fleet', {
      fleet: splitFleet(20),
      ...PLAN_PLACEHOLDERS,
      appClusters: { replicas: 3 },
    });
    expect(d1.capacity.load.prometheusReplicas).toBe(3);
    expect(d1.capacity.load.defaulted).not.toContain('prometheusReplicas');
  });
});
