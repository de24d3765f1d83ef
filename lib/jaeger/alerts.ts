import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { imageVersion, standardLabels } from '../core';

/** One alerting rule in Prometheus's rule-file form. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** What the alerts watch: the Services of the roles (the ServiceMonitors' `service` label), by role. */
export interface JaegerAlertTargets {
  readonly namespace: string;
  /** Services that receive spans (collectors, all-in-one). */
  readonly receivers: readonly string[];
  /** Services that write spans to storage (collectors in direct mode, ingesters). */
  readonly storageWriters: readonly string[];
  /** Services that export to Kafka (collectors in buffered mode). */
  readonly kafkaWriters: readonly string[];
  /** Services that consume from Kafka (ingesters), and the lag in messages above which they are behind. */
  readonly consumers?: { readonly services: readonly string[]; readonly maxLag: number };
}

function selector(namespace: string, services: readonly string[], extra = ''): string {
  return `{namespace="${namespace}",service=~"${services.join('|')}"${extra}}`;
}

/**
 * Alerts for a Jaeger installation, on the OpenTelemetry collector metrics Jaeger v2 exposes on :8888: refused
 * spans (memory limiter or overload), failed sends to storage or Kafka, and the ingesters' consumer lag as their
 * Kafka receiver reports it.
 */
export function jaegerAlertRules(targets: JaegerAlertTargets): AlertRule[] {
  const ns = targets.namespace;
  const rule = (
    alert: string,
    expr: string,
    duration: string,
    severity: 'warning' | 'critical',
    summary: string,
    description: string,
  ): AlertRule => ({
    alert,
    expr,
    for: duration,
    labels: { severity },
    annotations: { summary, description },
  });
  const failedSends = (services: readonly string[], exporter: string) =>
    `sum by (namespace, service) (rate(otelcol_exporter_send_failed_spans_total${selector(ns, services, `,exporter="${exporter}"`)}[5m])) > 0`;
  const rules: AlertRule[] = [];
  if (targets.receivers.length > 0) {
    rules.push(
      rule(
        'JaegerRefusedSpans',
        `sum by (namespace, service) (rate(otelcol_receiver_refused_spans_total${selector(ns, targets.receivers)}[5m])) > 0`,
        '10m',
        'warning',
        'Jaeger is refusing spans',
        '{{ $labels.service }} in {{ $labels.namespace }} refuses spans, usually because its memory limiter is at the limit: add replicas or memory.',
      ),
    );
  }
  if (targets.storageWriters.length > 0) {
    rules.push(
      rule(
        'JaegerStorageWriteErrors',
        failedSends(targets.storageWriters, 'jaeger_storage_exporter'),
        '10m',
        'critical',
        'Jaeger cannot write spans to storage',
        '{{ $labels.service }} in {{ $labels.namespace }} fails to write spans to Elasticsearch/OpenSearch.',
      ),
    );
  }
  if (targets.kafkaWriters.length > 0) {
    rules.push(
      rule(
        'JaegerKafkaExportErrors',
        failedSends(targets.kafkaWriters, 'kafka'),
        '10m',
        'critical',
        'Jaeger collectors cannot write spans to Kafka',
        '{{ $labels.service }} in {{ $labels.namespace }} fails to send spans to Kafka.',
      ),
    );
  }
  if (targets.consumers) {
    const c = targets.consumers;
    // The Kafka receiver reports its own lag per partition, so the alert needs no Kafka exporter.
    rules.push(
      rule(
        'JaegerIngesterConsumerLag',
        `sum by (namespace, service) (otelcol_kafka_receiver_offset_lag${selector(ns, c.services)}) > ${c.maxLag}`,
        '15m',
        'warning',
        'Jaeger ingesters fall behind Kafka',
        '{{ $labels.service }} in {{ $labels.namespace }} is {{ $value }} messages behind: the storage is slow or the ingesters are at their maximum.',
      ),
    );
  }
  return rules;
}

/** Options of {@link jaegerPrometheusRule}. */
export interface JaegerPrometheusRuleOptions {
  /** The pattern's base name. */
  readonly name: string;
  readonly image: string;
  /** Extra labels (the `release` label a Prometheus selects rules by). */
  readonly labels?: Record<string, string>;
  readonly targets: JaegerAlertTargets;
}

/** A prometheus-operator PrometheusRule holding the Jaeger alerts. Only for clusters that run the operator. */
export function jaegerPrometheusRule(
  scope: Construct,
  id: string,
  options: JaegerPrometheusRuleOptions,
): ApiObject {
  const labels = standardLabels({
    name: 'jaeger',
    instance: options.name,
    component: 'alerts',
    version: imageVersion(options.image),
  });
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: options.name,
      namespace: options.targets.namespace,
      labels: { ...labels, ...options.labels },
    },
    spec: { groups: [{ name: `${options.name}.rules`, rules: jaegerAlertRules(options.targets) }] },
  });
}
