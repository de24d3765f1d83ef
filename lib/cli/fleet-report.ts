import { Fleet, FleetSizingReport, PATTERN_TRAITS, PatternRecommendation, patternLabel } from '../fleet';
import { Align, Block, PlanDocument, formatFootprint, formatNumber, formatUsd, nameRange } from './document';
import { FleetCapacityJson, fleetCapacityBlocks, fleetCapacityJson } from './fleet-capacity';
import { FleetComparison, FleetPlan } from './fleet-plan';

/** `plan --format json` for one pattern: the contract scripts read (issue 7). Numbers are numbers. */
export interface FleetPlanJson {
  readonly pattern: FleetSizingReport['pattern'];
  readonly clusters: number;
  readonly regions: readonly { readonly name: string; readonly clusters: number }[];
  readonly charts: readonly {
    readonly name: string;
    readonly cpuCores: number;
    readonly memoryGiB: number;
  }[];
  readonly totals: { readonly cpuCores: number; readonly memoryGiB: number };
  readonly monthlyCostUsd: number;
  readonly recommendation: {
    readonly pattern: PatternRecommendation['pattern'];
    readonly reasons: readonly string[];
  };
  /** The capacity model: inputs (defaults marked), roles, object storage, network, cost lines, assumptions. */
  readonly capacity?: FleetCapacityJson;
  /** Requests per role over the monitoring clusters, as synthesized (the table's role rows). */
  readonly roles?: readonly {
    readonly role: string;
    readonly pods: number;
    readonly cpuCores: number;
    readonly memoryGiB: number;
  }[];
  /** What one application cluster runs, and all of them together. */
  readonly appClusters?: {
    readonly each: { readonly cpuCores: number; readonly memoryGiB: number };
    readonly total: { readonly cpuCores: number; readonly memoryGiB: number };
  };
  /** Objects synthesized across every chart. */
  readonly objects?: number;
}

function capacityOf(report: FleetSizingReport): FleetCapacityJson | undefined {
  if (report.capacity === undefined || report.cost === undefined) return undefined;
  return fleetCapacityJson(
    report.capacity,
    report.cost,
    report.regions.map((r) => r.name),
  );
}

function recommendationJson(r: PatternRecommendation): FleetPlanJson['recommendation'] {
  return { pattern: r.pattern, reasons: [...r.reasons] };
}

function reportJson(report: FleetSizingReport, recommendation: PatternRecommendation): FleetPlanJson {
  return {
    pattern: report.pattern,
    clusters: report.clusters,
    regions: report.regions.map((r) => ({ name: r.name, clusters: r.clusters })),
    charts: report.charts.map((c) => ({ name: c.name, cpuCores: c.cpuCores, memoryGiB: c.memoryGiB })),
    totals: { cpuCores: report.totals.cpuCores, memoryGiB: report.totals.memoryGiB },
    monthlyCostUsd: report.monthlyCostUsd,
    recommendation: recommendationJson(recommendation),
  };
}

/** The JSON of one plan. */
export function fleetPlanJson(plan: FleetPlan): FleetPlanJson {
  const capacity = capacityOf(plan.report);
  const r = plan.report;
  return {
    ...reportJson(r, plan.recommendation),
    ...(capacity ? { capacity } : {}),
    roles: r.roles.map((x) => ({ role: x.role, pods: x.pods, cpuCores: x.cpuCores, memoryGiB: x.memoryGiB })),
    appClusters: { each: { ...r.appClusterFootprint }, total: { ...r.appClustersTotal } },
    objects: r.objects,
  };
}

/** One pattern of `plan --compare --format json`: its plan, the reference design's traits and why it was ruled out. */
export interface ComparedPatternJson extends Omit<
  FleetPlanJson,
  'clusters' | 'regions' | 'recommendation' | 'capacity'
