import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FLEET_JOBS,
  METRIC_FACTS,
  appClusterAlertGroups,
  fleetAlertCatalogue,
  fleetDashboards,
  monitoringClusterRules,
} from '../../lib/fleet';
import { dashboardJson } from '../../lib/grafana';
import { alertTable, alertTableCells, tableCells } from '../../scripts/alert-table';
import { AlertingRule, RuleGroup } from '../../lib/prometheus';
import { dashboardQueries, metricNames, promqlError } from '../support/dashboards';
import { describeWithPromtool } from '../support/promtool';
import { InputSeries, RuleTestCase, checkRules, testRules, testRulesBatch } from '../support/rule-tests';

/** A monitoring cluster running every component, and an application cluster with a sidecar. */
const MONITORING: RuleGroup[] = monitoringClusterRules(
  Object.values(FLEET_JOBS).filter((j) => j !== FLEET_JOBS.sidecar),
);
const APP: RuleGroup[] = appClusterAlertGroups(true);

const alerts = (groups: readonly RuleGroup[]) =>
  groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));

/**
 * For each alert: series on which it must fire (`bad`) and a healthy variant on which it must stay silent (`good`),
 * evaluated at `at`, and the labels it fires with (the rule's severity and the expression's grouping labels).
 */
interface AlertCase {
  readonly file?: 'app';
  readonly interval?: string;
  readonly at: string;
  readonly bad: InputSeries[];
  readonly good: InputSeries[];
  readonly labels: Record<string, string>;
}

const L = (job: string, extra = '') => `job="${job}", cluster="c1"${extra}`;
const counter = (name: string, labels: string, perMinute: number, minutes = 40): InputSeries => ({
  series: `${name}{${labels}}`,
  values: perMinute === 0 ? `0x${minutes}` : `0+${perMinute}x${minutes}`,
});
const gauge = (name: string, labels: string, value: number, minutes = 40): InputSeries => ({
  series: `${name}{${labels}}`,
  values: `${value}x${minutes}`,
});
/** A ratio alert: `failed` per minute out of 10 per minute in total. */
const ratio = (
  failedName: string,
  failedLabels: string,
  totalName: string,
  totalLabels: string,
  failed: number,
) => [
  counter(failedName, failedLabels, failed),
  ...(failedName === totalName
    ? [counter(totalName, totalLabels, 10 - failed)]
    : [counter(totalName, totalLabels, 10)]),
];
const bucketLe = (name: string, labels: string, le: string, perMinute: number) =>
  counter(name, `${labels}, le="${le}"`, perMinute);

