import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AlertRule,
  MetricFact,
  alertRule,
  alertsPrometheusRule,
  imageVersion,
  standardLabels,
} from '../core';

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

/** The metric names the alerts and the storage gate read, as Prometheus exposes them (counters get `_total`). */
export const JAEGER_METRICS = {
  /** Documents the ES/OS bulk indexer failed to write (jaegertracing/jaeger@v2.20.0 internal/storage/elasticsearch/esclient/bulk.go). */
  bulkIndexErrors: 'jaeger_storage_bulk_index_errors_total',
  /**
   * The same counter under either scope: the code at v2.20.0 puts it under `jaeger_storage_` (with `name` and `role`
   * labels), while the release's own metrics migration table (cmd/jaeger/docs/migration/elasticsearch-metrics.md)
   * still lists `jaeger_bulk_index_errors_total`. The alert matches both.
   */
  bulkIndexErrorsAnyScope: 'jaeger_(storage_)?bulk_index_errors_total',
  /** Documents the ES/OS bulk indexer wrote (same source, onItemSuccess). */
  bulkIndexInserts: 'jaeger_storage_bulk_index_inserts_total',
  /** Per-partition lag the kafka receiver reports (receiver/kafkareceiver documentation.md). */
  kafkaReceiverOffsetLag: 'otelcol_kafka_receiver_offset_lag',
  /** Spans a receiver's pipeline refused or failed (collector receiverhelper obsreport). */
  receiverRefusedOrFailedSpans: 'otelcol_receiver_(refused|failed)_spans_total',
  receiverAcceptedSpans: 'otelcol_receiver_accepted_spans_total',
  receiverRefusedSpans: 'otelcol_receiver_refused_spans_total',
  receiverFailedSpans: 'otelcol_receiver_failed_spans_total',
  exporterSentSpans: 'otelcol_exporter_sent_spans_total',
  exporterSendFailedSpans: 'otelcol_exporter_send_failed_spans_total',
  /** Spans an exporter could not even queue: dropped, never retried. */
  exporterEnqueueFailedSpans: 'otelcol_exporter_enqueue_failed_spans_total',
  /** Gauges, in batches: the sending queue's fill and its size. */
  exporterQueueSize: 'otelcol_exporter_queue_size',
  exporterQueueCapacity: 'otelcol_exporter_queue_capacity',
} as const;

/**
 * `_total` on counters: the telemetry config sets `without_type_suffix: false` ({@link PROMETHEUS_NAMING}); without
 * it the collector Jaeger v2.20.0 pins would drop the suffix.
 */
const OTELCOL = 'open-telemetry/opentelemetry-collector@v0.155.0 (jaegertracing/jaeger@v2.20.0 go.mod)';
const RECEIVER_DOC = `${OTELCOL} receiver/receiverhelper/documentation.md`;
const EXPORTER_DOC = `${OTELCOL} exporter/exporterhelper/documentation.md`;
const BULK =
  'jaegertracing/jaeger@v2.20.0 internal/storage/elasticsearch/esclient/bulk.go (bulk_index WriteMetrics), scope from cmd/jaeger/internal/extension/jaegerstorage/extension.go and internal/metrics/otelmetrics/factory.go';

/** Every metric the Jaeger rules and dashboard read, with where its name is defined. */
export const JAEGER_METRIC_FACTS: Readonly<Record<string, MetricFact>> = {
  [JAEGER_METRICS.bulkIndexErrors]: { source: BULK },
  jaeger_bulk_index_errors_total: {
    source:
      'jaegertracing/jaeger@v2.20.0 cmd/jaeger/docs/migration/elasticsearch-metrics.md (the name the release documents)',
  },
  [JAEGER_METRICS.bulkIndexInserts]: { source: BULK },
  [JAEGER_METRICS.kafkaReceiverOffsetLag]: {
    source:
      'open-telemetry/opentelemetry-collector-contrib receiver/kafkareceiver/documentation.md (contrib v0.155.0 per the Jaeger go.mod; read at stored commit 097043e, not at the tag)',
  },
  [JAEGER_METRICS.receiverAcceptedSpans]: { source: RECEIVER_DOC },
  [JAEGER_METRICS.receiverRefusedSpans]: { source: RECEIVER_DOC },
  [JAEGER_METRICS.receiverFailedSpans]: { source: RECEIVER_DOC },
  [JAEGER_METRICS.exporterSentSpans]: { source: EXPORTER_DOC },
  [JAEGER_METRICS.exporterSendFailedSpans]: { source: EXPORTER_DOC },
  [JAEGER_METRICS.exporterEnqueueFailedSpans]: { source: EXPORTER_DOC },
  [JAEGER_METRICS.exporterQueueSize]: { source: EXPORTER_DOC },
  [JAEGER_METRICS.exporterQueueCapacity]: { source: EXPORTER_DOC },
  /** The scrape health series Prometheus writes for every target. */
  up: { source: 'prometheus/prometheus@v3.14.0 scrape/scrape.go (the "up" series of every scrape)' },
};

