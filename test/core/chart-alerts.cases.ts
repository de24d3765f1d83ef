// lib/core/chart.ts and alert-rules.ts on their own, with literal values: the namespace an ObservabilityChart
// creates (cluster-scoped: no metadata.namespace), and the PrometheusRule of a component's alerts, built now or,
// for rules that read the finished tree, when the chart is synthesized.
import { App } from 'cdk8s';
import { ErrorCode, chartManifests } from '../../lib';
import { alertRule, alertsPrometheusRule } from '../../lib/core/alert-rules';
import { ObservabilityChart } from '../../lib/core/chart';
import { expectErrorCode } from '../support/error-code';
import { expectConstructError } from '../support/errors';
import { objectsBuiltBy } from '../support/manifests';

describe('ObservabilityChart', () => {
  test('creates its namespace by default: cluster-scoped, managed-by label after the user labels', () => {
    const chart = new ObservabilityChart(new App(), 'c', {
      namespace: 'monitoring',
      namespaceLabels: { team: 'obs', 'app.kubernetes.io/managed-by': 'someone-else' },
    });
    expect(chartManifests(chart)).toStrictEqual([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'monitoring',
          labels: { team: 'obs', 'app.kubernetes.io/managed-by': 'observability-constructs' },
        },
      },
    ]);
    expect(chart.namespaceObject).toBeDefined();
  });

  test('createNamespace: false leaves it to you', () => {
    const chart = new ObservabilityChart(new App(), 'c', { namespace: 'monitoring', createNamespace: false });
    expect(chartManifests(chart)).toEqual([]);
    expect(chart.namespaceObject).toBeUndefined();
  });

  test('a namespace that is missing or not a DNS label is refused at the chart', () => {
    expectConstructError(
      () => new ObservabilityChart(new App(), 'c', {} as never),
      "ObservabilityChart 'c': 'namespace' is required (got undefined); name the namespace, e.g. 'monitoring'",
      ErrorCode.INVALID_VALUE,
    );
    expectErrorCode(
      () => new ObservabilityChart(new App(), 'c', { namespace: 'Monitoring' }),
      ErrorCode.INVALID_NAME,
      'namespace',
      'must be a DNS label',
    );
  });
});

describe('alertRule and alertsPrometheusRule', () => {
  const text = { summary: 's', description: 'd', runbook: 'https://example.com/runbook' };
  // built inside each test (a function, not a value of the describe body), so a mutation run sees which test ran it
  const storeDown = () => alertRule('ThanosStoreDown', 'up{job="thanos-store"} == 0', '5m', 'critical', text);

  test('an alert: its severity as a label, summary, description and runbook as annotations', () => {
    expect(storeDown()).toStrictEqual({
      alert: 'ThanosStoreDown',
      expr: 'up{job="thanos-store"} == 0',
      for: '5m',
      labels: { severity: 'critical' },
      annotations: { summary: 's', description: 'd', runbook: 'https://example.com/runbook' },
    });
  });

  const objects = (rules: Parameters<typeof alertsPrometheusRule>[2]['rules']) =>
    objectsBuiltBy((chart) =>
      alertsPrometheusRule(chart, 'alerts', {
        name: 'thanos-store',
        namespace: 'monitoring',
        labels: { release: 'kp' },
        rules,
      }),
    );

  test('one group named after the object, from rules given now or computed at synthesis', () => {
    const expected = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'thanos-store', namespace: 'monitoring', labels: { release: 'kp' } },
      spec: {
        groups: [
          {
            name: 'thanos-store.rules',
            rules: [
              {
                alert: 'ThanosStoreDown',
                expr: 'up{job="thanos-store"} == 0',
                for: '5m',
                labels: { severity: 'critical' },
                annotations: { summary: 's', description: 'd', runbook: 'https://example.com/runbook' },
              },
            ],
          },
        ],
      },
    };
    expect(objects([storeDown()])).toStrictEqual([expected]);
    let computed = 0;
    expect(
      objects(() => {
        computed++;
        return [storeDown()];
      }),
    ).toStrictEqual([expected]);
    expect(computed).toBe(1);
  });

  test('rules computed at synthesis are checked then; the error names the PrometheusRule', () => {
    const bad = alertRule('Broken', ' ', '5m', 'warning', text);
    // cdk8s wraps an error thrown while rendering in its own, naming the object and keeping the message
    // (cdk8s@2.70.106 lib/api-object.js toJson: "Failed serializing construct at path …")
    expect(() => objects(() => [bad])).toThrow(
      "PrometheusRule 'c/alerts': 'groups[0].rules[0].expr' is empty",
    );
  });
});