> {
  readonly id: string;
  readonly title: string;
  /** `null`: no limit. */
  readonly maxClusters: number | null;
  readonly longTermStorage: boolean;
  readonly queryHops: number;
  readonly clusterIsolation: string;
  readonly networkLoad: string;
  readonly operationalComplexity: string;
  /** Why the recommendation rules it out for this fleet; empty when it fits. */
  readonly ruledOut: readonly string[];
}

/** `plan --compare --format json`. */
export interface FleetComparisonJson {
  readonly clusters: number;
  readonly regions: FleetPlanJson['regions'];
  readonly patterns: readonly ComparedPatternJson[];
  readonly recommendation: FleetPlanJson['recommendation'];
}

/** The JSON of a comparison. */
export function fleetComparisonJson(comparison: FleetComparison): FleetComparisonJson {
  const { recommendation } = comparison;
  const plans = comparison.reports.map((report) => reportJson(report, recommendation));
  const first = plans[0];
  return {
    clusters: first?.clusters ?? 0,
    regions: first?.regions ?? [],
    patterns: plans.map((plan) => {
      const t = PATTERN_TRAITS[plan.pattern];
      return {
        pattern: plan.pattern,
        id: t.id,
        title: t.title,
        charts: plan.charts,
        totals: plan.totals,
        monthlyCostUsd: plan.monthlyCostUsd,
        maxClusters: Number.isFinite(t.maxClusters) ? t.maxClusters : null,
        longTermStorage: t.longTermStorage,
        queryHops: t.queryHops,
        clusterIsolation: t.clusterIsolation,
        networkLoad: t.networkLoad,
        operationalComplexity: t.operationalComplexity,
        ruledOut: [...(recommendation.rejected[plan.pattern] ?? [])],
      };
    }),
    recommendation: recommendationJson(recommendation),
  };
}

const RIGHT: Align = 'right';

function pods(report: FleetSizingReport): number {
  return report.roles.reduce((n, r) => n + r.pods, 0);
}

/** `4 regions of 50 (region-a … region-d)`, or with the smaller last region named. */
export function describeRegions(fleet: Fleet): string {
  const sizes = fleet.regions.map((r) => r.clusters.length);
  const names = nameRange(fleet.regions.map((r) => r.name));
  const [first = 0] = sizes;
  const last = sizes[sizes.length - 1] ?? 0;
  const count = `${sizes.length} region${sizes.length === 1 ? '' : 's'}`;
  if (sizes.every((s) => s === first)) return `${count} of ${first} (${names})`;
  return `${count} of ${first}, the last of ${last} (${names})`;
}

function recommendationBlocks(recommendation: PatternRecommendation, clusters: number): Block[] {
  return [
    {
      kind: 'paragraph',
      text: `The reference decision matrix recommends for ${clusters} clusters: ${patternLabel(recommendation.pattern)}`,
    },
    { kind: 'list', items: recommendation.reasons },
  ];
}

/** The human-readable plan of one pattern. */
export function fleetPlanDocument(plan: FleetPlan): PlanDocument {
  const { report, fleet } = plan;
  const t = PATTERN_TRAITS[report.pattern];
  const app = report.appClusterFootprint;
  return [
    {
      kind: 'heading',
      text: `${t.title} (${report.pattern}, ${t.id}): ${formatNumber(report.clusters)} application clusters in ${describeRegions(fleet)}`,
    },
    {
      kind: 'table',
      head: ['monitoring cluster', 'layer', 'pods', 'CPU cores', 'memory GiB'],
      align: ['left', 'left', RIGHT, RIGHT, RIGHT],
      rows: [
        ...report.charts.map((c) => [
          c.name,
          c.layer,
          formatNumber(c.roles.reduce((n, r) => n + r.pods, 0)),
          formatNumber(c.cpuCores),
          formatNumber(c.memoryGiB),
        ]),
        [
          'total',
          '',
          formatNumber(pods(report)),
          ...[report.totals.cpuCores, report.totals.memoryGiB].map(formatNumber),
        ],
      ],
    },
    {
      kind: 'table',
      head: ['role', 'pods', 'CPU cores', 'memory GiB'],
      align: ['left', RIGHT, RIGHT, RIGHT],
      rows: report.roles.map((r) => [
        r.role,
        formatNumber(r.pods),
        formatNumber(r.cpuCores),
        formatNumber(r.memoryGiB),
      ]),
    },
    {
      kind: 'list',
      items: [
        `Application clusters: ${report.clusters} × ${formatFootprint(app.cpuCores, app.memoryGiB)} = ${formatFootprint(report.appClustersTotal.cpuCores, report.appClustersTotal.memoryGiB)} (Prometheus in each cluster; the reference design leaves it out of the totals above)`,
        `Synthesized: ${formatNumber(report.objects)} objects in ${formatNumber(report.charts.length + report.clusters)} charts, one per target cluster`,
        `Cost: about ${formatUsd(report.monthlyCostUsd)}/month (the capacity model's, itemised below)`,
      ],
    },
    ...(capacityOf(report) ? fleetCapacityBlocks(capacityOf(report) as FleetCapacityJson) : []),
    ...recommendationBlocks(plan.recommendation, report.clusters),
  ];
}

