import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  contextOf,
  requireWholeNumber,
  standardLabels,
  requireProp,
} from '../core';
import { KafkaCluster } from './cluster';
import {
  DEFAULT_SEGMENT_BYTES,
  STRIMZI_API_VERSION,
  STRIMZI_CLUSTER_LABEL,
  TopicSizing,
  checkMinInsync,
  checkTopicName,
  topicResourceName,
} from './config';

/** Compression a topic stores batches with (`producer` keeps what the producer sent). */
export type KafkaCompressionType = 'producer' | 'zstd' | 'lz4' | 'snappy' | 'gzip' | 'uncompressed';

/** Topic-level config; each unset key inherits the broker's. */
export interface KafkaTopicConfig {
  /** `retention.ms`. @default the broker's (7 days) */
  readonly retentionMs?: number;
  /** `retention.bytes`, per partition. @default the broker's (unlimited) */
  readonly retentionBytes?: number;
  /** `segment.bytes`. @default the broker's (1 GiB) */
  readonly segmentBytes?: number;
  /** `compression.type`. @default the broker's (`producer`) */
  readonly compressionType?: KafkaCompressionType;
  /** `min.insync.replicas`. @default the cluster's */
  readonly minInsyncReplicas?: number;
  /** `max.message.bytes`: the largest record batch. @default the broker's (1 MiB) */
  readonly maxMessageBytes?: number;
  /** `cleanup.policy`. @default the broker's (`delete`) */
  readonly cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
}

export interface KafkaTopicProps {
  readonly cluster: KafkaCluster;
  /** The topic's name in Kafka. @default the construct id */
  readonly topicName?: string;
  /**
   * Partitions, retention and replication computed by `sizeTopic`. Do not combine with `partitions`, `replicas` or
   * the retention and segment config it sets.
   * @default none
   */
  readonly sizing?: TopicSizing;
  /** @default the sizing's, else the cluster's broker count */
  readonly partitions?: number;
  /** Replication factor. @default the sizing's, else the cluster's `default.replication.factor` */
  readonly replicas?: number;
  /** @default none: everything inherits the broker config */
  readonly config?: KafkaTopicConfig;
  /** Accept `min.insync.replicas` equal to `replicas` (one broker down stops writes). @default false */
  readonly allowMinInsyncEqualsReplicas?: boolean;
}

const COMPRESSION = ['producer', 'zstd', 'lz4', 'snappy', 'gzip', 'uncompressed'];
const CLEANUP = ['delete', 'compact', 'compact,delete'];

/**
 * A `KafkaTopic` managed by Strimzi's Topic Operator, in the cluster's namespace (the one it watches). Checks what
 * Kafka or the cluster would reject or what would lose data: partitions, replicas against brokers,
 * `min.insync.replicas` against replicas, the name, and whether the brokers' disks hold what it retains.
 */
