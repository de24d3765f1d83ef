import { Construct } from 'constructs';
import { ErrorCode, MonitoringOptions, ObservabilityConstructError } from '../core';
import { JaegerAllInOne, JaegerAllInOneProps } from './all-in-one';
import { JaegerDirect, JaegerPatternProps } from './direct';
import { JaegerKafkaBuffered, JaegerKafkaTopic } from './kafka-buffered';
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
  /** Options of the all-in-one in the small profile. */
  readonly allInOne?: Omit<JaegerAllInOneProps, 'name' | 'namespace' | 'image' | 'monitoring'>;
}

/**
 * Seed 000's advice as code: picks `JaegerAllInOne` (≤ 1 000 traces/s), `JaegerDirect` (to 10 000) or
 * `JaegerKafkaBuffered` (from 10 000) for the throughput, with the profile's replicas and resources.
 */
export function jaegerForThroughput(
  scope: Construct,
  id: string,
  props: JaegerForThroughputProps,
): JaegerAllInOne | JaegerDirect | JaegerKafkaBuffered {
  const context = { construct: 'jaegerForThroughput', path: `${scope.node.path}/${id}` };
  const profile = jaegerProfile(props.tracesPerSecond, context);
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
    return new JaegerDirect(scope, id, { ...common, storage: props.storage, profile: 'medium' });
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
  return new JaegerKafkaBuffered(scope, id, {
    ...common,
    storage: props.storage,
    kafka: props.kafka,
    profile: 'large',
  });
}
