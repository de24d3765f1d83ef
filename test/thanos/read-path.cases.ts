import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { parse } from 'yaml';
import { ErrorCode } from '../../lib/core';
import {
  ThanosCompactor,
  ThanosObjectStorage,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosStore,
} from '../../lib/thanos';
import { only, synth } from '../support/manifests';
import { args, fixture, thrown } from './support';

describe('ThanosObjectStorage', () => {
  test('renders the S3 config into a Secret and credentials into env vars from the user Secret', () => {
    const { chart, objectStorage } = fixture();
    const secret = only(synth(chart), 'Secret');
    expect(parse(secret.stringData['objstore.yml'])).toEqual({
      type: 'S3',
      config: { bucket: 'thanos', endpoint: 'minio.storage.svc:9000', insecure: true },
    });
    expect(objectStorage.env).toEqual([
      {
        name: 'AWS_ACCESS_KEY_ID',
        valueFrom: { secretKeyRef: { name: 'minio-creds', key: 'access_key_id' } },
      },
      {
        name: 'AWS_SECRET_ACCESS_KEY',
        valueFrom: { secretKeyRef: { name: 'minio-creds', key: 'secret_access_key' } },
      },
    ]);
    expect(objectStorage.configFile).toBe('/etc/thanos/objstore/objstore.yml');
    expect(synth(chart).some((o) => o.kind === 'ConfigMap')).toBe(false);
  });

  test('an existing Secret is referenced, not rendered', () => {
    const { chart } = fixture();
    const existing = new ThanosObjectStorage(chart, 'mine', {
      storage: { kind: 'existing-secret', secretName: 'thanos-objstore', key: 'bucket.yaml' },
    });
    expect(existing.secret).toBeUndefined();
    expect(existing.configFile).toBe('/etc/thanos/objstore/bucket.yaml');
    expect(existing.externalReferences).toEqual([{ kind: 'Secret', name: 'thanos-objstore' }]);
  });

  test('a literal access key is LITERAL_SECRET', () => {
    const { chart } = fixture();
    const e = thrown(
      () =>
        new ThanosObjectStorage(chart, 'bad', {
          storage: { kind: 's3', bucket: 'b-1', endpoint: 'minio:9000', accessKey: 'AKIA' } as never,
        }),
    );
    expect(e.code).toBe(ErrorCode.LITERAL_SECRET);
    expect(e.message).toBe(
      "ThanosObjectStorage 'test/bad': 'storage.accessKey' is a credential given as a literal, which would land in the manifests (got \"<redacted>\"); put the keys in a Secret and reference it with storage.credentials: { secretName }",
    );
  });
});

