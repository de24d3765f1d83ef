import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../core/errors';
import {
  BYTES_PER_SAMPLE,
  DEFAULT_RECEIVE_LOCAL_RETENTION_DAYS,
  DOWNSAMPLED_AGGREGATES,
  FIVE_MINUTE_POINTS_PER_DAY,
  ONE_HOUR_POINTS_PER_DAY,
  REMOTE_WRITE_BYTES_PER_SAMPLE,
  SECONDS_PER_DAY,
} from './coefficients';
import { requireAtMost, requireCount, requireNonNegative, requirePositive } from './validate';

/** Days kept at each resolution in object storage (the compactor's `--retention.resolution-*`). */
export interface RetentionDays {
  readonly raw: number;
  readonly fiveMinutes: number;
  readonly oneHour: number;
}

/**
 * The load of a metrics fleet: what the capacity model sizes every role from. Every field but `clusters` has a
 * default (the reference design's, see `reference.ts`).
 */
export interface MetricsLoad {
  /** Application clusters. Whole number, 1 … {@link MAX_MODEL_CLUSTERS}. */
  readonly clusters: number;
  /** Clusters per region (the last region takes the remainder). @default DEFAULT_METRICS_LOAD.clustersPerRegion */
  readonly clustersPerRegion?: number;
  /** Active series of one cluster's Prometheus (one replica). @default DEFAULT_METRICS_LOAD.activeSeriesPerCluster */
  readonly activeSeriesPerCluster?: number;
  /** @default DEFAULT_METRICS_LOAD.scrapeIntervalSeconds */
  readonly scrapeIntervalSeconds?: number;
  /** @default DEFAULT_METRICS_LOAD.retentionDays */
  readonly retentionDays?: RetentionDays;
  /**
   * Prometheus replicas per application cluster in the sidecar patterns (hierarchical, federation): an HA pair.
   * @default DEFAULT_METRICS_LOAD.prometheusReplicas
   */
  readonly prometheusReplicas?: number;
  /**
   * Prometheus replicas per application cluster that remote-write in the receive patterns (receive, hybrid): one, as
   * the patterns deploy (`DEFAULT_REMOTE_WRITE_REPLICAS` in lib/fleet/patterns/receive.ts says why); the hashring
   * replicates. @default DEFAULT_METRICS_LOAD.remoteWriteReplicas
   */
  readonly remoteWriteReplicas?: number;
  /** Queries running at once at the busiest hour. @default DEFAULT_METRICS_LOAD.concurrentQueries */
  readonly concurrentQueries?: number;
  /** Typical range of a dashboard query. @default DEFAULT_METRICS_LOAD.queryRangeHours */
  readonly queryRangeHours?: number;
  /** Share of the active series replaced per day (pod restarts, deploys). @default DEFAULT_METRICS_LOAD.churnPerDay */
  readonly churnPerDay?: number;
  /** Regional stores serve blocks younger than this; the global store gateways the rest. @default 14 */
  readonly recentWindowDays?: number;
  /** The most StoreAPI endpoints one querier fans out to. @default DEFAULT_METRICS_LOAD.maxQuerierFanOut */
  readonly maxQuerierFanOut?: number;
  /** Copies the receive hashring writes. @default DEFAULT_METRICS_LOAD.receiveReplicationFactor */
  readonly receiveReplicationFactor?: number;
  /** Raw data receive ingestors keep locally. @default DEFAULT_METRICS_LOAD.receiveLocalRetentionDays */
  readonly receiveLocalRetentionDays?: number;
  /** @default DEFAULT_METRICS_LOAD.remoteWriteBytesPerSample */
  readonly remoteWriteBytesPerSample?: number;
}

/** Every input resolved, with the names of those that took their default. */
export type ResolvedMetricsLoad = Required<MetricsLoad> & { readonly defaulted: readonly string[] };