const CASES: Record<string, AlertCase> = {
  FleetTargetDown: {
    at: '15m',
    bad: [gauge('up', L('thanos-store', ', instance="10.0.0.1:10902"'), 0)],
    good: [gauge('up', L('thanos-store', ', instance="10.0.0.1:10902"'), 1)],
    labels: { severity: 'warning', job: 'thanos-store', cluster: 'c1', instance: '10.0.0.1:10902' },
  },
  ThanosBucketOperationsFailing: {
    at: '25m',
    bad: ratio(
      'thanos_objstore_bucket_operation_failures_total',
      L('thanos-store', ', operation="get"'),
      'thanos_objstore_bucket_operations_total',
      L('thanos-store', ', operation="get"'),
      1,
    ),
    good: ratio(
      'thanos_objstore_bucket_operation_failures_total',
      L('thanos-store', ', operation="get"'),
      'thanos_objstore_bucket_operations_total',
      L('thanos-store', ', operation="get"'),
      0,
    ),
    labels: { severity: 'warning', job: 'thanos-store', cluster: 'c1', operation: 'get' },
  },
  ThanosCompactHalted: {
    at: '10m',
    bad: [gauge('thanos_compact_halted', L('thanos-compact', ', pod="thanos-compact-0-0"'), 1)],
    good: [gauge('thanos_compact_halted', L('thanos-compact', ', pod="thanos-compact-0-0"'), 0)],
    labels: { severity: 'critical', job: 'thanos-compact', cluster: 'c1', pod: 'thanos-compact-0-0' },
  },
  ThanosCompactFailing: {
    at: '25m',
    bad: ratio(
      'thanos_compact_group_compactions_failures_total',
      L('thanos-compact'),
      'thanos_compact_group_compactions_total',
      L('thanos-compact'),
      1,
    ),
    good: ratio(
      'thanos_compact_group_compactions_failures_total',
      L('thanos-compact'),
      'thanos_compact_group_compactions_total',
      L('thanos-compact'),
      0,
    ),
    labels: { severity: 'warning', job: 'thanos-compact', cluster: 'c1' },
  },
  ThanosCompactNotRun: {
    interval: '10m',
    at: '26h',
    bad: [
      { series: `thanos_compact_iterations_total{${L('thanos-compact', ', pod="p0"')}}`, values: '3x200' },
    ],
    good: [
      { series: `thanos_compact_iterations_total{${L('thanos-compact', ', pod="p0"')}}`, values: '0+1x200' },
    ],
    labels: { severity: 'warning', job: 'thanos-compact', cluster: 'c1', pod: 'p0' },
  },
  ThanosStoreGrpcErrors: {
    at: '15m',
    bad: [
      counter('grpc_server_handled_total', L('thanos-store', ', grpc_code="Unavailable"'), 1),
      counter('grpc_server_handled_total', L('thanos-store', ', grpc_code="OK"'), 9),
    ],
    good: [
      counter('grpc_server_handled_total', L('thanos-store', ', grpc_code="Unavailable"'), 0),
      counter('grpc_server_handled_total', L('thanos-store', ', grpc_code="OK"'), 10),
    ],
    labels: { severity: 'warning', job: 'thanos-store', cluster: 'c1' },
  },
  ThanosStoreSeriesSlow: {
    at: '20m',
    // Every call between 1s and 30s (p99 ≈ 29.7s), against every call under 1s (p99 < 1s).
    bad: [
      bucketLe('thanos_bucket_store_series_get_all_duration_seconds_bucket', L('thanos-store'), '1', 0),
      bucketLe('thanos_bucket_store_series_get_all_duration_seconds_bucket', L('thanos-store'), '30', 10),
      bucketLe('thanos_bucket_store_series_get_all_duration_seconds_bucket', L('thanos-store'), '+Inf', 10),
    ],
    good: [
      bucketLe('thanos_bucket_store_series_get_all_duration_seconds_bucket', L('thanos-store'), '1', 10),
      bucketLe('thanos_bucket_store_series_get_all_duration_seconds_bucket', L('thanos-store'), '30', 10),
      bucketLe('thanos_bucket_store_series_get_all_duration_seconds_bucket', L('thanos-store'), '+Inf', 10),
    ],
    labels: { severity: 'warning', job: 'thanos-store', cluster: 'c1' },
  },
  ThanosQueryHttpErrors: {
    at: '15m',
    bad: [
      counter('http_requests_total', L('thanos-query', ', handler="query", code="500"'), 1),
      counter('http_requests_total', L('thanos-query', ', handler="query", code="200"'), 9),
    ],
    good: [
      counter('http_requests_total', L('thanos-query', ', handler="query", code="500"'), 0),
      counter('http_requests_total', L('thanos-query', ', handler="query", code="200"'), 10),
    ],
    labels: { severity: 'critical', job: 'thanos-query', cluster: 'c1', handler: 'query' },
  },
  ThanosQuerySlow: {
    at: '20m',
    bad: [
      bucketLe('http_request_duration_seconds_bucket', L('thanos-query', ', handler="query"'), '10', 0),
      bucketLe('http_request_duration_seconds_bucket', L('thanos-query', ', handler="query"'), '60', 5),
      bucketLe('http_request_duration_seconds_bucket', L('thanos-query', ', handler="query"'), '+Inf', 5),
    ],
    good: [
      bucketLe('http_request_duration_seconds_bucket', L('thanos-query', ', handler="query"'), '10', 5),
      bucketLe('http_request_duration_seconds_bucket', L('thanos-query', ', handler="query"'), '60', 5),
      bucketLe('http_request_duration_seconds_bucket', L('thanos-query', ', handler="query"'), '+Inf', 5),
    ],
    labels: { severity: 'warning', job: 'thanos-query', cluster: 'c1', handler: 'query' },
  },
  ThanosReceiveReplicationFailing: {
    at: '15m',
    bad: [
      counter('thanos_receive_replications_total', L('thanos-receive', ', result="error"'), 1),
      counter('thanos_receive_replications_total', L('thanos-receive', ', result="success"'), 9),
    ],
    good: [
      counter('thanos_receive_replications_total', L('thanos-receive', ', result="error"'), 0),
      counter('thanos_receive_replications_total', L('thanos-receive', ', result="success"'), 10),
    ],
    labels: { severity: 'critical', job: 'thanos-receive', cluster: 'c1' },
  },
  ThanosReceiveForwardingFailing: {
    at: '15m',
    bad: [
      counter('thanos_receive_forward_requests_total', L('thanos-receive', ', result="error"'), 1),
      counter('thanos_receive_forward_requests_total', L('thanos-receive', ', result="success"'), 9),
    ],
    good: [
      counter('thanos_receive_forward_requests_total', L('thanos-receive', ', result="error"'), 0),
      counter('thanos_receive_forward_requests_total', L('thanos-receive', ', result="success"'), 10),
    ],
    labels: { severity: 'warning', job: 'thanos-receive', cluster: 'c1' },
  },
  ThanosReceiveHeadSeriesLimited: {
    at: '15m',
    bad: [
      counter(
        'thanos_receive_head_series_limited_requests_total',
        L('thanos-receive', ', tenant="cluster-001"'),
        1,
      ),
    ],
    good: [
      counter(
        'thanos_receive_head_series_limited_requests_total',
        L('thanos-receive', ', tenant="cluster-001"'),
        0,
      ),
    ],
    labels: { severity: 'warning', job: 'thanos-receive', cluster: 'c1', tenant: 'cluster-001' },
  },
  ThanosRuleEvaluationFailures: {
    at: '15m',
    bad: [counter('prometheus_rule_evaluation_failures_total', L('thanos-rule', ', rule_group="fleet"'), 1)],
    good: [counter('prometheus_rule_evaluation_failures_total', L('thanos-rule', ', rule_group="fleet"'), 0)],
    labels: { severity: 'critical', job: 'thanos-rule', cluster: 'c1', rule_group: 'fleet' },
  },
  ThanosRuleEvaluationWithPartialResponse: {
    at: '35m',
    bad: [counter('thanos_rule_evaluation_with_warnings_total', L('thanos-rule', ', strategy="warn"'), 1)],
    good: [counter('thanos_rule_evaluation_with_warnings_total', L('thanos-rule', ', strategy="warn"'), 0)],
    labels: { severity: 'warning', job: 'thanos-rule', cluster: 'c1' },
  },
  PrometheusRuleEvaluationFailures: {
    at: '25m',
    bad: [counter('prometheus_rule_evaluation_failures_total', L('prometheus', ', rule_group="g"'), 1)],
    good: [counter('prometheus_rule_evaluation_failures_total', L('prometheus', ', rule_group="g"'), 0)],
    labels: { severity: 'warning', job: 'prometheus', cluster: 'c1', rule_group: 'g' },
  },
  PrometheusScrapeSampleLimitHit: {
    at: '25m',
    bad: [counter('prometheus_target_scrapes_exceeded_sample_limit_total', L('prometheus'), 1)],
    good: [counter('prometheus_target_scrapes_exceeded_sample_limit_total', L('prometheus'), 0)],
    labels: { severity: 'warning', job: 'prometheus', cluster: 'c1' },
  },
  PrometheusTsdbCompactionsFailing: {
    at: '10m',
    bad: [
      {
        series: `prometheus_tsdb_compactions_failed_total{${L('prometheus', ', pod="p0"')}}`,
        values: '0x5 1x10',
      },
    ],
    good: [
      {
        series: `prometheus_tsdb_compactions_failed_total{${L('prometheus', ', pod="p0"')}}`,
        values: '0x15',
      },
    ],
    labels: { severity: 'warning', job: 'prometheus', cluster: 'c1', pod: 'p0' },
  },
  PrometheusWalCorruption: {
    at: '10m',
    bad: [
      {
        series: `prometheus_tsdb_wal_corruptions_total{${L('prometheus', ', pod="p0"')}}`,
        values: '0x5 1x10',
      },
    ],
    good: [
      { series: `prometheus_tsdb_wal_corruptions_total{${L('prometheus', ', pod="p0"')}}`, values: '0x15' },
    ],
    labels: { severity: 'critical', job: 'prometheus', cluster: 'c1', pod: 'p0' },
  },
  PrometheusRemoteWriteFailing: {
    at: '25m',
    bad: [
      counter(
        'prometheus_remote_storage_samples_failed_total',
        L('prometheus', ', remote_name="r", url="u"'),
        1,
      ),
    ],
    good: [
      counter(
        'prometheus_remote_storage_samples_failed_total',
        L('prometheus', ', remote_name="r", url="u"'),
        0,
      ),
    ],
    labels: { severity: 'critical', job: 'prometheus', cluster: 'c1', remote_name: 'r', url: 'u' },
  },
  PrometheusRemoteWriteBehind: {
    at: '25m',
    // Enqueued samples advance with the clock; the sent ones stop (bad) or keep up (good).
    bad: [
      counter(
        'prometheus_remote_storage_queue_highest_timestamp_seconds',
        L('prometheus', ', remote_name="r", url="u"'),
        60,
      ),
      gauge(
        'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
        L('prometheus', ', remote_name="r", url="u"'),
        0,
      ),
    ],
    good: [
      counter(
        'prometheus_remote_storage_queue_highest_timestamp_seconds',
        L('prometheus', ', remote_name="r", url="u"'),
        60,
      ),
      counter(
        'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
        L('prometheus', ', remote_name="r", url="u"'),
        60,
      ),
    ],
    labels: { severity: 'warning', job: 'prometheus', cluster: 'c1', remote_name: 'r', url: 'u' },
  },
  ThanosSidecarNoConnectionToPrometheus: {
    file: 'app',
    at: '10m',
    bad: [gauge('thanos_sidecar_prometheus_up', L('thanos-sidecar', ', pod="prometheus-0"'), 0)],
    good: [gauge('thanos_sidecar_prometheus_up', L('thanos-sidecar', ', pod="prometheus-0"'), 1)],
    labels: { severity: 'critical', job: 'thanos-sidecar', cluster: 'c1', pod: 'prometheus-0' },
  },
  ThanosSidecarUploadFailing: {
    file: 'app',
    at: '25m',
    bad: [counter('thanos_shipper_upload_failures_total', L('thanos-sidecar', ', pod="prometheus-0"'), 1)],
    good: [counter('thanos_shipper_upload_failures_total', L('thanos-sidecar', ', pod="prometheus-0"'), 0)],
    labels: { severity: 'critical', job: 'thanos-sidecar', cluster: 'c1', pod: 'prometheus-0' },
  },
};

