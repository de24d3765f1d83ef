import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import {
  DataPathModel,
  ErrorCode,
  ObservabilityConstructError,
  ThanosHierarchical,
  ThanosHybrid,
  ThanosReceiveFleet,
  ThanosRuler,
  analyseDataPath,
  assertDataPath,
  hashmod,
  rulerDataPath,
  splitFleet,
  withProducer,
} from '../../lib';
import { FLEET_TEST_TLS } from '../support/fleet';

const objectStorage = {
  kind: 's3' as const,
  bucket: 'thanos',
  endpoint: 'minio.example.com:9000',
};
const props = {
  domain: 'monitoring.example.com',
  objectStorage,
  grafana: false as const,
  tls: FLEET_TEST_TLS,
};

const build = {
  hierarchical: (clusters: number) =>
    new ThanosHierarchical(new App(), 'fleet', { ...props, fleet: splitFleet(clusters) }),
  receive: (clusters: number) =>
    new ThanosReceiveFleet(new App(), 'fleet', { ...props, fleet: splitFleet(clusters) }),
  hybrid: (clusters: number) =>
    new ThanosHybrid(new App(), 'fleet', { ...props, fleet: splitFleet(clusters) }),
};

describe.each([3, 200])('the data paths of every pattern at %i clusters', (clusters) => {
  test.each(Object.keys(build) as (keyof typeof build)[])(
    '%s: every producer at every age by one path',
    (name) => {
      const pattern = build[name](clusters);
      const analysis = analyseDataPath(pattern.dataPath as DataPathModel);
      expect(analysis.problems).toEqual([]);
      // Every producer: the Prometheus of every cluster (and D1's ruler).
      expect(analysis.rows.length).toBe(clusters + (name === 'hierarchical' ? 1 : 0));
      for (const row of analysis.rows) {
        expect(row.compactors).toHaveLength(1);
        expect(row.storedCopies).toBe(1);
        for (const cell of row.cells) {
          expect(cell.status).toBe('served');
          expect(cell.paths.filter((p) => p.kind === 'bucket').length).toBeLessThanOrEqual(1);
        }
      }
    },
  );
});