/**
 * The fleet above which the model refuses to extrapolate: 20 000 clusters is 400 regions of 50, twenty times the
 * largest fleet the reference design discusses ("thousands" for hybrid).
 */
export const MAX_MODEL_CLUSTERS = 20_000;

/**
 * The longest scrape interval the model takes: a sample older than the 5m query lookback delta is not seen by
 * queries (`--query.lookback-delta` defaults to 5m, prometheus@v3.13.2 cmd/prometheus/main.go), so a slower scrape
 * leaves gaps in every graph.
 */
export const MAX_SCRAPE_INTERVAL_SECONDS = 300;
/** Ten years: the most days of any retention or window the model takes (the compactor's bound too). */
export const MAX_MODEL_DAYS = 3_650;

/**
 * The defaults: the reference design's own figures where it gives them, upstream defaults otherwise.
 * - `clustersPerRegion` 50 and `maxQuerierFanOut` 50: the reference's "recommended maximum 50 gRPC connections" per
 *   querier.
 * - `activeSeriesPerCluster` 1 250 000: what "100 TB+ for 3 months" of 200 clusters implies at the other defaults
 *   (see `impliedSeriesPerCluster` in reference.ts: 1.23 M; rounded up, it gives 101 TB).
 * - `scrapeIntervalSeconds` 60: Prometheus' default `scrape_interval` (prometheus@v3.13.2 config/config.go
 *   `DefaultGlobalConfig`).
 * - `retentionDays` 90 at every resolution: the reference's "3 months" (the fleet patterns' DEFAULT_FLEET_RETENTION).
 * - `prometheusReplicas` 2: the reference's HA pairs (sidecar patterns).
 * - `remoteWriteReplicas` 1: the receive patterns deploy one writer per cluster and replicate in the hashring; pricing
 *   an HA pair of writers there would double the remote-write traffic, the receive volumes and the bucket for
 *   Prometheus servers that are not deployed.
 * - `concurrentQueries` 50: the low end of the reference's target "50-100 concurrent queries"; with 20 per querier
 *   that is its 3 global queriers.
 * - `queryRangeHours` 24 and `churnPerDay` 0.1: assumptions (a day-long dashboard; a tenth of the series replaced a
 *   day by deploys and restarts). Both scale roles only relative to the reference, so they do not move it.
 * - `receiveReplicationFactor` 3: the patterns' hashrings (D2_RECEIVE, D3_REGION).
 */
export const DEFAULT_METRICS_LOAD: Omit<Required<MetricsLoad>, 'clusters'> = {
  clustersPerRegion: 50,
  activeSeriesPerCluster: 1_250_000,
  scrapeIntervalSeconds: 60,
  retentionDays: { raw: 90, fiveMinutes: 90, oneHour: 90 },
  prometheusReplicas: 2,
  remoteWriteReplicas: 1,
  concurrentQueries: 50,
  queryRangeHours: 24,
  churnPerDay: 0.1,
  recentWindowDays: 14,
  maxQuerierFanOut: 50,
  receiveReplicationFactor: 3,
  receiveLocalRetentionDays: DEFAULT_RECEIVE_LOCAL_RETENTION_DAYS,
  remoteWriteBytesPerSample: REMOTE_WRITE_BYTES_PER_SAMPLE,
};

const CONTEXT: ErrorContext = { construct: 'MetricsCapacity', path: 'capacity.metrics' };

