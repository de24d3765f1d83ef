import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  checkGoDuration,
  IEndpointSource,
  ObservabilityConstructError,
  ResourceSpec,
  anyPodPeer,
  contextOf,
  defaultMetricsScrapers,
} from '../core';
import {
  DEFAULT_BATCH,
  KafkaClientOptions,
  PORT_NAMES,
  SAMPLING_DIR,
  SAMPLING_FILE,
  SamplingStrategies,
  buildCollectorConfig,
  policyPorts,
} from './config';
import { JaegerConfig } from './config/types';
import { KafkaClientPlumbing } from './kafka-plumbing';
import {
  JaegerComponentProps,
  JaegerRole,
  deployJaegerRole,
  jaegerPolicy,
  resolveComponent,
  samplingSideFile,
} from './role';
import { ScalingProps, resolveScaling } from './scaling';
import { JaegerSearchStorage } from './storage/search-storage';
import {
  BatchSettings,
  checkBatch,
  checkSampling,
  DEFAULT_OTLP_SOURCE_CIDRS,
  otlpSourcePeers,
} from './validation';

/**
 * The reference design gives a collector 500m CPU and 1Gi memory; the limit leaves the memory limiter room to act
 * before the OOM killer.
 */
export const DEFAULT_COLLECTOR_RESOURCES: ResourceSpec = {
  cpu: '500m',
  memory: '1Gi',
  memoryLimit: '1280Mi',
};
/** The reference design's medium profile runs two collectors. */
export const DEFAULT_COLLECTOR_REPLICAS = 2;
/** How often collectors re-read the sampling strategies. */
export const DEFAULT_COLLECTOR_SAMPLING_RELOAD = '1m';
/** Production default: sample one trace in ten unless strategies say otherwise. */
export const DEFAULT_COLLECTOR_SAMPLING_PROBABILITY = 0.1;

/** Where a collector's spans go when it writes to Kafka. */
export interface CollectorKafkaOutput {
  readonly plumbing: KafkaClientPlumbing;
  readonly topic: string;
  readonly encoding: KafkaClientOptions['encoding'];
}

export interface JaegerCollectorProps extends JaegerComponentProps, ScalingProps {
  /** Write spans to this storage… */
  readonly storage?: JaegerSearchStorage;
  /** …or to Kafka. Exactly one of the two. */
  readonly kafka?: CollectorKafkaOutput;
  /** @default sample DEFAULT_COLLECTOR_SAMPLING_PROBABILITY of traces */
  readonly sampling?: SamplingStrategies;
  /** @default DEFAULT_COLLECTOR_SAMPLING_RELOAD */
  readonly samplingReloadInterval?: string;
  /** @default DEFAULT_BATCH */
  readonly batch?: Partial<BatchSettings>;
  /** Peers allowed to send spans and fetch sampling strategies. @default any pod in any namespace */
  readonly clients?: readonly k8s.NetworkPolicyPeer[];
  /**
   * Address ranges outside the pod network allowed to send spans and fetch sampling strategies, on top of
   * `clients`: the nodes' range for hostNetwork agents and for SDKs behind a LoadBalancer or NodePort Service
   * (their traffic arrives from a node address), or the senders' own range. Pod selectors never match these.
   * @default DEFAULT_OTLP_SOURCE_CIDRS (none: only pods reach the OTLP ports)
   */
  readonly otlpSourceCidrs?: readonly string[];
}

/**
 * The write side of Jaeger v2: receives OTLP, limits memory, batches, and writes to Elasticsearch/OpenSearch or to
 * Kafka; serves remote sampling strategies. Replicated, autoscaled on CPU, spread, disruption-budgeted.
 */
