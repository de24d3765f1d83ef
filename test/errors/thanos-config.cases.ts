import { ErrorCode } from '../../lib/core';
import {
  buildHashrings,
  buildIndexCacheConfig,
  buildReceiveLimitsConfig,
  buildResponseCacheConfig,
  checkEndpoints,
  checkObjectStorage,
  checkShardLabels,
  checkTimePartitions,
  parseTimeBound,
} from '../../lib/thanos/config';
import { errorTable } from './table';

// Every throw site of lib/thanos/config, one row each (messages: the library's own text).
const ctx = { construct: 'Test', path: 'chart/x' };
const ring = (n: number) => Array.from({ length: n }, (_, i) => ({ address: `r-${i}:10901` }));
const os = (spec: unknown) => () => checkObjectStorage(spec as never, ctx, 'storage');
const { INVALID_VALUE, INCOMPATIBLE_PROPS, INVALID_NAME, LITERAL_SECRET, UNSAFE_WITHOUT_OPT_IN } = ErrorCode;

describe('lib/thanos/config/endpoints.ts', () => {
  errorTable([
    {
      site: 'address without a port',
      run: () => checkEndpoints([{ address: 'store' }], ctx, 'endpoints'),
      code: INVALID_VALUE,
      prop: 'endpoints[0].address',
      message: 'must be host:port, optionally prefixed with dns+ or dnssrv+',
    },
    {
      site: 'duplicate address',
      run: () => checkEndpoints([{ address: 'a:1' }, { address: 'a:1' }], ctx, 'endpoints'),
      code: INVALID_VALUE,
      prop: 'endpoints[1].address',
      message: 'names an endpoint that is already listed',
    },
    {
      site: 'strict on DNS SD',
      run: () => checkEndpoints([{ address: 'dns+a:1', strict: true }], ctx, 'endpoints'),
      code: INCOMPATIBLE_PROPS,
      prop: 'endpoints[0].strict',
      message: 'cannot be set on an address resolved through DNS service discovery',
    },
    {
      site: 'group on an SRV name',
      run: () => checkEndpoints([{ address: 'dnssrv+_grpc._tcp.a', group: true }], ctx, 'endpoints'),
      code: INCOMPATIBLE_PROPS,
      prop: 'endpoints[0].group',
      message: 'not an SRV name',
    },
    {
      site: 'tls on DNS SD',
      run: () => checkEndpoints([{ address: 'dns+a:1', tls: { secretName: 's' } }], ctx, 'endpoints'),
      code: INCOMPATIBLE_PROPS,
      prop: 'endpoints[0].tls',
      message: 'is ignored by Thanos for addresses resolved through DNS service discovery',
    },
    {
      site: 'client cert without key',
      run: () =>
        checkEndpoints([{ address: 'a:1', tls: { secretName: 's', certKey: 'tls.crt' } }], ctx, 'endpoints'),
      code: INCOMPATIBLE_PROPS,
      prop: 'endpoints[0].tls',
      message: 'must name both certKey and keyKey',
    },
  ]);
});

describe('lib/thanos/config/hashring.ts', () => {
  errorTable([
    {
      site: 'no hashring',
      run: () => buildHashrings([], 1, 'ketama', ctx),
      code: INVALID_VALUE,
      prop: 'hashrings',
      message: 'must hold at least one hashring',
    },
    {
      site: 'fewer endpoints than replicationFactor (edge: 2 < 3)',
      run: () => buildHashrings([{ endpoints: ring(2) }], 3, 'ketama', ctx),
      code: INCOMPATIBLE_PROPS,
      prop: 'hashrings[0].endpoints',
      message: 'must hold at least replicationFactor 3 endpoints',
    },
    {
      site: 'duplicate endpoint',
      run: () => buildHashrings([{ endpoints: [{ address: 'a:1' }, { address: 'a:1' }] }], 1, 'ketama', ctx),
      code: INVALID_VALUE,
      prop: 'hashrings[0].endpoints',
      message: 'lists an address twice',
    },
    {
      site: 'az with hashmod',
      run: () => buildHashrings([{ endpoints: [{ address: 'a:1', az: 'z' }] }], 1, 'hashmod', ctx),
      code: INCOMPATIBLE_PROPS,
      prop: 'hashrings[0].endpoints',
      message: 'set availability zones, which only the ketama algorithm supports',
    },
    {
      site: 'az on some endpoints only',
      run: () =>
        buildHashrings([{ endpoints: [{ address: 'a:1', az: 'z' }, { address: 'b:1' }] }], 1, 'ketama', ctx),
      code: INVALID_VALUE,
      prop: 'hashrings[0].endpoints',
      message: 'set az on some endpoints but not on others',
    },
    {
      site: 'default ring before a tenant ring',
      run: () =>
        buildHashrings([{ endpoints: ring(1) }, { tenants: ['t'], endpoints: ring(1) }], 1, 'ketama', ctx),
      code: INVALID_VALUE,
      prop: 'hashrings[0].tenants',
      message: 'is empty on a hashring that is not the last',
    },
  ]);
});

