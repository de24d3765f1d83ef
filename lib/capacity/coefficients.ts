/**
 * Coefficients of the capacity model, each with its source: an upstream document or flag default at the pinned
 * tag, a number the reference design implies (see `reference.ts`), or an assumption said to be one, with why.
 */

/**
 * Bytes one sample takes in a compacted TSDB block: the middle of "an average of only 1-2 bytes per sample"
 * (prometheus@v3.13.2 docs/storage.md, "Operational aspects").
 */
export const BYTES_PER_SAMPLE = 1.5;

/**
 * Aggregates a downsampled point keeps: count, sum, min, max, counter (thanos@v0.42.4
 * pkg/compact/downsample/aggr.go, `AggrCount` … `AggrCounter`). Each is stored as its own chunk, so a downsampled
 * point costs this many samples. Consistent with the compactor docs' "downsampling can increase the size of your
 * storage a bit (~3x)" with every resolution kept (thanos@v0.42.4 docs/components/compact.md).
 */
export const DOWNSAMPLED_AGGREGATES = 5;

/** Points per series and day at the 5-minute and 1-hour resolutions the compactor writes. */
export const FIVE_MINUTE_POINTS_PER_DAY = 288;
export const ONE_HOUR_POINTS_PER_DAY = 24;

/**
 * Queries one querier runs at once: `--query.max-concurrent` defaults to 20 (thanos@v0.42.4 cmd/thanos/query.go).
 * Queriers are sized so the concurrent queries fit without queueing.
 */
export const QUERIES_PER_QUERIER = 20;

/**
 * The compactor's local disk: "in worst case … 2 times 2 weeks … worth of smaller blocks" (download the sources, then
 * build the output), and "about 100GB should be enough" for a medium bucket (thanos@v0.42.4
 * docs/components/compact.md, "Disk"). The volume is the larger of the two.
 */
export const COMPACTOR_SCRATCH_COPIES = 2;
export const COMPACTOR_MAX_BLOCK_DAYS = 14;
export const COMPACTOR_MIN_VOLUME_GIB = 100;

/**
 * Until the compactor merges the HA replicas' blocks (vertical compaction with `--deduplication.replica-label`), the
 * bucket holds every replica's raw blocks. Assumption: two days, the 2-day level of the compaction ranges
 * (1h, 2h, 8h, 2d, 14d; thanos@v0.42.4 cmd/thanos/compact.go `compactions`), after which the merged block replaces
 * them.
 */
export const DEDUPLICATION_LAG_DAYS = 2;

/**
 * Receive ingestors keep `--tsdb.retention` of raw data locally; the default is 15d (thanos@v0.42.4
 * cmd/thanos/receive.go). The PVC holds that, plus the WAL headroom below.
 */
export const DEFAULT_RECEIVE_LOCAL_RETENTION_DAYS = 15;

/**
 * Head and WAL on top of the blocks of a TSDB volume. Assumption: 20 %. The WAL holds at least two hours of raw
 * samples before compression into chunks (prometheus@v3.13.2 docs/storage.md, "the WAL … at least two hours of raw
 * data"); at 15 days of retention that is well under 20 %.
 */
export const TSDB_VOLUME_HEADROOM = 1.2;

/**
 * Store gateway cache volume (index headers) as a share of the bucket bytes its shard serves. Assumption: 1 %. The
 * index header keeps the symbol table and postings offsets, a small part of each block's index, which is itself a
 * small part of the block. Measure `du` on a store gateway's data directory and override the PVC if it differs.
 */
export const STORE_INDEX_HEADER_SHARE = 0.01;
export const STORE_MIN_VOLUME_GIB = 10;

/**
 * Bytes on the wire per remote-written sample (snappy-compressed protobuf, labels included). Assumption: 10; no
 * measurement at the pinned tag. Measure with Prometheus' `prometheus_remote_storage_bytes_total` ÷
 * `prometheus_remote_storage_samples_total` and pass it as `remoteWriteBytesPerSample`.
 */
export const REMOTE_WRITE_BYTES_PER_SAMPLE = 10;

/**
 * Series each application cluster's Prometheus exposes to federation (its `cluster:*` recording rules). Assumption:
 * 1 000, the order of a fleet dashboard's aggregates; and 100 bytes per sample in the text exposition format.
 */
export const FEDERATED_SERIES_PER_CLUSTER = 1_000;
export const FEDERATION_BYTES_PER_SAMPLE = 100;

/**
 * A pod's CPU limit is this many times its request unless its resources set `cpuLimit`: the constructs' rule
 * (`DEFAULT_CPU_LIMIT_FACTOR` in lib/core/resources.ts, kept here so the model does not load cdk8s; a test checks the
 * two agree). The cost model gives every monitoring cluster nodes for its pods' limits.
 */
export const CPU_LIMIT_FACTOR = 2;

/** Seconds in a day and days in a month (365.25 / 12) for monthly figures. */
export const SECONDS_PER_DAY = 86_400;
export const DAYS_PER_MONTH = 30.4375;

/** Decimal units for storage sold by the byte (object storage, transfer) and binary ones for volumes. */
export const TB = 1e12;
export const GB = 1e9;
export const GIB = 2 ** 30;

/**
 * Concurrent queries one query-frontend pod passes on. Assumption, not a measurement: the frontend splits, retries and
 * caches but evaluates nothing (the queriers behind it do), so one pod keeps up with three queriers' worth
 * (3 × QUERIES_PER_QUERIER); at least two pods for availability.
 */
export const QUERIES_PER_QUERY_FRONTEND = 60;

/**
 * Pods of each memcached cache (store index, store bucket, frontend results) at the reference load: two, so a drain
 * or a crash loses half of a cache, not all. Assumption: the reference design has no caches. Each grows from there
 * with what it holds: the index and bucket caches with the fleet's active series (the postings and chunks of the
 * blocks queried), the results cache with the query load.
 */
export const CACHE_REFERENCE_PODS = 2;