/** An exporter's sending queue fuller than this for 10 minutes alerts: the next burst is dropped. */
export const JAEGER_QUEUE_NEAR_FULL = 0.8;

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
  ): AlertRule =>
    alertRule(alert, expr, duration, severity, {
      summary,
      description,
      runbook: JAEGER_RUNBOOKS[alert] ?? '',
    });
  const failedSends = (services: readonly string[], exporter: string) =>
    `sum by (namespace, service) (rate(${JAEGER_METRICS.exporterSendFailedSpans}${selector(ns, services, `,exporter="${exporter}"`)}[5m])) > 0`;
  const rules: AlertRule[] = [];
  if (targets.receivers.length > 0) {
    rules.push(
      rule(
        'JaegerRefusedSpans',
        `sum by (namespace, service) (rate(${JAEGER_METRICS.receiverRefusedSpans}${selector(ns, targets.receivers)}[5m])) > 0`,
        '10m',
        'warning',
        'Jaeger is refusing spans',
        '{{ $labels.service }} in {{ $labels.namespace }} refuses spans, usually because its memory limiter is at the limit: add replicas or memory.',
      ),
    );
  }
  const exporting = [...new Set([...targets.receivers, ...targets.storageWriters, ...targets.kafkaWriters])];
  if (exporting.length > 0) {
    const by = 'namespace, service, exporter';
    rules.push(
      rule(
        'JaegerSpansDropped',
        `sum by (${by}) (rate(${JAEGER_METRICS.exporterEnqueueFailedSpans}${selector(ns, exporting)}[5m])) > 0`,
        '5m',
        'critical',
        'Jaeger drops spans: an exporter queue is full',
        '{{ $labels.service }} in {{ $labels.namespace }} cannot queue spans for exporter {{ $labels.exporter }}: they are dropped, not retried.',
      ),
      rule(
        'JaegerExporterQueueNearFull',
        `max by (${by}) (${JAEGER_METRICS.exporterQueueSize}${selector(ns, exporting)}) / max by (${by}) (${JAEGER_METRICS.exporterQueueCapacity}${selector(ns, exporting)}) > ${JAEGER_QUEUE_NEAR_FULL}`,
        '10m',
        'warning',
        'A Jaeger exporter queue is nearly full',
        '{{ $labels.service }} in {{ $labels.namespace }}: the queue of exporter {{ $labels.exporter }} is {{ $value | humanizePercentage }} full; the destination is slower than the input.',
      ),
    );
  }
  if (targets.storageWriters.length > 0) {
    // jaegertracing/jaeger@v2.20.0: the Elasticsearch/OpenSearch writer hands spans to a background bulk indexer
    // and returns nil (internal/storage/v2/elasticsearch/tracestore/core/writer.go), so the storage exporter's
    // send-failed counter never moves. Failed documents are counted by the indexer's callbacks instead
    // (internal/storage/elasticsearch/esclient/bulk.go: onItemFailure → `bulk_index` WriteMetrics.Errors, for a
    // rejected item and for every item of a failed flush), under the storage extension's metrics scope
    // (cmd/jaeger/internal/extension/jaegerstorage/extension.go `jaeger`, cmd/internal/storageconfig/factory.go
    // `storage`; internal/metrics/otelmetrics/factory.go joins scopes with `_`).
    rules.push(
      rule(
        'JaegerStorageWriteErrors',
        `sum by (namespace, service) (rate({__name__=~"${JAEGER_METRICS.bulkIndexErrorsAnyScope}",namespace="${ns}",service=~"${targets.storageWriters.join('|')}"}[5m])) > 0`,
        '5m',
        'critical',
        'Jaeger is losing spans: Elasticsearch/OpenSearch rejects its bulk writes',
        '{{ $labels.service }} in {{ $labels.namespace }} has documents its bulk indexer could not write. Jaeger does not retry them: these spans are lost.',
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
        `sum by (namespace, service) (${JAEGER_METRICS.kafkaReceiverOffsetLag}${selector(ns, c.services)}) > ${c.maxLag}`,
        '15m',
        'warning',
        'Jaeger ingesters fall behind Kafka',
        '{{ $labels.service }} in {{ $labels.namespace }} is {{ $value }} messages behind: the storage is slow or the ingesters are at their maximum.',
      ),
    );
    // While the storage gate holds the ingesters at zero their lag series vanish with them, so the lag alert goes
    // quiet exactly when spans pile up in Kafka. No ingester target up is the signal instead.
    // absent() keeps no label from a filtered expression: the namespace is written in.
    const stopped = rule(
      'JaegerIngestersStopped',
      `absent(up{namespace="${ns}",service=~"${c.services.join('|')}"} == 1)`,
      '10m',
      'critical',
      'No Jaeger ingester is running: spans wait in Kafka',
      `No ingester in ${ns} is up: the storage gate stopped them (Elasticsearch/OpenSearch unreachable or red) or they fail to start. Spans stay in Kafka only for the topic's retention: restore the storage before then.`,
    );
    rules.push({ ...stopped, labels: { ...stopped.labels, namespace: ns } });
    // A batch the pipeline refuses (memory limiter, exporter error) is retried with error_backoff: its partition
    // does not advance while it backs off, and a paused partition's lag is not reported, so the lag alert and KEDA
    // cannot see it. The receiver counts every refused batch (receiverhelper EndTracesOp with the pipeline's
    // error): refused_spans, or failed_spans where the collector's gate splits internal failures out.
    rules.push(
      rule(
        'JaegerIngesterBackingOff',
        `sum by (namespace, service) (rate({__name__=~"${JAEGER_METRICS.receiverRefusedOrFailedSpans}",namespace="${ns}",service=~"${c.services.join('|')}",receiver="kafka"}[5m])) > 0`,
        '10m',
        'warning',
        'Jaeger ingesters retry refused batches: their partitions do not advance',
        '{{ $labels.service }} in {{ $labels.namespace }} keeps getting errors from its pipeline and backs off; the partitions it retries are paused, and their lag is invisible to KEDA and to JaegerIngesterConsumerLag.',
      ),
    );
  }
  return rules;
}

