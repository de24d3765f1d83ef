import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  ObservabilityConstructError,
  contextOf,
  podPeer,
  resolveName,
  resolveNamespace,
  selectorLabels,
} from '../core';
import {
  IKafkaEndpoint,
  KafkaConsumerLagAutoscaler,
  KafkaConsumerLagAutoscalerProps,
  KafkaTopic,
  KafkaUser,
} from '../kafka';
import { JaegerCollector } from './collector';
import { JaegerAlertTargets } from './alerts';
import { jaegerPipelineDashboard } from './dashboard';
import { Dashboard } from '../grafana';
import {
  JaegerPatternProps,
  PROFILE_RATES,
  checkPatternStorage,
  jaegerRolePlacement,
  patternAlerts,
  patternQuery,
} from './direct';
import { JaegerIngester, JaegerIngesterProps } from './ingester';
import { kafkaClientPlumbing } from './kafka-plumbing';
import { JaegerQuery } from './query';
import { JaegerProfileName, jaegerProfile } from './sizing';
import { JaegerSearchStorage } from './storage/search-storage';
import { storageHealthGate } from './storage/health-gate';

/** The span encoding on the topic unless told otherwise: OTLP protobuf, what Jaeger's own Kafka configs use. */
export const DEFAULT_SPAN_ENCODING = 'otlp_proto';
/** JaegerKafkaBuffered sizes its roles by the reference design's large profile unless told otherwise. */
export const DEFAULT_BUFFERED_PROFILE = 'large';
/** The reference design runs at least 2 ingesters, also when a smaller profile is chosen. */
export const DEFAULT_MIN_INGESTERS = 2;
/** The ingesters stop while the storage is down unless told otherwise. */
export const DEFAULT_STORAGE_GATE = true;
/** Consumer lag above which alerts fire, in messages. */
export const DEFAULT_MAX_CONSUMER_LAG_ALERT = 1_000_000;

/**
 * The peers of a `JaegerKafkaBuffered` named `name` that talk to Kafka (its collectors and ingesters), for a
 * `KafkaCluster`'s `networkPolicy.clients` when the cluster is created before the pattern.
 */
export function jaegerKafkaClients(name: string, namespace?: string): k8s.NetworkPolicyPeer[] {
  return (['collector', 'ingester'] as const).map((component) =>
    podPeer(selectorLabels({ name: 'jaeger', instance: `${name}-${component}`, component }), namespace),
  );
}

/** The topic spans travel through: one of the library's `KafkaTopic`s, or a topic on a cluster it does not manage. */
export type JaegerKafkaTopic =
  | { readonly topic: KafkaTopic }
  | { readonly endpoint: IKafkaEndpoint; readonly topicName: string; readonly partitions: number };

/** Ingester options: its resources, scaling bounds and lag autoscaler. */
export interface JaegerKafkaIngesterOptions extends Omit<
  JaegerIngesterProps,
  | 'name'
  | 'namespace'
  | 'storage'
  | 'kafka'
  | 'topic'
  | 'encoding'
  | 'consumerGroup'
  | 'markAfterPipeline'
  | 'minReplicas'
  | 'maxReplicas'
  | 'image'
  | 'monitoring'
> {
  /** @default the profile's ingester count (2 in the reference design's large profile) */
  readonly minReplicas?: number;
  /** At most the topic's partitions (checked). @default the topic's partitions */
  readonly maxReplicas?: number;
  /** Lag autoscaler settings (`lagThreshold`, `activationLagThreshold`, `cooldownSeconds`, `keda: false` …). */
  readonly autoscaler?: Omit<
    KafkaConsumerLagAutoscalerProps,
    | 'target'
    | 'endpoint'
    | 'topic'
    | 'consumerGroup'
    | 'user'
    | 'lagReader'
    | 'minReplicas'
    | 'maxReplicas'
    | 'allowIdleConsumers'
  >;
}

