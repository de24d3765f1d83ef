import {
  CompactorShardNode,
  DataPathModel,
  DataProducer,
  StoreApiNode,
  analyseDataPath,
  hashmod,
} from '../../lib/fleet/datapath';

// analyseDataPath on small hand-built models, one decision each: how addresses resolve, how the ages a path serves
// add up, when two store gateways overlap, which compactor shard owns a stream and how many copies it keeps. The
// bucket keeps 30 days (720h), so the ages are 0–2h, 2h–48h, 48h–7d, 7d–14d and 14d–30d.

function producer(id: string, extra: Partial<DataProducer> = {}): DataProducer {
  return {
    id,
    kind: 'prometheus',
    labels: { cluster: id },
    blockReplicaLabels: [],
    seriesReplicaLabels: [],
    writers: 1,
    localRetentionHours: 48,
    uploads: true,
    ...extra,
  };
}

function sidecar(producers: string[], retentionHours = 48): StoreApiNode {
  return {
    id: 'side',
    kind: 'sidecar',
    cluster: 'c',
    addresses: ['side:10901'],
    local: { producers, retentionHours },
  };
}

function store(
  id: string,
  bucket: Omit<StoreApiNode['bucket'] & object, 'store'> & { store?: string },
): StoreApiNode {
  return { id, kind: 'store', cluster: 'c', addresses: [`${id}:10901`], bucket: { store: id, ...bucket } };
}

function top(endpoints: string[]): StoreApiNode {
  return { id: 'top', kind: 'query', cluster: 'c', addresses: ['top:10901'], endpoints };
}

const oneCompactor: CompactorShardNode[] = [{ id: 'compactor', keep: {}, replicaLabels: ['replica'] }];

function model(
  producers: DataProducer[],
  storeApis: StoreApiNode[],
  compactors = oneCompactor,
): DataPathModel {
  return { pattern: 'small', topQuerier: 'top', bucketRetentionHours: 720, producers, storeApis, compactors };
}

describe('resolving the addresses a querier lists', () => {
  test('a dns+ prefix resolves to the plain address; the first querier to reach a StoreAPI names its path', () => {
    const analysis = analyseDataPath({
      ...model([producer('a', { uploads: false, localRetentionHours: 720 })], []),
      storeApis: [
        top(['dns+leaf-1:10901', 'leaf-2:10901']),
        { id: 'leaf-1', kind: 'query', cluster: 'c', addresses: ['leaf-1:10901'], endpoints: ['side:10901'] },
        {
          id: 'leaf-2',
          kind: 'query',
          cluster: 'c',
          addresses: ['leaf-2:10901'],
          endpoints: ['dnssrv+side:10901'],
        },
        sidecar(['a'], 720),
      ],
    });
    expect(analysis.problems).toEqual([]);
    expect(analysis.rows[0]!.cells[0]!.paths).toEqual([
      {
        storeApi: 'side',
        kind: 'local',
        via: ['top', 'leaf-1'],
        addresses: ['dns+leaf-1:10901', 'side:10901'],
        fromHours: 0,
        toHours: 2,
      },
    ]);
  });

  test("an address published twice in the querier's own cluster resolves to the first in model order", () => {
    const analysis = analyseDataPath(
      model(
        [producer('a', { uploads: false }), producer('b', { uploads: false })],
        [
          top(['shared:10901']),
          {
            id: 'side-1',
            kind: 'sidecar',
            cluster: 'c',
            addresses: ['shared:10901'],
            local: { producers: ['a'], retentionHours: 48 },
          },
          {
            id: 'side-2',
            kind: 'sidecar',
            cluster: 'c',
            addresses: ['shared:10901'],
            local: { producers: ['b'], retentionHours: 48 },
          },
        ],
      ),
    );
    expect(analysis.rows.map((r) => r.cells[0]!.paths.map((p) => p.storeApi))).toEqual([['side-1'], []]);
  });

  test('an address published in two other clusters resolves to neither', () => {
    const shared = 'prometheus.monitoring.svc:10901';
    const analysis = analyseDataPath(
      model(
        [],
        [
          { ...top([shared]), cluster: 'global' },
          { id: 'x', kind: 'sidecar', cluster: 'x', addresses: [shared] },
          { id: 'y', kind: 'sidecar', cluster: 'y', addresses: [shared] },
        ],
      ),
    );
    expect(analysis.problems).toEqual([
      {
        producer: '-',
        problem:
          "the querier 'top' lists 'prometheus.monitoring.svc:10901', which no StoreAPI of the pattern publishes (or several in other clusters do)",
        fix: 'list the address a component publishes (its storeEndpoints or endpoints), or add the component to the model',
      },
    ]);
  });
});

