import {
  BYTES_PER_SAMPLE,
  DOWNSAMPLED_AGGREGATES,
  FIVE_MINUTE_POINTS_PER_DAY,
  ONE_HOUR_POINTS_PER_DAY,
  SECONDS_PER_DAY,
  TB,
} from './coefficients';
import type { MetricsPatternName } from './metrics-roles';

/**
 * The reference design's figures the model reproduces at its reference inputs (200 clusters in 4 regions of 50,
 * every other input at its default). Requests are per target cluster: `global` is the global monitoring cluster,
 * `region` each regional one.
 */
export interface MetricsReferencePoint {
  readonly pattern: MetricsPatternName;
  readonly clusters: number;
  readonly global: { readonly cpuCores: number; readonly memoryGiB: number };
  readonly region?: { readonly cpuCores: number; readonly memoryGiB: number };
  readonly total: { readonly cpuCores: number; readonly memoryGiB: number };
  /** Pods per role (summed over the target clusters), by the sizing report's role names. */
  readonly pods: Readonly<Record<string, number>>;
  /** "100TB+ (3 months)": the bucket holds at least this. */
  readonly minObjectStorageTB?: number;
  /** "~$2,500/month": the total rounds to this many hundreds. */
  readonly monthlyUsdAbout?: number;
}

/**
 * - hierarchical (D1): global query 3 × 2/4Gi, store gateway 10 × 1/2Gi, compactor 3 × 1/2Gi, ruler 500m/1Gi,
 *   Grafana 2 × 500m/1Gi = 20.5 cores / 41 GiB; per region query 2 × 2/4Gi + store 2 × 1/2Gi = 6 / 12; total
 *   44.5 / 89; S3 100 TB+ for 3 months; $800 + 4 × $300 + $500 = ~$2,500 a month.
 * - receive (D2): receive 10 × 2/4Gi (2 routers, 8 ingestors), query 3 × 2/4Gi, store 5 × 1/2Gi = 31 / 62; with the
 *   compactor (1/2Gi) and Grafana the project adds, 33 / 66.
 * - hybrid (D3): per region a hashring of 3 (plus 2 routers) and a querier of 2; the global layer as receive's plus the
 *   compactor sharded by region; the reference gives no shapes, so the constructs' defaults: 15 / 30 global, 12 / 22 a
 *   region.
 * - federation (D4): an HA pair of Prometheus per region and one global, construct defaults (1 core / 4Gi).
 */
export const METRICS_REFERENCE_POINTS: readonly MetricsReferencePoint[] = [
  {
    pattern: 'hierarchical',
    clusters: 200,
    global: { cpuCores: 20.5, memoryGiB: 41 },
    region: { cpuCores: 6, memoryGiB: 12 },
    total: { cpuCores: 44.5, memoryGiB: 89 },
    pods: {
      'thanos/query': 11,
      'thanos/store': 18,
      'thanos/compact': 3,
      'thanos/rule': 1,
      'grafana/dashboards': 2,
    },
    minObjectStorageTB: 100,
    monthlyUsdAbout: 2_500,
  },
  {
    pattern: 'receive',
    clusters: 200,
    global: { cpuCores: 33, memoryGiB: 66 },
    total: { cpuCores: 33, memoryGiB: 66 },
    pods: {
      'thanos/receive': 10,
      'thanos/query': 3,
      'thanos/store': 5,
      'thanos/compact': 1,
      'grafana/dashboards': 2,
    },
    minObjectStorageTB: 100,
  },
  {
    pattern: 'hybrid',
    clusters: 200,
    global: { cpuCores: 15, memoryGiB: 30 },
    region: { cpuCores: 12, memoryGiB: 22 },
    total: { cpuCores: 63, memoryGiB: 118 },
    pods: {
      'thanos/receive': 20,
      'thanos/query': 11,
      'thanos/store': 5,
      'thanos/compact': 3,
      'grafana/dashboards': 2,
    },
    minObjectStorageTB: 100,
  },
  {
    pattern: 'federation',
    clusters: 200,
    global: { cpuCores: 2, memoryGiB: 8 },
    region: { cpuCores: 2, memoryGiB: 8 },
    total: { cpuCores: 10, memoryGiB: 40 },
    pods: { 'prometheus/server': 10 },
  },
];

/**
 * What "S3 100TB+ for 3 months" of 200 clusters implies: bytes per series and day at every resolution kept 90 days
 * (raw at the scrape interval, 5-minute and 1-hour points of 5 aggregates, 1.5 bytes per sample), and the active
 * series per cluster that fill 100 TB: about 1.23 million at a 60 s scrape interval (617 thousand at 30 s). The
 * model's default, 1.25 million, gives 101 TB.
 */
export function impliedSeriesPerCluster(
  bucketBytes = 100 * TB,
  clusters = 200,
  days = 90,
  scrapeIntervalSeconds = 60,
): number {
  const perSeriesDay =
    BYTES_PER_SAMPLE *
    (SECONDS_PER_DAY / scrapeIntervalSeconds +
      DOWNSAMPLED_AGGREGATES * (FIVE_MINUTE_POINTS_PER_DAY + ONE_HOUR_POINTS_PER_DAY));
  return bucketBytes / (clusters * days * perSeriesDay);
}

/**
 * What else the reference implies at that load, written down so nobody mistakes it for a measurement:
 * - samples ingested: 200 × 1.25 M ÷ 60 s ≈ 4.2 M/s per replica, 8.3 M/s for the HA pairs;
 * - the receive pattern's 8 ingestors at replication 3 then take ≈ 3.1 M samples/s each on 2 cores / 4 GiB, and with 15
 *   days of local retention each needs ≈ 6.6 TiB of volume: the reference's receive pattern is undersized for its own
 *   bucket, the model reproduces its pods at the reference and shows the volumes it implies;
 * - each hierarchical store gateway pod serves 1/10 of the 76 days of blocks older than the 14-day recent window.
 */
export const REFERENCE_NOTES: readonly string[] = [
  '100 TB+ over 3 months for 200 clusters implies about 1.23 M active series per cluster at a 60 s scrape interval',
  'the reference design’s receive hashring (D2: 8 ingestors of 2 cores / 4 GiB) takes about 3.1 M samples/s each at that load: size ingestors by measurement',
  'costs: the reference design prices the hierarchical pattern (D1) at ~$2,500/month; the default price table is calibrated to it',
];