describe('the fleet alerts', () => {
  test('every alert has a summary, a description and a runbook line, and a promtool case here', () => {
    for (const rule of fleetAlertCatalogue()) {
      expect([rule.alert, Object.keys(rule.annotations ?? {}).sort()]).toEqual([
        rule.alert,
        ['description', 'runbook', 'summary'],
      ]);
      expect(Object.keys(CASES)).toContain(rule.alert);
    }
    expect(
      fleetAlertCatalogue()
        .map((r) => r.alert)
        .sort(),
    ).toEqual(Object.keys(CASES).sort());
  });

  test('every expression parses with Prometheus v3.14.0 grammar (lezer-promql)', () => {
    for (const rule of [...alerts(MONITORING), ...alerts(APP)])
      expect([rule.alert, promqlError(rule.expr)]).toEqual([rule.alert, undefined]);
  });

  test('every metric a rule or dashboard reads is in the fact table of pinned sources', () => {
    const used = new Set<string>();
    for (const rule of [...alerts(MONITORING), ...alerts(APP)])
      metricNames(rule.expr).forEach((m) => used.add(m));
    for (const d of fleetDashboards()) {
      for (const q of dashboardQueries(dashboardJson(d))) metricNames(q.expr).forEach((m) => used.add(m));
    }
    const missing = [...used].filter((m) => !(m in METRIC_FACTS));
    expect(missing).toEqual([]);
    // The table is the used set, not a wish list.
    expect(Object.keys(METRIC_FACTS).filter((m) => !used.has(m))).toEqual([]);
  });

  test('the fact table names a pinned repo@tag for each metric', () => {
    for (const [metric, source] of Object.entries(METRIC_FACTS)) {
      expect([metric, /(thanos-io\/thanos@v0\.42\.4|prometheus\/prometheus@v3\.14\.0)/.test(source)]).toEqual(
        [metric, true],
      );
    }
  });

  test('the README alert table is the one generated from the rules (run `npm run readme` after changing an alert)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(alertTableCells(readme)).toEqual(tableCells(alertTable()));
    // And the generated table has a row per alert with its runbook line.
    const rows = tableCells(alertTable());
    for (const rule of fleetAlertCatalogue()) {
      expect(rows).toContainEqual([
        `\`${rule.alert}\``,
        String(rule.labels?.severity),
        String(rule.annotations?.summary),
        String(rule.annotations?.runbook),
      ]);
    }
  });
});

