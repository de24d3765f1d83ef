import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  compactorDataPath,
  durationHours,
  queryDataPath,
  receiveDataPath,
  rulerDataPath,
  sidecarDataPath,
  storeDataPath,
} from '../../lib/fleet/datapath';
import { PrometheusWithSidecar } from '../../lib/prometheus';
import { ThanosQuery, ThanosReceive, ThanosRuler, ThanosStore } from '../../lib/thanos';

// The builders that turn constructs into the data-path model, on stand-ins: a construct in a chart named after its
// cluster, carrying only the properties a builder reads, and a StatefulSet ApiObject with the replicas and args the
// builders read from the manifest. Real constructs are covered by the pattern tests (test/fleet/datapath.cases.ts);
// these pin each builder's own decisions with small hand-written inputs.

function chart(cluster = 'cluster-a'): Chart {
  return new Chart(new App(), cluster);
}

function statefulSet(scope: Construct, replicas: number | undefined, args?: string[]): ApiObject {
  return new ApiObject(scope, 'sts', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      template: {
        spec: { containers: [{ name: 'other' }, { name: 'main', ...(args ? { args } : {}) }] },
      },
    },
  });
}

/** A construct at `<cluster>/<id>` with the given properties, standing in for a component. */
function component<T>(scope: Construct, id: string, props: Record<string, unknown>): T {
  const c = new Construct(scope, id);
  Object.assign(c, props);
  return c as unknown as T;
}

function prometheus(
  scope: Construct,
  id: string,
  replicas: number | undefined,
  args?: string[],
  extra: Record<string, unknown> = {},
): PrometheusWithSidecar {
  const c = new Construct(scope, id);
  Object.assign(c, {
    statefulSet: statefulSet(c, replicas, args),
    externalLabels: { cluster: id },
    replicaLabels: ['replica'],
    storeEndpoints: [{ address: `${id}-sidecar:10901` }],
    endpoints: { grpc: `${id}-sidecar.monitoring.svc:10901` },
    ...extra,
  });
  return c as unknown as PrometheusWithSidecar;
}

describe('durationHours', () => {
  test('sums the units of a Prometheus duration; milliseconds count as nothing', () => {
    // Units y, w, d, h, m, s, ms as listed by prometheus@v3.13.2 cmd/prometheus/main.go (storage.tsdb.retention.time).
    expect(durationHours('1w2d')).toBe(216);
    expect(durationHours('2h500ms')).toBe(2);
    expect(durationHours('90m')).toBe(1.5);
  });

  test("'0d' (retention forever) is Infinity", () => {
    expect(durationHours('0d')).toBe(Infinity);
  });
});

describe('sidecarDataPath', () => {
  test('reads the retention flag among other args of any container, and the replicas', () => {
    const c = chart('cluster-a');
    const p = prometheus(c, 'prom', 2, [
      '--config.file=/etc/prometheus/prometheus.yml',
      '--x--storage.tsdb.retention.time=1d',
      '--storage.tsdb.retention.time=30d',
    ]);
    const { producer, storeApi } = sidecarDataPath(p, true);
    expect(producer).toEqual({
      id: 'cluster-a/prom',
      kind: 'prometheus',
      labels: { cluster: 'prom' },
      blockReplicaLabels: ['replica'],
      seriesReplicaLabels: [],
      writers: 2,
      localRetentionHours: 720,
      uploads: true,
    });
    expect(storeApi).toEqual({
      id: 'cluster-a/prom/sidecar',
      kind: 'sidecar',
      cluster: 'cluster-a',
      addresses: ['prom-sidecar:10901', 'prom-sidecar.monitoring.svc:10901'],
      local: { producers: ['cluster-a/prom'], retentionHours: 720 },
    });
  });

  test("without the flag, Prometheus's default retention of 15d; without replicas, one writer", () => {
    // defaultRetentionString = "15d": prometheus@v3.13.2 cmd/prometheus/main.go.
    const { producer } = sidecarDataPath(prometheus(chart(), 'prom', undefined), false);
    expect(producer.localRetentionHours).toBe(360);
    expect(producer.writers).toBe(1);
    expect(producer.uploads).toBe(false);
  });
});

