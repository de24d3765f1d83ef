import { parse } from 'yaml';
import {
  buildPrometheusConfig,
  checkRuleGroups,
  renderPrometheusConfig,
  renderRuleFile,
} from '../../lib/prometheus/config';
import { ErrorCode } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { describeWithPromtool, promtool, withoutKubernetesSd } from '../support/promtool';

const ctx = { construct: 'Test', path: 'chart/x' };

const groups = [
  {
    name: 'cluster-aggregates',
    interval: '1m',
    rules: [
      { record: 'cluster:up:sum', expr: 'sum by (cluster) (up)' },
      {
        record: 'cluster:cpu_usage:rate5m',
        expr: 'sum by (cluster) (rate(container_cpu_usage_seconds_total[5m]))',
        labels: { source: 'rules' },
      },
    ],
  },
  {
    name: 'alerts',
    rules: [
      {
        alert: 'TargetDown',
        expr: 'up == 0',
        for: '5m',
        labels: { severity: 'warning' },
        annotations: { summary: '{{ $labels.job }} on {{ $labels.instance }} is down' },
      },
    ],
  },
];

function fullConfig(ruleDir: string) {
  return buildPrometheusConfig(
    {
      externalLabels: { cluster: 'app-001', region: 'a', prometheus_replica: '${POD_NAME}' },
      ruleFiles: [`${ruleDir}/*.yaml`],
      scrapeJobs: [
        { jobName: 'prometheus', staticTargets: ['localhost:9090'] },
        {
          jobName: 'pods',
          kubernetes: { role: 'pod', namespaces: ['apps'] },
          relabelConfigs: [
            {
              action: 'keep',
              source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
              regex: 'true',
            },
          ],
        },
      ],
      federation: [
        {
          jobName: 'federate-region-a',
          targets: ['prom-a.region-a.svc:9090'],
          match: ['{__name__=~"cluster:.*"}'],
          scrapeInterval: '1m',
        },
      ],
      remoteWrite: [
        {
          name: 'thanos-receive',
          url: 'http://receive-router.monitoring.svc.cluster.local:19291/api/v1/receive',
          tenant: { header: 'THANOS-TENANT', id: 'app-001' },
        },
      ],
    },
    ctx,
  );
}