describe('D1 (defect 1): the ruler’s results of every age', () => {
  const d1 = build.hierarchical(3);
  const analysis = analyseDataPath(d1.dataPath as DataPathModel);
  const ruler = analysis.rows.find((r) => r.producer.kind === 'ruler')!;

  test('are served by the ruler while younger than the recent window, then by the global stores', () => {
    const served = ruler.cells.map((c) => [c.age, c.paths.map((p) => p.storeApi)]);
    expect(served).toEqual([
      ['0–2h', ['monitoring-global/ruler']],
      ['2h–48h', ['monitoring-global/ruler']],
      ['48h–7d', ['monitoring-global/ruler']],
      ['7d–14d', ['monitoring-global/ruler']],
      ['14d–30d', ['monitoring-global/ruler', 'monitoring-global/store']],
      ['30d–90d', ['monitoring-global/store']],
    ]);
  });

  test('the ruler keeps them locally for the recent window and a day (--tsdb.retention)', () => {
    const args = (d1.ruler.statefulSet.toJson() as any).spec.template.spec.containers[0].args as string[];
    expect(args).toContain('--tsdb.retention=360h');
  });

  test('a second ruler without a region label, at Thanos’s default 48h retention, is a gap the model names', () => {
    const chart = d1.globalChart as Chart;
    const second = new ThanosRuler(chart, 'second-ruler', {
      name: 'thanos-rule-team',
      objectStorage: d1.ruler.node.scope!.node.findChild('objstore-uploader') as any,
      queries: [d1.globalQuery],
      ruleGroups: [{ name: 'team', rules: [{ record: 'team:up:sum', expr: 'sum(up)' }] }],
      labels: { ruler: 'team' },
    });
    const model = withProducer(d1.dataPath as DataPathModel, rulerDataPath(second));
    const problems = analyseDataPath(model).problems;
    expect(problems.map((p) => [p.producer, p.age])).toEqual([
      ['monitoring-global/second-ruler', '48h–7d'],
      ['monitoring-global/second-ruler', '7d–14d'],
    ]);
    let error: unknown;
    try {
      assertDataPath(model, { construct: 'ThanosHierarchical', path: 'fleet' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObservabilityConstructError);
    expect((error as ObservabilityConstructError).code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect((error as Error).message).toBe(
      "ThanosHierarchical 'fleet': 'dataPath' leaves the producer 'monitoring-global/second-ruler' at age 48h–7d wrong: no StoreAPI serves its data aged 48h–7d at the top querier 'monitoring-global/query' (labels {\"ruler\":\"team\"}, local retention 48h) (and 1 more problem) (got \"48h–7d\"); keep its local retention past the age, or give a store gateway a selector that keeps its labels for that age (a producer without a 'region' label falls through per-region stores)",
    );
  });

  test('the same ruler kept locally past the recent window is served', () => {
    const chart = d1.globalChart as Chart;
    const second = new ThanosRuler(chart, 'third-ruler', {
      name: 'thanos-rule-third',
      objectStorage: d1.ruler.node.scope!.node.findChild('objstore-uploader') as any,
      queries: [d1.globalQuery],
      ruleGroups: [{ name: 'team', rules: [{ record: 'team:up:sum', expr: 'sum(up)' }] }],
      labels: { ruler: 'third' },
      retention: '15d',
    });
    expect(
      analyseDataPath(withProducer(d1.dataPath as DataPathModel, rulerDataPath(second))).problems,
    ).toEqual([]);
  });
});

describe('D2/D3 (defect 5): one copy of every sample in the bucket', () => {
  test.each(['receive', 'hybrid'] as const)('%s: one writer per cluster by default', (name) => {
    const pattern = build[name](3);
    for (const p of Object.values(pattern.prometheus)) {
      expect((p.statefulSet.toJson() as any).spec.replicas).toBe(1);
    }
    const analysis = analyseDataPath(pattern.dataPath as DataPathModel);
    expect(analysis.rows.map((r) => r.storedCopies)).toEqual([1, 1, 1]);
  });

  test('an HA pair of writers is allowed, and the model says it stores every sample twice', () => {
    const d2 = new ThanosReceiveFleet(new App(), 'fleet', {
      ...props,
      fleet: splitFleet(3),
      appClusters: { replicas: 2 },
    });
    expect(analyseDataPath(d2.dataPath as DataPathModel).rows.map((r) => r.storedCopies)).toEqual([2, 2, 2]);
  });

  test('the compactor deduplicates on the receivers’ block label only, one to one', () => {
    const d2 = build.receive(3);
    const args = (d2.compactor.shards[0]!.statefulSet.toJson() as any).spec.template.spec.containers[0]
      .args as string[];
    expect(args).toContain('--deduplication.replica-label=receive_replica');
    expect(args).not.toContain('--deduplication.replica-label=prometheus_replica');
    expect(args.some((a) => a.startsWith('--deduplication.func'))).toBe(false);
  });
});

describe('D3 (defect 7): compactor shards own whole regions, evenly', () => {
  test.each([
    [200, [2, 1, 1]],
    [150, [1, 1, 1]],
    [100, [1, 1]],
  ])('%i clusters', (clusters, sizes) => {
    const d3 = build.hybrid(clusters);
    const analysis = analyseDataPath(d3.dataPath as DataPathModel);
    const perShard = new Map<string, Set<string>>();
    for (const row of analysis.rows) {
      const region = row.producer.labels.receive_region as string;
      for (const c of row.compactors) perShard.set(c, (perShard.get(c) ?? new Set()).add(region));
    }
    expect([...perShard.values()].map((s) => s.size)).toEqual(sizes);
    expect(d3.compactor.shards).toHaveLength(sizes.length);
  });
});

describe('hashmod as Prometheus computes it (prometheus@v3.13.2 model/relabel/relabel.go)', () => {
  test('4 regions over 3 shards leave one shard empty: why D3 assigns them explicitly', () => {
    const shards = ['region-a', 'region-b', 'region-c', 'region-d'].map((r) => hashmod([r], 3));
    expect(new Set(shards).size).toBeLessThan(3);
  });

  test('property: any explicit even assignment owns every stream exactly once', () => {
    const { evenAssignments } = jest.requireActual('../../lib/thanos');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (values, count) => {
          const shards = evenAssignments(values, count) as string[][];
          const sizes = shards.map((s) => s.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(shards.flat().sort()).toEqual([...values].sort());
        },
      ),
    );
  });
});