describe('the addresses a component publishes', () => {
  test('every …Endpoint/…Endpoints property: strings, lists, objects with an address; nothing else', () => {
    const p = prometheus(chart(), 'prom', 1, undefined, {
      grpcEndpoint: 'grpc.example:10901',
      externalGrpcEndpoints: ['ext-0.example:443', { address: 'ext-1.example:443' }, ''],
      peerEndpoint: { address: 'peer.example:10901' },
      unsetEndpoint: undefined,
      nullEndpoint: null,
      emptyEndpoint: '',
      // Not addresses: a name that only contains "Endpoint", a non-endpoint string, a non-string value.
      grpcEndpointSecret: 'tls-secret',
      retention: '15d',
      portEndpoint: 10901,
      queryEndpoints: [{ address: 'listed-by-me:10901' }],
    });
    expect(sidecarDataPath(p, true).storeApi.addresses).toEqual([
      'prom-sidecar:10901',
      'prom-sidecar.monitoring.svc:10901',
      'grpc.example:10901',
      'ext-0.example:443',
      'ext-1.example:443',
      'peer.example:10901',
    ]);
  });
});

describe('rulerDataPath', () => {
  test('its results: labels, block replica labels, no series replica labels, its retention, always uploaded', () => {
    const c = chart('global');
    const r = component<ThanosRuler>(c, 'ruler', {
      externalLabels: { ruler: 'global' },
      replicaLabels: ['rule_replica'],
      retention: '2d',
      storeEndpoints: [{ address: 'ruler:10901' }],
      endpoints: {},
    });
    Object.assign(r, { statefulSet: statefulSet(r, 2, ['--tsdb.retention=2d']) });
    const { producer, storeApi } = rulerDataPath(r);
    expect(producer).toEqual({
      id: 'global/ruler',
      kind: 'ruler',
      labels: { ruler: 'global' },
      blockReplicaLabels: ['rule_replica'],
      seriesReplicaLabels: [],
      writers: 2,
      localRetentionHours: 48,
      uploads: true,
    });
    expect(storeApi).toEqual({
      id: 'global/ruler',
      kind: 'ruler',
      cluster: 'global',
      addresses: ['ruler:10901'],
      local: { producers: ['global/ruler'], retentionHours: 48 },
    });
  });
});

describe('receiveDataPath', () => {
  test('a tenant per writer; an HA pair keeps its replica label on every series, a single writer none', () => {
    const c = chart('hub');
    const receive = component<ThanosReceive>(c, 'receive', {
      retention: '1d',
      labels: { receive: 'hub' },
      tenantLabel: 'tenant_id',
      replicaLabels: ['receive_replica'],
      storeEndpoints: [{ address: 'receive:10901' }],
      endpoints: {},
    });
    const pair = prometheus(c, 'pair', 2);
    const single = prometheus(c, 'single', 1);
    const { producers, storeApi } = receiveDataPath(receive, [
      { tenant: 't-pair', prometheus: pair },
      { tenant: 't-single', prometheus: single },
    ]);
    expect(producers).toEqual([
      {
        id: 'hub/pair',
        kind: 'receive',
        labels: { receive: 'hub', tenant_id: 't-pair' },
        blockReplicaLabels: ['receive_replica'],
        seriesReplicaLabels: ['replica'],
        writers: 2,
        localRetentionHours: 24,
        uploads: true,
      },
      {
        id: 'hub/single',
        kind: 'receive',
        labels: { receive: 'hub', tenant_id: 't-single' },
        blockReplicaLabels: ['receive_replica'],
        seriesReplicaLabels: [],
        writers: 1,
        localRetentionHours: 24,
        uploads: true,
      },
    ]);
    expect(storeApi).toEqual({
      id: 'hub/receive',
      kind: 'receive',
      cluster: 'hub',
      addresses: ['receive:10901'],
      local: { producers: ['hub/pair', 'hub/single'], retentionHours: 24 },
    });
  });
});