describe('prometheus.yml builder', () => {
  test('global, rule files, scrape, federation and remote write', () => {
    const config = parse(renderPrometheusConfig(fullConfig('/etc/prometheus/rules')));
    expect(config.global).toEqual({
      scrape_interval: '30s',
      evaluation_interval: '30s',
      external_labels: { cluster: 'app-001', region: 'a', prometheus_replica: '${POD_NAME}' },
    });
    expect(config.rule_files).toEqual(['/etc/prometheus/rules/*.yaml']);
    expect(config.scrape_configs[2]).toEqual({
      job_name: 'federate-region-a',
      scrape_interval: '1m',
      honor_labels: true,
      metrics_path: '/federate',
      params: { 'match[]': ['{__name__=~"cluster:.*"}'] },
      static_configs: [{ targets: ['prom-a.region-a.svc:9090'] }],
    });
    expect(config.scrape_configs[1].kubernetes_sd_configs).toEqual([
      { role: 'pod', namespaces: { names: ['apps'] } },
    ]);
    expect(config.remote_write).toEqual([
      {
        name: 'thanos-receive',
        url: 'http://receive-router.monitoring.svc.cluster.local:19291/api/v1/receive',
        headers: { 'THANOS-TENANT': 'app-001' },
        queue_config: {
          capacity: 10000,
          max_shards: 50,
          min_shards: 1,
          max_samples_per_send: 2000,
          batch_send_deadline: '5s',
        },
      },
    ]);
  });

  const bad: [string, () => unknown, string, ErrorCode][] = [
    [
      'a duplicate job name',
      () =>
        buildPrometheusConfig(
          {
            externalLabels: {},
            scrapeJobs: [{ jobName: 'a', staticTargets: ['x:1'] }],
            federation: [{ jobName: 'a', targets: ['y:1'], match: ['up'] }],
          },
          ctx,
        ),
      "Test 'chart/x': 'federation[0].jobName' is the name of another job (got \"a\"); give every scrape and federation job its own name",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a federation job without match[]',
      () =>
        buildPrometheusConfig(
          { externalLabels: {}, federation: [{ jobName: 'f', targets: ['y:1'], match: [] }] },
          ctx,
        ),
      "Test 'chart/x': 'federation[0].match' is empty, and /federate returns nothing without a selector (got []); give series selectors, e.g. '{__name__=~\"cluster:.*\"}'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a job with both target kinds',
      () =>
        buildPrometheusConfig(
          {
            externalLabels: {},
            scrapeJobs: [{ jobName: 'j', staticTargets: ['x:1'], kubernetes: { role: 'pod' } }],
          },
          ctx,
        ),
      "Test 'chart/x': 'scrapeJobs[0]' must have either staticTargets or kubernetes discovery (got \"j\"); set exactly one of them",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a remote write URL without scheme',
      () => buildPrometheusConfig({ externalLabels: {}, remoteWrite: [{ url: 'receive:19291' }] }, ctx),
      "Test 'chart/x': 'remoteWrite[0].url' is not an http or https URL (got \"receive:19291\"); pass a handle such as receive.remoteWriteUrl",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a reserved external label',
      () => buildPrometheusConfig({ externalLabels: { __name__: 'x' } }, ctx),
      "Test 'chart/x': 'externalLabels' has an invalid label name (got \"__name__\"); use letters, digits and '_', not starting with '__'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a rule group without rules',
      () => checkRuleGroups([{ name: 'g', rules: [] }], ctx, 'ruleGroups'),
      "Test 'chart/x': 'ruleGroups[0].rules' is empty (got []); add at least one recording or alerting rule",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a bad record name',
      () =>
        checkRuleGroups([{ name: 'g', rules: [{ record: 'cluster-up', expr: 'up' }] }], ctx, 'ruleGroups'),
      "Test 'chart/x': 'ruleGroups[0].rules[0].record' is not a valid metric name (got \"cluster-up\"); use letters, digits, '_' and ':', e.g. 'cluster:cpu_usage:rate5m'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'two groups with one name',
      () => checkRuleGroups([groups[0], groups[0]], ctx, 'ruleGroups'),
      "Test 'chart/x': 'ruleGroups[1].name' is the name of another group (got \"cluster-aggregates\"); give every rule group its own name",
      ErrorCode.INVALID_VALUE,
    ],
  ];
  test.each(bad)('%s is an error', (_n, run, message, code) => {
    expectConstructError(run, message, code);
  });
});

describeWithPromtool('promtool accepts what the builders produce', () => {
  test('promtool check rules', () => {
    const out = promtool(['check', 'rules', '{dir}/rules/fleet.yaml'], {
      'rules/fleet.yaml': renderRuleFile(checkRuleGroups(groups, ctx, 'ruleGroups')),
    });
    expect(out).toMatch(/SUCCESS: 3 rules found/);
  });

  test('promtool check config, with the rule files it references (kubernetes_sd_configs aside)', () => {
    const { yaml, dropped } = withoutKubernetesSd(renderPrometheusConfig(fullConfig('{dir}/rules')));
    expect(dropped).toBe(1);
    const out = promtool(['check', 'config', '{dir}/prometheus.yml'], {
      'prometheus.yml': yaml,
      'rules/fleet.yaml': renderRuleFile(groups),
    });
    expect(out).toMatch(/SUCCESS: .*prometheus.yml is valid prometheus config file syntax/);
    expect(out).toMatch(/SUCCESS: 3 rules found/);
  });

  test('the checker fails on a broken config', () => {
    expect(() =>
      promtool(['check', 'config', '{dir}/p.yml'], { 'p.yml': 'global:\n  scrape_interval: soon\n' }),
    ).toThrow(/promtool check config .* failed/);
  });
});