export class KafkaTopic extends Construct {
  public readonly cluster: KafkaCluster;
  /** The topic's name in Kafka: give this to producers, consumers and autoscalers. */
  public readonly topicName: string;
  public readonly partitions: number;
  public readonly replicas: number;
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: KafkaTopicProps) {
    super(scope, id);
    const context = contextOf(this, 'KafkaTopic');
    const cluster = requireProp(
      props.cluster,
      context,
      'cluster',
      'pass the KafkaCluster that holds the topic',
    );
    this.cluster = cluster;
    this.topicName = checkTopicName(props.topicName ?? id, context, 'topicName');
    const sizing = props.sizing;
    const config = props.config ?? {};
    if (sizing) {
      const clash = (
        [
          ['partitions', props.partitions],
          ['replicas', props.replicas],
          ['config.retentionMs', config.retentionMs],
          ['config.retentionBytes', config.retentionBytes],
          ['config.segmentBytes', config.segmentBytes],
        ] as const
      ).find(([, v]) => v !== undefined);
      if (clash) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INCOMPATIBLE_PROPS,
          prop: clash[0],
          problem: 'cannot be set together with sizing, which computes it',
          value: clash[1],
          fix: `leave ${clash[0]} out, or size the topic by hand without sizing`,
        });
      }
    }
    this.partitions = props.partitions ?? sizing?.partitions ?? cluster.brokers;
    this.replicas = props.replicas ?? sizing?.replicationFactor ?? cluster.defaultReplicationFactor;
    const retentionMs = config.retentionMs ?? sizing?.retentionMs;
    const retentionBytes = config.retentionBytes ?? sizing?.retentionBytes;
    const segmentBytes = config.segmentBytes ?? sizing?.segmentBytes;

    requireWholeNumber(
      this.partitions,
      1,
      context,
      'partitions',
      'use at least as many partitions as consumers',
    );
    requireWholeNumber(this.replicas, 1, context, 'replicas', 'use 3');
    if (this.replicas > cluster.brokers) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'replicas',
        problem: `must not exceed the ${cluster.brokers} broker(s) of KafkaCluster '${cluster.node.path}': each replica needs its own broker`,
        value: this.replicas,
        fix: `set replicas to ${cluster.brokers} or less, or add brokers`,
      });
    }
    const minInsync = config.minInsyncReplicas ?? cluster.minInsyncReplicas;
    requireWholeNumber(minInsync, 1, context, 'config.minInsyncReplicas', 'use 2 with 3 replicas');
    checkMinInsync(
      minInsync,
      this.replicas,
      (props.allowMinInsyncEqualsReplicas ?? false) || cluster.preset === 'dev',
      context,
      'config.minInsyncReplicas',
      'replicas',
    );
    for (const [prop, value] of [
      ['config.retentionMs', retentionMs],
      ['config.retentionBytes', retentionBytes],
      ['config.segmentBytes', segmentBytes],
      ['config.maxMessageBytes', config.maxMessageBytes],
    ] as const) {
      if (value !== undefined)
        requireWholeNumber(value, 1, context, prop, 'write it in whole milliseconds or bytes');
    }
    oneOf(config.compressionType, COMPRESSION, context, 'config.compressionType');
    oneOf(config.cleanupPolicy, CLEANUP, context, 'config.cleanupPolicy');

    if (retentionMs !== undefined) cluster.registerTopicRetention(this.topicName, retentionMs);
    if (retentionBytes !== undefined) {
      const replicasPerBroker = Math.ceil((this.partitions * this.replicas) / cluster.brokers);
      const perBroker = replicasPerBroker * (retentionBytes + (segmentBytes ?? DEFAULT_SEGMENT_BYTES));
      cluster.reserveBrokerDisk(
        perBroker,
        context,
        sizing ? 'sizing' : 'config.retentionBytes',
        sizing ? `${this.partitions} partitions × ${retentionBytes} bytes` : retentionBytes,
      );
    }

    // Only what the user (or the sizing) decided is written; the rest inherits the broker config.
    const topicConfig: Record<string, string | number> = {};
    if (retentionMs !== undefined) topicConfig['retention.ms'] = retentionMs;
    if (retentionBytes !== undefined) topicConfig['retention.bytes'] = retentionBytes;
    if (segmentBytes !== undefined) topicConfig['segment.bytes'] = segmentBytes;
    if (config.compressionType !== undefined) topicConfig['compression.type'] = config.compressionType;
    if (config.minInsyncReplicas !== undefined) topicConfig['min.insync.replicas'] = config.minInsyncReplicas;
    if (config.maxMessageBytes !== undefined) topicConfig['max.message.bytes'] = config.maxMessageBytes;
    if (config.cleanupPolicy !== undefined) topicConfig['cleanup.policy'] = config.cleanupPolicy;

    const resource = topicResourceName(this.topicName);
    this.apiObject = new ApiObject(this, 'topic', {
      apiVersion: STRIMZI_API_VERSION,
      kind: 'KafkaTopic',
      metadata: {
        name: resource.name,
        namespace: cluster.namespace,
        labels: {
          ...standardLabels({
            name: 'kafka',
            instance: cluster.name,
            component: 'topic',
            version: cluster.version,
          }),
          [STRIMZI_CLUSTER_LABEL]: cluster.name,
        },
      },
      spec: {
        topicName: resource.topicName,
        partitions: this.partitions,
        replicas: this.replicas,
        config: Object.keys(topicConfig).length > 0 ? topicConfig : undefined,
      },
    });
  }
}

function oneOf(value: string | undefined, allowed: string[], context: ErrorContext, prop: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      value,
      fix: `use '${allowed[0]}'`,
    });
  }
}
