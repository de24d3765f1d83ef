import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SidecarDashboardOptions } from '../grafana';
import {
  DEFAULT_SCRAPE_INTERVAL,
  ErrorContext,
  MonitoringOptions,
  monitoringRelabelings,
  ResourceSpec,
  resolveResources,
} from '../core';

/** How a {@link KafkaCluster} is monitored. */
export interface KafkaMonitoringOptions extends MonitoringOptions {
  /**
   * Emit a PrometheusRule with the Kafka alerts (only with `serviceMonitor`, whose jobs they select).
   * @default true
   */
  readonly alerts?: boolean;
  /** Topics kafka_exporter reports (its `--topic.filter`). @default DEFAULT_KAFKA_EXPORTER_REGEX */
  readonly exporterTopicRegex?: string;
  /** Consumer groups kafka_exporter reports. @default DEFAULT_KAFKA_EXPORTER_REGEX */
  readonly exporterGroupRegex?: string;
  /** Resources of the kafka_exporter pod. @default DEFAULT_KAFKA_EXPORTER_RESOURCES */
  readonly exporterResources?: ResourceSpec;
  /**
   * With `serviceMonitor`, a ConfigMap holding the Kafka dashboard, labelled for a Grafana dashboard sidecar. A
   * Grafana of this library takes `KafkaCluster.dashboard()` in its `dashboards` instead. @default enabled
   */
  readonly dashboards?: SidecarDashboardOptions;
}

/** Every topic and group: the lag alerts need the Jaeger topic and its ingesters' group, whatever their names. */
export const DEFAULT_KAFKA_EXPORTER_REGEX = '.*';
/**
 * kafka_exporter holds one offset per partition and per group-partition and polls the brokers every scrape:
 * a few hundred partitions take a few MiB, so 64Mi requested and 128Mi as a limit leave a wide margin; 50m CPU for a
 * poll every {@link DEFAULT_SCRAPE_INTERVAL}.
 */
export const DEFAULT_KAFKA_EXPORTER_RESOURCES: ResourceSpec = {
  cpu: '50m',
  memory: '128Mi',
  cpuLimit: '200m',
};
/** Strimzi's metrics port name on brokers, controllers and kafka_exporter (MetricsModel.METRICS_PORT_NAME, 9404). */
export const STRIMZI_METRICS_PORT_NAME = 'tcp-prometheus';
/**
 * The entity operator's health ports, which also serve /metrics (strimzi/strimzi-kafka-operator@1.2.0
 * EntityTopicOperator.java HEALTHCHECK_PORT_NAME, EntityUserOperator.java HEALTHCHECK_PORT_NAME).
 */
export const STRIMZI_ENTITY_OPERATOR_PORTS = ['healthcheck-to', 'healthcheck-uo'] as const;

/** The `job` label of each scraped part of a cluster: stable, the alerts and dashboard select by it. */
export function kafkaMonitoringJobs(cluster: string) {
  return {
    kafka: `${cluster}-kafka`,
    exporter: `${cluster}-kafka-exporter`,
    entityOperator: `${cluster}-entity-operator`,
  } as const;
}

/** The `kafkaExporter` section of the Kafka resource (field names from the Strimzi 1.2.0 Kafka CRD). */
export function kafkaExporterSpec(options: KafkaMonitoringOptions, context: ErrorContext) {
  const r = resolveResources(
    options.exporterResources ?? DEFAULT_KAFKA_EXPORTER_RESOURCES,
    context,
    'monitoring.exporterResources',
  );
  return {
    topicRegex: options.exporterTopicRegex ?? DEFAULT_KAFKA_EXPORTER_REGEX,
    groupRegex: options.exporterGroupRegex ?? DEFAULT_KAFKA_EXPORTER_REGEX,
    resources: {
      requests: { cpu: r.requests.cpu.toString(), memory: r.requests.memory.toString() },
      limits: { cpu: r.limits.cpu.toString(), memory: r.limits.memory.toString() },
    },
  };
}

interface PodMonitorOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly ports: readonly string[];
  readonly job: string;
  readonly monitoring: MonitoringOptions;
  readonly context: ErrorContext;
}

/**
 * A prometheus-operator PodMonitor (Strimzi creates the pods and no Service in front of the metrics ports). The
 * `job` label is written in, so it stays the same whatever the PodMonitor is called.
 */
export function kafkaPodMonitor(scope: Construct, id: string, o: PodMonitorOptions): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      labels: { ...o.labels, ...(o.monitoring.labels ?? {}) },
    },
    spec: {
      selector: { matchLabels: { ...o.selector } },
      namespaceSelector: { matchNames: [o.namespace] },
      podMetricsEndpoints: o.ports.map((port) => ({
        port,
        path: '/metrics',
        interval: o.monitoring.interval ?? DEFAULT_SCRAPE_INTERVAL,
        // Our job (a cluster has three, so `monitoring.job` does not apply) and the static labels (cluster, region).
        relabelings: monitoringRelabelings({ ...o.monitoring, job: o.job }, o.context),
      })),
    },
  });
}
