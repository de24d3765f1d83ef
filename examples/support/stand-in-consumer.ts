import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  IMAGES,
  JAEGER_UID,
  IKafkaEndpoint,
  KafkaUser,
  configHash,
  createWorkload,
  healthProbes,
  imageVersion,
  kafkaClientPlumbing,
  kafkaReceiver,
  resolveResources,
  selectorLabels,
  standardLabels,
} from 'observability-constructs';
import { stringify } from 'yaml';

/** Options of {@link standInConsumer}. */
export interface StandInConsumerOptions {
  readonly name: string;
  readonly namespace: string;
  readonly endpoint: IKafkaEndpoint;
  /** The KafkaUser it consumes as, on an authenticated cluster. */
  readonly user?: KafkaUser;
  readonly topic: string;
  readonly consumerGroup: string;
  /** The autoscaler's maximum: the Deployment leaves `replicas` to it. */
  readonly maxReplicas: number;
}

/**
 * A consumer for the Kafka-only examples: Jaeger 2.20.0 with the library's `kafka` receiver (and, on an
 * authenticated cluster, the user's mounted certificate or password) reading the topic into in-memory storage. It
 * really consumes, so the lag autoscaler has something to scale; `JaegerKafkaBuffered`'s ingester writes to
 * Elasticsearch instead.
 */
export function standInConsumer(scope: Construct, options: StandInConsumerOptions): k8s.KubeDeployment {
  const plumbing = kafkaClientPlumbing(
    options.endpoint,
    options.user,
    options.namespace,
    { construct: 'standInConsumer', path: options.name },
    'endpoint',
  );
  const info = {
    name: 'jaeger',
    instance: options.name,
    component: 'ingester',
    version: imageVersion(IMAGES.jaeger),
  };
  const config = {
    service: {
      extensions: ['jaeger_storage', 'healthcheckv2'],
      pipelines: {
        traces: { receivers: ['kafka'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] },
      },
      telemetry: {
        metrics: { readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8889 } } } }] },
      },
    },
    extensions: {
      healthcheckv2: { use_v2: true, http: { endpoint: '0.0.0.0:14133' } },
      jaeger_storage: { backends: { buffer: { memory: { max_traces: 10_000 } } } },
    },
    receivers: {
      kafka: kafkaReceiver({
        ...plumbing.client,
        topic: options.topic,
        encoding: 'otlp_proto',
        groupId: options.consumerGroup,
        markAfterPipeline: false,
      }),
    },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: 'buffer' } },
  };
  const yaml = stringify(config, { lineWidth: 0 });
  const configMap = new k8s.KubeConfigMap(scope, `${options.name}-config`, {
    metadata: { name: `${options.name}-config`, namespace: options.namespace, labels: standardLabels(info) },
    data: { 'config.yaml': yaml },
  });
  return createWorkload(scope, options.name, {
    kind: 'Deployment',
    name: options.name,
    namespace: options.namespace,
    labels: standardLabels(info),
    selector: selectorLabels(info),
    replicas: 1,
    autoscaledMaxReplicas: options.maxReplicas,
    containerName: 'jaeger',
    image: IMAGES.jaeger,
    args: ['--config=/etc/jaeger/config.yaml'],
    ports: [
      { name: 'health', port: 14133 },
      { name: 'metrics', port: 8889 },
    ],
    resources: resolveResources(
      { cpu: '250m', memory: '512Mi' },
      { construct: 'example', path: options.name },
      'r',
    ),
    probes: healthProbes('health', '/status'),
    env: plumbing.env,
    volumes: [
      ...plumbing.volumes,
      {
        volume: { name: 'config', configMap: { name: configMap.name } },
        mountPath: '/etc/jaeger/config.yaml',
        subPath: 'config.yaml',
        readOnly: true,
      },
    ],
    configHash: configHash(yaml),
    // Strimzi writes the CA and user Secrets; they are not in the synthesized manifests.
    externalReferences: plumbing.secrets.map((name) => ({ kind: 'Secret' as const, name })),
    runAsUser: JAEGER_UID,
  }).apiObject as k8s.KubeDeployment;
}
