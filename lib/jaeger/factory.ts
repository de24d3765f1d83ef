import { Construct } from 'constructs';
import { TracingLoad } from '../capacity/tracing';
import { ErrorCode, MonitoringOptions, ObservabilityConstructError } from '../core';
import { JaegerAllInOne, JaegerAllInOneProps } from './all-in-one';
import { JaegerDirect, JaegerPatternProps } from './direct';
import { JaegerKafkaBuffered, JaegerKafkaIngesterOptions, JaegerKafkaTopic } from './kafka-buffered';
import { jaegerProfile } from './sizing';

export interface JaegerForThroughputProps {
  /** Peak traces per second the installation must take. */
  readonly tracesPerSecond: number;
  /** @default the construct id */
  readonly name?: string;
  readonly namespace?: string;
  readonly image?: string;
  readonly monitoring?: MonitoringOptions;
  /** Shared search storage; required from the medium profile (> 1 000 traces/s) on. */
  readonly storage?: JaegerPatternProps['storage'];
  /** The Kafka topic; required from the large profile (≥ 10 000 traces/s) on. */
  readonly kafka?: JaegerKafkaTopic;
  /**
   * The rest of the load the capacity model sizes from (spans per trace, bytes per span, peak factor, the spans/s
   * one ingester and one collector take, retention, outage window). @default DEFAULT_TRACING_LOAD
   */
  readonly load?: Omit<TracingLoad, 'tracesPerSecond'>;
  /** Collector overrides (replicas, resources …); they win over the model's. @default the model's */
  readonly collector?: JaegerPatternProps['collector'];
  /** Query overrides. @default the profile's */
  readonly query?: JaegerPatternProps['query'];
  /** Ingester overrides (large profile); `minReplicas` wins over the model's ingesters. @default the model's */
  readonly ingester?: JaegerKafkaIngesterOptions;
  /** Options of the all-in-one in the small profile. */
  readonly allInOne?: Omit<JaegerAllInOneProps, 'name' | 'namespace' | 'image' | 'monitoring'>;
}

/**
 * The reference design's advice as code: picks `JaegerAllInOne` (≤ 1 000 traces/s), `JaegerDirect` (to 10 000) or
 * `JaegerKafkaBuffered` (from 10 000) for the throughput, with the profile's replicas and resources.
 */
export function jaegerForThroughput(
  scope: Construct,
  id: string,
  props: JaegerForThroughputProps,
): JaegerAllInOne | JaegerDirect | JaegerKafkaBuffered {
  const context = { construct: 'jaegerForThroughput', path: `${scope.node.path}/${id}` };
  const profile = jaegerProfile(props.tracesPerSecond, context, props.load);
  const capacity = profile.capacity;
  const common = {
    name: props.name,
    namespace: props.namespace,
    image: props.image,
    monitoring: props.monitoring,
  };
  if (profile.pattern === 'allInOne') return new JaegerAllInOne(scope, id, { ...props.allInOne, ...common });
  if (props.storage === undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'storage',
      problem: `is required at ${props.tracesPerSecond} traces/s (${profile.name} profile): collectors and queries share Elasticsearch/OpenSearch`,
      value: undefined,
      fix: 'give storage: { connection: eck.connection } or an externalSearch(...) connection',
    });
  }
  if (profile.pattern === 'direct') {
    return new JaegerDirect(scope, id, {
      ...common,
      storage: props.storage,
      profile: 'medium',
      collector: { replicas: capacity.collectors, ...props.collector },
      query: props.query,
    });
  }
  if (props.kafka === undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'kafka',
      problem: `is required at ${props.tracesPerSecond} traces/s (large profile): spans go through Kafka`,
      value: undefined,
      fix: 'give kafka: { topic } with a KafkaTopic, or { endpoint, topicName, partitions } for an existing cluster',
    });
  }
  const partitions = 'topic' in props.kafka ? props.kafka.topic.partitions : props.kafka.partitions;
  const ingesters = props.ingester?.minReplicas ?? (capacity.ingesters as number);
  if (partitions < ingesters) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'kafka',
      problem: `has ${partitions} partitions, and ${props.tracesPerSecond} traces/s × ${capacity.load.spansPerTrace} spans at ${capacity.load.ingesterSpansPerSecond} spans/s per ingester needs ${ingesters} ingesters, one partition each`,
      value: partitions,
      fix: `give the topic at least ${capacity.topic?.partitions ?? ingesters} partitions (sizeTopic sizes it for the outage window too), or measure load.ingesterSpansPerSecond`,
    });
  }
  return new JaegerKafkaBuffered(scope, id, {
    ...common,
    storage: props.storage,
    kafka: props.kafka,
    profile: 'large',
    collector: { replicas: capacity.collectors, ...props.collector },
    query: props.query,
    ingester: { ...props.ingester, minReplicas: ingesters },
  });
}
