import { ErrorContext } from '../core/errors';
import { CPU_LIMIT_FACTOR, DAYS_PER_MONTH, GB, TB } from './coefficients';
import {
  MetricsCapacity,
  OBJECT_STORAGE,
  RoleCapacity,
  TargetCapacity,
  ceilClean,
  cpuCoresOf,
  memoryGiBOf,
} from './metrics';
import { requireCount, requireNonNegative, requirePositive } from './validate';

/**
 * Monthly prices in USD, and the node the monitoring clusters run on. Every field is optional in a prop; missing ones
 * take {@link DEFAULT_PRICES}.
 */
export interface PriceTable {
  /** Per requested CPU core and month, on top of the nodes (for a platform that bills requests, not nodes). */
  readonly cpuCoreMonthUsd: number;
  /** Per requested GiB of memory and month, on top of the nodes. */
  readonly memoryGiBMonthUsd: number;
  /** Per GiB of persistent volume and month. */
  readonly blockStorageGiBMonthUsd: number;
  /** Per TB (10^12 bytes) in object storage and month. */
  readonly objectStorageTBMonthUsd: number;
  /** Per GB (10^9 bytes) sent between clusters (remote write, federation scrapes). */
  readonly transferGBUsd: number;
  /** Per monitoring cluster and month (a managed control plane, say). */
  readonly monitoringClusterMonthUsd: number;
  /** Per node of a monitoring cluster and month. */
  readonly nodeMonthUsd: number;
  /** Cores of one node; a cluster gets enough nodes for its pods' CPU limits. */
  readonly nodeCpuCores: number;
  /** GiB of memory of one node; a cluster gets enough nodes for its pods' memory limits. */
  readonly nodeMemoryGiB: number;
  /** Nodes every monitoring cluster has at least (two, so an HA pair never shares a node). */
  readonly minNodesPerCluster: number;
  /** Per GB uploaded to object storage (free into every public cloud's object storage and into an in-house MinIO). */
  readonly uploadGBUsd: number;
}

/**
 * Default prices: what the reference design's own figures imply (`REFERENCE_COSTS` in reference.ts derives each).
 * - Nodes of 8 cores / 16 GiB at $125 a month, at least 2 per cluster, plus $50 per cluster: the hierarchical pattern's
 *   global cluster (41 cores of CPU limits: 6 such nodes, i.e. its "3 × 16 cores / 32Gi") costs $800 and each regional
 *   one (12 cores of limits: 2 nodes of "8 cores, 16Gi") $300, its figures. Five clusters of 2 nodes are the
 *   federation pattern's $1,500.
 * - Object storage $5 per TB-month: the reference's $500 a month for its 100 TB+ MinIO cluster.
 * - Transfer between clusters $0.012 per GB: what is left of the receive pattern's $3,000 after its nodes and bucket
 *   ($1,308) over the 109.6 TB a month its clusters remote-write; between AWS's $0.01/GB charged on each side of a
 *   cross-zone transfer and the $0.02/GB of both sides.
 * - Requests, volumes and uploads $0: the reference prices nodes and the MinIO cluster only (its tables list no
 *   volumes). Set `blockStorageGiBMonthUsd` (a cloud SSD is about $0.08 per GiB-month) to price the volumes `plan`
 *   lists: the receive patterns' TSDB volumes are tens of TB at the reference load.
 * Put your own prices in the `prices` prop.
 */
export const DEFAULT_PRICES: PriceTable = {
  cpuCoreMonthUsd: 0,
  memoryGiBMonthUsd: 0,
  blockStorageGiBMonthUsd: 0,
  objectStorageTBMonthUsd: 5,
  transferGBUsd: 0.012,
  monitoringClusterMonthUsd: 50,
  nodeMonthUsd: 125,
  nodeCpuCores: 8,
  nodeMemoryGiB: 16,
  minNodesPerCluster: 2,
  uploadGBUsd: 0,
};

/** One line of the cost breakdown. */
export interface CostLine {
  readonly item:
    | 'cpu'
    | 'memory'
    | 'block storage'
    | 'object storage'
    | 'transfer'
    | 'monitoring clusters'
    | 'nodes'
    | 'uploads';
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
}

/** The nodes and cost of one monitoring cluster (the bucket and the transfer are the fleet's, not a cluster's). */
export interface TargetCost {
  readonly name: string;
  /** CPU and memory limits of its pods, which its nodes must hold. */
  readonly cpuLimitCores: number;
  readonly memoryLimitGiB: number;
  readonly nodes: number;
  /** Nodes, the cluster fee, requests and volumes. */
  readonly monthlyUsd: number;
}

/** The monthly cost of a pattern: the lines and their sum. */
export interface MonthlyCost {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  /** Per monitoring cluster. */
  readonly targets: readonly TargetCost[];
}