describeWithPromtool('the fleet alerts under promtool', () => {
  test('promtool check rules accepts the monitoring-cluster and application-cluster rule files', () => {
    expect(checkRules(MONITORING)).toContain('SUCCESS');
    expect(checkRules(APP)).toContain('SUCCESS');
  });

  /**
   * The rule file for one alert's suite: every recording rule (an alert may read one) and that alert only. Other
   * alerts cannot change whether it fires (no expression reads the ALERTS series, asserted below), and promtool
   * evaluates every rule of the file at every step: with all the alerts each suite cost ~0.2 s of CPU.
   */
  const underTest = (groups: readonly RuleGroup[], alert: string): RuleGroup[] =>
    groups.map((g) => ({ ...g, rules: g.rules.filter((r) => !('alert' in r) || r.alert === alert) }));

  test('no rule reads the ALERTS series, so an alert can be tested without the others', () => {
    const exprs = [...MONITORING, ...APP].flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(Object.keys(CASES).length);
    expect(exprs.filter((e) => /\bALERTS(_FOR_STATE)?\b/.test(e))).toEqual([]);
  });

  /** Per alert: one test on its bad series (it fires with exactly the case's labels), one on the healthy ones. */
  const suite = (name: string) => {
    const c = CASES[name] as AlertCase;
    const test = (series: InputSeries[], fires: boolean): RuleTestCase => ({
      name: `${name} ${fires ? 'fires' : 'silent'}`,
      interval: c.interval ?? '1m',
      input_series: series,
      alert_rule_test: [
        { eval_time: c.at, alertname: name, exp_alerts: fires ? [{ exp_labels: c.labels }] : [] },
      ],
    });
    return {
      groups: underTest(c.file === 'app' ? APP : MONITORING, name),
      cases: [test(c.bad, true), test(c.good, false)],
    };
  };
  // Every alert's suite in one promtool process (a process per alert cost ~0.25 s of CPU each, 26 of them); each
  // test below still asserts its own suite's result.
  let batch: Map<string, string>;
  beforeAll(() => {
    batch = testRulesBatch(new Map(Object.keys(CASES).map((name) => [name, suite(name)])));
  });

  test.each(Object.keys(CASES))('%s fires on a bad series and stays silent on a healthy one', (name) => {
    const section = batch.get(name)!;
    // A failed suite is run again alone: testRules throws with promtool's account of what failed.
    const output = section.includes('SUCCESS') ? section : testRules(suite(name).groups, suite(name).cases);
    expect(output).toContain('SUCCESS');
  });
});