describe('lib/thanos/config/relabel.ts', () => {
  errorTable([
    {
      site: 'no shard label',
      run: () => checkShardLabels([], 2, false, ctx, 'sharding'),
      code: INVALID_VALUE,
      prop: 'sharding.labels',
      message: 'must name at least one label to hash',
    },
    {
      site: '__block_id outside the store gateway',
      run: () => checkShardLabels(['__block_id'], 2, false, ctx, 'sharding'),
      code: INVALID_VALUE,
      prop: 'sharding.labels',
      message: "names '__block_id', which only the store gateway can hash",
    },
    {
      site: 'a bound that does not parse',
      run: () => parseTimeBound('two weeks ago', ctx, 'p'),
      code: INVALID_VALUE,
      prop: 'p',
      message: 'is neither an RFC3339 time nor a duration relative to now',
    },
    {
      site: 'mixed bound forms',
      run: () => checkTimePartitions([{ maxTime: '-2w' }, { minTime: '2026-01-01T00:00:00Z' }], ctx, 'p'),
      code: INVALID_VALUE,
      prop: 'p[1].minTime',
      message: 'is absolute while earlier bounds are relative',
    },
    {
      site: 'open bound in the middle',
      run: () => checkTimePartitions([{ maxTime: '-2w' }, { maxTime: '-1w' }], ctx, 'p'),
      code: INVALID_VALUE,
      prop: 'p[1]',
      message: 'leaves a bound open in the middle of the list',
    },
    {
      site: 'empty partition',
      run: () => checkTimePartitions([{ minTime: '-1w', maxTime: '-2w' }], ctx, 'p'),
      code: INVALID_VALUE,
      prop: 'p[0]',
      message: 'is empty: minTime is not before maxTime',
    },
    {
      site: 'overlapping partitions',
      run: () => checkTimePartitions([{ maxTime: '-2w' }, { minTime: '-4w' }], ctx, 'p'),
      code: INVALID_VALUE,
      prop: 'p[1].minTime',
      message: 'overlaps the partition before it, which ends at -2w',
    },
  ]);
});

