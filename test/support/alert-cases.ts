import { AlertRule } from '../../lib/core';
import { RuleGroup } from '../../lib/prometheus';
import { InputSeries, RuleTestCase, checkRules as checkGroups, testRules } from './rule-tests';

/** A firing case and a healthy case of one alert, run by the shared promtool helpers (rule-tests.ts). */
export interface AlertCase {
  readonly alert: string;
  /** When to evaluate: after the alert's `for`. */
  readonly evalTime: string;
  /** Series of a broken system: the alert must fire with exactly `labels` (plus alertname). */
  readonly bad: readonly InputSeries[];
  readonly labels: Record<string, string>;
  /** Series of a healthy system of the same shape: the alert must stay silent. */
  readonly healthy: readonly InputSeries[];
}

const groups = (rules: readonly AlertRule[]): RuleGroup[] => [{ name: 'under-test', rules }];

/** `promtool check rules` on the full rules (annotations included, their templates parsed). */
export function checkRules(rules: readonly AlertRule[]): string {
  return checkGroups(groups(rules));
}

/** The alert names of `rules` that no case covers. */
export function uncovered(rules: readonly AlertRule[], cases: readonly AlertCase[]): string[] {
  const covered = new Set(cases.map((c) => c.alert));
  return [...new Set(rules.map((r) => r.alert))].filter((a) => !covered.has(a));
}

/** `promtool test rules` with, per case, one test on its bad series and one on its healthy series. */
export function testAlertCases(rules: readonly AlertRule[], cases: readonly AlertCase[]): string {
  const tests: RuleTestCase[] = cases.flatMap((c) => [
    {
      name: `${c.alert} fires`,
      interval: '1m',
      input_series: c.bad,
      alert_rule_test: [
        { eval_time: c.evalTime, alertname: c.alert, exp_alerts: [{ exp_labels: c.labels }] },
      ],
    },
    {
      name: `${c.alert} stays silent when healthy`,
      interval: '1m',
      input_series: c.healthy,
      alert_rule_test: [{ eval_time: c.evalTime, alertname: c.alert, exp_alerts: [] }],
    },
  ]);
  return testRules(groups(rules), tests);
}
