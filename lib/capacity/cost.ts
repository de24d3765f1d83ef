import { ErrorContext } from '../core/errors';
import { DAYS_PER_MONTH, GB, TB } from './coefficients';
import type { MetricsCapacity } from './metrics';
import { requireNonNegative } from './validate';

/** Monthly prices in USD. Every field is optional in a prop; missing ones take {@link DEFAULT_PRICES}. */
export interface PriceTable {
  /** Per requested CPU core and month. */
  readonly cpuCoreMonthUsd: number;
  /** Per requested GiB of memory and month. */
  readonly memoryGiBMonthUsd: number;
  /** Per GiB of persistent volume and month. */
  readonly blockStorageGiBMonthUsd: number;
  /** Per TB (10^12 bytes) in object storage and month. */
  readonly objectStorageTBMonthUsd: number;
  /** Per GB (10^9 bytes) sent between clusters (and to object storage). */
  readonly transferGBUsd: number;
  /** Per monitoring cluster and month (a managed control plane, say). */
  readonly monitoringClusterMonthUsd: number;
}

/**
 * Default prices, so that the reference design's hierarchical pattern (44.5 cores, 89 GiB, its volumes and its 100 TB+
 * bucket) costs its "~$2,500/month":
 * - object storage $5 per TB-month: the reference's $500/month for its 100 TB MinIO cluster;
 * - block storage $0.08 per GiB-month: an assumption, the order of a cloud SSD volume's list price;
 * - cpu $25 per core-month and memory $6 per GiB-month: calibrated so the rest of the $2,500 pays for the hierarchical
 *   pattern's requests (44.5 × 25 + 89 × 6 = $1,646.50); the ratio 1 core : 4 GiB ≈ $25 : $24 is the usual
 *   general-purpose node's;
 * - transfer $0 and no per-cluster fee: the reference prices neither (its clusters share a private network).
 * Put your own prices in the `prices` prop or `plan --prices`.
 */
export const DEFAULT_PRICES: PriceTable = {
  cpuCoreMonthUsd: 25,
  memoryGiBMonthUsd: 6,
  blockStorageGiBMonthUsd: 0.08,
  objectStorageTBMonthUsd: 5,
  transferGBUsd: 0,
  monitoringClusterMonthUsd: 0,
};

/** One line of the cost breakdown. */
export interface CostLine {
  readonly item: 'cpu' | 'memory' | 'block storage' | 'object storage' | 'transfer' | 'monitoring clusters';
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
}

/** The monthly cost of a pattern: the lines and their sum. */
export interface MonthlyCost {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

const CONTEXT: ErrorContext = { construct: 'MetricsCapacity', path: 'capacity.prices' };
const cents = (n: number) => Math.round(n * 100) / 100;

/** The price table with the defaults filled in and every price checked. */
export function resolvePrices(prices: Partial<PriceTable> = {}, context: ErrorContext = CONTEXT): PriceTable {
  const out = { ...DEFAULT_PRICES, ...prices };
  for (const [k, v] of Object.entries(out))
    requireNonNegative(v, context, `prices.${k}`, 'give a price in USD, 0 for free');
  return out;
}

/** The monthly cost of what the model sized: requests, volumes, the bucket, the transfer and the clusters. */
export function monthlyCost(capacity: MetricsCapacity, prices: Partial<PriceTable> = {}): MonthlyCost {
  const p = resolvePrices(prices);
  const transferGB = (capacity.network.reduce((n, f) => n + f.bytesPerDay, 0) * DAYS_PER_MONTH) / GB;
  const raw: [CostLine['item'], number, string, number][] = [
    ['cpu', capacity.totals.cpuCores, 'cores', p.cpuCoreMonthUsd],
    ['memory', capacity.totals.memoryGiB, 'GiB', p.memoryGiBMonthUsd],
    ['block storage', capacity.totals.storageGiB, 'GiB', p.blockStorageGiBMonthUsd],
    ['object storage', capacity.objectStorageBytes / TB, 'TB', p.objectStorageTBMonthUsd],
    ['transfer', transferGB, 'GB/month', p.transferGBUsd],
    ['monitoring clusters', capacity.targets.length, 'clusters', p.monitoringClusterMonthUsd],
  ];
  const lines = raw.map(([item, quantity, unit, unitPriceUsd]) => ({
    item,
    quantity: Math.round(quantity * 1000) / 1000,
    unit,
    unitPriceUsd,
    monthlyUsd: cents(quantity * unitPriceUsd),
  }));
  return { lines, totalUsd: cents(lines.reduce((n, l) => n + l.monthlyUsd, 0)) };
}