export interface JaegerKafkaBufferedProps extends JaegerPatternProps {
  /** The reference design's profile whose replica counts are the defaults. @default 'large' */
  readonly profile?: Exclude<JaegerProfileName, 'small'>;
  readonly kafka: JaegerKafkaTopic;
  /** Identical on both sides by construction. @default DEFAULT_SPAN_ENCODING */
  readonly encoding?: 'otlp_proto' | 'otlp_json';
  /** The ingesters' consumer group; unique to this instance. @default `<name>-ingester` */
  readonly consumerGroup?: string;
  /**
   * The ingester marks offsets only after its pipeline returned (`message_marking.after`), the exporter has no queue,
   * and there is no batch processor: an ingester that dies mid-batch re-reads it. This is NOT at-least-once into
   * storage: Jaeger v2.20.0's Elasticsearch/OpenSearch writer returns as soon as its bulk indexer has queued the
   * documents, and the indexer drops (and only counts) what the engine refuses. What protects spans during an
   * outage is the storage gate (`storageGate`); see the README's durability section for what is still lost.
   * @default true
   */
  readonly markAfterPipeline?: boolean;
  /**
   * Scale the ingesters to zero while the engine is unreachable or red, so spans stay in Kafka (for the topic's
   * retention) instead of being drained into a failing bulk indexer. KEDA reads `/_cluster/health` itself, so its
   * operator needs the `monitor` privilege with the storage credentials, a path to the engine, and the engine's CA in
   * its `--ca-dir`. Needs KEDA (`ingester.autoscaler.keda`). @default DEFAULT_STORAGE_GATE
   */
  readonly storageGate?: boolean;
  readonly ingester?: JaegerKafkaIngesterOptions;
}

/**
 * The reference design's large tracing deployment: collectors write spans to a Kafka topic (keyed by trace ID, so a
 * trace stays in one partition), ingesters consume them into Elasticsearch/OpenSearch and scale on consumer lag,
 * queries read the storage. Kafka absorbs bursts and storage outages. Large profile by default: collector 5, query 3,
 * ingester 2+. On an authenticated cluster the pattern creates one producing and one consuming `KafkaUser`, each
 * limited to the topic (and the consumer group).
 */
export class JaegerKafkaBuffered extends Construct implements IEndpointSource {
  public readonly storage: JaegerSearchStorage;
  public readonly collector: JaegerCollector;
  public readonly ingester: JaegerIngester;
  public readonly query: JaegerQuery;
  public readonly autoscaler: KafkaConsumerLagAutoscaler;
  public readonly consumerGroup: string;
  public readonly topicName: string;
  public readonly producerUser?: KafkaUser;
  public readonly consumerUser?: KafkaUser;
  /** The user KEDA reads the ingesters' lag as: Describe on the topic and the group, nothing more. */
  public readonly lagReaderUser?: KafkaUser;
  public readonly endpoints: Readonly<Record<string, string>>;
  /** The roles the alerts and the dashboard watch. */
  public readonly monitoringTargets: JaegerAlertTargets;
  private readonly patternName: string;