describe('hashmod and label matching', () => {
  test("hashmod is md5 of the ';'-joined values, last 8 bytes big-endian, mod the modulus", () => {
    // prometheus@v3.13.2 model/relabel/relabel.go (md5.Sum, binary.BigEndian.Uint64(hash[8:]) % Modulus; the
    // separator defaults to ';'). md5("a;b") = 45d17989299efc43 21960bf46f2ebd0a (md5sum); 0x21960bf46f2ebd0a mod 1000
    // = 74 (python3 int.from_bytes).
    expect(hashmod(['a', 'b'], 1000)).toBe(74);
  });

  test("a missing label is '' for selectors and hashmod: each stream lands on one shard", () => {
    // Shards by hashmod over region, 4 of them: md5("eu") ends …59a271d3 → 3 of 4; md5("") ends …ecf8427e → 2 of 4
    // (md5sum, python3). The store keeps region eu and streams without a region.
    const shards: CompactorShardNode[] = [0, 1, 2, 3].map((index) => ({
      id: `compactor-${index}`,
      keep: {},
      hashmod: { labels: ['region'], count: 4, index },
      replicaLabels: [],
    }));
    const analysis = analyseDataPath(
      model(
        [producer('a', { labels: { cluster: 'a', region: 'eu' } }), producer('b')],
        [top(['side:10901', 'gw:10901']), sidecar(['a', 'b']), store('gw', { keep: { region: ['eu', ''] } })],
        shards,
      ),
    );
    expect(analysis.problems).toEqual([]);
    expect(analysis.rows.map((r) => r.compactors)).toEqual([['compactor-3'], ['compactor-2']]);
  });
});

describe('the ages a producer is served at', () => {
  test('two store gateways with a hole between them: every hole of the age is named', () => {
    // Local 0–48h; gateway 'mid' serves 4d–5d (96–120h), 'old' from 6d (144h) on: 48h–4d and 5d–6d are missing.
    const analysis = analyseDataPath(
      model(
        [producer('a')],
        [
          top(['side:10901', 'mid:10901', 'old:10901']),
          sidecar(['a']),
          store('mid', { keep: {}, minAgeHours: 96, maxAgeHours: 120 }),
          store('old', { keep: {}, minAgeHours: 144 }),
        ],
      ),
    );
    expect(analysis.rows[0]!.cells.map((c) => c.status)).toEqual([
      'served',
      'served',
      'gap',
      'served',
      'served',
    ]);
    expect(analysis.problems).toEqual([
      {
        producer: 'a',
        age: '48h–7d',
        problem:
          'no StoreAPI serves its data aged 48h–4d, 5d–6d at the top querier \'top\' (labels {"cluster":"a"}, local retention 48h)',
        fix: "keep its local retention past the age, or give a store gateway a selector that keeps its labels for that age (a producer without a 'region' label falls through per-region stores)",
      },
    ]);
  });

  test('a hole after a path listed later is still a hole', () => {
    // 'mid' (listed first) serves 4d–5d, 'young' (listed second) 2h–3d: 3d–4d and 5d–7d of 48h–7d are missing.
    const analysis = analyseDataPath(
      model(
        [producer('a')],
        [
          top(['side:10901', 'mid:10901', 'young:10901']),
          sidecar(['a']),
          store('mid', { keep: {}, minAgeHours: 96, maxAgeHours: 120 }),
          store('young', { keep: {}, maxAgeHours: 72 }),
        ],
      ),
    );
    expect(analysis.problems.map((p) => [p.age, p.problem.split(' at ')[0]])).toEqual([
      ['48h–7d', 'no StoreAPI serves its data aged 3d–4d, 5d–7d'],
      ['7d–14d', 'no StoreAPI serves its data aged 7d–14d'],
      ['14d–30d', 'no StoreAPI serves its data aged 14d–30d'],
    ]);
  });

  test('gateways whose time ranges touch serve one after the other; overlapping by an hour, both serve', () => {
    const gateways = (oldFrom: number) => [
      top(['side:10901', 'young:10901', 'old:10901']),
      sidecar(['a']),
      store('young', { keep: {}, maxAgeHours: 100 }),
      store('old', { keep: {}, minAgeHours: oldFrom }),
    ];
    const touching = analyseDataPath(model([producer('a')], gateways(100)));
    expect(touching.problems).toEqual([]);
    expect(touching.rows[0]!.cells[2]!.paths.map((p) => [p.storeApi, p.fromHours, p.toHours])).toEqual([
      ['young', 48, 100],
      ['old', 100, 168],
    ]);
    const overlapping = analyseDataPath(model([producer('a')], gateways(99)));
    expect(overlapping.rows[0]!.cells.map((c) => c.status)).toEqual([
      'served',
      'served',
      'duplicate',
      'served',
      'served',
    ]);
    expect(overlapping.problems).toEqual([
      {
        producer: 'a',
        age: '48h–7d',
        problem: "the store gateways 'young' and 'old' both serve its blocks",
        fix: 'give the stores disjoint selectors or non-overlapping time ranges',
      },
    ]);
  });

  test("a store sharded by __block_id serves through every shard's address, or not at all", () => {
    const shard = (index: number) =>
      store(`gw-${index}`, { store: 'gw', keep: {}, blockShard: { count: 2, index } });
    const both = analyseDataPath(
      model(
        [producer('a')],
        [top(['side:10901', 'gw-0:10901', 'gw-1:10901']), sidecar(['a']), shard(0), shard(1)],
      ),
    );
    expect(both.problems).toEqual([]);
    expect(both.rows[0]!.cells[4]!.paths).toEqual([
      {
        storeApi: 'gw',
        kind: 'bucket',
        via: ['top'],
        addresses: ['gw-0:10901', 'gw-1:10901'],
        fromHours: 336,
        toHours: 720,
      },
    ]);
    const one = analyseDataPath(
      model([producer('a')], [top(['side:10901', 'gw-0:10901']), sidecar(['a']), shard(0)]),
    );
    expect(one.problems[0]).toEqual({
      producer: 'a',
      problem: "the top querier reaches only some '__block_id' shards of 'gw'",
      fix: "list every shard of 'gw' in the querier's endpoints",
    });
    expect(one.rows[0]!.cells[4]!.status).toBe('gap');
  });
});