/** What to do first, per alert; the README's runbook table says the same. */
export const JAEGER_RUNBOOKS: Readonly<Record<string, string>> = {
  JaegerRefusedSpans:
    'Add collector replicas or raise their memory (the memory limiter refuses above its limit); check the exporters are not stuck (JaegerExporterQueueNearFull).',
  JaegerSpansDropped:
    'The destination (Kafka or the search engine) is down or too slow: restore it, then add replicas; spans dropped meanwhile are lost.',
  JaegerExporterQueueNearFull:
    'Find why the destination is slow (Kafka broker or search-engine alerts); add replicas of the writing role if the destination is healthy.',
  JaegerStorageWriteErrors:
    'Look at the collector/ingester logs for the bulk error reason; usually ElasticsearchWriteRejections, a full disk (watermark) or a red cluster.',
  JaegerKafkaExportErrors:
    'Check the Kafka brokers (KafkaOfflinePartitions, KafkaNoActiveController) and the collector KafkaUser credentials and ACLs.',
  JaegerIngesterConsumerLag:
    "Check the search engine is healthy; if it is, raise the ingesters' maximum replicas (up to the partition count).",
  JaegerIngestersStopped:
    'Restore the search engine (the storage gate restarts the ingesters when it is reachable) before the topic retention deletes the waiting spans.',
  JaegerIngesterBackingOff:
    'Read the ingester logs for the pipeline error (storage rejections, memory limiter); fix the storage, then the paused partitions resume.',
};

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
  return alertsPrometheusRule(scope, id, {
    name: options.name,
    namespace: options.targets.namespace,
    labels: { ...labels, ...options.labels },
    rules: jaegerAlertRules(options.targets),
  });
}