  constructor(scope: Construct, id: string, props: JaegerKafkaBufferedProps) {
    super(scope, id);
    const context = contextOf(this, 'JaegerKafkaBuffered');
    const profileName = props.profile ?? DEFAULT_BUFFERED_PROFILE;
    checkPatternStorage('JaegerKafkaBuffered', this.node.path, props, profileName);
    const profile = jaegerProfile(PROFILE_RATES[profileName], context);
    const name = resolveName(this, props.name, context, 40);
    this.patternName = name;
    const namespace = resolveNamespace(this, props.namespace, context);
    const encoding = props.encoding ?? DEFAULT_SPAN_ENCODING;
    const consumerGroup = props.consumerGroup ?? `${name}-ingester`;
    const kafka = props.kafka;
    if (typeof kafka !== 'object' || kafka === null) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'kafka',
        problem: 'is required: collectors write spans to a Kafka topic the ingesters read',
        value: kafka,
        fix: 'give the topic, e.g. kafka: { topic: jaegerSpansTopic }, or an external endpoint with its topic name',
      });
    }
    const endpoint: IKafkaEndpoint = 'topic' in kafka ? kafka.topic.cluster : kafka.endpoint;
    const topicName = 'topic' in kafka ? kafka.topic.topicName : kafka.topicName;
    const partitions = 'topic' in kafka ? kafka.topic.partitions : kafka.partitions;
    const ingester = props.ingester ?? {};
    const minReplicas = ingester.minReplicas ?? profile.ingester?.replicas ?? DEFAULT_MIN_INGESTERS;
    const maxReplicas = ingester.maxReplicas ?? partitions;
    if (maxReplicas > partitions) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'ingester.maxReplicas',
        problem: `is above the ${partitions} partitions of topic '${topicName}': ingesters past that would sit idle`,
        value: maxReplicas,
        fix: `lower ingester.maxReplicas to ${partitions}, or give the topic at least ${maxReplicas} partitions`,
      });
    }
    if (minReplicas > maxReplicas) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'ingester.minReplicas',
        problem: `is above ingester.maxReplicas ${maxReplicas}`,
        value: minReplicas,
        fix: `lower ingester.minReplicas to at most ${maxReplicas}`,
      });
    }

    if (!('topic' in kafka) && endpoint.authentication !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'kafka.endpoint',
        problem: `authenticates its clients (${endpoint.authentication}), and a bare topic name gives the pattern no topic to grant its users access to`,
        value: endpoint.node.path,
        fix: `create the topic as a KafkaTopic on '${endpoint.node.path}' and pass { topic }`,
      });
    }
    // One user per side on an authenticated cluster: the producer may only write the topic, the consumer may only
    // read it in its group.
    if ('topic' in kafka && kafka.topic.cluster.authentication !== undefined) {
      this.producerUser = new KafkaUser(this, 'producer-user', {
        cluster: kafka.topic.cluster,
        topic: kafka.topic,
        access: 'produce',
        name: `${name}-collector`,
      });
      this.consumerUser = new KafkaUser(this, 'consumer-user', {
        cluster: kafka.topic.cluster,
        topic: kafka.topic,
        access: 'consume',
        consumerGroup,
        name: `${name}-ingester`,
      });
      this.lagReaderUser = new KafkaUser(this, 'lag-reader-user', {
        cluster: kafka.topic.cluster,
        topic: kafka.topic,
        access: 'describe',
        consumerGroup,
        name: `${name}-keda`,
      });
    }
    const producer = kafkaClientPlumbing(endpoint, this.producerUser, namespace, context, 'kafka');
    const consumer = kafkaClientPlumbing(endpoint, this.consumerUser, namespace, context, 'kafka');

    const monitoring = props.monitoring;
    this.storage = new JaegerSearchStorage(this, 'storage', {
      ...props.storage,
      name,
      namespace,
      placement: jaegerRolePlacement(props, 'jobs'),
    });
    this.collector = new JaegerCollector(this, 'collector', {
      replicas: profile.collector?.replicas,
      resources: profile.collector?.resources,
      ...props.collector,
      name: `${name}-collector`,
      namespace,
      image: props.image,
      kafka: { plumbing: producer, topic: topicName, encoding },
      monitoring,
      placement: jaegerRolePlacement(props, 'collector'),
    });
    this.ingester = new JaegerIngester(this, 'ingester', {
      resources: profile.ingester?.resources,
      ...ingester,
      name: `${name}-ingester`,
      namespace,
      image: props.image,
      storage: this.storage,
      kafka: consumer,
      topic: topicName,
      encoding,
      consumerGroup,
      markAfterPipeline: props.markAfterPipeline,
      minReplicas,
      maxReplicas,
      monitoring,
      placement: jaegerRolePlacement(props, 'ingester'),
    });
    this.query = patternQuery(this, { name, namespace, props, profile, storage: this.storage });
    // Only the collectors and the ingesters reach the brokers (plus KEDA, which the autoscaler adds).
    for (const peer of jaegerKafkaClients(name, namespace)) endpoint.allowClient(peer);
    const keda = ingester.autoscaler?.keda ?? true;
    const gated = props.storageGate ?? DEFAULT_STORAGE_GATE;
    if (gated && !keda) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'storageGate',
        problem:
          'needs KEDA: without it nothing stops the ingesters while the storage is down, and they drain Kafka into a failing bulk indexer',
        value: gated,
        fix: 'install KEDA and leave ingester.autoscaler.keda unset, or set storageGate: false and accept that spans are lost while the storage is down',
      });
    }
    this.autoscaler = new KafkaConsumerLagAutoscaler(this, 'ingester-autoscaler', {
      ...ingester.autoscaler,
      gate: gated
        ? storageHealthGate(
            this,
            this.storage,
            `${name}-ingester`,
            namespace,
            selectorLabels({ name: 'jaeger', instance: `${name}-ingester`, component: 'ingester' }),
            context,
          )
        : undefined,
      target: this.ingester.role.deployment,
      endpoint,
      topic: { topicName, partitions },
      consumerGroup,
      user: this.consumerUser,
      lagReader: this.lagReaderUser,
      minReplicas,
      maxReplicas,
    });
    this.monitoringTargets = patternAlerts(
      this,
      { name, namespace, props },
      {
        receivers: [`${name}-collector`],
        storageWriters: [`${name}-ingester`],
        kafkaWriters: [`${name}-collector`],
        consumers: { services: [`${name}-ingester`], maxLag: DEFAULT_MAX_CONSUMER_LAG_ALERT },
      },
    );
    this.consumerGroup = consumerGroup;
    this.topicName = topicName;
    this.endpoints = {
      otlpGrpc: this.collector.otlpGrpcEndpoint,
      otlpHttp: this.collector.otlpHttpEndpoint,
      samplingHttp: this.collector.samplingUrl,
      query: this.query.queryUrl,
    };
  }
  /** The pipeline dashboard on the data source `datasourceUid`, for a Grafana's `dashboards`. */
  public dashboard(datasourceUid: string): Dashboard {
    return jaegerPipelineDashboard({
      name: this.patternName,
      targets: this.monitoringTargets,
      datasourceUid,
    });
  }
}
