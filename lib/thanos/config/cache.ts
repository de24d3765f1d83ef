import { stringifyYaml as stringify } from '../../core/manifest-yaml';
import {
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  PolicyRule,
  addressEgress,
  checkGoDuration,
} from '../../core';

/** In-memory response cache size unless the user sets one. */
export const DEFAULT_IN_MEMORY_CACHE_SIZE = '512MB';
/** How long cached responses stay valid unless the user says otherwise. */
export const DEFAULT_CACHE_VALIDITY = '24h';

/** The query-frontend's results cache inside each pod (FIFO, lost on restart). */
export interface InMemoryResponseCache {
  readonly kind: 'in-memory';
  /** Bytes with a unit, e.g. `512MB`. @default DEFAULT_IN_MEMORY_CACHE_SIZE */
  readonly maxSize?: string;
  /** How long a response stays valid: a Go duration (`24h`, `1h30m`; no days). @default DEFAULT_CACHE_VALIDITY */
  readonly validity?: string;
}

/** A memcached cluster shared by every query-frontend replica. */
export interface MemcachedResponseCache {
  readonly kind: 'memcached';
  /** `host:port` each, or `dnssrv+_memcache._tcp.memcached.svc.cluster.local` to discover a StatefulSet's pods. */
  readonly addresses: readonly string[];
  /** How long memcached keeps a response: a Go duration (`24h`, `1h30m`; no days). @default DEFAULT_CACHE_VALIDITY */
  readonly expiration?: string;
  /** Must match memcached's `-I`. @default '1MiB' (memcached's default) */
  readonly maxItemSize?: string;
  /** The frontend's egress to the servers. @default from the addresses (see {@link MemcachedClient.egress}) */
  readonly egress?: PolicyRule;
}

export type ResponseCache = InMemoryResponseCache | MemcachedResponseCache;

const SIZE = /^[0-9]+(B|KB|MB|GB|KiB|MiB|GiB)$/;

/**
 * The response cache config of `--query-range.response-cache-config-file` and
 * `--labels.response-cache-config-file` (docs/components/query-frontend.md: IN-MEMORY `max_size`, `validity`;
 * MEMCACHED `addresses`, `max_item_size`, `expiration`). `validity` and `expiration` are time.Duration fields
 * (thanos-io/thanos@v0.42.4 pkg/queryfrontend/config.go), which gopkg.in/yaml.v2 reads with time.ParseDuration
 * (go-yaml/yaml@v2.4.0 decode.go, the version Thanos's go.mod pins): anything else fails the config.
 */
