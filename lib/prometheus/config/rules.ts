import { stringifyYaml as stringify } from '../../core/manifest-yaml';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';
import { checkPrometheusDuration } from '../../core/duration';

/** A recording rule: `record` is the new series' name. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** An alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** A Prometheus duration the condition must hold. @default fire at once */
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A rule group: rules evaluated together at one interval. */
export interface RuleGroup {
  readonly name: string;
  /** A Prometheus duration. @default the global evaluation interval */
  readonly interval?: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Checks rule groups: unique group names, valid record and label names, durations, non-empty expressions. */
export function checkRuleGroups(
  groups: readonly RuleGroup[],
  context: ErrorContext,
  prop: string,
): readonly RuleGroup[] {
  const names = new Set<string>();
  groups.forEach((group, g) => {
    const at = `${prop}[${g}]`;
    const fail = (p: string, problem: string, value: unknown, fix: string): never => {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: p,
        problem,
        value,
        fix,
      });
    };
    if (names.has(group.name))
      fail(`${at}.name`, 'is the name of another group', group.name, 'give every rule group its own name');
    names.add(group.name);
    if (group.interval !== undefined) checkPrometheusDuration(group.interval, context, `${at}.interval`);
    if (group.rules.length === 0)
      fail(`${at}.rules`, 'is empty', [], 'add at least one recording or alerting rule');
    group.rules.forEach((rule, r) => {
      const ruleAt = `${at}.rules[${r}]`;
      if (rule.expr.trim() === '') fail(`${ruleAt}.expr`, 'is empty', rule.expr, 'write a PromQL expression');
      if ('record' in rule && !METRIC_NAME.test(rule.record)) {
        fail(
          `${ruleAt}.record`,
          'is not a valid metric name',
          rule.record,
          "use letters, digits, '_' and ':', e.g. 'cluster:cpu_usage:rate5m'",
        );
      }
      if ('alert' in rule) {
        if (!LABEL_NAME.test(rule.alert)) {
          fail(
            `${ruleAt}.alert`,
            'is not a valid alert name',
            rule.alert,
            "use letters, digits and '_', e.g. 'HighErrorRate'",
          );
        }
        if (rule.for !== undefined) checkPrometheusDuration(rule.for, context, `${ruleAt}.for`);
      }
      for (const label of Object.keys(rule.labels ?? {})) {
        if (!LABEL_NAME.test(label))
          fail(`${ruleAt}.labels`, 'has an invalid label name', label, "use letters, digits and '_'");
      }
    });
  });
  return groups;
}

/** A Prometheus rule file (`groups:`), as Prometheus and Thanos Ruler read it. */
export function renderRuleFile(groups: readonly RuleGroup[]): string {
  return stringify({ groups: ruleGroupObjects(groups) }, { lineWidth: 0 });
}

/**
 * The groups as plain objects in the rule-file field names, which a prometheus-operator PrometheusRule's
 * `spec.groups` shares (monitoring.coreos.com_prometheusrules.yaml of prometheus-operator 0.93.0).
 */
export function ruleGroupObjects(groups: readonly RuleGroup[]): Record<string, unknown>[] {
  return groups.map((g) => ({
    name: g.name,
    ...(g.interval !== undefined ? { interval: g.interval } : {}),
    rules: g.rules.map((r) =>
      'record' in r
        ? { record: r.record, expr: r.expr, ...(r.labels ? { labels: { ...r.labels } } : {}) }
        : {
            alert: r.alert,
            expr: r.expr,
            ...(r.for !== undefined ? { for: r.for } : {}),
            ...(r.labels ? { labels: { ...r.labels } } : {}),
            ...(r.annotations ? { annotations: { ...r.annotations } } : {}),
          },
    ),
  }));
}
