import { DEFAULT_METRICS_LOAD, MetricsCapacity, MonthlyCost, REFERENCE_NOTES, TB } from '../capacity';
import { Align, Block, formatNumber, formatUsd } from './document';

/** One model input of a fleet plan, and whether it took its default. */
export interface PlanInput {
  readonly name: string;
  readonly value: number | string;
  readonly default: boolean;
}

/** One role of one target cluster as the model sized it. */
export interface PlanRole {
  readonly target: string;
  readonly key: string;
  readonly role: string;
  readonly pods: number;
  readonly shards: number | null;
  readonly cpuCoresPerPod: number;
  readonly memoryGiBPerPod: number;
  readonly storageGiBPerPod: number | null;
  readonly driver: string;
  readonly driverValue: number;
  readonly perPod: number;
  /** The fewest pods whatever the load. */
  readonly minPods: number;
  /** Why it grows as it does: which input drives it. */
  readonly why: string;
  /** The fields a user override set; empty when the model's sizes stand. */
  readonly overridden: readonly string[];
}

/** What the capacity model adds to `plan --format json`. */
export interface FleetCapacityJson {
  readonly inputs: readonly PlanInput[];
  readonly roles: readonly PlanRole[];
  readonly objectStorageTB: number;
  readonly network: readonly { readonly from: string; readonly to: string; readonly gbPerDay: number }[];
  readonly costLines: MonthlyCost['lines'];
  /** The sum of the cost lines. */
  readonly totalUsd: number;
  /** Each monitoring cluster's nodes (enough for its pods' limits) and its cost without the bucket and transfer. */
  readonly clusterCosts: readonly {
    readonly target: string;
    readonly cpuLimitCores: number;
    readonly memoryLimitGiB: number;
    readonly nodes: number;
    readonly monthlyUsd: number;
  }[];
  readonly assumptions: readonly string[];
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;
const pods = (n: number) => `${formatNumber(n)} ${n === 1 ? 'pod' : 'pods'}`;

/** The inputs, defaults marked. */
export function planInputs(c: MetricsCapacity): PlanInput[] {
  const load = c.load as unknown as Record<string, unknown>;
  const keys = [
    'clusters',
    'clustersPerRegion',
    ...Object.keys(DEFAULT_METRICS_LOAD).filter((k) => k !== 'clustersPerRegion'),
  ];
  return keys.map((name) => {
    const v = load[name];
    const value =
      typeof v === 'object' && v !== null
        ? Object.entries(v)
            .map(([k, d]) => `${k} ${d}d`)
            .join(', ')
        : (v as number);
    return { name, value, default: c.load.defaulted.includes(name) };
  });
}

/** The capacity part of a plan's JSON. Region targets are named after the fleet's regions. */
export function fleetCapacityJson(
  c: MetricsCapacity,
  cost: MonthlyCost,
  regionNames: readonly string[],
): FleetCapacityJson {
  const targetName = (i: number) => (i === 0 ? 'global' : (regionNames[i - 1] ?? `region-${i}`));
  return {
    inputs: planInputs(c),
    roles: c.targets.flatMap((t, i) =>
      t.roles.map((r) => ({
        target: targetName(i),
        key: r.key,
        role: r.role,
        pods: r.pods,
        shards: r.shards ?? null,
        cpuCoresPerPod: r.cpuCores,
        memoryGiBPerPod: r.memoryGiB,
        storageGiBPerPod: r.storageGiB ?? null,
        driver: r.driver.unit,
        driverValue: r.driver.value,
        perPod: r.driver.perPod,
        minPods: r.driver.minPods,
        why: r.driver.why,
        overridden: [...r.overridden],
      })),
    ),
    objectStorageTB: r3(c.objectStorageBytes / TB),
    network: c.network.map((f) => ({ from: f.from, to: f.to, gbPerDay: r3(f.bytesPerDay / 1e9) })),
    costLines: cost.lines,
    totalUsd: cost.totalUsd,
    clusterCosts: cost.targets.map((t, i) => ({
      target: targetName(i),
      cpuLimitCores: t.cpuLimitCores,
      memoryLimitGiB: t.memoryLimitGiB,
      nodes: t.nodes,
      monthlyUsd: t.monthlyUsd,
    })),
    assumptions: [...REFERENCE_NOTES],
  };
}

const RIGHT: Align = 'right';

/** Inputs, roles (one row per role and layer; regions alike are shown once) and cost lines as tables. */
export function fleetCapacityBlocks(json: FleetCapacityJson): Block[] {
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const r of json.roles) {
    const layer = r.target === 'global' ? 'global' : 'each region';
    const line = [
      layer,
      r.key,
      formatNumber(r.pods) + (r.shards !== null ? ` (${formatNumber(r.shards)} shards)` : ''),
      `${formatNumber(r.cpuCoresPerPod)} / ${formatNumber(r.memoryGiBPerPod)} GiB`,
      r.storageGiBPerPod === null ? '' : `${formatNumber(r.storageGiBPerPod)} GiB`,
      r.overridden.length > 0 ? `override (${r.overridden.join(', ')})` : r.driver,
    ];
    const key = line.join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(line);
  }
  const growth: string[] = [];
  const seenGrowth = new Set<string>();
  for (const r of json.roles) {
    const layer = r.target === 'global' ? 'global' : 'each region';
    const how =
      r.overridden.length > 0
        ? `${pods(r.pods)}, set by an override (${r.overridden.join(', ')})`
        : r.driver.startsWith('fixed')
          ? `${pods(r.pods)}, fixed`
          : `${formatNumber(r.driverValue)} ${r.driver} ÷ ${formatNumber(r.perPod)} per pod, at least ${formatNumber(r.minPods)}: ${pods(r.pods)}`;
    const item = `${r.key} (${layer}): ${how}; ${r.why}`;
    if (seenGrowth.has(item)) continue;
    seenGrowth.add(item);
    growth.push(item);
  }
  const clusters: string[] = [];
  const seenCluster = new Set<string>();
  for (const c of json.clusterCosts) {
    const layer = c.target === 'global' ? 'global' : 'each region';
    const item = `Nodes, ${layer}: ${formatNumber(c.cpuLimitCores)} cores / ${formatNumber(c.memoryLimitGiB)} GiB of limits → ${formatNumber(c.nodes)} nodes, ${formatUsd(c.monthlyUsd)}/month with the cluster fee`;
    if (seenCluster.has(item)) continue;
    seenCluster.add(item);
    clusters.push(item);
  }
  return [
    {
      kind: 'table',
      head: ['input', 'value', ''],
      align: ['left', RIGHT, 'left'],
      rows: json.inputs.map((i) => [
        i.name,
        typeof i.value === 'number' ? formatNumber(i.value) : i.value,
        i.default ? '(default)' : '',
      ]),
    },
    {
      kind: 'table',
      head: ['layer', 'role', 'pods', 'cpu / memory per pod', 'volume per pod', 'grows with'],
      align: ['left', 'left', RIGHT, RIGHT, RIGHT, 'left'],
      rows,
    },
    { kind: 'list', items: growth },
    {
      kind: 'table',
      head: ['cost item', 'quantity', 'unit price', 'per month'],
      align: ['left', RIGHT, RIGHT, RIGHT],
      rows: [
        ...json.costLines.map((l) => [
          l.item,
          `${formatNumber(l.quantity)} ${l.unit}`,
          formatUsd(l.unitPriceUsd),
          formatUsd(l.monthlyUsd),
        ]),
        ['total', '', '', formatUsd(json.totalUsd)],
      ],
    },
    {
      kind: 'list',
      items: [
        ...clusters,
        `Object storage: ${formatNumber(json.objectStorageTB)} TB at steady state`,
        ...json.network.map((f) => `Network: ${f.from} → ${f.to}, ${formatNumber(f.gbPerDay)} GB/day`),
        ...json.assumptions,
      ],
    },
  ];
}