export class JaegerCollector extends Construct implements IEndpointSource {
  public readonly config: JaegerConfig;
  public readonly role: JaegerRole;
  /** `http://<service>:4317`: give this to OTLP gRPC exporters. */
  public readonly otlpGrpcEndpoint: string;
  /** `http://<service>:4318`: give this to OTLP HTTP exporters. */
  public readonly otlpHttpEndpoint: string;
  /** Remote sampling over HTTP, for SDKs that fetch strategies. */
  public readonly samplingUrl: string;
  public readonly endpoints: Readonly<Record<string, string>>;
  /** The pod labels, for NetworkPolicy peers elsewhere. */
  public readonly podSelector: Readonly<Record<string, string>>;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: JaegerCollectorProps) {
    super(scope, id);
    const context = contextOf(this, 'JaegerCollector');
    if ((props.storage === undefined) === (props.kafka === undefined)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: props.storage ? 'kafka' : 'storage',
        problem: props.storage ? 'cannot be set together with storage' : 'or kafka must be set',
        value: props.storage ? 'both' : 'neither',
        fix: 'give exactly one output: storage for JaegerDirect, kafka for JaegerKafkaBuffered',
      });
    }
    const scaling = resolveScaling(props, DEFAULT_COLLECTOR_REPLICAS, context);
    const component = resolveComponent(this, props, 'collector', DEFAULT_COLLECTOR_RESOURCES, context);
    const sampling = checkSampling(
      props.sampling ?? { defaultProbability: DEFAULT_COLLECTOR_SAMPLING_PROBABILITY },
      context,
    );
    this.config = buildCollectorConfig({
      output: props.storage
        ? { kind: 'storage', backend: props.storage.backend }
        : {
            kind: 'kafka',
            kafka: {
              ...(props.kafka as CollectorKafkaOutput).plumbing.client,
              topic: (props.kafka as CollectorKafkaOutput).topic,
              encoding: (props.kafka as CollectorKafkaOutput).encoding,
            },
          },
      samplingStrategiesFile: `${SAMPLING_DIR}/${SAMPLING_FILE}`,
      samplingReloadInterval: checkGoDuration(
        props.samplingReloadInterval ?? DEFAULT_COLLECTOR_SAMPLING_RELOAD,
        context,
        'samplingReloadInterval',
      ),
      memoryLimitMib: Math.floor(component.resources.requests.memory.mebibytes),
      batch: checkBatch({ ...DEFAULT_BATCH, ...props.batch }, context),
      logLevel: component.logLevel,
    });
    const output = props.storage
      ? {
          volumes: props.storage.plumbing.volumes,
          env: props.storage.plumbing.env,
          secrets: props.storage.plumbing.secrets,
          egress: props.storage.egressRules,
        }
      : (props.kafka as CollectorKafkaOutput).plumbing;
    const open = [anyPodPeer()];
    const otlpSources = otlpSourcePeers(
      props.otlpSourceCidrs ?? DEFAULT_OTLP_SOURCE_CIDRS,
      context,
      'otlpSourceCidrs',
    );
    this.role = deployJaegerRole(this, {
      ...component,
      initContainers: props.storage?.writerInitContainers,
      config: this.config,
      replicas: scaling.replicas,
      autoscaling: scaling.autoscaling,
      sideFiles: [samplingSideFile(component.name, sampling)],
      volumes: output.volumes,
      env: output.env,
      externalSecrets: output.secrets,
      networkPolicy: jaegerPolicy(
        props,
        [
          {
            peers: [...(props.clients ?? open), ...otlpSources],
            ports: policyPorts(this.config, 'otlpGrpc', 'otlpHttp', 'samplingHttp', 'samplingGrpc'),
          },
          {
            peers: props.metricsScrapers ?? defaultMetricsScrapers(),
            ports: policyPorts(this.config, 'metrics'),
          },
        ],
        output.egress,
      ),
      monitoring: props.monitoring,
    });
    this.namespace = component.namespace;
    this.podSelector = component.selector;
    this.otlpGrpcEndpoint = this.role.url(PORT_NAMES.otlpGrpc);
    this.otlpHttpEndpoint = this.role.url(PORT_NAMES.otlpHttp);
    this.samplingUrl = this.role.url(PORT_NAMES.samplingHttp);
    this.endpoints = {
      otlpGrpc: this.otlpGrpcEndpoint,
      otlpHttp: this.otlpHttpEndpoint,
      samplingHttp: this.samplingUrl,
    };
  }
}
