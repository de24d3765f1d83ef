import { stringifyYaml as stringify } from '../../core/manifest-yaml';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';

/** In-memory response cache size unless the user sets one. */
export const DEFAULT_IN_MEMORY_CACHE_SIZE = '512MB';
/** How long cached responses stay valid unless the user says otherwise. */
export const DEFAULT_CACHE_VALIDITY = '24h';

/** The query-frontend's results cache inside each pod (FIFO, lost on restart). */
export interface InMemoryResponseCache {
  readonly kind: 'in-memory';
  /** Bytes with a unit, e.g. `512MB`. @default DEFAULT_IN_MEMORY_CACHE_SIZE */
  readonly maxSize?: string;
  /** @default DEFAULT_CACHE_VALIDITY */
  readonly validity?: string;
}

/** A memcached cluster shared by every query-frontend replica. */
export interface MemcachedResponseCache {
  readonly kind: 'memcached';
  /** `host:port` each, or `dnssrv+_memcache._tcp.memcached.svc.cluster.local` to discover a StatefulSet's pods. */
  readonly addresses: readonly string[];
  /** @default DEFAULT_CACHE_VALIDITY */
  readonly expiration?: string;
  /** Must match memcached's `-I`. @default '1MiB' (memcached's default) */
  readonly maxItemSize?: string;
}

export type ResponseCache = InMemoryResponseCache | MemcachedResponseCache;

const SIZE = /^[0-9]+(B|KB|MB|GB|KiB|MiB|GiB)$/;

/**
 * The response cache config of `--query-range.response-cache-config-file` and
 * `--labels.response-cache-config-file` (docs/components/query-frontend.md: IN-MEMORY `max_size`, `validity`;
 * MEMCACHED `addresses`, `max_item_size`, `expiration`).
 */
export function buildResponseCacheConfig(cache: ResponseCache, context: ErrorContext, prop: string): string {
  if (cache.kind === 'in-memory') {
    const maxSize = cache.maxSize ?? DEFAULT_IN_MEMORY_CACHE_SIZE;
    checkSize(maxSize, context, `${prop}.maxSize`);
    return stringify(
      {
        type: 'IN-MEMORY',
        config: { max_size: maxSize, validity: cache.validity ?? DEFAULT_CACHE_VALIDITY },
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
        expiration: cache.expiration ?? DEFAULT_CACHE_VALIDITY,
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