/** Checks every input and fills the defaults; bad inputs are typed errors that say the fix. */
export function resolveMetricsLoad(load: MetricsLoad, context: ErrorContext = CONTEXT): ResolvedMetricsLoad {
  if (load === null || typeof load !== 'object') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'load',
      problem: 'must be an object',
      value: load,
      fix: 'pass at least { clusters: 200 }',
    });
  }
  const defaulted: string[] = [];
  const pick = <K extends keyof typeof DEFAULT_METRICS_LOAD>(key: K): (typeof DEFAULT_METRICS_LOAD)[K] => {
    const given = load[key];
    // Only a missing input takes the default; null is checked (and refused) like any other value.
    if (given !== undefined) return given as (typeof DEFAULT_METRICS_LOAD)[K];
    defaulted.push(key);
    return DEFAULT_METRICS_LOAD[key];
  };
  const clustersFix = 'give the number of application clusters, e.g. 200';
  const clusters = requireCount(
    load.clusters,
    1,
    MAX_MODEL_CLUSTERS,
    context,
    'clusters',
    clustersFix,
    `${clustersFix}; split the fleet into several of at most ${MAX_MODEL_CLUSTERS}`,
  );
  const maxQuerierFanOut = requireCount(
    pick('maxQuerierFanOut'),
    1,
    1_000,
    context,
    'maxQuerierFanOut',
    'the reference design keeps a querier at 50 endpoints',
  );
  const clustersPerRegion = requireCount(
    pick('clustersPerRegion'),
    1,
    MAX_MODEL_CLUSTERS,
    context,
    'clustersPerRegion',
    'e.g. 50',
  );
  if (clustersPerRegion > maxQuerierFanOut) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'clustersPerRegion',
      problem: `is above the querier fan-out limit of ${maxQuerierFanOut} endpoints: a regional querier would fan out to every cluster of its region`,
      value: clustersPerRegion,
      fix: `use regions of at most ${maxQuerierFanOut} clusters (more regions), or raise maxQuerierFanOut if you measured that your queriers cope`,
    });
  }
  const activeSeriesPerCluster = requireCount(
    pick('activeSeriesPerCluster'),
    1,
    1e9,
    context,
    'activeSeriesPerCluster',
    'count it with prometheus_tsdb_head_series',
  );
  const scrapeIntervalSeconds = requireAtMost(
    requirePositive(
      pick('scrapeIntervalSeconds'),
      context,
      'scrapeIntervalSeconds',
      'give the scrape interval in seconds, e.g. 60',
    ),
    MAX_SCRAPE_INTERVAL_SECONDS,
    context,
    'scrapeIntervalSeconds',
    'scrape at least every 5 minutes (the 5m query lookback delta), e.g. 60',
  );
  const retentionDays = pick('retentionDays');
  if (retentionDays === null || typeof retentionDays !== 'object') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'retentionDays',
      problem: 'must be { raw, fiveMinutes, oneHour } in days',
      value: retentionDays,
      fix: 'e.g. { raw: 90, fiveMinutes: 90, oneHour: 90 }',
    });
  }
  for (const k of ['raw', 'fiveMinutes', 'oneHour'] as const) {
    requireNonNegative(retentionDays[k], context, `retentionDays.${k}`, 'give days to keep, 0 for none');
    if (retentionDays[k] > MAX_MODEL_DAYS) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `retentionDays.${k}`,
        problem: 'is above 3650 days, past what the capacity model is calibrated for',
        value: retentionDays[k],
        fix: 'keep at most ten years',
      });
    }
  }
  const resolved = {
    clusters,
    clustersPerRegion,
    activeSeriesPerCluster,
    scrapeIntervalSeconds,
    retentionDays: { ...retentionDays },
    prometheusReplicas: requireCount(
      pick('prometheusReplicas'),
      1,
      10,
      context,
      'prometheusReplicas',
      'an HA pair is 2',
    ),
    remoteWriteReplicas: requireCount(
      pick('remoteWriteReplicas'),
      1,
      10,
      context,
      'remoteWriteReplicas',
      'the receive patterns deploy 1 writer per cluster; 2 closes the restart gap at twice the storage',
    ),
    concurrentQueries: requireCount(
      pick('concurrentQueries'),
      1,
      100_000,
      context,
      'concurrentQueries',
      'give the queries running at once at the busiest hour, e.g. 50',
    ),
    queryRangeHours: requireAtMost(
      requirePositive(pick('queryRangeHours'), context, 'queryRangeHours', 'e.g. 24'),
      MAX_MODEL_DAYS * 24,
      context,
      'queryRangeHours',
      'give the typical range of a dashboard query, at most ten years (87600 hours)',
    ),
    churnPerDay: requireAtMost(
      requireNonNegative(
        pick('churnPerDay'),
        context,
        'churnPerDay',
        'give the share of series replaced per day, e.g. 0.1',
      ),
      10,
      context,
      'churnPerDay',
      'give a share of the active series, e.g. 0.1 for a tenth replaced a day; 10 is every series ten times a day',
    ),
    recentWindowDays: requireAtMost(
      requirePositive(pick('recentWindowDays'), context, 'recentWindowDays', 'e.g. 14'),
      MAX_MODEL_DAYS,
      context,
      'recentWindowDays',
      'e.g. 14; at most ten years',
    ),
    maxQuerierFanOut,
    receiveReplicationFactor: requireCount(
      pick('receiveReplicationFactor'),
      1,
      9,
      context,
      'receiveReplicationFactor',
      'e.g. 3',
    ),
    receiveLocalRetentionDays: requireAtMost(
      requirePositive(pick('receiveLocalRetentionDays'), context, 'receiveLocalRetentionDays', 'e.g. 15'),
      MAX_MODEL_DAYS,
      context,
      'receiveLocalRetentionDays',
      'e.g. 15; at most ten years',
    ),
    remoteWriteBytesPerSample: requireAtMost(
      requirePositive(
        pick('remoteWriteBytesPerSample'),
        context,
        'remoteWriteBytesPerSample',
        'measure it, e.g. 10',
      ),
      1_000,
      context,
      'remoteWriteBytesPerSample',
      'measure it (prometheus_remote_storage_bytes_total ÷ prometheus_remote_storage_samples_total), e.g. 10',
    ),
  };
  return { ...resolved, defaulted };
}

