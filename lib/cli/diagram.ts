import { ChartSizing, Fleet, FleetPatternName, FleetSizingReport, PATTERN_TRAITS } from '../fleet';
import { formatFootprint, nameRange } from './document';

/** The diagram formats of `plan --diagram`. */
export const DIAGRAM_FORMATS = ['mermaid'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** A role of a monitoring layer (`thanos/query` of the global chart), the application clusters, or the bucket. */
type Endpoint =
  | { readonly layer: ChartSizing['layer']; readonly role: string }
  | { readonly layer: 'apps' }
  | { readonly layer: 'storage' };

/** An arrow from the caller to what it calls; a layer-to-layer arrow is drawn for every region it spans. */
interface Edge {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly label?: string;
}

const global = (role: string): Endpoint => ({ layer: 'global', role });
const region = (role: string): Endpoint => ({ layer: 'region', role });
const APPS: Endpoint = { layer: 'apps' };
const STORAGE: Endpoint = { layer: 'storage' };

const GRAFANA = 'grafana/dashboards';
const QUERY = 'thanos/query';
const STORE = 'thanos/store';
const COMPACT = 'thanos/compact';
const RULE = 'thanos/rule';
const RECEIVE = 'thanos/receive';
const PROMETHEUS = 'prometheus/server';

/** Who calls whom in each pattern (the reference design's diagrams), by the roles the pattern's charts hold. */
const EDGES: Readonly<Record<FleetPatternName, readonly Edge[]>> = {
  hierarchical: [
    { from: global(GRAFANA), to: global(QUERY) },
    { from: global(RULE), to: global(QUERY) },
    { from: global(QUERY), to: global(STORE) },
    { from: global(QUERY), to: region(QUERY), label: 'gRPC' },
    { from: region(QUERY), to: region(STORE) },
    { from: region(QUERY), to: APPS, label: 'gRPC to sidecars' },
    { from: APPS, to: STORAGE, label: 'upload blocks' },
    { from: region(STORE), to: STORAGE },
    { from: global(STORE), to: STORAGE },
    { from: global(COMPACT), to: STORAGE },
    { from: global(RULE), to: STORAGE },
  ],
  receive: [
    { from: global(GRAFANA), to: global(QUERY) },
    { from: global(QUERY), to: global(RECEIVE) },
    { from: global(QUERY), to: global(STORE) },
    { from: APPS, to: global(RECEIVE), label: 'remote write' },
    { from: global(RECEIVE), to: STORAGE, label: 'upload blocks' },
    { from: global(STORE), to: STORAGE },
    { from: global(COMPACT), to: STORAGE },
  ],
  hybrid: [
    { from: global(GRAFANA), to: global(QUERY) },
    { from: global(QUERY), to: global(STORE) },
    { from: global(QUERY), to: region(QUERY), label: 'gRPC' },
    { from: region(QUERY), to: region(RECEIVE) },
    { from: APPS, to: region(RECEIVE), label: 'remote write' },
    { from: region(RECEIVE), to: STORAGE, label: 'upload blocks' },
    { from: global(STORE), to: STORAGE },
    { from: global(COMPACT), to: STORAGE },
  ],
  federation: [
    { from: global(PROMETHEUS), to: region(PROMETHEUS), label: 'federate' },
    { from: region(PROMETHEUS), to: APPS, label: 'federate' },
  ],
};

function id(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9]+/g, '_');
}

/**
 * The reference design's topology as a Mermaid flowchart, from the pattern's sizing report: one subgraph per monitoring
 * cluster with a node per role (pods and requests as synthesized), each region's application clusters collapsed into
 * one node (`cluster-001 … cluster-050`), and the shared bucket where the pattern keeps long-term data. Arrows point
 * from the caller to what it calls.
 */
export function fleetDiagram(fleet: Fleet, report: FleetSizingReport): string {
  const traits = PATTERN_TRAITS[report.pattern];
  const lines = [
    'graph TB',
    `  %% ${traits.title} (${report.pattern}, ${traits.id}): ${report.clusters} application clusters in ${fleet.regions.length} regions`,
  ];
  const global = report.charts.find((c) => c.layer === 'global');
  const regionChart = (name: string) => report.charts.find((c) => c.name === fleet.regionCharts[name]);
  const node = (chart: ChartSizing, role: string) => id(chart.name, role);
  for (const chart of report.charts) {
    lines.push(
      `  subgraph ${id(chart.name)}["${chart.name} · ${formatFootprint(chart.cpuCores, chart.memoryGiB)}"]`,
    );
    for (const r of chart.roles) {
      lines.push(
        `    ${node(chart, r.role)}["${r.role} ×${r.pods}<br/>${formatFootprint(r.cpuCores, r.memoryGiB)}"]`,
      );
    }
    lines.push('  end');
  }
  const perCluster = report.appClusterFootprint;
  for (const r of fleet.regions) {
    const names = r.clusters.map((c) => c.name);
    const count = `${names.length} cluster${names.length === 1 ? '' : 's'}`;
    lines.push(
      `  ${id('apps', r.name)}(["${nameRange(names)}<br/>${count} × ${formatFootprint(perCluster.cpuCores, perCluster.memoryGiB)}"])`,
    );
  }
  if (traits.longTermStorage) lines.push('  objstore[("object storage (S3 bucket)")]');

  // Each edge once per region it concerns: global ↔ global once, anything touching a region or its clusters per region.
  const resolve = (e: Endpoint, regionName: string): string | undefined => {
    if (e.layer === 'apps') return id('apps', regionName);
    if (e.layer === 'storage') return traits.longTermStorage ? 'objstore' : undefined;
    const chart = e.layer === 'global' ? global : regionChart(regionName);
    return chart?.roles.some((r) => r.role === e.role) ? node(chart, e.role) : undefined;
  };
  const seen = new Set<string>();
  for (const edge of EDGES[report.pattern]) {
    for (const r of fleet.regions) {
      const from = resolve(edge.from, r.name);
      const to = resolve(edge.to, r.name);
      if (from === undefined || to === undefined) continue;
      const line = `  ${from} -->${edge.label === undefined ? '' : `|${edge.label}|`} ${to}`;
      if (!seen.has(line)) lines.push(line);
      seen.add(line);
    }
  }
  return `${lines.join('\n')}\n`;
}
