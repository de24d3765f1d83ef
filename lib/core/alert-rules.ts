import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { RuleGroup, checkRuleGroups, ruleGroupObjects } from '../prometheus/config/rules';
import { prometheusRule } from './monitoring';

/** One alerting rule in Prometheus's rule-file form. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** What an alert says to the person paged: one line each. */
export interface AlertText {
  readonly summary: string;
  /** May use `{{ $labels.x }}` and `{{ $value }}`. */
  readonly description: string;
  /** What to do first; the README's runbook table repeats it. */
  readonly runbook: string;
}

/** Builds an alert with `severity` and the summary, description and runbook annotations every alert carries. */
export function alertRule(
  alert: string,
  expr: string,
  duration: string,
  severity: 'warning' | 'critical',
  text: AlertText,
): AlertRule {
  return {
    alert,
    expr,
    for: duration,
    labels: { severity },
    annotations: { summary: text.summary, description: text.description, runbook: text.runbook },
  };
}

/** One upstream metric the rules or dashboards read, and where its name was read. */
export interface MetricFact {
  /** `repo@tag path` of the code or generated doc that defines the name. */
  readonly source: string;
}

/** Options of {@link alertsPrometheusRule}. */
export interface AlertsPrometheusRuleOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The rules, or a function computing them at synthesis (when later constructs add to them). */
  readonly rules: readonly AlertRule[] | (() => readonly AlertRule[]);
}

/**
 * A PrometheusRule with one group of alerts, through the shared {@link prometheusRule} (its checks included); rules
 * given as a function are computed and checked the same way at synthesis.
 */
export function alertsPrometheusRule(
  scope: Construct,
  id: string,
  o: AlertsPrometheusRuleOptions,
): ApiObject {
  const group = (rules: readonly AlertRule[]): RuleGroup => ({ name: `${o.name}.rules`, rules });
  const rules = o.rules;
  if (typeof rules !== 'function') {
    return prometheusRule(scope, id, {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      groups: [group(rules)],
    });
  }
  const context = { construct: 'PrometheusRule', path: `${scope.node.path}/${id}` };
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: o.name, namespace: o.namespace, labels: { ...o.labels } },
    spec: {
      groups: Lazy.any({
        produce: () => ruleGroupObjects(checkRuleGroups([group(rules())], context, 'groups')),
      }),
    },
  });
}
