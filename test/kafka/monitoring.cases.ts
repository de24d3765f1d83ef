import { expectErrorCode } from '../support/error-code';
import { parse } from 'yaml';
import {
  ErrorCode,
  KafkaCluster,
  KafkaClusterProps,
  KafkaTopic,
  kafkaAlertRules,
  KAFKA_JMX_RULES,
} from '../../lib';
import { AlertCase, checkRules, testAlertCases, uncovered } from '../support/alert-cases';
import { expectConstructError } from '../support/errors';
import { only, synth, testChart } from '../support/manifests';
import { describeWithPromtool } from '../support/promtool';
import { describeWithShared } from '../support/shared';
import { validateCustomResource } from '../support/validate';

function build(props: KafkaClusterProps = {}, topicRetentionMs?: number) {
  const chart = testChart('kafka');
  const cluster = new KafkaCluster(chart, 'traces', props);
  if (topicRetentionMs !== undefined) {
    new KafkaTopic(chart, 'spans', {
      cluster,
      topicName: 'jaeger-spans',
      config: { retentionMs: topicRetentionMs },
    });
  }
  return { cluster, objects: synth(chart) };
}

describe('KafkaCluster metrics exposure', () => {
  test('off by default: no JMX exporter, no kafka_exporter, no monitors', () => {
    const { objects } = build();
    const kafka = only(objects, 'Kafka');
    expect(kafka.spec.kafka.metricsConfig).toBeUndefined();
    expect(kafka.spec.kafkaExporter).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'PodMonitor' || o.kind === 'ConfigMap')).toEqual([]);
  });

  test('monitoring serves our JMX rules from a ConfigMap and runs kafka_exporter', () => {
    const { objects } = build({ monitoring: {} });
    const kafka = only(objects, 'Kafka');
    // Strimzi 1.2.0 Kafka CRD: metricsConfig.type jmxPrometheusExporter requires valueFrom.configMapKeyRef.
    expect(kafka.spec.kafka.metricsConfig).toEqual({
      type: 'jmxPrometheusExporter',
      valueFrom: { configMapKeyRef: { name: 'traces-kafka-jmx-metrics', key: 'kafka-metrics-config.yml' } },
    });
    const config = parse(
      only(objects, 'ConfigMap', 'traces-kafka-jmx-metrics').data['kafka-metrics-config.yml'],
    );
    expect(config.rules.map((r: { name: string }) => r.name)).toEqual([
      'kafka_server_replicamanager_underreplicatedpartitions',
      'kafka_controller_kafkacontroller_offlinepartitionscount',
      'kafka_controller_kafkacontroller_activecontrollercount',
      'kafka_server_brokertopicmetrics_messagesin_total',
      'kafka_server_brokertopicmetrics_bytesin_total',
      'kafka_server_brokertopicmetrics_bytesout_total',
    ]);
    expect(config.rules[0].pattern).toBe(
      'kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value',
    );
    expect(kafka.spec.kafkaExporter).toEqual({
      topicRegex: '.*',
      groupRegex: '.*',
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    });
    // No PodMonitors without serviceMonitor: the CRDs may be absent.
    expect(objects.filter((o) => o.kind === 'PodMonitor' || o.kind === 'PrometheusRule')).toEqual([]);
  });

  test('serviceMonitor: a PodMonitor per part with a stable job, and the alerts', () => {
    const { objects } = build(
      { monitoring: { serviceMonitor: true, labels: { release: 'prom' } } },
      86_400_000,
    );
    const monitors = objects.filter((o) => o.kind === 'PodMonitor') as any[];
    expect(monitors.map((m) => m.metadata.name)).toEqual([
      'traces-kafka',
      'traces-kafka-exporter',
      'traces-entity-operator',
    ]);
    const kafka = monitors[0];
    expect(kafka.metadata.labels.release).toBe('prom');
    // Pod labels from strimzi/strimzi-kafka-operator@1.2.0: strimzi.io/name = <cluster>-kafka (KafkaPool.java).
    expect(kafka.spec.selector.matchLabels).toEqual({
      'strimzi.io/cluster': 'traces',
      'strimzi.io/name': 'traces-kafka',
    });
    expect(kafka.spec.podMetricsEndpoints).toEqual([
      {
        port: 'tcp-prometheus',
        path: '/metrics',
        interval: '30s',
        relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'traces-kafka' }],
      },
    ]);
    expect(monitors[2].spec.podMetricsEndpoints.map((e: { port: string }) => e.port)).toEqual([
      'healthcheck-to',
      'healthcheck-uo',
    ]);
    const rule = only(objects, 'PrometheusRule');
    const alerts = rule.spec.groups[0].rules.map((r: { alert: string }) => r.alert);
    expect(alerts).toEqual([
      'KafkaUnderReplicatedPartitions',
      'KafkaOfflinePartitions',
      'KafkaNoActiveController',
      'KafkaConsumerLagNearRetention',
      'KafkaConsumerGroupStuck',
    ]);
    // The topic's retention (1 day) sets the lag threshold: half of 86 400 s.
    expect(rule.spec.groups[0].rules[3].expr).toContain('> 43200 and on');
    expect(rule.spec.groups[0].rules[3].expr).toContain('job="traces-kafka-exporter"');
  });

  test('static labels (cluster, region) ride on every PodMonitor after the fixed job', () => {
    const { objects } = build({ monitoring: { serviceMonitor: true, staticLabels: { cluster: 'eu-1' } } });
    const monitor = objects.find((o) => o.kind === 'PodMonitor') as any;
    expect(monitor.spec.podMetricsEndpoints[0].relabelings).toEqual([
      { action: 'replace', targetLabel: 'job', replacement: 'traces-kafka' },
      { action: 'replace', targetLabel: 'cluster', replacement: 'eu-1' },
    ]);
  });

  test('a dashboard data source uid that is not one is refused, naming the prop', () => {
    expectConstructError(
      () => build({ monitoring: { serviceMonitor: true, dashboards: { datasourceUid: 'not a uid' } } }),
      "KafkaCluster 'test/traces': 'monitoring.dashboards.datasourceUid' is not a data source uid (got \"not a uid\"); e.g. 'thanos'",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('alerts: false keeps the monitors and drops the rule', () => {
    const { objects } = build({ monitoring: { serviceMonitor: true, alerts: false } });
    expect(objects.filter((o) => o.kind === 'PodMonitor')).toHaveLength(3);
    expect(objects.filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
  });

  test('monitoring with the Strimzi Metrics Reporter is refused', () => {
    expectConstructError(
      () => build({ monitoring: {}, metrics: {} }),
      "KafkaCluster 'test/traces': 'monitoring' cannot be combined with 'metrics': a Kafka resource has one metricsConfig, and the alerts read the JMX exporter's names (got {\"metrics\":{}}); leave out 'metrics' (monitoring serves the JMX exporter), or leave out 'monitoring'",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('bad exporter resources are refused with the prop path', () => {
    expectErrorCode(
      () => build({ monitoring: { exporterResources: { cpu: 'lots', memory: '1Gi' } } }),
      ErrorCode.INVALID_QUANTITY,
      'monitoring.exporterResources.cpu',
      /monitoring\.exporterResources\.cpu/,
    );
  });

  describeWithShared('schemas', () => {
    test('every object validates against the Strimzi and prometheus-operator CRDs', () => {
      const { objects } = build({ monitoring: { serviceMonitor: true } }, 86_400_000);
      for (const o of objects.filter((x) => x.kind !== 'ConfigMap')) {
        expect([o.kind, validateCustomResource(o)]).toEqual([o.kind, undefined]);
      }
    });
  });
});

describe('Kafka alerts under promtool', () => {
  const rules = kafkaAlertRules({
    namespace: 'kafka',
    kafkaJob: 'traces-kafka',
    exporterJob: 'traces-kafka-exporter',
    topics: [{ topic: 'jaeger-spans', retentionMs: 3_600_000 }],
  });
  const b = 'namespace="kafka",job="traces-kafka"';
  const e = 'namespace="kafka",job="traces-kafka-exporter"';
  const group = 'consumergroup="jaeger-ingester",topic="jaeger-spans"';
  const cases: AlertCase[] = [
    {
      alert: 'KafkaUnderReplicatedPartitions',
      evalTime: '15m',
      bad: [
        { series: `kafka_server_replicamanager_underreplicatedpartitions{${b},pod="b-0"}`, values: '0x20' },
        { series: `kafka_server_replicamanager_underreplicatedpartitions{${b},pod="b-1"}`, values: '3x20' },
      ],
      labels: { severity: 'warning', namespace: 'kafka' },
      healthy: [
        { series: `kafka_server_replicamanager_underreplicatedpartitions{${b},pod="b-0"}`, values: '0x20' },
      ],
    },
    {
      alert: 'KafkaOfflinePartitions',
      evalTime: '5m',
      bad: [
        { series: `kafka_controller_kafkacontroller_offlinepartitionscount{${b},pod="c-0"}`, values: '2x10' },
      ],
      labels: { severity: 'critical', namespace: 'kafka' },
      healthy: [
        { series: `kafka_controller_kafkacontroller_offlinepartitionscount{${b},pod="c-0"}`, values: '0x10' },
      ],
    },
    {
      alert: 'KafkaNoActiveController',
      evalTime: '10m',
      bad: [
        { series: `kafka_controller_kafkacontroller_activecontrollercount{${b},pod="c-0"}`, values: '0x15' },
        { series: `kafka_controller_kafkacontroller_activecontrollercount{${b},pod="c-1"}`, values: '0x15' },
      ],
      labels: { severity: 'critical', namespace: 'kafka' },
      healthy: [
        { series: `kafka_controller_kafkacontroller_activecontrollercount{${b},pod="c-0"}`, values: '1x15' },
        { series: `kafka_controller_kafkacontroller_activecontrollercount{${b},pod="c-1"}`, values: '0x15' },
      ],
    },
    {
      // 100 messages/s produced; the group is 250 000 messages (2 500 s) behind: above half of the 1 h retention.
      alert: 'KafkaConsumerLagNearRetention',
      evalTime: '25m',
      bad: [
        {
          series: `kafka_topic_partition_current_offset{${e},topic="jaeger-spans",partition="0"}`,
          values: '0+6000x30',
        },
        { series: `kafka_consumergroup_lag{${e},${group},partition="0"}`, values: '250000x30' },
      ],
      labels: {
        severity: 'critical',
        namespace: 'kafka',
        consumergroup: 'jaeger-ingester',
        topic: 'jaeger-spans',
      },
      // Same rate, 1 000 messages (10 s) behind.
      healthy: [
        {
          series: `kafka_topic_partition_current_offset{${e},topic="jaeger-spans",partition="0"}`,
          values: '0+6000x30',
        },
        { series: `kafka_consumergroup_lag{${e},${group},partition="0"}`, values: '1000x30' },
      ],
    },
    {
      alert: 'KafkaConsumerGroupStuck',
      evalTime: '25m',
      bad: [
        { series: `kafka_consumergroup_lag{${e},${group},partition="3"}`, values: '500x30' },
        { series: `kafka_consumergroup_current_offset{${e},${group},partition="3"}`, values: '1000x30' },
      ],
      labels: {
        severity: 'warning',
        namespace: 'kafka',
        job: 'traces-kafka-exporter',
        consumergroup: 'jaeger-ingester',
        topic: 'jaeger-spans',
        partition: '3',
      },
      // Lag but the offset advances: a busy consumer, not a stuck one.
      healthy: [
        { series: `kafka_consumergroup_lag{${e},${group},partition="3"}`, values: '500x30' },
        { series: `kafka_consumergroup_current_offset{${e},${group},partition="3"}`, values: '1000+60x30' },
      ],
    },
  ];

  test('every alert has a firing and a healthy case', () => {
    expect(uncovered(rules, cases)).toEqual([]);
  });

  test('every alert has summary, description and runbook', () => {
    for (const r of rules)
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook', 'summary']);
  });

  test('the JMX rules name only metrics the alerts or dashboard read', () => {
    expect(KAFKA_JMX_RULES).toHaveLength(6);
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