describe('ThanosStore', () => {
  test('hashmod shards on __block_id: one StatefulSet, headless Service and endpoint per shard', () => {
    const { chart, objectStorage } = fixture();
    const store = new ThanosStore(chart, 'store', { objectStorage, sharding: { kind: 'hashmod', count: 3 } });
    const objects = synth(chart);
    expect(objects.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name)).toEqual([
      'store-0',
      'store-1',
      'store-2',
    ]);
    expect(store.storeEndpoints.map((e) => e.address)).toEqual([
      'dns+store-0.monitoring.svc.cluster.local:10901',
      'dns+store-1.monitoring.svc.cluster.local:10901',
      'dns+store-2.monitoring.svc.cluster.local:10901',
    ]);
    const a = args(only(objects, 'StatefulSet', 'store-1'));
    const selector = a.find((x) => x.startsWith('--selector.relabel-config='))!;
    expect(JSON.parse(selector.slice('--selector.relabel-config='.length))).toEqual([
      { action: 'hashmod', source_labels: ['__block_id'], target_label: '__tmp_shard', modulus: 3 },
      { action: 'keep', source_labels: ['__tmp_shard'], regex: '1' },
    ]);
    expect(a).toEqual(expect.arrayContaining(['--index-cache-size=250MB', '--chunk-pool-size=1GB']));
    expect(only(objects, 'Service', 'store-1').spec.clusterIP).toBe('None');
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(3);
  });

  test('time partitions set --min-time/--max-time per shard', () => {
    const { chart, objectStorage } = fixture();
    new ThanosStore(chart, 'store', {
      objectStorage,
      sharding: { kind: 'time', partitions: [{ maxTime: '-2w' }, { minTime: '-2w' }] },
    });
    const objects = synth(chart);
    expect(args(only(objects, 'StatefulSet', 'store-0'))).toContain('--max-time=-2w');
    expect(args(only(objects, 'StatefulSet', 'store-1'))).toContain('--min-time=-2w');
  });

  test('chunk pool and index cache must fit in the memory limit', () => {
    const { chart, objectStorage } = fixture();
    expectConstructError(
      () => new ThanosStore(chart, 'store', { objectStorage, chunkPoolSize: '2GB' }),
      "ThanosStore 'test/store': 'chunkPoolSize' plus indexCacheSize 250MB must stay below the memory limit 2Gi, or the pod is OOM-killed under load (got \"2GB\"); lower chunkPoolSize or indexCacheSize, or raise resources.memory",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a store shard that overlaps another store shard on the same bucket is an error', () => {
    const { chart, objectStorage } = fixture();
    new ThanosStore(chart, 'a', { objectStorage, externalLabels: { region: 'a' } });
    new ThanosStore(chart, 'b', { objectStorage, externalLabels: { region: 'b' } });
    expectConstructError(
      () => new ThanosStore(chart, 'all', { objectStorage, sharding: { kind: 'hashmod', count: 2 } }),
      "ThanosStore 'test/all': 'sharding' selects hashmod(__block_id) % 2 == 0 of s3://minio.storage.svc:9000/thanos, which overlaps the store shard 'test/a' (region=a) (got \"hashmod(__block_id) % 2 == 0\"); give the stores disjoint externalLabels, shard them in one ThanosStore, or use non-overlapping time partitions",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('the object storage must be in the same namespace', () => {
    const { chart, objectStorage } = fixture();
    expectConstructError(
      () => new ThanosStore(chart, 'store', { objectStorage, namespace: 'other' }),
      "ThanosStore 'test/store': 'objectStorage' is in namespace 'monitoring', but the component runs in 'other' and cannot mount its Secret (got \"test/objstore\"); create a ThanosObjectStorage in namespace 'other' for this component",
      ErrorCode.DANGLING_REFERENCE,
    );
  });
});

describe('ThanosQuery', () => {
  test("endpoints from an SD file, deduplication on the stores' replica labels, the reference design's resources", () => {
    const { chart, objectStorage } = fixture();
    const store = new ThanosStore(chart, 'store', { objectStorage });
    const sidecarLike = { storeEndpoints: [{ address: 'prom.apps.svc:10901' }], replicaLabels: ['replica'] };
    const query = new ThanosQuery(chart, 'query', {
      stores: [store, sidecarLike],
      extraFlags: { 'query.lookback-delta': '10m' },
    });
    const objects = synth(chart);
    const deployment = only(objects, 'Deployment', 'query');
    expect(args(deployment)).toEqual([
      'query',
      '--enable-auto-gomemlimit',
      '--endpoint.sd-config-file=/etc/thanos/endpoints/endpoints.yaml',
      '--grpc-address=0.0.0.0:10901',
      '--http-address=0.0.0.0:10902',
      '--log.format=logfmt',
      '--log.level=info',
      '--query.auto-downsampling',
      '--query.lookback-delta=10m',
      '--query.max-concurrent=20',
      '--query.max-concurrent-select=4',
      '--query.partial-response',
      '--query.replica-label=prometheus_replica',
      '--query.replica-label=receive_replica',
      '--query.replica-label=replica',
      '--query.replica-label=rule_replica',
      '--query.timeout=2m',
    ]);
    expect(parse(only(objects, 'ConfigMap', 'query-endpoints').data['endpoints.yaml'])).toEqual({
      endpoints: [
        { address: 'dns+store.monitoring.svc.cluster.local:10901', group: true },
        { address: 'prom.apps.svc:10901' },
      ],
    });
    // The reference design's Thanos Query sizing: 2 cores and 4Gi per replica (its hierarchical and receive patterns).
    expect(deployment.spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: '2',
      memory: '4Gi',
    });
    expect(query.grpcEndpoint).toBe('query.monitoring.svc.cluster.local:10901');
    expect(query.httpUrl).toBe('http://query.monitoring.svc.cluster.local:10902');
    expect(query.storeEndpoints).toEqual([{ address: query.grpcEndpoint }]);
    expect(query.replicaLabels).toEqual(['prometheus_replica', 'receive_replica', 'replica', 'rule_replica']);
  });

  test('per-endpoint TLS mounts the Secret and declares it external', () => {
    const { chart } = fixture();
    new ThanosQuery(chart, 'query', {
      endpoints: [{ address: 'sidecar.app-1.example.com:443', tls: { secretName: 'fleet-ca' } }],
    });
    const deployment = only(synth(chart), 'Deployment');
    expect(deployment.spec.template.spec.volumes).toContainEqual({
      name: 'tls-0',
      secret: { secretName: 'fleet-ca', defaultMode: 0o440 },
    });
    expect(
      deployment.spec.template.metadata.annotations['observability-constructs.io/external-references'],
    ).toBe('Secret/fleet-ca');
  });

  test('a LoadBalancer gRPC Service needs TLS (or an opt-in) and opens the StoreAPI to any client', () => {
    const { chart } = fixture();
    expectConstructError(
      () =>
        new ThanosQuery(chart, 'plain', {
          endpoints: [{ address: 'a:10901' }],
          grpcService: { type: 'LoadBalancer' },
        }),
      "ThanosQuery 'test/plain': 'grpcService' exposes the StoreAPI outside the cluster in plain text, to anyone who reaches the LoadBalancer (got \"LoadBalancer\"); add TLS (a Secret with tls.crt, tls.key and ca.crt, with clientAuth), or set allowPlaintextExposure: true on a private network",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
    const query = new ThanosQuery(chart, 'query', {
      endpoints: [{ address: 'a:10901' }],
      grpcService: { type: 'LoadBalancer', annotations: { 'lb.example/internal': 'true' } },
      grpcTls: { secretName: 'query-tls', clientAuth: true },
    });
    const objects = synth(chart);
    const container = only(objects, 'Deployment', 'query').spec.template.spec.containers[0];
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--grpc-server-tls-cert=/etc/thanos/tls/server/tls.crt',
        '--grpc-server-tls-key=/etc/thanos/tls/server/tls.key',
        '--grpc-server-tls-client-ca=/etc/thanos/tls/server/ca.crt',
      ]),
    );
    expect(container.volumeMounts).toContainEqual({
      name: 'server-tls',
      mountPath: '/etc/thanos/tls/server',
      readOnly: true,
    });
    const grpc = only(objects, 'Service', 'query-grpc');
    expect(grpc.spec.type).toBe('LoadBalancer');
    expect((grpc.metadata as any).annotations).toEqual({ 'lb.example/internal': 'true' });
    expect(only(objects, 'NetworkPolicy').spec.ingress[1]).toEqual({
      ports: [{ port: 10901, protocol: 'TCP' }],
    });
    expect(query.grpcService).toBeDefined();
  });

  test('errors: no endpoints, a replica label left out, an unknown extra flag', () => {
    const { chart } = fixture();
    expectConstructError(
      () => new ThanosQuery(chart, 'q1', {}),
      "ThanosQuery 'test/q1': 'stores' and endpoints are both empty, so the querier would have nothing to query (got []); pass the store, sidecar, ruler or receive components as stores, or addresses as endpoints",
      ErrorCode.INVALID_VALUE,
    );
    const sidecar = { storeEndpoints: [{ address: 'p:10901' }], replicaLabels: ['prometheus_replica'] };
    expectConstructError(
      () => new ThanosQuery(chart, 'q2', { stores: [sidecar], replicaLabels: ['replica'] }),
      "ThanosQuery 'test/q2': 'replicaLabels' leaves out 'prometheus_replica', which the stores use to tell HA replicas apart, so their series would be double-counted (got [\"replica\"]); add 'prometheus_replica' to replicaLabels, or leave replicaLabels out to use the stores' own",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () => new ThanosQuery(chart, 'q3', { stores: [sidecar], extraFlags: { endpoint: ['x:1'] } }),
      "ThanosQuery 'test/q3': 'extraFlags.endpoint' is deprecated in thanos query v0.42.4 (got \"endpoint\"); use --endpoint.sd-config-file (or --endpoint.sd-config) with an endpoints list",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('ThanosQueryFrontend', () => {
  test('in front of a query: split, retries and an in-memory cache from a ConfigMap', () => {
    const { chart } = fixture();
    const query = new ThanosQuery(chart, 'query', { endpoints: [{ address: 'a:10901' }] });
    const frontend = new ThanosQueryFrontend(chart, 'frontend', { query, splitInterval: '12h' });
    const objects = synth(chart);
    expect(args(only(objects, 'Deployment', 'frontend'))).toEqual([
      'query-frontend',
      '--enable-auto-gomemlimit',
      '--http-address=0.0.0.0:10902',
      '--log.format=logfmt',
      '--log.level=info',
      '--query-frontend.downstream-url=http://query.monitoring.svc.cluster.local:10902',
      '--query-range.max-retries-per-request=5',
      '--query-range.response-cache-config-file=/etc/thanos/cache/response-cache.yaml',
      '--query-range.split-interval=12h',
    ]);
    expect(parse(only(objects, 'ConfigMap', 'frontend-cache').data['response-cache.yaml']).type).toBe(
      'IN-MEMORY',
    );
    expect(frontend.httpUrl).toBe('http://frontend.monitoring.svc.cluster.local:10902');
  });

  test('a memcached cache and a bad split interval', () => {
    const { chart } = fixture();
    const query = { httpUrl: 'http://q:10902' };
    new ThanosQueryFrontend(chart, 'f', { query, cache: { kind: 'memcached', addresses: ['mc:11211'] } });
    expect(parse(only(synth(chart), 'ConfigMap').data['response-cache.yaml']).type).toBe('MEMCACHED');
    expectConstructError(
      () => new ThanosQueryFrontend(chart, 'g', { query, splitInterval: '1d' }),
      "ThanosQueryFrontend 'test/g': 'splitInterval' is not a Go duration (got \"1d\"); write a number with a unit (ms, s, m, h), e.g. '30s', '5m' or '24h'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('ThanosCompactor', () => {
  test('three shards by cluster, each a singleton StatefulSet with --wait and retention', () => {
    const { chart, objectStorage } = fixture();
    const compactor = new ThanosCompactor(chart, 'compact', {
      objectStorage,
      sharding: { labels: ['cluster'], count: 3 },
      retention: { raw: '30d', fiveMinutes: '90d', oneHour: '1y' },
    });
    const objects = synth(chart);
    const sets = objects.filter((o) => o.kind === 'StatefulSet');
    expect(sets.map((s) => [s.metadata.name, (s as any).spec.replicas])).toEqual([
      ['compact-0', 1],
      ['compact-1', 1],
      ['compact-2', 1],
    ]);
    expect(args(sets[2])).toEqual(
      expect.arrayContaining([
        '--wait',
        '--retention.resolution-raw=30d',
        '--retention.resolution-5m=90d',
        '--retention.resolution-1h=1y',
        '--selector.relabel-config=[{"action":"hashmod","source_labels":["cluster"],"target_label":"__tmp_shard","modulus":3},{"action":"keep","source_labels":["__tmp_shard"],"regex":"2"}]',
      ]),
    );
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
    expect(compactor.shards).toHaveLength(3);
  });

  test('two compactors on one stream are an error, across charts of the app', () => {
    const { app, objectStorage } = fixture();
    new ThanosCompactor(objectStorage.node.scope!, 'compact', { objectStorage });
    const other = fixture(app, 'other');
    const e = thrown(
      () => new ThanosCompactor(other.chart, 'compact', { objectStorage: other.objectStorage }),
    );
    expect(e.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(e.message).toBe(
      "ThanosCompactor 'other/compact': 'objectStorage' selects every block of s3://minio.storage.svc:9000/thanos, which the compactor 'test/compact' (every block) also compacts: two compactors on one stream corrupt it (got \"every block\"); run one compactor per bucket, sharded with sharding: { labels, count } on external labels, or give each compactor disjoint externalLabels",
    );
  });

  test('disjoint external labels allow two compactors; __block_id sharding is refused', () => {
    const { chart, objectStorage } = fixture();
    new ThanosCompactor(chart, 'a', { objectStorage, externalLabels: { region: 'a' } });
    expect(
      () => new ThanosCompactor(chart, 'b', { objectStorage, externalLabels: { region: 'b' } }),
    ).not.toThrow();
    expectErrorCode(
      () =>
        new ThanosCompactor(chart, 'c', { objectStorage, sharding: { labels: ['__block_id'], count: 2 } }),
      ErrorCode.INVALID_VALUE,
      'sharding.labels',
      "'sharding.labels' names '__block_id', which only the store gateway can hash",
    );
  });
});
