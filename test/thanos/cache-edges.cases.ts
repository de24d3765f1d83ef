// The cache configs at their edges, from the surviving mutants of the first mutation run of lib/thanos/config
// (issue #18): the memcached item size under its own prop and its default, and the durations Thanos parses.
// Field names and defaults: thanos-io/thanos@v0.42.4 pkg/queryfrontend/config.go (IN-MEMORY `max_size`,
// `validity`; MEMCACHED `expiration` and the memcached client), pkg/cacheutil/memcached_client.go
// (`addresses`, `max_item_size`, default 1024 × 1024 bytes), pkg/store/cache/factory.go (`ttl`).
import { parse } from 'yaml';
import { ErrorCode } from '../../lib/core';
import { buildIndexCacheConfig, buildResponseCacheConfig } from '../../lib/thanos/config';
import { expectConstructError } from '../support/errors';

const ctx = { construct: 'Test', path: 'chart/x' };
const SIZE = "is not a byte size Thanos reads (got %s); write a number with a unit, e.g. '512MB' or '1MiB'";
const sizeError = (prop: string, got: string) => `Test 'chart/x': '${prop}' ${SIZE.replace('%s', got)}`;
const memcached = 'dnssrv+_memcached._tcp.memcached.monitoring.svc.cluster.local';

describe('memcached item sizes', () => {
  test('a bad item size is named under the cache prop', () => {
    expectConstructError(
      () =>
        buildResponseCacheConfig(
          { kind: 'memcached', addresses: [memcached], maxItemSize: '1 MiB' },
          ctx,
          'cache',
        ),
      sizeError('cache.maxItemSize', '"1 MiB"'),
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => buildIndexCacheConfig({ addresses: [memcached], maxItemSize: '2M' }, ctx, 'memcached.index'),
      sizeError('memcached.index.maxItemSize', '"2M"'),
      ErrorCode.INVALID_VALUE,
    );
  });

  test("the index cache's item size is memcached's default 1MiB unless given", () => {
    expect(parse(buildIndexCacheConfig({ addresses: [memcached] }, ctx, 'memcached.index'))).toEqual({
      type: 'MEMCACHED',
      config: { addresses: [memcached], max_item_size: '1MiB' },
      // pkg/store/cache/memcached.go memcachedDefaultTTL
      ttl: '24h',
    });
  });
});

// gopkg.in/yaml.v2@v2.4.0 (thanos@v0.42.4 go.mod) decode.go reads a string into a time.Duration field with
// time.ParseDuration and fails the whole config when it does not parse: Thanos would not start.
describe('cache durations are Go durations', () => {
  test.each([
    [{ kind: 'in-memory', validity: '1d' }, 'cache.validity', '"1d"'],
    [{ kind: 'memcached', addresses: [memcached], expiration: '24 hours' }, 'cache.expiration', '"24 hours"'],
  ])('%j is refused', (cache, prop, got) => {
    expectConstructError(
      () => buildResponseCacheConfig(cache as never, ctx, 'cache'),
      `Test 'chart/x': '${prop}' is not a Go duration (got ${got}); write a number with a unit (ms, s, m, h), e.g. '30s', '5m' or '24h'`,
      ErrorCode.INVALID_VALUE,
    );
  });

  test('durations with several units are kept as written', () => {
    expect(parse(buildResponseCacheConfig({ kind: 'in-memory', validity: '1h30m' }, ctx, 'cache'))).toEqual({
      type: 'IN-MEMORY',
      config: { max_size: '512MB', validity: '1h30m' },
    });
    expect(
      parse(
        buildResponseCacheConfig(
          { kind: 'memcached', addresses: [memcached], expiration: '90m' },
          ctx,
          'cache',
        ),
      ),
    ).toEqual({
      type: 'MEMCACHED',
      config: { addresses: [memcached], max_item_size: '1MiB', expiration: '90m' },
    });
  });
});
