import { App } from 'cdk8s';
import { ThanosHierarchical, ThanosReceiveFleet, metricsCapacity, splitFleet } from '../../lib';
import { PLAN_PLACEHOLDERS } from '../../lib/cli/fleet-plan';

describe('fleet patterns take their sizes from the capacity model', () => {
  test('a per-role override wins in the synthesized objects and is marked in the capacity', () => {
    const app = new App();
    const d1 = new ThanosHierarchical(app, 'fleet', {
      fleet: splitFleet(20),
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
    const base = metricsCapacity('hierarchical', { clusters: 20 });
    const app = new App();
    const d1 = new ThanosHierarchical(app, 'fleet', {
      fleet: splitFleet(20),
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
      fleet: splitFleet(20),
      ...PLAN_PLACEHOLDERS,
      retention: { raw: '30d', fiveMinutes: '30d', oneHour: '30d' },
    });
    const full = metricsCapacity('hierarchical', { clusters: 20 });
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
