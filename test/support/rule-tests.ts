import { stringify } from 'yaml';
import { RuleGroup, renderRuleFile } from '../../lib/prometheus';
import { promtool, promtoolBatch } from './promtool';

/** One series of a promtool unit test, in promtool's expanding notation (`0+1x10`, `1 1 _ 0`). */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** An alert expected at `eval_time` (labels only: the helper drops annotations, see {@link testRules}). */
export interface AlertRuleTest {
  readonly eval_time: string;
  readonly alertname: string;
  /** The label sets of the firing alerts; `[]` asserts the alert does not fire. */
  readonly exp_alerts: readonly { readonly exp_labels: Readonly<Record<string, string>> }[];
}

/** One `tests[]` entry of a promtool rule unit-test file (prometheus/prometheus cmd/promtool/unittest.go). */
export interface RuleTestCase {
  readonly name?: string;
  /** The step of `input_series` values. */
  readonly interval: string;
  readonly input_series: readonly InputSeries[];
  readonly alert_rule_test?: readonly AlertRuleTest[];
  readonly promql_expr_test?: readonly {
    readonly expr: string;
    readonly eval_time: string;
    readonly exp_samples: readonly { readonly labels: string; readonly value: number }[];
  }[];
}

/** `promtool check rules` on the groups written as one rule file; returns promtool's output, throws on failure. */
export function checkRules(groups: readonly RuleGroup[]): string {
  return promtool(['check', 'rules', '{dir}/rules.yaml'], { 'rules.yaml': renderRuleFile(groups) });
}

/**
 * `promtool test rules` on the groups and the cases. Annotations are dropped from the rules under test: promtool
 * compares an alert's annotations too, and the cases assert when an alert fires and with which labels, not its
 * prose (which `checkRules` checks as templates). Returns promtool's output; throws with it on failure.
 */
export function testRules(
  groups: readonly RuleGroup[],
  cases: readonly RuleTestCase[],
  evaluationInterval = '1m',
): string {
  return promtool(['test', 'rules', '{dir}/tests.yaml'], unitTestFiles(groups, cases, evaluationInterval));
}

/**
 * `promtool test rules` on many independent suites (name → groups and cases) in ONE promtool process: each suite
 * gets its own directory with its rule file and unit-test file. Returns, per name, promtool's stdout about that
 * suite (`Unit Testing:  …` then `SUCCESS`, or nothing more when it failed: promtool prints the failures on stderr
 * without the file's name, so a caller re-runs a failed suite alone with {@link testRules} for the message).
 */
export function testRulesBatch(
  suites: ReadonlyMap<string, { groups: readonly RuleGroup[]; cases: readonly RuleTestCase[] }>,
): Map<string, string> {
  const names = [...suites.keys()];
  const files: Record<string, string> = {};
  names.forEach((name, i) => {
    const suite = suites.get(name)!;
    for (const [path, text] of Object.entries(unitTestFiles(suite.groups, suite.cases, '1m')))
      files[`${i}/${path}`] = text;
  });
  const checked = names.map((_, i) => `${i}/tests.yaml`);
  const { sections } = promtoolBatch(['test', 'rules'], checked, files, 'Unit Testing:  ');
  return new Map(names.map((name, i) => [name, sections.get(checked[i]!)!]));
}

/** The rule file (annotations dropped, see {@link testRules}) and the unit-test file that reads it. */
function unitTestFiles(
  groups: readonly RuleGroup[],
  cases: readonly RuleTestCase[],
  evaluationInterval: string,
): Record<string, string> {
  const withoutAnnotations: RuleGroup[] = groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) => {
      if (!('alert' in r)) return r;
      return { alert: r.alert, expr: r.expr, for: r.for, labels: r.labels };
    }),
  }));
  const tests = stringify(
    { rule_files: ['rules.yaml'], evaluation_interval: evaluationInterval, tests: cases },
    { lineWidth: 0 },
  );
  return { 'rules.yaml': renderRuleFile(withoutAnnotations), 'tests.yaml': tests };
}
