import { App, Chart } from 'cdk8s';
import { Cpu, Memory, chartManifests, totalRequests, workloadRequests } from '../core';
import { externalSearch } from '../elasticsearch';
import { TracingLoad } from '../capacity/tracing';
import { JaegerProfile, jaegerForThroughput, jaegerProfile } from '../jaeger';
import { ExternalKafka } from '../kafka';

/**
 * What a tracing plan synthesizes with: an Elasticsearch and a Kafka cluster outside the plan (they have their own
 * sizing: `EckElasticsearch`, `KafkaCluster`, `sizeTopic`). The topic's partitions only bound the ingesters'
 * maximum, which the plan does not count.
 */
export const TRACING_PLACEHOLDERS = {
  namespace: 'tracing',
  searchUrl: 'https://elasticsearch.tracing.example:9200',
  kafkaBootstrapServers: 'kafka.tracing.example:9092',
  topicName: 'jaeger-spans',
  partitions: 12,
} as const;

/** The construct each of the reference tracing design's profiles is. */
export const JAEGER_PATTERN_CONSTRUCTS: Readonly<Record<JaegerProfile['pattern'], string>> = {
  allInOne: 'JaegerAllInOne',
  direct: 'JaegerDirect',
  kafkaBuffered: 'JaegerKafkaBuffered',
};

/** How a workload scales, read from the autoscaler that targets it. */
export interface WorkloadScaling {
  readonly kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  readonly minReplicas: number;
  /** `null` for a KEDA-scaled ingester: its maximum is the topic's partitions. */
  readonly maxReplicas: number | null;
}

/** One Deployment or StatefulSet of the plan, with its requests. */
export interface TracingWorkload {
  readonly kind: string;
  readonly name: string;
  readonly pods: number;
  readonly cpuCores: number;
  readonly memoryGiB: number;
  readonly scaling: WorkloadScaling | null;
}

/** The reference tracing design's profile for a throughput, and what its pattern synthesizes. */
export interface TracingPlan {
  readonly profile: JaegerProfile;
  readonly construct: string;
  readonly workloads: readonly TracingWorkload[];
  readonly totals: { readonly cpuCores: number; readonly memoryGiB: number };
  /** Objects the pattern synthesizes (Deployments, Services, ConfigMaps, autoscalers, policies, jobs). */
  readonly objects: number;
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const round = (n: number) => Math.round(n * 1000) / 1000;
const cores = (cpu: Cpu) => round(cpu.millis / 1000);
const gib = (memory: Memory) => round(memory.bytes / 2 ** 30);

function scalingOf(manifests: readonly Obj[], name: string): WorkloadScaling | null {
  const autoscaler = manifests.find(
    (m) =>
      (m.kind === 'HorizontalPodAutoscaler' || m.kind === 'ScaledObject') &&
      m.spec?.scaleTargetRef?.name === name,
  );
  if (autoscaler === undefined) return null;
  if (autoscaler.kind === 'ScaledObject') {
    return { kind: 'ScaledObject', minReplicas: autoscaler.spec.minReplicaCount ?? 0, maxReplicas: null };
  }
  return {
    kind: 'HorizontalPodAutoscaler',
    minReplicas: autoscaler.spec.minReplicas ?? 1,
    maxReplicas: autoscaler.spec.maxReplicas,
  };
}

/**
 * The reference tracing design's profile for `tracesPerSecond`, and the requests of the pattern it picks, synthesized
 * in memory with {@link jaegerForThroughput} over placeholder storage and Kafka ({@link TRACING_PLACEHOLDERS}).
 */
export function planTracing(
  tracesPerSecond: number,
  load: Omit<TracingLoad, 'tracesPerSecond'> = {},
): TracingPlan {
  const profile = jaegerProfile(tracesPerSecond, undefined, load);
  const app = new App({ outdir: 'plan.out' });
  const chart = new Chart(app, 'tracing', { namespace: TRACING_PLACEHOLDERS.namespace });
  const kafka = new ExternalKafka(chart, 'kafka', {
    bootstrapServers: TRACING_PLACEHOLDERS.kafkaBootstrapServers,
  });
  jaegerForThroughput(chart, 'jaeger', {
    tracesPerSecond,
    load,
    storage: {
      connection: externalSearch({ engine: 'elasticsearch', serverUrls: [TRACING_PLACEHOLDERS.searchUrl] }),
    },
    kafka: {
      endpoint: kafka,
      topicName: TRACING_PLACEHOLDERS.topicName,
      // The topic the model sizes (sizeTopic): enough partitions for the ingesters that drain an outage.
      partitions: profile.capacity.topic?.partitions ?? TRACING_PLACEHOLDERS.partitions,
    },
  });
  const manifests = chartManifests(chart) as Obj[];
  const workloads = workloadRequests(manifests).map((w) => ({
    kind: w.kind,
    name: w.name,
    pods: w.replicas,
    cpuCores: cores(w.cpu),
    memoryGiB: gib(w.memory),
    scaling: scalingOf(manifests, w.name),
  }));
  const total = totalRequests(manifests);
  return {
    profile,
    construct: JAEGER_PATTERN_CONSTRUCTS[profile.pattern],
    workloads,
    totals: { cpuCores: cores(total.cpu), memoryGiB: gib(total.memory) },
    objects: manifests.length,
  };
}
