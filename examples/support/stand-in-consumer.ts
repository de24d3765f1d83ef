import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  IMAGES,
  JAEGER_UID,
  configHash,
  createWorkload,
  healthProbes,
  imageVersion,
  resolveResources,
  selectorLabels,
  standardLabels,
} from 'observability-constructs';
import { stringify } from 'yaml';

/** Options of {@link standInConsumer}. */
export interface StandInConsumerOptions {
  readonly name: string;
  readonly namespace: string;
  readonly bootstrapServers: string;
  readonly topic: string;
  readonly consumerGroup: string;
  /** The autoscaler's maximum: the Deployment leaves `replicas` to it. */
  readonly maxReplicas: number;
}

/**
 * A stand-in consumer until `JaegerKafkaBuffered` lands: Jaeger 2.20.0 with the `kafka` receiver reading the topic
 * (keys as in Jaeger's own `config-kafka-ingester.yaml` of 2.20.0, plus the consumer `group_id`) into in-memory
 * storage. It really consumes, so the lag autoscaler has something to scale; the real ingester writes to
 * Elasticsearch instead.
 */
export function standInConsumer(scope: Construct, options: StandInConsumerOptions): k8s.KubeDeployment {
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
      kafka: {
        brokers: options.bootstrapServers.split(','),
        group_id: options.consumerGroup,
        initial_offset: 'earliest',
        traces: { topics: [options.topic], encoding: 'otlp_proto' },
      },
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
    volumes: [
      {
        volume: { name: 'config', configMap: { name: configMap.name } },
        mountPath: '/etc/jaeger/config.yaml',
        subPath: 'config.yaml',
        readOnly: true,
      },
    ],
    configHash: configHash(yaml),
    runAsUser: JAEGER_UID,
  }).apiObject as k8s.KubeDeployment;
}
