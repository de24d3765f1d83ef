/**
 * The data-path model of a fleet pattern: plain data (no constructs) saying who writes series (producers), which
 * StoreAPIs serve them from where (local TSDBs, store gateways over the bucket, queriers over other StoreAPIs) and
 * which compactor shard owns each stream in the bucket. {@link analyseDataPath} answers, for every producer and
 * age, which StoreAPI serves it at the top querier.
 */

/** An age range of data, in hours before now: `[fromHours, toHours)`. */
export interface AgeBucket {
  readonly label: string;
  readonly fromHours: number;
  readonly toHours: number;
}

/** Label values a selector keeps, per label; `''` stands for a label the block does not carry. */
export type LabelSelector = Readonly<Record<string, readonly string[]>>;

/** A hashmod over labels, as Prometheus relabeling computes it (prometheus@v3.13.2 model/relabel/relabel.go). */
export interface HashmodSelector {
  readonly labels: readonly string[];
  readonly count: number;
  readonly index: number;
}

/** Something that writes series that end up in a TSDB: a Prometheus pair, a ruler, a receive tenant, yours. */
export interface DataProducer {
  readonly id: string;
  readonly kind: 'prometheus' | 'ruler' | 'receive' | 'custom';
  /** External labels of its blocks, without replica labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Replica labels on its blocks' external labels (the compactor can remove these and merge the copies). */
  readonly blockReplicaLabels: readonly string[];
  /**
   * Replica labels on each series (remote-written series keep their writer's external labels): no compactor
   * removes them, so every writer's copy stays in the bucket.
   */
  readonly seriesReplicaLabels: readonly string[];
  /** How many writers write each of its samples (2 for a remote-writing Prometheus HA pair). */
  readonly writers: number;
  /** How long its local TSDB keeps data. */
  readonly localRetentionHours: number;
  /** Whether its blocks are uploaded to the bucket. */
  readonly uploads: boolean;
}

/** Which bucket blocks a store gateway shard serves. */
export interface BucketSelection {
  /** The store the shard belongs to: shards of one store are one path. */
  readonly store: string;
  readonly keep: LabelSelector;
  /** `__block_id` hashmod: every stream's blocks are spread over the shards. */
  readonly blockShard?: { readonly count: number; readonly index: number };
  /** A hashmod over external labels: a stream is on exactly one shard. */
  readonly labelHashmod?: HashmodSelector;
  /** `--max-time` relative to now, as an age. @default 0 */
  readonly minAgeHours?: number;
  /** `--min-time` relative to now, as an age. @default forever */
  readonly maxAgeHours?: number;
}

/** A StoreAPI server. */
export interface StoreApiNode {
  readonly id: string;
  readonly kind: 'sidecar' | 'ruler' | 'receive' | 'store' | 'query';
  /** The cluster (chart) it runs in: in-cluster addresses resolve there first. */
  readonly cluster: string;
  /** Every address it can be listed under in a querier's endpoints. */
  readonly addresses: readonly string[];
  /** The producers whose local TSDB it serves, and for how long. */
  readonly local?: { readonly producers: readonly string[]; readonly retentionHours: number };
  readonly bucket?: BucketSelection;
  /** A querier's endpoint addresses. */
  readonly endpoints?: readonly string[];
}

/** One compactor shard. */
export interface CompactorShardNode {
  readonly id: string;
  readonly keep: LabelSelector;
  readonly hashmod?: HashmodSelector;
  /** Replica labels removed from block labels before blocks are grouped into streams. */
  readonly replicaLabels: readonly string[];
}

/** The data paths of one pattern. */
export interface DataPathModel {
  readonly pattern: string;
  /** The querier users and Grafana read from. */
  readonly topQuerier: string;
  /** How long the bucket keeps raw data (the compactor's retention). */
  readonly bucketRetentionHours: number;
  readonly producers: readonly DataProducer[];
  readonly storeApis: readonly StoreApiNode[];
  readonly compactors: readonly CompactorShardNode[];
}

/** Hours after which a producer's data can be in the bucket: TSDB blocks are cut and uploaded every 2h. */
export const UPLOAD_DELAY_HOURS = 2;

/** The age buckets of the coverage matrix; the last one runs to the bucket's retention. */
export function ageBuckets(retentionHours: number): AgeBucket[] {
  const edges: [string, number, number][] = [
    ['0–2h', 0, 2],
    ['2h–48h', 2, 48],
    ['48h–7d', 48, 168],
    ['7d–14d', 168, 336],
    ['14d–30d', 336, 720],
  ];
  const buckets = edges.map(([label, fromHours, toHours]) => ({ label, fromHours, toHours }));
  if (retentionHours > 720)
    buckets.push({ label: `30d–${formatHours(retentionHours)}`, fromHours: 720, toHours: retentionHours });
  return buckets;
}

/** `336` → `14d`, `48` → `48h`, `Infinity` → `forever`. */
export function formatHours(hours: number): string {
  if (hours === Infinity) return 'forever';
  return hours > 48 && hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}
