import { parse } from 'yaml';
import {
  JaegerAllInOne,
  JaegerDirect,
  JaegerKafkaBuffered,
  KafkaCluster,
  KafkaTopic,
  externalSearch,
  jaegerAlertRules,
} from '../../lib';
import { AlertCase, checkRules, testAlertCases, uncovered } from '../support/alert-cases';
import { only, synth, testChart } from '../support/manifests';
import { describeWithPromtool } from '../support/promtool';

const connection = externalSearch({
  engine: 'elasticsearch',
  serverUrls: ['https://es.example.com:9200'],
  auth: { kind: 'basic', username: 'jaeger', password: { name: 'es-creds', key: 'password' } },
});

describe('Jaeger metric names are pinned by the telemetry config', () => {
  test('counters keep _total whatever the collector default (without_type_suffix: false)', () => {
    const chart = testChart('tracing');
    new JaegerDirect(chart, 'jaeger', { storage: { connection } });
    const config = parse(only(synth(chart), 'ConfigMap', 'jaeger-collector-config').data['config.yaml']);
    // open-telemetry/opentelemetry-collector@v0.155.0 service/telemetry/otelconftelemetry/internal/migration/
    // v0.3.0.go fills in without_type_suffix: true when the key is absent, which would drop `_total`.
    expect(config.service.telemetry.metrics.readers[0].pull.exporter.prometheus).toEqual({
      host: '0.0.0.0',
      port: 8888,
      without_type_suffix: false,
      without_units: true,
      without_scope_info: true,
    });
  });
});