describe('storeDataPath', () => {
  const HOUR_MS = 3_600_000;
  function store(selections: unknown[]): ThanosStore {
    return component<ThanosStore>(chart('global'), 'store', {
      selections,
      shards: selections,
      storeEndpoints: selections.map((_, i) => ({ address: `store-${i}:10901` })),
      endpoints: {},
    });
  }

  test('one shard: the store itself; keep and keepAny as one selector; a relative time range as ages', () => {
    const [node, ...rest] = storeDataPath(
      store([
        {
          keep: { region: 'eu' },
          keepAny: { cluster: ['a', 'b'] },
          time: { form: 'relative', min: -720 * HOUR_MS, max: -2 * HOUR_MS },
        },
      ]),
    );
    expect(rest).toEqual([]);
    expect(node).toEqual({
      id: 'global/store',
      kind: 'store',
      cluster: 'global',
      addresses: ['store-0:10901'],
      bucket: {
        store: 'global/store',
        keep: { region: ['eu'], cluster: ['a', 'b'] },
        minAgeHours: 2,
        maxAgeHours: 720,
      },
    });
  });

  test('an absolute time range is not an age', () => {
    const [node] = storeDataPath(store([{ keep: {}, time: { form: 'absolute', min: 0, max: 1000 } }]));
    expect(node!.bucket).toEqual({ store: 'global/store', keep: {} });
  });

  test('shards by __block_id hashmod: one node per shard, a block shard each', () => {
    const hashmod = (index: number) => ({ labels: ['__block_id'], count: 2, index });
    const nodes = storeDataPath(
      store([
        { keep: {}, hashmod: hashmod(0) },
        { keep: {}, hashmod: hashmod(1) },
      ]),
    );
    expect(nodes.map((n) => [n.id, n.addresses, n.bucket])).toEqual([
      [
        'global/store/shard-0',
        ['store-0:10901'],
        { store: 'global/store', keep: {}, blockShard: { count: 2, index: 0 } },
      ],
      [
        'global/store/shard-1',
        ['store-1:10901'],
        { store: 'global/store', keep: {}, blockShard: { count: 2, index: 1 } },
      ],
    ]);
  });

  test('shards by a hashmod over external labels (one label, or __block_id among others): a label hashmod', () => {
    const one = { labels: ['cluster'], count: 2, index: 0 };
    const two = { labels: ['__block_id', 'cluster'], count: 2, index: 1 };
    const nodes = storeDataPath(
      store([
        { keep: {}, hashmod: one },
        { keep: {}, hashmod: two },
      ]),
    );
    expect(nodes.map((n) => n.bucket)).toEqual([
      { store: 'global/store', keep: {}, labelHashmod: { labels: ['cluster'], count: 2, index: 0 } },
      {
        store: 'global/store',
        keep: {},
        labelHashmod: { labels: ['__block_id', 'cluster'], count: 2, index: 1 },
      },
    ]);
  });
});

describe('queryDataPath and compactorDataPath', () => {
  test('a querier publishes its addresses and the extra ones, and lists its query endpoints', () => {
    const q = component<ThanosQuery>(chart('global'), 'query', {
      storeEndpoints: [{ address: 'query:10901' }],
      endpoints: {},
      queryEndpoints: [{ address: 'store-0:10901' }],
    });
    expect(queryDataPath(q)).toEqual({
      id: 'global/query',
      kind: 'query',
      cluster: 'global',
      addresses: ['query:10901'],
      endpoints: ['store-0:10901'],
    });
    expect(queryDataPath(q, ['query.example:443']).addresses).toEqual(['query:10901', 'query.example:443']);
  });

  test('a compactor shard per selection, with the replica labels it deduplicates', () => {
    const hashmod = { labels: ['cluster'], count: 2, index: 1 };
    const shards = compactorDataPath({
      selections: [
        { path: 'global/compactor/shard-0', keep: { region: 'eu' } },
        { path: 'global/compactor/shard-1', keep: {}, keepAny: { region: ['us', ''] }, hashmod },
      ],
      deduplicationReplicaLabels: ['replica'],
    } as never);
    expect(shards).toEqual([
      { id: 'global/compactor/shard-0', keep: { region: ['eu'] }, replicaLabels: ['replica'] },
      {
        id: 'global/compactor/shard-1',
        keep: { region: ['us', ''] },
        hashmod: { labels: ['cluster'], count: 2, index: 1 },
        replicaLabels: ['replica'],
      },
    ]);
  });
});
