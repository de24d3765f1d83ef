import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  ObservabilityConstructError,
  ResourceSpec,
  contextOf,
  defaultMetricsScrapers,
} from '../core';
import { DEFAULT_COLLECTOR_RESOURCES } from './collector';
import { DEFAULT_BATCH, PORT_NAMES, buildIngesterConfig, policyPorts } from './config';
import { JaegerConfig } from './config/types';
import { KafkaClientPlumbing } from './kafka-plumbing';
import { JaegerComponentProps, JaegerRole, deployJaegerRole, jaegerPolicy, resolveComponent } from './role';
import { JaegerSearchStorage } from './storage/search-storage';
import { BatchSettings, checkBatch } from './validation';

/** The ingester drains Kafka at the collector's pace: the resources the reference design gives a collector. */
export const DEFAULT_INGESTER_RESOURCES: ResourceSpec = DEFAULT_COLLECTOR_RESOURCES;

export interface JaegerIngesterProps extends JaegerComponentProps {
  readonly storage: JaegerSearchStorage;
  /** The Kafka client, from the topic's cluster. */
  readonly kafka: KafkaClientPlumbing;
  readonly topic: string;
  readonly encoding: 'otlp_proto' | 'otlp_json';
  /** One consumer group per pipeline. */
  readonly consumerGroup: string;
  /**
   * Mark offsets only after the pipeline returned, with no batch processor. Not at-least-once into storage: Jaeger
   * 2.20.0's Elasticsearch/OpenSearch writer returns once its bulk indexer has queued the documents. @default true
   */
  readonly markAfterPipeline?: boolean;
  /** Minimum replicas; an autoscaler on consumer lag owns the count. */
  readonly minReplicas: number;
  /** Maximum replicas (at most the topic's partitions). */
  readonly maxReplicas: number;
  /** Batch settings when offsets are marked on receipt (`markAfterPipeline: false`). @default DEFAULT_BATCH */
  readonly batch?: Partial<BatchSettings>;
}

/**
 * Kafka in, Elasticsearch/OpenSearch out. Its replica count belongs to a consumer-lag autoscaler; it serves only
 * metrics and health. Offsets are marked after the pipeline returned, so an ingester that dies mid-batch re-reads
 * it; spans already handed to Jaeger's bulk indexer are not covered (see `JaegerKafkaBufferedProps.storageGate`).
 */
export class JaegerIngester extends Construct implements IEndpointSource {
  public readonly config: JaegerConfig;
  public readonly role: JaegerRole;
  public readonly podSelector: Readonly<Record<string, string>>;
  public readonly endpoints: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: JaegerIngesterProps) {
    super(scope, id);
    const context = contextOf(this, 'JaegerIngester');
    const component = resolveComponent(this, props, 'ingester', DEFAULT_INGESTER_RESOURCES, context);
    const markAfterPipeline = props.markAfterPipeline ?? true;
    if (markAfterPipeline && props.batch !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'batch',
        problem:
          'has no effect when offsets are marked after the pipeline: a batch would acknowledge messages before they are written',
        value: props.batch,
        fix: 'drop batch, or set markAfterPipeline: false',
      });
    }
    this.config = buildIngesterConfig({
      backend: props.storage.backend,
      kafka: {
        ...props.kafka.client,
        topic: props.topic,
        encoding: props.encoding,
        groupId: props.consumerGroup,
        markAfterPipeline,
      },
      memoryLimitMib: Math.floor(component.resources.requests.memory.mebibytes),
      batch: checkBatch({ ...DEFAULT_BATCH, ...props.batch }, context),
      logLevel: component.logLevel,
    });
    this.role = deployJaegerRole(this, {
      ...component,
      config: this.config,
      replicas: props.minReplicas,
      externallyScaledMax: props.maxReplicas,
      volumes: [...props.storage.plumbing.volumes, ...props.kafka.volumes],
      initContainers: props.storage.writerInitContainers,
      env: [...props.storage.plumbing.env, ...props.kafka.env],
      externalSecrets: [...new Set([...props.storage.plumbing.secrets, ...props.kafka.secrets])].sort(),
      networkPolicy: jaegerPolicy(
        props,
        [
          {
            peers: props.metricsScrapers ?? defaultMetricsScrapers(),
            ports: policyPorts(this.config, 'metrics'),
          },
        ],
        [...props.kafka.egress, ...props.storage.egressRules],
      ),
      monitoring: props.monitoring,
    });
    this.podSelector = component.selector;
    this.endpoints = { metrics: this.role.url(PORT_NAMES.metrics) };
  }
}