export function buildResponseCacheConfig(cache: ResponseCache, context: ErrorContext, prop: string): string {
  if (cache.kind === 'in-memory') {
    const maxSize = cache.maxSize ?? DEFAULT_IN_MEMORY_CACHE_SIZE;
    checkSize(maxSize, context, `${prop}.maxSize`);
    return stringify(
      {
        type: 'IN-MEMORY',
        config: {
          max_size: maxSize,
          validity: checkGoDuration(cache.validity ?? DEFAULT_CACHE_VALIDITY, context, `${prop}.validity`),
        },
      },
      { lineWidth: 0 },
    );
  }
  if (cache.addresses.length === 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.addresses`,
      problem: 'must name at least one memcached server',
      value: [],
      fix: "write e.g. 'dnssrv+_memcache._tcp.memcached.monitoring.svc.cluster.local'",
    });
  }
  const maxItemSize = cache.maxItemSize ?? '1MiB';
  checkSize(maxItemSize, context, `${prop}.maxItemSize`);
  return stringify(
    {
      type: 'MEMCACHED',
      config: {
        addresses: [...cache.addresses],
        max_item_size: maxItemSize,
        expiration: checkGoDuration(
          cache.expiration ?? DEFAULT_CACHE_VALIDITY,
          context,
          `${prop}.expiration`,
        ),
      },
    },
    { lineWidth: 0 },
  );
}

function checkSize(value: string, context: ErrorContext, prop: string): void {
  if (!SIZE.test(value)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'is not a byte size Thanos reads',
      value,
      fix: "write a number with a unit, e.g. '512MB' or '1MiB'",
    });
  }
}

/**
 * A Thanos memcached client (thanos-io/thanos@v0.42.4 pkg/cacheutil/memcached_client.go `MemcachedClientConfig`:
 * `addresses`, `max_item_size`, `timeout`, … — the fields left out keep `defaultMemcachedClientConfig`: timeout 500ms,
 * 100 idle connections, 1MiB items, DNS refresh 10s). A `Memcached` construct gives `addresses` and `maxItemSize`.
 */
export interface MemcachedClient {
  /** `dnssrv+_memcached._tcp.<service>.<namespace>.svc.<domain>` (every pod of a headless Service), or `host:port`. */
  readonly addresses: readonly string[];
  /** memcached's `-I`: larger items are not cached. @default '1MiB' (memcached's and Thanos's default) */
  readonly maxItemSize?: string;
  /**
   * The clients' egress to the servers. @default from the addresses: the Service's namespace, every port (an SRV
   * name does not say which)
   */
  readonly egress?: PolicyRule;
}

/** The egress rules a memcached client needs. */
export function memcachedEgress(client: MemcachedClient | undefined): PolicyRule[] {
  if (client === undefined) return [];
  return client.egress !== undefined ? [client.egress] : client.addresses.map((a) => addressEgress(a));
}

/** How long the index cache keeps items in memcached (Thanos's `memcachedDefaultTTL`, pkg/store/cache/memcached.go). */
export const DEFAULT_INDEX_CACHE_TTL = '24h';

function memcachedClientConfig(
  client: MemcachedClient,
  context: ErrorContext,
  prop: string,
): Record<string, unknown> {
  if (!Array.isArray(client.addresses) || client.addresses.length === 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.addresses`,
      problem: 'must name at least one memcached server',
      value: client.addresses,
      fix: "pass a Memcached construct's addresses, e.g. 'dnssrv+_memcached._tcp.memcached.monitoring.svc.cluster.local'",
    });
  }
  const maxItemSize = client.maxItemSize ?? '1MiB';
  checkSize(maxItemSize, context, `${prop}.maxItemSize`);
  return { addresses: [...client.addresses], max_item_size: maxItemSize };
}

/**
 * The store gateway's `--index-cache.config` for a memcached index cache (thanos-io/thanos@v0.42.4
 * pkg/store/cache/factory.go `IndexCacheConfig`: `type: MEMCACHED`, `config` = the memcached client, `ttl`).
 */
export function buildIndexCacheConfig(client: MemcachedClient, context: ErrorContext, prop: string): string {
  return stringify(
    { type: 'MEMCACHED', config: memcachedClientConfig(client, context, prop), ttl: DEFAULT_INDEX_CACHE_TTL },
    { lineWidth: 0 },
  );
}

/**
 * The store gateway's `--store.caching-bucket.config`: chunks and meta files of the bucket cached in memcached
 * (thanos-io/thanos@v0.42.4 pkg/store/cache/caching_bucket_factory.go `CachingWithBackendConfig`: `type: MEMCACHED`,
 * `config`; the TTLs and `chunk_subrange_size` keep `Defaults()`, e.g. 16000-byte subranges, 24h chunk TTL). The
 * largest meta file cached follows the item size (`metafile_max_size`, default 1MiB "equal to default MaxItemSize").
 */
export function buildCachingBucketConfig(
  client: MemcachedClient,
  context: ErrorContext,
  prop: string,
): string {
  const config = memcachedClientConfig(client, context, prop);
  return stringify({ type: 'MEMCACHED', config, metafile_max_size: config.max_item_size }, { lineWidth: 0 });
}