describe('lib/thanos/config/objstore.ts', () => {
  errorTable([
    {
      site: 'literal credential',
      run: os({ kind: 's3', bucket: 'thanos', endpoint: 'minio:9000', secretKey: 'x' }),
      code: LITERAL_SECRET,
      prop: 'storage.secretKey',
      message: 'is a credential given as a literal',
    },
    {
      site: 'unknown kind',
      run: os({ kind: 'ftp' }),
      code: INVALID_VALUE,
      prop: 'storage.kind',
      message: "must be one of 's3'",
    },
    {
      site: 'S3 bucket name',
      run: os({ kind: 's3', bucket: 'Thanos_Bucket', endpoint: 'minio:9000' }),
      code: INVALID_VALUE,
      prop: 'storage.bucket',
      message: 'is not an S3 bucket name',
    },
    {
      site: 'endpoint with a scheme',
      run: os({ kind: 's3', bucket: 'thanos', endpoint: 'https://minio:9000' }),
      code: INVALID_VALUE,
      prop: 'storage.endpoint',
      message: 'must be a host or host:port without a scheme',
    },
    {
      site: 'credentials Secret name',
      run: os({
        kind: 's3',
        bucket: 'thanos',
        endpoint: 'minio:9000',
        credentials: { secretName: 'Bad Name' },
      }),
      code: INVALID_NAME,
      prop: 'storage.credentials.secretName',
      message: 'must be the name of a Secret in the namespace of the components',
    },
    {
      site: 'credentials Secret key',
      run: os({
        kind: 's3',
        bucket: 'thanos',
        endpoint: 'minio:9000',
        credentials: { secretName: 's', accessKeyIdKey: 'a key' },
      }),
      code: INVALID_NAME,
      prop: 'storage.credentials.accessKeyIdKey',
      message: 'must be a key of the Secret',
    },
    {
      site: 'GCS bucket token',
      run: os({ kind: 'gcs', bucket: 'a b' }),
      code: INVALID_VALUE,
      prop: 'storage.bucket',
      message: 'must be a non-empty name without whitespace or "/"',
    },
    {
      site: 'Azure endpoint',
      run: os({ kind: 'azure', storageAccount: 'a', container: 'c', endpoint: 'https://blob' }),
      code: INVALID_VALUE,
      prop: 'storage.endpoint',
      message: 'must be a domain without a scheme',
    },
    {
      site: 'Azure identity with a key',
      run: os({
        kind: 'azure',
        storageAccount: 'a',
        container: 'c',
        credentials: { secretName: 's' },
        userAssignedId: 'id',
      }),
      code: INCOMPATIBLE_PROPS,
      prop: 'storage.userAssignedId',
      message: 'cannot be combined with credentials (a storage account key)',
    },
    {
      site: 'filesystem without the development opt-in',
      run: os({ kind: 'filesystem', claimName: 'c' }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'storage.developmentOnly',
      message: 'must be true: a filesystem bucket has none of the durability',
    },
    {
      site: 'filesystem claim name',
      run: os({ kind: 'filesystem', developmentOnly: true, claimName: 'Bad' }),
      code: INVALID_NAME,
      prop: 'storage.claimName',
      message: 'must name a PersistentVolumeClaim',
    },
    {
      site: 'filesystem directory',
      run: os({ kind: 'filesystem', developmentOnly: true, claimName: 'c', directory: '/' }),
      code: INVALID_VALUE,
      prop: 'storage.directory',
      message: 'must be an absolute path other than /',
    },
  ]);
});

describe('lib/thanos/config/cache.ts', () => {
  errorTable([
    {
      site: 'response cache without servers',
      run: () => buildResponseCacheConfig({ kind: 'memcached', addresses: [] }, ctx, 'cache'),
      code: INVALID_VALUE,
      prop: 'cache.addresses',
      message: 'must name at least one memcached server',
    },
    {
      site: 'in-memory size Thanos cannot read',
      run: () => buildResponseCacheConfig({ kind: 'in-memory', maxSize: '1 gig' }, ctx, 'cache'),
      code: INVALID_VALUE,
      prop: 'cache.maxSize',
      message: 'is not a byte size Thanos reads',
    },
    {
      site: 'index cache without servers',
      run: () => buildIndexCacheConfig({ addresses: [] }, ctx, 'memcached.index'),
      code: INVALID_VALUE,
      prop: 'memcached.index.addresses',
      message: 'must name at least one memcached server',
    },
  ]);
});

describe('lib/thanos/config/receive-limits.ts', () => {
  errorTable([
    {
      site: 'a negative count (edge: -1)',
      run: () => buildReceiveLimitsConfig({ default: { request: { series: -1 } } }, ctx, 'limits'),
      code: INVALID_VALUE,
      prop: 'limits.default.request.series',
      message: 'must be a whole number of at least 0 (0 is unlimited)',
    },
    {
      site: 'meta-monitoring URL without scheme',
      run: () => buildReceiveLimitsConfig({ metaMonitoringUrl: 'thanos-query:10902' }, ctx, 'limits'),
      code: INVALID_VALUE,
      prop: 'limits.metaMonitoringUrl',
      message: 'must be an http(s) URL with a host',
    },
    {
      site: 'head series limit without meta-monitoring',
      run: () => buildReceiveLimitsConfig({ tenants: { t: { headSeries: 10 } } }, ctx, 'limits'),
      code: INCOMPATIBLE_PROPS,
      prop: 'limits.tenants.t.headSeries',
      message: 'is ignored by Thanos without a meta-monitoring URL',
    },
  ]);
});