/** Region sizes the way `splitFleet` cuts them: regions of `clustersPerRegion`, the last takes the remainder. */
export function regionSizes(clusters: number, clustersPerRegion: number): number[] {
  const out: number[] = [];
  for (let left = clusters; left > 0; left -= clustersPerRegion) out.push(Math.min(left, clustersPerRegion));
  return out;
}

/** What a number of clusters produces, derived from the load. */
export interface DerivedLoad {
  readonly clusters: number;
  /** Active series (one replica's worth). */
  readonly activeSeries: number;
  /** Series in a day's blocks: the active ones plus those churned in during the day. */
  readonly seriesPerDayBlock: number;
  /** Samples per second one Prometheus replica of each cluster ingests, summed. */
  readonly samplesPerSecond: number;
  /** Bytes per day of one copy at each resolution. */
  readonly rawBytesPerDay: number;
  readonly fiveMinuteBytesPerDay: number;
  readonly oneHourBytesPerDay: number;
}

/** The load `clusters` clusters put on the layers above them. */
export function deriveLoad(load: ResolvedMetricsLoad, clusters: number): DerivedLoad {
  const activeSeries = clusters * load.activeSeriesPerCluster;
  const samplesPerSecond = activeSeries / load.scrapeIntervalSeconds;
  return {
    clusters,
    activeSeries,
    seriesPerDayBlock: activeSeries * (1 + load.churnPerDay),
    samplesPerSecond,
    rawBytesPerDay: samplesPerSecond * SECONDS_PER_DAY * BYTES_PER_SAMPLE,
    fiveMinuteBytesPerDay:
      activeSeries * FIVE_MINUTE_POINTS_PER_DAY * DOWNSAMPLED_AGGREGATES * BYTES_PER_SAMPLE,
    oneHourBytesPerDay: activeSeries * ONE_HOUR_POINTS_PER_DAY * DOWNSAMPLED_AGGREGATES * BYTES_PER_SAMPLE,
  };
}
