import { ErrorCode } from '../../lib/core';
import {
  DataPathModel,
  DataProducer,
  StoreApiNode,
  ageBuckets,
  analyseDataPath,
  assertDataPath,
  formatHours,
  withProducer,
} from '../../lib/fleet/datapath';
import { expectConstructError } from '../support/errors';

// The age buckets, hour formatting, error wording and withProducer of the data-path model at their edges, on a
// hand-built model of one Prometheus and its sidecar: each assertion pins an edge a mutant would move (< for <=, a
// dropped branch, a changed literal). Hours are the model's own unit: 720h = 30 days, the last fixed bucket edge.

const DAY = 24;
const ctx = { construct: 'Test', path: 'fleet' };

function producer(id: string, localRetentionHours: number): DataProducer {
  return {
    id,
    kind: 'prometheus',
    labels: { cluster: id },
    blockReplicaLabels: [],
    seriesReplicaLabels: [],
    writers: 1,
    localRetentionHours,
    uploads: false,
  };
}

function sidecar(id: string, producers: string[], retentionHours: number): StoreApiNode {
  return {
    id,
    kind: 'sidecar',
    cluster: 'c',
    addresses: [`${id}:10901`],
    local: { producers, retentionHours },
  };
}

/**
 * One producer that keeps `retention` hours locally, behind a sidecar that serves `served` hours of them, listed by
 * the top querier. It does not upload, so ages past its retention are expired, not gaps.
 */
function model(retention: number, served = retention): DataPathModel {
  return {
    pattern: 'edges',
    topQuerier: 'top',
    bucketRetentionHours: 90 * DAY,
    producers: [producer('a', retention)],
    storeApis: [
      { id: 'top', kind: 'query', cluster: 'c', addresses: ['top:10901'], endpoints: ['side-a:10901'] },
      sidecar('side-a', ['a'], served),
    ],
    compactors: [],
  };
}

describe('ageBuckets and formatHours', () => {
  test('a retention of exactly 30 days adds no bucket; one hour more adds 30d–721h', () => {
    expect(ageBuckets(720).map((b) => b.label)).toEqual(['0–2h', '2h–48h', '48h–7d', '7d–14d', '14d–30d']);
    const longer = ageBuckets(721);
    expect(longer).toHaveLength(6);
    expect(longer[5]).toEqual({ label: '30d–721h', fromHours: 720, toHours: 721 });
    expect(ageBuckets(90 * DAY)[5]).toEqual({ label: '30d–90d', fromHours: 720, toHours: 2160 });
    expect(ageBuckets(720)[2]).toEqual({ label: '48h–7d', fromHours: 48, toHours: 168 });
  });

  test('days only above 48 hours and only for whole days', () => {
    expect(formatHours(48)).toBe('48h');
    expect(formatHours(72)).toBe('3d');
    expect(formatHours(73)).toBe('73h');
    expect(formatHours(24)).toBe('24h');
    expect(formatHours(Infinity)).toBe('forever');
  });
});

describe('assertDataPath', () => {
  test('a served model returns its analysis', () => {
    const analysis = assertDataPath(model(30 * DAY), ctx);
    expect(analysis.problems).toEqual([]);
    // The bucket keeps 90 days, so there is a 30d–90d bucket; the producer's data never gets that old.
    expect(analysis.rows[0]!.cells.map((c) => c.status)).toEqual([
      'served',
      'served',
      'served',
      'served',
      'served',
      'expired',
    ]);
    expect(analysis.rows[0]!.storedCopies).toBe(1);
  });

  test('one gap names the age and no "more problems"', () => {
    // Kept 30 days, served 20: only 20d–30d of one bucket is missing.
    expectConstructError(
      () => assertDataPath(model(30 * DAY, 20 * DAY), ctx),
      "Test 'fleet': 'dataPath' leaves the producer 'a' at age 14d–30d wrong: no StoreAPI serves its data aged 20d–30d at the top querier 'top' (labels {\"cluster\":\"a\"}, local retention 30d) (got \"14d–30d\"); keep its local retention past the age, or upload its blocks to the bucket",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('several problems: the first, then "(and N more problems)" in the plural', () => {
    // Kept 30 days, served 3: 3d–7d, 7d–14d and 14d–30d are gaps.
    expectConstructError(
      () => assertDataPath(model(30 * DAY, 3 * DAY), ctx),
      "Test 'fleet': 'dataPath' leaves the producer 'a' at age 48h–7d wrong: no StoreAPI serves its data aged 3d–7d at the top querier 'top' (labels {\"cluster\":\"a\"}, local retention 30d) (and 2 more problems) (got \"48h–7d\"); keep its local retention past the age, or upload its blocks to the bucket",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a problem without an age names the producer as the value', () => {
    const broken: DataPathModel = {
      ...model(30 * DAY),
      storeApis: [
        { id: 'top', kind: 'query', cluster: 'c', addresses: ['top:10901'], endpoints: ['nowhere:10901'] },
        sidecar('side-a', ['a'], 30 * DAY),
      ],
    };
    expectConstructError(
      () => assertDataPath(broken, ctx),
      "Test 'fleet': 'dataPath' leaves the producer '-' wrong: the querier 'top' lists 'nowhere:10901', which no StoreAPI of the pattern publishes (or several in other clusters do) (and 5 more problems) (got \"-\"); list the address a component publishes (its storeEndpoints or endpoints), or add the component to the model",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});

describe('withProducer', () => {
  const added = { producer: producer('b', 30 * DAY), storeApi: sidecar('side-b', ['b'], 30 * DAY) };

  test('the top querier lists the added StoreAPI by default, after its own endpoints', () => {
    const next = withProducer(model(30 * DAY), added);
    expect(next.producers.map((p) => p.id)).toEqual(['a', 'b']);
    expect(next.storeApis.map((n) => n.id)).toEqual(['top', 'side-a', 'side-b']);
    expect(next.storeApis[0]!.endpoints).toEqual(['side-a:10901', 'side-b:10901']);
    expect(analyseDataPath(next).problems).toEqual([]);
  });

  test('listedBy names another querier; the top one is left alone', () => {
    const base = model(30 * DAY);
    const withLeaf: DataPathModel = {
      ...base,
      storeApis: [
        { ...base.storeApis[0]!, endpoints: ['side-a:10901', 'leaf:10901'] },
        base.storeApis[1]!,
        { id: 'leaf', kind: 'query', cluster: 'c', addresses: ['leaf:10901'] },
      ],
    };
    const next = withProducer(withLeaf, added, 'leaf');
    expect(next.storeApis[0]!.endpoints).toEqual(['side-a:10901', 'leaf:10901']);
    expect(next.storeApis[2]!.endpoints).toEqual(['side-b:10901']);
    expect(analyseDataPath(next).rows[1]!.cells[0]!.paths[0]!.via).toEqual(['top', 'leaf']);
  });
});
