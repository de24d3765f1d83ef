import { stringify } from 'yaml';
import { AlertRule } from '../../lib/core';
import { promtool } from './promtool';

/** One input series of a promtool unit test, in its expanding notation (`0+10x20`, `1x10 _x5`). */
export interface Series {
  readonly series: string;
  readonly values: string;
}

/** A firing case and a healthy case of one alert. */
export interface AlertCase {
  readonly alert: string;
  /** When to evaluate: after the alert's `for`. */
  readonly evalTime: string;
  /** Series of a broken system: the alert must fire with exactly `labels` (plus alertname). */
  readonly bad: readonly Series[];
  readonly labels: Record<string, string>;
  /** Series of a healthy system of the same shape: the alert must stay silent. */
  readonly healthy: readonly Series[];
}

/** The rules without annotations: the unit tests assert when an alert fires and with which labels. */
function firingOnly(rules: readonly AlertRule[]): string {
  return stringify({
    groups: [{ name: 'under-test', rules: rules.map(({ annotations: _a, ...rest }) => rest) }],
  });
}

/** `promtool check rules` on the full rules (annotations included, their templates parsed). */
export function checkRules(rules: readonly AlertRule[]): string {
  return promtool(['check', 'rules', '{dir}/rules.yaml'], {
    'rules.yaml': stringify({ groups: [{ name: 'under-test', rules }] }),
  });
}

/** The alert names of `rules` that no case covers. */
export function uncovered(rules: readonly AlertRule[], cases: readonly AlertCase[]): string[] {
  const covered = new Set(cases.map((c) => c.alert));
  return [...new Set(rules.map((r) => r.alert))].filter((a) => !covered.has(a));
}

/** Runs `promtool test rules` with, per case, one test on its bad series and one on its healthy series. */
export function testAlertCases(rules: readonly AlertRule[], cases: readonly AlertCase[]): string {
  const tests = cases.flatMap((c) => [
    {
      interval: '1m',
      input_series: c.bad.map((s) => ({ ...s })),
      alert_rule_test: [
        { eval_time: c.evalTime, alertname: c.alert, exp_alerts: [{ exp_labels: { ...c.labels } }] },
      ],
    },
    {
      interval: '1m',
      input_series: c.healthy.map((s) => ({ ...s })),
      alert_rule_test: [{ eval_time: c.evalTime, alertname: c.alert, exp_alerts: [] }],
    },
  ]);
  return promtool(['test', 'rules', '{dir}/tests.yaml'], {
    'rules.yaml': firingOnly(rules),
    'tests.yaml': stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }),
  });
}
