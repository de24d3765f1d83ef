import { App } from 'cdk8s';
import fc from 'fast-check';
import {
  DataPathModel,
  DataProducer,
  StoreApiNode,
  ThanosHierarchical,
  analyseDataPath,
  splitFleet,
} from '../../lib';
import { FLEET_TEST_TLS } from '../support/fleet';

const DAY = 24;

/** A hand-built D1-like model: per-region stores for ages below `recent`, global stores above `global`. */
function model(recent: number, global: number, extraRulerRetention?: number): DataPathModel {
  const producers: DataProducer[] = ['a', 'b'].map((r) => ({
    id: `cluster-${r}`,
    kind: 'prometheus',
    labels: { cluster: `cluster-${r}`, region: r },
    blockReplicaLabels: ['prometheus_replica'],
    seriesReplicaLabels: [],
    writers: 2,
    localRetentionHours: 15 * DAY,
    uploads: true,
  }));
  const storeApis: StoreApiNode[] = [
    {
      id: 'top',
      kind: 'query',
      cluster: 'g',
      addresses: ['top:1'],
      endpoints: ['global:1', 'rq-a:1', 'rq-b:1'],
    },
    {
      id: 'global',
      kind: 'store',
      cluster: 'g',
      addresses: ['global:1'],
      bucket: { store: 'global', keep: {}, minAgeHours: global },
    },
    ...['a', 'b'].flatMap((r): StoreApiNode[] => [
      {
        id: `rq-${r}`,
        kind: 'query',
        cluster: r,
        addresses: [`rq-${r}:1`],
        endpoints: [`side-${r}:1`, `rs-${r}:1`],
      },
      {
        id: `side-${r}`,
        kind: 'sidecar',
        cluster: r,
        addresses: [`side-${r}:1`],
        local: { producers: [`cluster-${r}`], retentionHours: 15 * DAY },
      },
      {
        id: `rs-${r}`,
        kind: 'store',
        cluster: r,
        addresses: [`rs-${r}:1`],
        bucket: { store: `rs-${r}`, keep: { region: [r] }, maxAgeHours: recent },
      },
    ]),
  ];
  if (extraRulerRetention !== undefined) {
    producers.push({
      id: 'ruler',
      kind: 'ruler',
      labels: { ruler: 'x' },
      blockReplicaLabels: [],
      seriesReplicaLabels: [],
      writers: 1,
      localRetentionHours: extraRulerRetention,
      uploads: true,
    });
    storeApis.push({
      id: 'ruler',
      kind: 'ruler',
      cluster: 'g',
      addresses: ['ruler:1'],
      local: { producers: ['ruler'], retentionHours: extraRulerRetention },
    });
    (storeApis[0] as unknown as { endpoints: string[] }).endpoints.push('ruler:1');
  }
  return {
    pattern: 'test',
    topQuerier: 'top',
    bucketRetentionHours: 90 * DAY,
    producers,
    storeApis,
    compactors: [{ id: 'c', keep: {}, replicaLabels: ['prometheus_replica'] }],
  };
}

describe('data-path model properties', () => {
  const hours = fc.integer({ min: 3, max: 80 * DAY });

  test('regional stores below the window and global ones above it serve every age exactly once', () => {
    fc.assert(
      fc.property(hours, (w) => {
        expect(analyseDataPath(model(w, w)).problems).toEqual([]);
      }),
    );
  });

  test('a hole between the regional and global ranges is a gap; an overlap is a duplicate', () => {
    fc.assert(
      fc.property(hours, fc.integer({ min: 1, max: 10 * DAY }), (w, d) => {
        const gap = analyseDataPath(model(w, w + d)).problems;
        // The sidecars keep 15 days: a hole inside them is covered; past them it is a gap.
        expect(gap.length > 0).toBe(w + d > 15 * DAY);
        const overlap = analyseDataPath(model(w + d, w)).problems;
        expect(overlap.length > 0).toBe(true);
        expect(overlap.every((p) => p.problem.includes('both serve its blocks'))).toBe(true);
      }),
    );
  });

  test('a producer without a region label is served iff it keeps its data locally up to the global range', () => {
    fc.assert(
      fc.property(hours, hours, (w, retention) => {
        const problems = analyseDataPath(model(w, w, retention)).problems;
        expect(problems.every((p) => p.producer === 'ruler')).toBe(true);
        expect(problems.length === 0).toBe(retention >= w);
      }),
    );
  });

  test('D1 checks itself for any recent window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (days) => {
        const d1 = new ThanosHierarchical(new App(), 'd1', {
          fleet: splitFleet(3),
          domain: 'monitoring.example.com',
          tls: FLEET_TEST_TLS,
          grafana: false,
          objectStorage: {
            kind: 's3',
            bucket: 'thanos-d1',
            endpoint: 's3.example.com:443',
          },
          recentWindow: `${days}d`,
        });
        expect(analyseDataPath(d1.dataPath as DataPathModel).problems).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
