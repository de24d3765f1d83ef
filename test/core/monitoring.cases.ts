import { Chart, Testing } from 'cdk8s';
import { ErrorCode, prometheusRule, serviceMonitor } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { synth } from '../support/manifests';
import { describeWithShared } from '../support/shared';
import { validateCustomResource } from '../support/validate';
import { thrown } from '../thanos/support';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
}

function monitor(monitoring: Record<string, unknown>) {
  const c = chart();
  serviceMonitor(c, 'sm', {
    name: 'thanos-store',
    namespace: 'monitoring',
    labels: { app: 'x' },
    serviceSelector: { 'app.kubernetes.io/name': 'thanos-store' },
    portName: 'http',
    monitoring: { serviceMonitor: true, ...monitoring },
  });
  return synth(c)[0] as Record<string, any>;
}

describe('serviceMonitor job and static labels', () => {
  test('a fixed job and the cluster/region labels become replace relabelings, job first, then labels by name', () => {
    const sm = monitor({ job: 'thanos-store', staticLabels: { region: 'eu', cluster: 'monitoring-eu' } });
    // The relabel_config fields of Prometheus (action, target_label, replacement) in the operator's camelCase.
    expect(sm.spec.endpoints[0].relabelings).toEqual([
      { action: 'replace', targetLabel: 'job', replacement: 'thanos-store' },
      { action: 'replace', targetLabel: 'cluster', replacement: 'monitoring-eu' },
      { action: 'replace', targetLabel: 'region', replacement: 'eu' },
    ]);
  });

  test('without job or static labels the endpoint has no relabelings (the Service name stays the job)', () => {
    expect(monitor({}).spec.endpoints[0].relabelings).toBeUndefined();
  });

  test("a '$' in a value is escaped, since Prometheus would read it as a capture group", () => {
    expect(monitor({ staticLabels: { cluster: 'a$1' } }).spec.endpoints[0].relabelings).toEqual([
      { action: 'replace', targetLabel: 'cluster', replacement: 'a$$1' },
    ]);
  });

  test('a reserved or invalid label name is refused with INVALID_NAME', () => {
    const e = thrown(() => monitor({ staticLabels: { __address__: 'x' } }));
    expect(e.code).toBe(ErrorCode.INVALID_NAME);
    expect(e.message).toBe(
      "ServiceMonitor 'test/sm': 'monitoring.staticLabels' has a name that is not a Prometheus label name (or is reserved, starting with __) (got \"__address__\"); use letters, digits and '_', e.g. { cluster: 'monitoring-global' }",
    );
    expect(thrown(() => monitor({ staticLabels: { 'my-label': 'x' } })).code).toBe(ErrorCode.INVALID_NAME);
  });

  test('an empty job is refused, also from JavaScript', () => {
    const e = thrown(() => monitor({ job: '' }));
    expect(e.code).toBe(ErrorCode.INVALID_VALUE);
    expect(e.message).toContain("'monitoring.job' must be a non-empty string");
  });
});

const GROUPS = [
  {
    name: 'example',
    interval: '1m',
    rules: [
      { record: 'job:up:sum', expr: 'sum by (job) (up)' },
      {
        alert: 'Down',
        expr: 'up == 0',
        for: '5m',
        labels: { severity: 'critical' },
        annotations: { summary: 's', description: 'd', runbook: 'r' },
      },
    ],
  },
];

describe('prometheusRule', () => {
  test('emits a monitoring.coreos.com/v1 PrometheusRule with the groups in rule-file field names', () => {
    const c = chart();
    prometheusRule(c, 'rules', {
      name: 'thanos',
      namespace: 'monitoring',
      labels: { a: 'b' },
      groups: GROUPS,
    });
    const [rule] = synth(c) as Record<string, any>[];
    expect(rule).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'thanos', namespace: 'monitoring', labels: { a: 'b' } },
      spec: {
        groups: [
          {
            name: 'example',
            interval: '1m',
            rules: [
              { record: 'job:up:sum', expr: 'sum by (job) (up)' },
              {
                alert: 'Down',
                expr: 'up == 0',
                for: '5m',
                labels: { severity: 'critical' },
                annotations: { summary: 's', description: 'd', runbook: 'r' },
              },
            ],
          },
        ],
      },
    });
  });

  test('groups are checked like rule files: a bad duration fails at construction', () => {
    const c = chart();
    // lib/core/duration.ts checkPrometheusDuration (through checkRuleGroups): INVALID_VALUE
    expectConstructError(
      () =>
        prometheusRule(c, 'rules', {
          name: 'x',
          namespace: 'monitoring',
          labels: {},
          groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', for: 'five minutes' }] }],
        }),
      "PrometheusRule 'test/rules': 'groups[0].rules[0].for' is not a Prometheus duration (got \"five minutes\"); write a number with a unit (ms, s, m, h, d, w, y), largest unit first, e.g. '30s', '15d' or '1y'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describeWithShared('monitoring objects against the prometheus-operator 0.93 CRDs', () => {
  test('a ServiceMonitor with relabelings and a PrometheusRule are valid', () => {
    const c = chart();
    serviceMonitor(c, 'sm', {
      name: 'thanos-store',
      namespace: 'monitoring',
      labels: {},
      serviceSelector: { a: 'b' },
      portName: 'http',
      monitoring: { serviceMonitor: true, job: 'thanos-store', staticLabels: { cluster: 'c', region: 'r' } },
      tls: { caSecret: { name: 'ca', key: 'ca.crt' }, serverName: 'thanos-store.monitoring.svc' },
    });
    prometheusRule(c, 'rules', { name: 'thanos', namespace: 'monitoring', labels: {}, groups: GROUPS });
    for (const m of synth(c)) expect(validateCustomResource(m)).toBeUndefined();
  });

  test('the schema check notices a wrong relabeling field (the check can fail)', () => {
    const c = chart();
    const sm = monitor({ job: 'j' });
    sm.spec.endpoints[0].relabelings[0].target_label = 'job';
    expect(validateCustomResource(sm as any)).toContain('additionalProperty');
    void c;
  });
});
