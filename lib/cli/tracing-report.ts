import { LARGE_MIN_TRACES_PER_SECOND, SMALL_MAX_TRACES_PER_SECOND } from '../jaeger';
import { PlanDocument, formatNumber } from './document';
import { TracingPlan, TracingWorkload, WorkloadScaling } from './tracing-plan';

/** `plan --traces-per-second N --format json`. */
export interface TracingPlanJson {
  readonly tracesPerSecond: number;
  readonly profile: TracingPlan['profile']['name'];
  readonly pattern: TracingPlan['profile']['pattern'];
  readonly construct: string;
  readonly workloads: readonly TracingWorkload[];
  readonly totals: TracingPlan['totals'];
  /** What the plan needs but does not size. */
  readonly excludes: readonly string[];
}

/** What a profile needs besides Jaeger's own workloads. */
function excludes(plan: TracingPlan): string[] {
  switch (plan.profile.pattern) {
    case 'allInOne':
      return [];
    case 'direct':
      return ['Elasticsearch/OpenSearch'];
    case 'kafkaBuffered':
      return ['Elasticsearch/OpenSearch', 'Kafka'];
  }
}

/** The JSON of a tracing plan. */
export function tracingPlanJson(plan: TracingPlan): TracingPlanJson {
  return {
    tracesPerSecond: plan.profile.tracesPerSecond,
    profile: plan.profile.name,
    pattern: plan.profile.pattern,
    construct: plan.construct,
    workloads: plan.workloads.map((w) => ({ ...w, scaling: w.scaling === null ? null : { ...w.scaling } })),
    totals: { ...plan.totals },
    excludes: excludes(plan),
  };
}

function scalingText(scaling: WorkloadScaling | null): string {
  if (scaling === null) return 'fixed';
  if (scaling.kind === 'ScaledObject')
    return `KEDA on consumer lag, from ${scaling.minReplicas} to the partitions`;
  return `HPA on CPU, ${scaling.minReplicas} to ${scaling.maxReplicas}`;
}

/** The human-readable tracing plan. */
export function tracingPlanDocument(plan: TracingPlan): PlanDocument {
  const { profile } = plan;
  const pods = plan.workloads.reduce((n, w) => n + w.pods, 0);
  const outside = excludes(plan);
  return [
    {
      kind: 'heading',
      text: `Jaeger for ${formatNumber(profile.tracesPerSecond)} traces/s: ${profile.name} profile, ${plan.construct} (${profile.pattern})`,
    },
    {
      kind: 'paragraph',
      text:
        `Seed 000: small up to ${formatNumber(SMALL_MAX_TRACES_PER_SECOND)} traces/s (all-in-one), ` +
        `medium below ${formatNumber(LARGE_MIN_TRACES_PER_SECOND)} (collector and query on shared storage), ` +
        `large from ${formatNumber(LARGE_MIN_TRACES_PER_SECOND)} (collector → Kafka → ingester).`,
    },
    {
      kind: 'table',
      head: ['workload', 'kind', 'pods', 'CPU cores', 'memory GiB', 'scaling'],
      align: ['left', 'left', 'right', 'right', 'right', 'left'],
      rows: [
        ...plan.workloads.map((w) => [
          w.name,
          w.kind,
          formatNumber(w.pods),
          formatNumber(w.cpuCores),
          formatNumber(w.memoryGiB),
          scalingText(w.scaling),
        ]),
        [
          'total',
          '',
          formatNumber(pods),
          formatNumber(plan.totals.cpuCores),
          formatNumber(plan.totals.memoryGiB),
          '',
        ],
      ],
    },
    {
      kind: 'list',
      items: [
        `Requests at the minimum replicas, from the ${formatNumber(plan.objects)} objects ${plan.construct} synthesizes`,
        outside.length === 0
          ? 'Storage: in memory, inside the all-in-one pod'
          : `Not included: ${outside.join(' and ')}, sized on their own (EckElasticsearch${outside.includes('Kafka') ? ', KafkaCluster, sizeTopic' : ''})`,
      ],
    },
  ];
}
