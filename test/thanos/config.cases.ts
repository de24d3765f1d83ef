import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { parse } from 'yaml';
import { ErrorCode } from '../../lib/core';
import {
  buildEndpointSdConfig,
  buildHashrings,
  buildResponseCacheConfig,
  checkEndpoints,
  checkObjectStorage,
  checkShardLabels,
  checkTimePartitions,
  hashmodSelector,
  renderHashrings,
  renderObjstoreConfig,
  renderSelector,
  s3ObjstoreConfig,
  tolerableFailures,
  writeQuorum,
} from '../../lib/thanos/config';

const ctx = { construct: 'Test', path: 'chart/x' };

function error(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected an error');
}

describe('object storage', () => {
  const minio = { kind: 's3' as const, bucket: 'thanos', endpoint: 'minio.storage.svc:9000', insecure: true };

  test('S3 config without credentials: type, config, prefix', () => {
    expect(
      parse(renderObjstoreConfig(s3ObjstoreConfig({ ...minio, prefix: 'fleet', region: 'eu-1' }))),
    ).toEqual({
      type: 'S3',
      config: { bucket: 'thanos', endpoint: 'minio.storage.svc:9000', region: 'eu-1', insecure: true },
      prefix: 'fleet',
    });
    expect(s3ObjstoreConfig({ ...minio, insecure: undefined }).config.insecure).toBe(false);
  });

  test('a literal credential is a LITERAL_SECRET error and is not echoed', () => {
    const e = error(() =>
      checkObjectStorage({ ...minio, secretKey: 'hunter2' } as never, ctx, 'objectStorage'),
    );
    expect(e.code).toBe(ErrorCode.LITERAL_SECRET);
    expect(e.message).toBe(
      "Test 'chart/x': 'objectStorage.secretKey' is a credential given as a literal, which would land in the manifests (got \"<redacted>\"); put the keys in a Secret and reference it with objectStorage.credentials: { secretName }",
    );
  });

  test('bucket and endpoint are checked', () => {
    expectConstructError(
      () => checkObjectStorage({ ...minio, bucket: 'Thanos_Bucket' }, ctx, 'o'),
      "Test 'chart/x': 'o.bucket' is not an S3 bucket name (3 to 63 lower case letters, digits, dots and hyphens) (got \"Thanos_Bucket\"); name the bucket as S3 and MinIO do, e.g. 'thanos-metrics'",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => checkObjectStorage({ ...minio, endpoint: 'http://minio:9000' }, ctx, 'o'),
      "Test 'chart/x': 'o.endpoint' must be a host or host:port without a scheme (got \"http://minio:9000\"); write e.g. 'minio.storage.svc.cluster.local:9000' and set insecure: true for plain HTTP",
      ErrorCode.INVALID_VALUE,
    );
    expect(checkObjectStorage({ kind: 'existing-secret', secretName: 's' }, ctx, 'o')).toEqual({
      kind: 'existing-secret',
      secretName: 's',
    });
  });
});