describe('compactor ownership and stored copies', () => {
  const served = [top(['side:10901']), sidecar(['a'], 720)];

  test('a stream owned by no compactor shard, or by two, is a problem', () => {
    const none = analyseDataPath(model([producer('a', { localRetentionHours: 720 })], served, []));
    expect(none.rows[0]!.compactors).toEqual([]);
    expect(none.problems).toEqual([
      {
        producer: 'a',
        problem:
          'its stream {"cluster":"a"} is owned by no compactor shard: its blocks are never compacted, downsampled or deleted',
        fix: 'give the compactor shards selectors that assign every stream to exactly one shard',
      },
    ]);
    const two = analyseDataPath(
      model([producer('a', { localRetentionHours: 720 })], served, [
        { id: 'c0', keep: {}, replicaLabels: [] },
        { id: 'c1', keep: { cluster: ['a'] }, replicaLabels: [] },
      ]),
    );
    expect(two.problems).toEqual([
      {
        producer: 'a',
        problem: 'its stream {"cluster":"a"} is owned by 2 compactor shards (c0, c1), which corrupt it',
        fix: 'give the compactor shards selectors that assign every stream to exactly one shard',
      },
    ]);
  });

  test('the owning shard merges HA copies only when it removes every block replica label', () => {
    const pair = (id: string, extra: Partial<DataProducer>) =>
      producer(id, { labels: { cluster: 'a' }, writers: 2, localRetentionHours: 720, ...extra });
    const analysis = analyseDataPath(
      model(
        [
          pair('replica', { blockReplicaLabels: ['replica'] }),
          pair('two-labels', { blockReplicaLabels: ['replica', 'rule_replica'] }),
          pair('no-labels', {}),
          pair('remote-written', { seriesReplicaLabels: ['replica'] }),
        ],
        [top(['side:10901']), sidecar(['replica', 'two-labels', 'no-labels', 'remote-written'], 720)],
        // The first shard owns nothing here; the second owns cluster a and removes 'replica'.
        [
          { id: 'other', keep: { cluster: ['b'] }, replicaLabels: [] },
          { id: 'owner', keep: { cluster: ['a'] }, replicaLabels: ['replica'] },
        ],
      ),
    );
    expect(analysis.problems).toEqual([]);
    expect(analysis.rows.map((r) => [r.producer.id, r.compactors, r.storedCopies])).toEqual([
      ['replica', ['owner'], 1],
      ['two-labels', ['owner'], 2],
      ['no-labels', ['owner'], 1],
      ['remote-written', ['owner'], 2],
    ]);
  });
});