/** The human-readable comparison: the four patterns side by side, as in the reference design's comparison table. */
export function fleetComparisonDocument(comparison: FleetComparison): PlanDocument {
  const { reports, recommendation, fleet } = comparison;
  const traits = reports.map((r) => PATTERN_TRAITS[r.pattern]);
  const clusters = fleet.clusters.length;
  const row = (label: string, cell: (report: FleetSizingReport, i: number) => string) => [
    label,
    ...reports.map(cell),
  ];
  const trait = (i: number) => traits[i] ?? PATTERN_TRAITS.hierarchical;
  const verdict = (report: FleetSizingReport) => {
    if (report.pattern === recommendation.pattern) return 'recommended';
    return recommendation.rejected[report.pattern] ? 'ruled out' : 'fits';
  };
  const ruledOut = reports.flatMap((r) => recommendation.rejected[r.pattern] ?? []);
  return [
    {
      kind: 'heading',
      text: `The reference design's patterns for ${formatNumber(clusters)} application clusters in ${describeRegions(fleet)}`,
    },
    {
      kind: 'paragraph',
      text: traits.map((t) => `${t.title} (${t.id})`).join(' · '),
    },
    {
      kind: 'table',
      head: ['', ...reports.map((r) => patternLabel(r.pattern))],
      align: ['left', ...reports.map(() => RIGHT)],
      rows: [
        row('monitoring clusters', (r) => formatNumber(r.charts.length)),
        row('pods', (r) => formatNumber(pods(r))),
        row('CPU cores (synthesized)', (r) => formatNumber(r.totals.cpuCores)),
        row('memory GiB (synthesized)', (r) => formatNumber(r.totals.memoryGiB)),
        row('per application cluster', (r) =>
          formatFootprint(r.appClusterFootprint.cpuCores, r.appClusterFootprint.memoryGiB),
        ),
        row('objects synthesized', (r) => formatNumber(r.objects)),
        row('cost/month (model)', (r) => formatUsd(r.monthlyCostUsd)),
        row('max clusters', (_, i) => {
          const max = trait(i).maxClusters;
          return Number.isFinite(max) ? formatNumber(max) : 'no limit';
        }),
        row('long-term storage', (_, i) => (trait(i).longTermStorage ? 'object storage' : 'none')),
        row('query hops', (_, i) => String(trait(i).queryHops)),
        row('cluster isolation', (_, i) => trait(i).clusterIsolation),
        row('network load', (_, i) => trait(i).networkLoad),
        row('operational complexity', (_, i) => trait(i).operationalComplexity),
        row(`for ${clusters} clusters`, verdict),
      ],
    },
    ...(ruledOut.length > 0
      ? [{ kind: 'paragraph', text: 'Ruled out:' } as Block, { kind: 'list', items: ruledOut } as Block]
      : []),
    ...recommendationBlocks(recommendation, clusters),
  ];
}