const CONTEXT: ErrorContext = { construct: 'MetricsCapacity', path: 'capacity.prices' };
const cents = (n: number) => Math.round(n * 100) / 100;

/** The price table with the defaults filled in and every price checked. */
export function resolvePrices(prices: Partial<PriceTable> = {}, context: ErrorContext = CONTEXT): PriceTable {
  const out = { ...DEFAULT_PRICES, ...prices };
  for (const [k, v] of Object.entries(out)) {
    if (k === 'nodeCpuCores' || k === 'nodeMemoryGiB')
      requirePositive(
        v,
        context,
        `prices.${k}`,
        'give the size of the nodes the monitoring clusters run on, e.g. 8',
      );
    else if (k === 'minNodesPerCluster')
      requireCount(v, 1, 1_000, context, `prices.${k}`, 'e.g. 2, so an HA pair never shares a node');
    else requireNonNegative(v, context, `prices.${k}`, 'give a price in USD, 0 for free');
  }
  return out;
}

/** CPU cores and GiB of memory limits of a role's pod (the construct's rule: CPU ×2 unless set, memory = request). */
function limitsOf(role: RoleCapacity): { cpu: number; memory: number } {
  const cpu =
    role.resources.cpuLimit !== undefined
      ? cpuCoresOf(role.resources.cpuLimit)
      : role.cpuCores * CPU_LIMIT_FACTOR;
  const memory =
    role.resources.memoryLimit !== undefined ? memoryGiBOf(role.resources.memoryLimit) : role.memoryGiB;
  return { cpu, memory };
}

/**
 * The nodes of one monitoring cluster: enough for every pod at its limits (so a burst never contends with a
 * neighbour's), and at least `minNodesPerCluster`.
 */
export function targetNodes(target: TargetCapacity, prices: Partial<PriceTable> = {}): TargetCost {
  const p = resolvePrices(prices);
  let cpu = 0;
  let memory = 0;
  for (const r of target.roles) {
    const l = limitsOf(r);
    cpu += r.pods * l.cpu;
    memory += r.pods * l.memory;
  }
  const nodes = Math.max(
    p.minNodesPerCluster,
    ceilClean(cpu / p.nodeCpuCores),
    ceilClean(memory / p.nodeMemoryGiB),
  );
  const monthlyUsd =
    nodes * p.nodeMonthUsd +
    p.monitoringClusterMonthUsd +
    target.cpuCores * p.cpuCoreMonthUsd +
    target.memoryGiB * p.memoryGiBMonthUsd +
    target.storageGiB * p.blockStorageGiBMonthUsd;
  return {
    name: target.name,
    cpuLimitCores: Math.round(cpu * 1000) / 1000,
    memoryLimitGiB: Math.round(memory * 1000) / 1000,
    nodes,
    monthlyUsd: cents(monthlyUsd),
  };
}

/**
 * The monthly cost of what the model sized: the monitoring clusters' nodes and fees, requests and volumes (free by
 * default), the bucket, the transfer between clusters and the uploads to object storage (free by default).
 */
export function monthlyCost(capacity: MetricsCapacity, prices: Partial<PriceTable> = {}): MonthlyCost {
  const p = resolvePrices(prices);
  const gbPerMonth = (upload: boolean) =>
    (capacity.network
      .filter((f) => (f.to === OBJECT_STORAGE) === upload)
      .reduce((n, f) => n + f.bytesPerDay, 0) *
      DAYS_PER_MONTH) /
    GB;
  const targets = capacity.targets.map((t) => targetNodes(t, p));
  const nodes = targets.reduce((n, t) => n + t.nodes, 0);
  const raw: [CostLine['item'], number, string, number][] = [
    ['cpu', capacity.totals.cpuCores, 'cores', p.cpuCoreMonthUsd],
    ['memory', capacity.totals.memoryGiB, 'GiB', p.memoryGiBMonthUsd],
    ['block storage', capacity.totals.storageGiB, 'GiB', p.blockStorageGiBMonthUsd],
    ['object storage', capacity.objectStorageBytes / TB, 'TB', p.objectStorageTBMonthUsd],
    ['transfer', gbPerMonth(false), 'GB/month', p.transferGBUsd],
    ['monitoring clusters', capacity.targets.length, 'clusters', p.monitoringClusterMonthUsd],
    ['nodes', nodes, `nodes of ${p.nodeCpuCores} cores / ${p.nodeMemoryGiB} GiB`, p.nodeMonthUsd],
    ['uploads', gbPerMonth(true), 'GB/month', p.uploadGBUsd],
  ];
  const lines = raw.map(([item, quantity, unit, unitPriceUsd]) => ({
    item,
    quantity: Math.round(quantity * 1000) / 1000,
    unit,
    unitPriceUsd,
    monthlyUsd: cents(quantity * unitPriceUsd),
  }));
  return { lines, totalUsd: cents(lines.reduce((n, l) => n + l.monthlyUsd, 0)), targets };
}
