import { ErrorCode, ErrorContext, ObservabilityConstructError, requireWholeNumber } from '../core';

/** memcached's own `-m` default is 64 (MiB, memcached@1.6.45 memcached.c `settings.maxbytes`); a shared cache needs more. */
export const DEFAULT_MEMCACHED_MEMORY_MIB = 1024;
/** `-I`, memcached's own default of 1 MiB (memcached@1.6.45 memcached.c `settings.item_size_max`). */
export const DEFAULT_MEMCACHED_MAX_ITEM_SIZE_MIB = 1;
/** `-c`, memcached's own default (memcached@1.6.45 memcached.c `settings.maxconns = 1024`). */
export const DEFAULT_MEMCACHED_MAX_CONNECTIONS = 1024;
/** memcached rejects `-I` above 1 GiB (memcached@1.6.45 memcached.h `ITEM_SIZE_MAX_UPPER_LIMIT`). */
export const MEMCACHED_MAX_ITEM_SIZE_UPPER_MIB = 1024;

/**
 * Memory a memcached pod needs beyond `-m`, which bounds only the item (slab) memory. On top come the hash table
 * (8 bytes a bucket, doubling as items grow), per-connection read/write buffers (memcached.c sizes `maxconns`
 * "to limit connections-related memory to about 5MB" at 1024), worker thread stacks and the allocator's slack.
 * Assumption, not a measurement: 10% of `-m` for the hash table and slack, plus this fixed amount for connections
 * and threads.
 */
export const MEMCACHED_FIXED_OVERHEAD_MIB = 64;
/** The proportional part of the overhead (see {@link MEMCACHED_FIXED_OVERHEAD_MIB}): 10% of `-m`. */
export const MEMCACHED_PROPORTIONAL_OVERHEAD = 0.1;

/** Container memory is rounded up to a multiple of this (whole fractions of a GiB add up without rounding errors). */
export const MEMCACHED_MEMORY_STEP_MIB = 64;

/**
 * The container memory (request = limit, in MiB) of a memcached with `-m memoryMiB`: `-m` plus 10% plus 64 MiB,
 * rounded up to a multiple of 64 MiB.
 */
export function memcachedContainerMemoryMiB(memoryMiB: number): number {
  const needed =
    memoryMiB + Math.ceil(memoryMiB * MEMCACHED_PROPORTIONAL_OVERHEAD) + MEMCACHED_FIXED_OVERHEAD_MIB;
  return Math.ceil(needed / MEMCACHED_MEMORY_STEP_MIB) * MEMCACHED_MEMORY_STEP_MIB;
}

/** Checked memcached sizes. */
export interface MemcachedSizes {
  readonly memoryMiB: number;
  readonly maxItemSizeMiB: number;
  readonly maxConnections: number;
}

/**
 * Checks `-m`, `-I` and `-c` the way memcached does at start-up (memcached@1.6.45 memcached.c: "Cannot set item
 * size limit higher than 1/2 of memory max", "... higher than a gigabyte"), so a bad value fails at synthesis and not
 * in a crash-looping pod.
 */
export function checkMemcachedSizes(sizes: Partial<MemcachedSizes>, context: ErrorContext): MemcachedSizes {
  const memoryMiB = requireWholeNumber(
    sizes.memoryMiB ?? DEFAULT_MEMCACHED_MEMORY_MIB,
    2,
    context,
    'memoryMiB',
    'give the cache memory (-m) in MiB, e.g. 1024',
  );
  const maxItemSizeMiB = requireWholeNumber(
    sizes.maxItemSizeMiB ?? DEFAULT_MEMCACHED_MAX_ITEM_SIZE_MIB,
    1,
    context,
    'maxItemSizeMiB',
    'give the largest item (-I) in whole MiB, e.g. 1',
  );
  const maxConnections = requireWholeNumber(
    sizes.maxConnections ?? DEFAULT_MEMCACHED_MAX_CONNECTIONS,
    1,
    context,
    'maxConnections',
    'give the connection limit (-c), e.g. 1024',
  );
  if (maxItemSizeMiB > MEMCACHED_MAX_ITEM_SIZE_UPPER_MIB || maxItemSizeMiB * 2 > memoryMiB) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'maxItemSizeMiB',
      problem: `must be at most half of memoryMiB (${memoryMiB}) and at most ${MEMCACHED_MAX_ITEM_SIZE_UPPER_MIB}, or memcached exits at start-up`,
      value: maxItemSizeMiB,
      fix: 'lower maxItemSizeMiB or raise memoryMiB',
    });
  }
  return { memoryMiB, maxItemSizeMiB, maxConnections };
}