describe('the patterns emit the Jaeger alerts with monitoring', () => {
  const alertsOf = (objects: any[]) =>
    only(objects, 'PrometheusRule').spec.groups[0].rules.map((r: { alert: string }) => r.alert);

  test('JaegerKafkaBuffered: pipeline, Kafka and ingester alerts', () => {
    const chart = testChart('tracing');
    const cluster = new KafkaCluster(chart, 'kafka', { authentication: 'none' });
    const topic = new KafkaTopic(chart, 'spans', { cluster, topicName: 'jaeger-spans', partitions: 12 });
    new JaegerKafkaBuffered(chart, 'jaeger', {
      kafka: { topic },
      storage: { connection },
      monitoring: { serviceMonitor: true },
    });
    expect(alertsOf(synth(chart))).toEqual([
      'JaegerRefusedSpans',
      'JaegerSpansDropped',
      'JaegerExporterQueueNearFull',
      'JaegerStorageWriteErrors',
      'JaegerKafkaExportErrors',
      'JaegerIngesterConsumerLag',
      'JaegerIngestersStopped',
      'JaegerIngesterBackingOff',
    ]);
  });

  test('JaegerAllInOne: the alerts of one pod, off with alerts: false', () => {
    const chart = testChart('tracing');
    new JaegerAllInOne(chart, 'jaeger', { monitoring: { serviceMonitor: true } });
    expect(alertsOf(synth(chart))).toEqual([
      'JaegerRefusedSpans',
      'JaegerSpansDropped',
      'JaegerExporterQueueNearFull',
    ]);
    const quiet = testChart('tracing');
    new JaegerAllInOne(quiet, 'jaeger', { monitoring: { serviceMonitor: true }, alerts: false });
    expect(synth(quiet).filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
  });
});

describe('Jaeger alerts under promtool', () => {
  const rules = jaegerAlertRules({
    namespace: 'tracing',
    receivers: ['jaeger-collector'],
    storageWriters: ['jaeger-ingester'],
    kafkaWriters: ['jaeger-collector'],
    consumers: { services: ['jaeger-ingester'], maxLag: 1000 },
  });
  const col = 'namespace="tracing",service="jaeger-collector"';
  const ing = 'namespace="tracing",service="jaeger-ingester"';
  const service = (s: string) => ({ namespace: 'tracing', service: s });
  const cases: AlertCase[] = [
    {
      alert: 'JaegerRefusedSpans',
      evalTime: '15m',
      bad: [{ series: `otelcol_receiver_refused_spans_total{${col},receiver="otlp"}`, values: '0+100x20' }],
      labels: { severity: 'warning', ...service('jaeger-collector') },
      healthy: [{ series: `otelcol_receiver_refused_spans_total{${col},receiver="otlp"}`, values: '0x20' }],
    },
    {
      alert: 'JaegerSpansDropped',
      evalTime: '10m',
      bad: [
        { series: `otelcol_exporter_enqueue_failed_spans_total{${col},exporter="kafka"}`, values: '0+10x15' },
      ],
      labels: { severity: 'critical', ...service('jaeger-collector'), exporter: 'kafka' },
      healthy: [
        { series: `otelcol_exporter_enqueue_failed_spans_total{${col},exporter="kafka"}`, values: '0x15' },
      ],
    },
    {
      alert: 'JaegerExporterQueueNearFull',
      evalTime: '15m',
      bad: [
        { series: `otelcol_exporter_queue_size{${col},exporter="kafka"}`, values: '900x20' },
        { series: `otelcol_exporter_queue_capacity{${col},exporter="kafka"}`, values: '1000x20' },
      ],
      labels: { severity: 'warning', ...service('jaeger-collector'), exporter: 'kafka' },
      healthy: [
        { series: `otelcol_exporter_queue_size{${col},exporter="kafka"}`, values: '100x20' },
        { series: `otelcol_exporter_queue_capacity{${col},exporter="kafka"}`, values: '1000x20' },
      ],
    },
    {
      alert: 'JaegerStorageWriteErrors',
      evalTime: '15m',
      bad: [{ series: `jaeger_storage_bulk_index_errors_total{${ing},name="primary"}`, values: '0+5x20' }],
      labels: { severity: 'critical', ...service('jaeger-ingester') },
      healthy: [{ series: `jaeger_storage_bulk_index_errors_total{${ing},name="primary"}`, values: '3x20' }],
    },
    {
      alert: 'JaegerKafkaExportErrors',
      evalTime: '15m',
      bad: [
        { series: `otelcol_exporter_send_failed_spans_total{${col},exporter="kafka"}`, values: '0+5x20' },
      ],
      labels: { severity: 'critical', ...service('jaeger-collector') },
      healthy: [
        { series: `otelcol_exporter_send_failed_spans_total{${col},exporter="kafka"}`, values: '0x20' },
        { series: `otelcol_exporter_sent_spans_total{${col},exporter="kafka"}`, values: '0+1000x20' },
      ],
    },
    {
      alert: 'JaegerIngesterConsumerLag',
      evalTime: '20m',
      bad: [
        { series: `otelcol_kafka_receiver_offset_lag{${ing},partition="0"}`, values: '800x25' },
        { series: `otelcol_kafka_receiver_offset_lag{${ing},partition="1"}`, values: '800x25' },
      ],
      labels: { severity: 'warning', ...service('jaeger-ingester') },
      healthy: [
        { series: `otelcol_kafka_receiver_offset_lag{${ing},partition="0"}`, values: '200x25' },
        { series: `otelcol_kafka_receiver_offset_lag{${ing},partition="1"}`, values: '200x25' },
      ],
    },
    {
      alert: 'JaegerIngestersStopped',
      evalTime: '30m',
      bad: [{ series: `up{${ing}}`, values: '1x10 _x30' }],
      labels: { severity: 'critical', namespace: 'tracing' },
      healthy: [{ series: `up{${ing}}`, values: '1x40' }],
    },
    {
      alert: 'JaegerIngesterBackingOff',
      evalTime: '15m',
      bad: [{ series: `otelcol_receiver_failed_spans_total{${ing},receiver="kafka"}`, values: '0+50x20' }],
      labels: { severity: 'warning', ...service('jaeger-ingester') },
      healthy: [
        { series: `otelcol_receiver_accepted_spans_total{${ing},receiver="kafka"}`, values: '0+500x20' },
      ],
    },
  ];

  test('every alert has a firing and a healthy case, and summary, description and a runbook', () => {
    expect(uncovered(rules, cases)).toEqual([]);
    for (const r of rules) {
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook', 'summary']);
      expect([r.alert, r.annotations.runbook.length > 20]).toEqual([r.alert, true]);
    }
  });

  describeWithPromtool('promtool', () => {
    test('check rules', () => {
      expect(checkRules(rules)).toMatch(/SUCCESS/);
    });
    test('each alert fires on its bad series and stays silent on healthy ones', () => {
      expect(testAlertCases(rules, cases)).toMatch(/SUCCESS/);
    });
  });
});
