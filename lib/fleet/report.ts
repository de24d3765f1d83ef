import { ApiObject, Chart } from 'cdk8s';
import { Cpu, Memory, REQUEST_KINDS, chartApiObjects, renderApiObject, workloadRequests } from '../core';
import { MetricsCapacity, MonthlyCost } from '../capacity';
import { Fleet } from './model';
import { FleetPatternName, PATTERN_TRAITS } from './recommend';

/** CPU cores and GiB of memory requested. */
export interface Footprint {
  readonly cpuCores: number;
  readonly memoryGiB: number;
}

/** Requests of one role (a workload kind of one component, e.g. `thanos/query`) in a chart. */
export interface RoleSizing extends Footprint {
  readonly role: string;
  readonly pods: number;
}

/** Requests of one monitoring chart (one target cluster). */
export interface ChartSizing extends Footprint {
  readonly name: string;
  readonly layer: 'global' | 'region';
  readonly roles: readonly RoleSizing[];
}

/** The sizing of a fleet pattern, computed from the objects its charts synthesize. */
export interface FleetSizingReport {
  readonly pattern: FleetPatternName;
  readonly clusters: number;
  readonly regions: readonly { readonly name: string; readonly clusters: number }[];
  /** The monitoring clusters (global and regional), which the reference design's totals count. */
  readonly charts: readonly ChartSizing[];
  /** Sum of the monitoring charts. */
  readonly totals: Footprint;
  /** Sum of each role over the monitoring charts. */
  readonly roles: readonly RoleSizing[];
  /** What every application cluster runs (Prometheus, sidecar); the reference design leaves it out of its totals. */
  readonly appClusterFootprint: Footprint;
  readonly appClustersTotal: Footprint;
  /** Every object the pattern synthesizes, across all charts. */
  readonly objects: number;
  /** The capacity model's monthly cost, whole dollars (or the user's override). */
  readonly monthlyCostUsd: number;
  /** What the capacity model sized (inputs, roles per target cluster, object storage, network), when known. */
  readonly capacity?: MetricsCapacity;
  /** The model's cost lines. */
  readonly cost?: MonthlyCost;
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function footprint(cpu: Cpu, memory: Memory): Footprint {
  return { cpuCores: cpu.millis / 1000, memoryGiB: Math.round((memory.bytes / 2 ** 30) * 1000) / 1000 };
}

function roleOf(manifest: Obj): string {
  const labels = manifest.metadata?.labels ?? {};
  return `${labels['app.kubernetes.io/name'] ?? 'unknown'}/${labels['app.kubernetes.io/component'] ?? manifest.kind}`;
}

/** The manifests the sizing reads (workloads, autoscalers); the others are counted, not rendered. */
function workloadManifests(objects: readonly ApiObject[]): Obj[] {
  return objects.filter((o) => REQUEST_KINDS.has(o.kind)).map((o) => renderApiObject(o) as Obj);
}

function sizeChart(manifests: readonly Obj[]): { total: Footprint; roles: RoleSizing[] } {
  const byRole = new Map<string, { cpu: Cpu; memory: Memory; pods: number }>();
  const byName = new Map(manifests.map((m) => [`${m.kind}/${m.metadata?.namespace}/${m.metadata?.name}`, m]));
  for (const w of workloadRequests(manifests)) {
    const role = roleOf(byName.get(`${w.kind}/${w.namespace}/${w.name}`) ?? {});
    const acc = byRole.get(role) ?? { cpu: Cpu.millicores(0), memory: Memory.bytes(0), pods: 0 };
    byRole.set(role, {
      cpu: acc.cpu.plus(w.cpu),
      memory: acc.memory.plus(w.memory),
      pods: acc.pods + w.replicas,
    });
  }
  const roles = [...byRole.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([role, r]) => ({ role, pods: r.pods, ...footprint(r.cpu, r.memory) }));
  const cpu = Cpu.sum([...byRole.values()].map((r) => r.cpu));
  const memory = Memory.sum([...byRole.values()].map((r) => r.memory));
  return { total: footprint(cpu, memory), roles };
}

/** Inputs of {@link fleetSizingReport}. */
export interface FleetSizingInput {
  readonly pattern: FleetPatternName;
  readonly fleet: Fleet;
  readonly globalChart: Chart;
  readonly regionCharts: Readonly<Record<string, Chart>>;
  readonly appClusterCharts: Readonly<Record<string, Chart>>;
  readonly monthlyCostUsd?: number;
  readonly capacity?: MetricsCapacity;
  readonly cost?: MonthlyCost;
}

/**
 * Adds up the CPU and memory requests of every Deployment and StatefulSet the charts synthesize (times replicas),
 * per chart, per role and in total, keeping the application clusters apart as the reference design does.
 */
export function fleetSizingReport(input: FleetSizingInput): FleetSizingReport {
  const charts: ChartSizing[] = [];
  const roleTotals = new Map<string, { cpu: number; memory: number; pods: number }>();
  let objects = 0;
  const monitoring: [Chart, ChartSizing['layer']][] = [
    [input.globalChart, 'global'],
    ...Object.values(input.regionCharts).map((c) => [c, 'region'] as [Chart, ChartSizing['layer']]),
  ];
  for (const [chart, layer] of monitoring) {
    const all = chartApiObjects(chart);
    objects += all.length;
    const sized = sizeChart(workloadManifests(all));
    charts.push({ name: chart.node.id, layer, ...sized.total, roles: sized.roles });
    for (const r of sized.roles) {
      const acc = roleTotals.get(r.role) ?? { cpu: 0, memory: 0, pods: 0 };
      roleTotals.set(r.role, {
        cpu: acc.cpu + r.cpuCores,
        memory: acc.memory + r.memoryGiB,
        pods: acc.pods + r.pods,
      });
    }
  }
  let appTotalCpu = 0;
  let appTotalMemory = 0;
  let first: Footprint | undefined;
  for (const chart of Object.values(input.appClusterCharts)) {
    const all = chartApiObjects(chart);
    objects += all.length;
    const sized = sizeChart(workloadManifests(all)).total;
    first ??= sized;
    appTotalCpu += sized.cpuCores;
    appTotalMemory += sized.memoryGiB;
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    pattern: input.pattern,
    clusters: input.fleet.clusters.length,
    regions: input.fleet.regions.map((r) => ({ name: r.name, clusters: r.clusters.length })),
    charts,
    totals: {
      cpuCores: round(charts.reduce((n, c) => n + c.cpuCores, 0)),
      memoryGiB: round(charts.reduce((n, c) => n + c.memoryGiB, 0)),
    },
    roles: [...roleTotals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([role, r]) => ({ role, pods: r.pods, cpuCores: round(r.cpu), memoryGiB: round(r.memory) })),
    appClusterFootprint: first ?? { cpuCores: 0, memoryGiB: 0 },
    appClustersTotal: { cpuCores: round(appTotalCpu), memoryGiB: round(appTotalMemory) },
    objects,
    monthlyCostUsd: input.monthlyCostUsd ?? PATTERN_TRAITS[input.pattern].monthlyCostUsd,
    ...(input.capacity ? { capacity: input.capacity } : {}),
    ...(input.cost ? { cost: input.cost } : {}),
  };
}