describe('endpoint SD config', () => {
  const mount = (s: string) => `/etc/thanos/tls/${s}`;

  test('address, strict, group and per-endpoint client TLS', () => {
    const config = buildEndpointSdConfig(
      [
        { address: 'dns+store.ns.svc.cluster.local:10901' },
        { address: 'cache.ns.svc:10901', strict: true },
        { address: 'query.region-a.svc:10901', group: true },
        {
          address: 'sidecar.app-1.example.com:443',
          tls: { secretName: 'fleet-ca', certKey: 'tls.crt', keyKey: 'tls.key', serverName: 'sidecar.app-1' },
        },
      ],
      mount,
    );
    expect(config).toEqual({
      endpoints: [
        { address: 'dns+store.ns.svc.cluster.local:10901' },
        { address: 'cache.ns.svc:10901', strict: true },
        { address: 'query.region-a.svc:10901', group: true },
        {
          address: 'sidecar.app-1.example.com:443',
          client_config: {
            tls_config: {
              enabled: true,
              ca_file: '/etc/thanos/tls/fleet-ca/ca.crt',
              cert_file: '/etc/thanos/tls/fleet-ca/tls.crt',
              key_file: '/etc/thanos/tls/fleet-ca/tls.key',
            },
            server_name: 'sidecar.app-1',
          },
        },
      ],
    });
  });

  const bad: [string, Parameters<typeof checkEndpoints>[0], string, ErrorCode][] = [
    [
      'no port',
      [{ address: 'store' }],
      "Test 'chart/x': 'endpoints[0].address' must be host:port, optionally prefixed with dns+ or dnssrv+ (got \"store\"); pass a component's grpcEndpoint handle, or write e.g. 'thanos-store.monitoring.svc.cluster.local:10901'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a duplicate',
      [{ address: 'a:1' }, { address: 'a:1' }],
      "Test 'chart/x': 'endpoints[1].address' names an endpoint that is already listed (got \"a:1\"); list each endpoint once; Thanos would count the duplicate and keep one",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'strict on DNS SD',
      [{ address: 'dns+a:1', strict: true }],
      "Test 'chart/x': 'endpoints[0].strict' cannot be set on an address resolved through DNS service discovery (got \"dns+a:1\"); use a static host:port for a strict endpoint, or drop strict",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'a group by SRV records',
      [{ address: 'dnssrv+_grpc._tcp.a', group: true }],
      "Test 'chart/x': 'endpoints[0].group' takes a host:port the gRPC resolver looks up by A/AAAA records, not an SRV name (got \"dnssrv+_grpc._tcp.a\"); write the group as 'dns+<host>:<port>'",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'TLS on DNS SD',
      [{ address: 'dns+a:1', tls: { secretName: 's' } }],
      "Test 'chart/x': 'endpoints[0].tls' is ignored by Thanos for addresses resolved through DNS service discovery (got \"dns+a:1\"); list the TLS endpoint by a static host:port (or as a group), or drop tls",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'a client cert without its key',
      [{ address: 'a:1', tls: { secretName: 's', certKey: 'tls.crt' } }],
      "Test 'chart/x': 'endpoints[0].tls' must name both certKey and keyKey for a client certificate, or neither (got {\"certKey\":\"tls.crt\"}); set both, e.g. certKey: 'tls.crt' and keyKey: 'tls.key'",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
  ];
  test('a group may be looked up by A records (dns+), as thanos-io/thanos@v0.42.4 pkg/discovery/dns/grpc.go resolves it', () => {
    expect(() => checkEndpoints([{ address: 'dns+a:1', group: true }], ctx, 'endpoints')).not.toThrow();
  });

  test.each(bad)('%s is an error', (_n, endpoints, message, code) => {
    expectConstructError(() => checkEndpoints(endpoints, ctx, 'endpoints'), message, code);
  });
});

describe('hashring', () => {
  const ring = (n: number, az?: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({ address: `ingestor-${i}.ingestor:10901`, az: az?.(i) }));

  test('write quorum as Thanos computes it, RF 2 needing one write', () => {
    expect([1, 2, 3, 4, 5].map(writeQuorum)).toEqual([1, 1, 2, 3, 3]);
    expect([1, 2, 3, 5].map(tolerableFailures)).toEqual([0, 1, 1, 2]);
  });

  test("plain addresses, or objects with az and Cap'n Proto address", () => {
    expect(JSON.parse(renderHashrings(buildHashrings([{ endpoints: ring(3) }], 3, 'ketama', ctx)))).toEqual([
      { endpoints: ['ingestor-0.ingestor:10901', 'ingestor-1.ingestor:10901', 'ingestor-2.ingestor:10901'] },
    ]);
    const zoned = buildHashrings(
      [
        {
          name: 'tenant-a',
          tenants: ['a*'],
          tenantMatcherType: 'glob',
          endpoints: ring(3, (i) => `zone-${i}`),
        },
        {
          name: 'default',
          algorithm: 'ketama',
          endpoints: [{ address: 'x:10901', capnprotoAddress: 'x:19391' }],
        },
      ],
      1,
      'ketama',
      ctx,
    );
    expect(zoned).toEqual([
      {
        hashring: 'tenant-a',
        tenants: ['a*'],
        tenant_matcher_type: 'glob',
        endpoints: [
          { address: 'ingestor-0.ingestor:10901', az: 'zone-0' },
          { address: 'ingestor-1.ingestor:10901', az: 'zone-1' },
          { address: 'ingestor-2.ingestor:10901', az: 'zone-2' },
        ],
      },
      {
        hashring: 'default',
        algorithm: 'ketama',
        endpoints: [{ address: 'x:10901', capnproto_address: 'x:19391' }],
      },
    ]);
  });

  const bad: [string, () => unknown, string, ErrorCode][] = [
    [
      'more replicas than endpoints',
      () => buildHashrings([{ endpoints: ring(2) }], 3, 'ketama', ctx),
      "Test 'chart/x': 'hashrings[0].endpoints' must hold at least replicationFactor 3 endpoints: each series is written to that many receivers (got 2); add endpoints (ingestor replicas) or lower replicationFactor to 2",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'az with hashmod',
      () => buildHashrings([{ endpoints: ring(3, () => 'a') }], 1, 'hashmod', ctx),
      "Test 'chart/x': 'hashrings[0].endpoints' set availability zones, which only the ketama algorithm supports (got \"hashmod\"); use algorithm 'ketama' or remove az from the endpoints",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'az on some endpoints only',
      () =>
        buildHashrings(
          [{ endpoints: ring(2, (i) => (i === 0 ? 'a' : (undefined as never))) }],
          1,
          'ketama',
          ctx,
        ),
      "Test 'chart/x': 'hashrings[0].endpoints' set az on some endpoints but not on others (got [\"ingestor-1.ingestor:10901\"]); give every endpoint of a zone-aware ring its zone",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a duplicate address',
      () => buildHashrings([{ endpoints: [{ address: 'a:1' }, { address: 'a:1' }] }], 1, 'ketama', ctx),
      "Test 'chart/x': 'hashrings[0].endpoints' lists an address twice (got \"a:1\"); list each receiver once",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a default ring before a tenant ring',
      () =>
        buildHashrings([{ endpoints: ring(1) }, { tenants: ['t'], endpoints: ring(1) }], 1, 'ketama', ctx),
      "Test 'chart/x': 'hashrings[0].tenants' is empty on a hashring that is not the last: it matches every tenant, so the rings after it never would (got []); move the default hashring (no tenants) to the end",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a replication factor of 0',
      () => buildHashrings([{ endpoints: ring(1) }], 0, 'ketama', ctx),
      "Test 'chart/x': 'replicationFactor' must be a whole number of at least 1 (got 0); use 3 to survive the loss of one receiver without losing writes",
      ErrorCode.INVALID_VALUE,
    ],
  ];
  test.each(bad)('%s is an error', (_n, run, message, code) => {
    expectConstructError(run, message, code);
  });
});

describe('selectors and partitions', () => {
  test('a hashmod shard selector keeps one residue', () => {
    expect(parse(renderSelector(hashmodSelector({ labels: ['__block_id'], count: 3, index: 1 })))).toEqual([
      { action: 'hashmod', source_labels: ['__block_id'], target_label: '__tmp_shard', modulus: 3 },
      { action: 'keep', source_labels: ['__tmp_shard'], regex: '1' },
    ]);
  });

  test('__block_id only where the component can hash it', () => {
    expect(() => checkShardLabels(['__block_id'], 3, true, ctx, 'sharding')).not.toThrow();
    expectConstructError(
      () => checkShardLabels(['__block_id'], 3, false, ctx, 'sharding'),
      "Test 'chart/x': 'sharding.labels' names '__block_id', which only the store gateway can hash: the compactor must keep every block of a stream on one shard (got [\"__block_id\"]); hash external labels that identify streams, such as 'cluster' and 'region'",
      ErrorCode.INVALID_VALUE,
    );
    expectErrorCode(
      () => checkShardLabels([], 3, false, ctx, 'sharding'),
      ErrorCode.INVALID_VALUE,
      'sharding.labels',
      "'sharding.labels' must name at least one label",
    );
    expectConstructError(
      () => checkShardLabels(['cluster'], 0, false, ctx, 'sharding'),
      "Test 'chart/x': 'sharding.count' must be a whole number of at least 1 (got 0); give the number of shards",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('time partitions in order, relative or absolute', () => {
    expect(() =>
      checkTimePartitions(
        [{ maxTime: '-8w' }, { minTime: '-8w', maxTime: '-2w' }, { minTime: '-2w' }],
        ctx,
        'p',
      ),
    ).not.toThrow();
    expect(() =>
      checkTimePartitions(
        [{ maxTime: '2026-01-01T00:00:00Z' }, { minTime: '2026-01-01T00:00:00Z' }],
        ctx,
        'p',
      ),
    ).not.toThrow();
  });

  const bad: [string, Parameters<typeof checkTimePartitions>[0], string, ErrorCode][] = [
    [
      'overlapping partitions',
      [{ maxTime: '-2w' }, { minTime: '-4w' }],
      "Test 'chart/x': 'p[1].minTime' overlaps the partition before it, which ends at -2w (got \"-4w\"); list partitions oldest first, each starting where the previous one ends",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'an open bound in the middle',
      [{ maxTime: '-2w' }, { maxTime: '-1w' }],
      'Test \'chart/x\': \'p[1]\' leaves a bound open in the middle of the list, so it overlaps its neighbour (got {"maxTime":"-1w"}); only the first partition may omit minTime and only the last may omit maxTime',
      ErrorCode.INVALID_VALUE,
    ],
    [
      'an empty partition',
      [{ minTime: '-1w', maxTime: '-2w' }],
      'Test \'chart/x\': \'p[0]\' is empty: minTime is not before maxTime (got {"minTime":"-1w","maxTime":"-2w"}); swap the bounds or widen the partition',
      ErrorCode.INVALID_VALUE,
    ],
    [
      'mixed forms',
      [{ maxTime: '-2w' }, { minTime: '2026-01-01T00:00:00Z' }],
      "Test 'chart/x': 'p[1].minTime' is absolute while earlier bounds are relative, so the partitions cannot be ordered (got \"2026-01-01T00:00:00Z\"); write every bound as a relative duration, or every bound as an RFC3339 time",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a bound that does not parse',
      [{ maxTime: 'two weeks ago' }],
      "Test 'chart/x': 'p[0].maxTime' is neither an RFC3339 time nor a duration relative to now (got \"two weeks ago\"); write e.g. '-2w' (two weeks ago) or '2026-01-01T00:00:00Z'",
      ErrorCode.INVALID_VALUE,
    ],
  ];
  test.each(bad)('%s is an error', (_n, partitions, message, code) => {
    expectConstructError(() => checkTimePartitions(partitions, ctx, 'p'), message, code);
  });
});

describe('response cache', () => {
  test('in-memory by default size, memcached with addresses', () => {
    expect(parse(buildResponseCacheConfig({ kind: 'in-memory' }, ctx, 'cache'))).toEqual({
      type: 'IN-MEMORY',
      config: { max_size: '512MB', validity: '24h' },
    });
    expect(
      parse(
        buildResponseCacheConfig(
          { kind: 'memcached', addresses: ['dnssrv+_memcache._tcp.mc'] },
          ctx,
          'cache',
        ),
      ),
    ).toEqual({
      type: 'MEMCACHED',
      config: { addresses: ['dnssrv+_memcache._tcp.mc'], max_item_size: '1MiB', expiration: '24h' },
    });
  });
  test('errors', () => {
    expectConstructError(
      () => buildResponseCacheConfig({ kind: 'memcached', addresses: [] }, ctx, 'cache'),
      "Test 'chart/x': 'cache.addresses' must name at least one memcached server (got []); write e.g. 'dnssrv+_memcache._tcp.memcached.monitoring.svc.cluster.local'",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => buildResponseCacheConfig({ kind: 'in-memory', maxSize: '1 GB' }, ctx, 'cache'),
      "Test 'chart/x': 'cache.maxSize' is not a byte size Thanos reads (got \"1 GB\"); write a number with a unit, e.g. '512MB' or '1MiB'",
      ErrorCode.INVALID_VALUE,
    );
  });
});
