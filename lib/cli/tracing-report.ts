import { DEFAULT_TRACING_LOAD, TracingCapacity } from '../capacity/tracing';
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
  /** What the plan needs but does not synthesize. */
  readonly excludes: readonly string[];
  /** The capacity model's inputs, each with whether it took its default. */
  readonly inputs: readonly { readonly name: string; readonly value: number; readonly default: boolean }[];
  /** What the model derives: collectors, ingesters, the Kafka topic, Elasticsearch. */
  readonly capacity: TracingCapacityJson;
}

/** The derived numbers of the tracing model, flat for diffing. */
export interface TracingCapacityJson {
  readonly tier: TracingCapacity['tier'];
  readonly spansPerSecond: number;
  readonly peakSpansPerSecond: number;
  readonly collectors: number;
  readonly queries: number;
  readonly ingesters: number | null;
  readonly maxIngesters: number | null;
  readonly kafka: {
    readonly partitions: number;
    readonly brokers: number;
    readonly retentionHours: number;
    readonly diskGiBPerBroker: number;
  } | null;
  readonly elasticsearch: {
    readonly gbPerDay: number;
    readonly retentionDays: number;
    readonly diskGiB: number;
    readonly nodes: number;
    readonly storagePerNodeGiB: number;
    readonly primaryShardsPerDay: number;
    readonly totalShards: number;
    readonly shardsPerNode: number;
    readonly heapGiBPerNode: number;
  } | null;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The model's numbers for the plan. */
export function tracingCapacityJson(c: TracingCapacity): TracingCapacityJson {
  return {
    tier: c.tier,
    spansPerSecond: c.spansPerSecond,
    peakSpansPerSecond: c.peakSpansPerSecond,
    collectors: c.collectors,
    queries: c.queries,
    ingesters: c.ingesters ?? null,
    maxIngesters: c.maxIngesters ?? null,
    kafka: c.topic
      ? {
          partitions: c.topic.partitions,
          brokers: c.load.brokers,
          retentionHours: r1(c.topic.retentionMs / 3_600_000),
          diskGiBPerBroker: Math.ceil(c.topic.minBrokerStorageBytes / 2 ** 30),
        }
      : null,
    elasticsearch: c.search
      ? {
          gbPerDay: r1(c.search.bytesPerDay / 1e9),
          retentionDays: c.load.retentionDays,
          diskGiB: Math.ceil(c.search.diskBytes / 2 ** 30),
          nodes: c.search.nodes,
          storagePerNodeGiB: c.search.storagePerNodeGiB,
          primaryShardsPerDay: c.search.primaryShardsPerDay,
          totalShards: c.search.totalShards,
          shardsPerNode: c.search.shardsPerNode,
          heapGiBPerNode: c.search.heapGiBPerNode,
        }
      : null,
  };
}

/** The model's inputs, defaults marked. */
export function tracingInputs(c: TracingCapacity): TracingPlanJson['inputs'] {
  const load = c.load as unknown as Record<string, number>;
  return [
    { name: 'tracesPerSecond', value: c.load.tracesPerSecond, default: false },
    ...Object.keys(DEFAULT_TRACING_LOAD).map((name) => ({
      name,
      value: load[name] as number,
      default: c.load.defaulted.includes(name),
    })),
  ];
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
    inputs: tracingInputs(plan.profile.capacity),
    capacity: tracingCapacityJson(plan.profile.capacity),
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
        `The reference design: small up to ${formatNumber(SMALL_MAX_TRACES_PER_SECOND)} traces/s (all-in-one), ` +
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
    ...capacitySections(plan.profile.capacity),
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

/** The model's inputs and derived numbers as tables. */
function capacitySections(c: TracingCapacity): PlanDocument {
  const j = tracingCapacityJson(c);
  const rows: string[][] = [
    ['spans/s', formatNumber(j.spansPerSecond), 'traces/s × spans per trace'],
    [
      'collectors',
      formatNumber(j.collectors),
      'peak spans/s ÷ spans/s per collector, at least the tier minimum',
    ],
    ['queries', formatNumber(j.queries), 'the tier minimum'],
  ];
  if (j.ingesters !== null) {
    rows.push(['ingesters', formatNumber(j.ingesters), 'peak spans/s ÷ spans/s per ingester (KEDA minimum)']);
    rows.push([
      'ingesters to drain an outage',
      formatNumber(j.maxIngesters ?? 0),
      'live traffic + the backlog within the window',
    ]);
  }
  if (j.kafka !== null) {
    rows.push([
      'Kafka partitions',
      formatNumber(j.kafka.partitions),
      'at least the draining ingesters, a multiple of the brokers',
    ]);
    rows.push([
      'Kafka disk per broker',
      `${formatNumber(j.kafka.diskGiBPerBroker)} GiB`,
      `${j.kafka.retentionHours} h of spans × replication, under 85 % use`,
    ]);
  }
  if (j.elasticsearch !== null) {
    const e = j.elasticsearch;
    rows.push(['Elasticsearch GB/day', formatNumber(e.gbPerDay), 'spans/s × bytes per span × 86 400']);
    rows.push([
      'Elasticsearch disk',
      `${formatNumber(e.diskGiB)} GiB`,
      `× ${e.retentionDays} days × (1 + 1 replica) ÷ 0.85 low watermark`,
    ]);
    rows.push([
      'Elasticsearch data nodes',
      `${formatNumber(e.nodes)} × ${formatNumber(e.storagePerNodeGiB)} GiB`,
      'at most 2 TiB a node',
    ]);
    rows.push([
      'primary shards per day',
      formatNumber(e.primaryShardsPerDay),
      '50 GB shards (rollover max_size)',
    ]);
    rows.push([
      'shards per node',
      formatNumber(e.shardsPerNode),
      'every retained day, primaries and replicas',
    ]);
    rows.push([
      'heap per node',
      `${formatNumber(e.heapGiBPerNode)} GiB`,
      'half the node memory (4 GiB default), at most 26 GiB',
    ]);
  }
  return [
    {
      kind: 'table',
      head: ['input', 'value', ''],
      align: ['left', 'right', 'left'],
      rows: tracingInputs(c).map((i) => [i.name, formatNumber(i.value), i.default ? '(default)' : '']),
    },
    { kind: 'table', head: ['derived', 'value', 'from'], align: ['left', 'right', 'left'], rows },
  ];
}
