import { parse } from 'yaml';
import { ErrorCode } from '../../lib/core';
import { Memcached } from '../../lib/memcached';
import { ThanosQuery, ThanosQueryFrontend, ThanosStore, buildThanosArgs } from '../../lib/thanos';
import { expectConstructError } from '../support/errors';
import { only, synth } from '../support/manifests';
import { args, fixture } from './support';

function flagValue(argv: readonly string[], flag: string): string | undefined {
  const hit = argv.find((a) => a.startsWith(`--${flag}=`));
  return hit?.slice(flag.length + 3);
}

const CLIENTS = [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'thanos' } } }];

describe('store gateway caches in memcached', () => {
  function storeWith(memcached: boolean) {
    const { chart, objectStorage } = fixture();
    const cache = new Memcached(chart, 'index-cache', { name: 'memcached-index', clients: CLIENTS });
    const bucket = new Memcached(chart, 'bucket-cache', { name: 'memcached-bucket', clients: CLIENTS });
    new ThanosStore(chart, 'store', {
      objectStorage,
      ...(memcached ? { memcached: { index: cache.client, bucket: bucket.client } } : {}),
    });
    return synth(chart);
  }

  test('--index-cache.config is type MEMCACHED with the SRV address and item size; no --index-cache-size', () => {
    const argv = args(only(storeWith(true), 'StatefulSet', 'store'));
    expect(flagValue(argv, 'index-cache-size')).toBeUndefined();
    // Field names: thanos-io/thanos@v0.42.4 pkg/store/cache/factory.go IndexCacheConfig (type, config, ttl) and
    // pkg/cacheutil/memcached_client.go MemcachedClientConfig (addresses, max_item_size).
    expect(parse(flagValue(argv, 'index-cache.config') ?? '')).toEqual({
      type: 'MEMCACHED',
      config: {
        addresses: ['dnssrv+_memcached._tcp.memcached-index.monitoring.svc.cluster.local'],
        max_item_size: '1MiB',
      },
      ttl: '24h',
    });
  });

  test('--store.caching-bucket.config is type MEMCACHED (pkg/store/cache/caching_bucket_factory.go)', () => {
    const argv = args(only(storeWith(true), 'StatefulSet', 'store'));
    expect(parse(flagValue(argv, 'store.caching-bucket.config') ?? '')).toEqual({
      type: 'MEMCACHED',
      config: {
        addresses: ['dnssrv+_memcached._tcp.memcached-bucket.monitoring.svc.cluster.local'],
        max_item_size: '1MiB',
      },
      metafile_max_size: '1MiB',
    });
    // The flag is hidden in --help but registered (cmd/thanos/store.go): the flag table accepts it.
    expect(() =>
      buildThanosArgs(
        { subcommand: 'store', flags: { 'store.caching-bucket.config': 'x' } },
        { construct: 'T', path: 't' },
      ),
    ).not.toThrow();
  });

  test('the store egress admits exactly the memcached pods on 11211', () => {
    const policy = only(storeWith(true), 'NetworkPolicy', 'store');
    const toMemcached = policy.spec.egress.filter((r: any) =>
      r.to?.some((p: any) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'memcached'),
    );
    expect(
      toMemcached.map((r: any) => [r.to[0].podSelector.matchLabels['app.kubernetes.io/instance'], r.ports]),
    ).toEqual([
      ['memcached-index', [{ port: 11211, protocol: 'TCP' }]],
      ['memcached-bucket', [{ port: 11211, protocol: 'TCP' }]],
    ]);
  });

  test('caches off: the in-memory index cache as before', () => {
    const argv = args(only(storeWith(false), 'StatefulSet', 'store'));
    expect(flagValue(argv, 'index-cache-size')).toBe('250MB');
    expect(flagValue(argv, 'index-cache.config')).toBeUndefined();
    expect(flagValue(argv, 'store.caching-bucket.config')).toBeUndefined();
  });

  test('indexCacheSize with memcached.index, or no addresses, is a typed error', () => {
    const { chart, objectStorage } = fixture();
    expectConstructError(
      () =>
        new ThanosStore(chart, 'store', {
          objectStorage,
          indexCacheSize: '1GB',
          memcached: { index: { addresses: ['memcached:11211'] } },
        }),
      "ThanosStore 'test/store': 'indexCacheSize' sizes the in-memory index cache, which memcached.index replaces (Thanos ignores it then) (got \"1GB\"); drop indexCacheSize, or memcached.index",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () => new ThanosStore(chart, 'store2', { objectStorage, memcached: { bucket: { addresses: [] } } }),
      "ThanosStore 'test/store2': 'memcached.bucket.addresses' must name at least one memcached server (got []); pass a Memcached construct's addresses, e.g. 'dnssrv+_memcached._tcp.memcached.monitoring.svc.cluster.local'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('query-frontend results and labels cache', () => {
  function frontendWith(kind: 'memcached' | 'in-memory') {
    const { chart } = fixture();
    const query = new ThanosQuery(chart, 'query', {
      name: 'thanos-query',
      endpoints: [{ address: 'a:10901' }],
    });
    const cache = new Memcached(chart, 'cache', { name: 'memcached-frontend', clients: CLIENTS });
    new ThanosQueryFrontend(chart, 'frontend', {
      name: 'thanos-query-frontend',
      query,
      cache: kind === 'memcached' ? { kind, ...cache.client } : { kind },
    });
    return synth(chart);
  }

  test('memcached: the labels cache uses the same config, split 24h, retries 5', () => {
    const argv = args(only(frontendWith('memcached'), 'Deployment', 'thanos-query-frontend'));
    expect(flagValue(argv, 'labels.response-cache-config-file')).toBe(
      flagValue(argv, 'query-range.response-cache-config-file'),
    );
    // Thanos defaults: cmd/thanos/query_frontend.go labels.split-interval Default("24h"), max retries Default("5").
    expect(flagValue(argv, 'labels.split-interval')).toBe('24h');
    expect(flagValue(argv, 'labels.max-retries-per-request')).toBe('5');
    const policy = only(frontendWith('memcached'), 'NetworkPolicy', 'thanos-query-frontend');
    expect(
      policy.spec.egress.some(
        (r: any) =>
          r.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/instance'] === 'memcached-frontend',
      ),
    ).toBe(true);
  });

  test('in memory: no labels cache (it would double the pod memory)', () => {
    const argv = args(only(frontendWith('in-memory'), 'Deployment', 'thanos-query-frontend'));
    expect(flagValue(argv, 'labels.response-cache-config-file')).toBeUndefined();
    expect(flagValue(argv, 'query-range.split-interval')).toBe('24h');
  });
});
