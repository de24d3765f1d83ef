import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../core/errors';
import { GIB, SECONDS_PER_DAY } from './coefficients';
import { requireCount, requirePositive } from './validate';

/**
 * Elasticsearch's default low disk watermark: above 85 % used, a node gets no new shards (replicas stay unassigned,
 * rollover's new indices cannot place theirs). Disk is sized so the data stays under it. Source: the Elasticsearch
 * reference, "Disk-based shard allocation", `cluster.routing.allocation.disk.watermark.low` (default 85%).
 */
export const ES_LOW_DISK_WATERMARK = 0.85;

/**
 * Target size of one primary shard: the reference design's rollover `max_size: 50GB` for the span index. Primary
 * shards per day follow from it.
 */
export const ES_TARGET_SHARD_BYTES = 50e9;

/**
 * Largest data volume per Elasticsearch node the model plans before it adds nodes. Assumption: 2 TiB; past that,
 * recovery of a lost node (re-replicating its shards) takes hours on ordinary networks. Pass your own.
 */
export const ES_MAX_DISK_PER_NODE_GIB = 2_048;

/**
 * Heap: at most half the node's memory (the rest is the filesystem cache and off-heap buffers), and at most 26 GiB,
 * the zero-based compressed-oops threshold "safe on most systems". Source: the Elasticsearch reference, "Setting the
 * heap size" / "Advanced configuration: JVM heap size". ECK/Elasticsearch 8 sizes the heap from the container's
 * memory on its own; the model reports what that gives.
 */
export const ES_MAX_HEAP_GIB = 26;
export const ES_HEAP_SHARE = 0.5;
/** The node memory the model assumes when not told: the ECK construct's default request (4Gi). */
export const ES_DEFAULT_NODE_MEMORY_GIB = 4;

/** What spans Elasticsearch keeps. */
export interface SearchStorageLoad {
  /** Spans written per second (daily average). */
  readonly spansPerSecond: number;
  /** Bytes one span takes in the index, on disk. */
  readonly bytesPerSpan: number;
  /** Days of spans kept. */
  readonly retentionDays: number;
  /** Replicas of each index shard. */
  readonly indexReplicas: number;
  /** The share of each data volume that may fill. @default ES_LOW_DISK_WATERMARK */
  readonly diskWatermark?: number;
  /** Fewest data nodes (the profile's; at least indexReplicas + 1 so every copy has a node). @default indexReplicas + 1 */
  readonly minNodes?: number;
  /** @default ES_MAX_DISK_PER_NODE_GIB */
  readonly maxDiskPerNodeGiB?: number;
  /** Memory of each node. @default ES_DEFAULT_NODE_MEMORY_GIB */
  readonly nodeMemoryGiB?: number;
}

/** Elasticsearch sized for span retention. */
export interface SearchStorageSizing {
  /** Bytes of spans indexed per day (primaries). */
  readonly bytesPerDay: number;
  /** Every copy of every retained day, before the watermark. */
  readonly dataBytes: number;
  /** `dataBytes ÷ diskWatermark`: the disk the cluster needs. */
  readonly diskBytes: number;
  readonly nodes: number;
  /** Data volume of each node, whole GiB. */
  readonly storagePerNodeGiB: number;
  /** Primary shards of each day's index (of `ES_TARGET_SHARD_BYTES`). */
  readonly primaryShardsPerDay: number;
  /** Shards (primaries and replicas) held at steady state. */
  readonly totalShards: number;
  /** Shards on each node at steady state. */
  readonly shardsPerNode: number;
  /** JVM heap of each node: half its memory, at most ES_MAX_HEAP_GIB. */
  readonly heapGiBPerNode: number;
}

/**
 * Disk for spans: `spans/s × bytes/span × 86 400 × retention days × (1 + replicas) ÷ watermark`, spread over the
 * data nodes (more nodes when one node would exceed `maxDiskPerNodeGiB`). The one formula the Jaeger profiles, the
 * ECK construct's check and `plan` use.
 */
export function sizeSearchStorage(load: SearchStorageLoad, context: ErrorContext): SearchStorageSizing {
  requirePositive(load.spansPerSecond, context, 'spansPerSecond', 'give the spans written per second');
  requirePositive(
    load.bytesPerSpan,
    context,
    'bytesPerSpan',
    'measure it: index size ÷ span count, e.g. 500',
  );
  requirePositive(load.retentionDays, context, 'retentionDays', 'give the days spans are kept, e.g. 7');
  requireCount(load.indexReplicas, 0, 5, context, 'indexReplicas', 'use 1 so a node can fail');
  const watermark = load.diskWatermark ?? ES_LOW_DISK_WATERMARK;
  if (!(watermark > 0 && watermark <= 1)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'diskWatermark',
      problem: 'must be a fraction above 0 and at most 1',
      value: watermark,
      fix: `use Elasticsearch's low watermark, ${ES_LOW_DISK_WATERMARK}`,
    });
  }
  const maxPerNode = requirePositive(
    load.maxDiskPerNodeGiB ?? ES_MAX_DISK_PER_NODE_GIB,
    context,
    'maxDiskPerNodeGiB',
    `e.g. ${ES_MAX_DISK_PER_NODE_GIB}`,
  );
  const minNodes = requireCount(
    load.minNodes ?? load.indexReplicas + 1,
    1,
    1_000,
    context,
    'minNodes',
    'e.g. 3',
  );
  const bytesPerDay = load.spansPerSecond * load.bytesPerSpan * SECONDS_PER_DAY;
  const dataBytes = bytesPerDay * load.retentionDays * (1 + load.indexReplicas);
  const diskBytes = dataBytes / watermark;
  const nodes = Math.max(minNodes, load.indexReplicas + 1, Math.ceil(diskBytes / GIB / maxPerNode - 1e-9));
  const storagePerNodeGiB = Math.max(1, Math.ceil(diskBytes / nodes / GIB - 1e-9));
  const primaryShardsPerDay = Math.max(1, Math.ceil(bytesPerDay / ES_TARGET_SHARD_BYTES - 1e-9));
  const totalShards = Math.ceil(primaryShardsPerDay * load.retentionDays) * (1 + load.indexReplicas);
  const memory = requirePositive(
    load.nodeMemoryGiB ?? ES_DEFAULT_NODE_MEMORY_GIB,
    context,
    'nodeMemoryGiB',
    'give the memory of each node in GiB',
  );
  return {
    bytesPerDay,
    dataBytes,
    diskBytes,
    nodes,
    storagePerNodeGiB,
    primaryShardsPerDay,
    totalShards,
    shardsPerNode: Math.ceil(totalShards / nodes),
    heapGiBPerNode: Math.min(ES_MAX_HEAP_GIB, memory * ES_HEAP_SHARE),
  };
}
