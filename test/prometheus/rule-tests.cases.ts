import { RuleGroup } from '../../lib/prometheus';
import { describeWithPromtool } from '../support/promtool';
import { checkRules, testRules } from '../support/rule-tests';

const GROUPS: RuleGroup[] = [
  {
    name: 'g',
    rules: [
      {
        alert: 'TargetDown',
        expr: 'up == 0',
        for: '5m',
        labels: { severity: 'warning' },
        annotations: { summary: 'down', description: '{{ $labels.job }} is down', runbook: 'check it' },
      },
    ],
  },
];

describeWithPromtool('the promtool rule helpers (test/support/rule-tests.ts)', () => {
  test('check rules passes a valid file and fails a bad template', () => {
    expect(checkRules(GROUPS)).toContain('SUCCESS');
    const bad: RuleGroup[] = [
      { name: 'g', rules: [{ alert: 'A', expr: 'up == 0', annotations: { summary: '{{ $labels.job ' } }] },
    ];
    expect(() => checkRules(bad)).toThrow(/promtool check rules .* failed:[^]*unclosed action/);
  });

  test('test rules passes when the alert fires as expected and fails when it does not', () => {
    const cases = (down: boolean) => [
      {
        interval: '1m',
        input_series: [{ series: 'up{job="a"}', values: down ? '0x10' : '1x10' }],
        alert_rule_test: [
          {
            eval_time: '10m',
            alertname: 'TargetDown',
            exp_alerts: [{ exp_labels: { severity: 'warning', job: 'a' } }],
          },
        ],
      },
    ];
    expect(testRules(GROUPS, cases(true))).toContain('SUCCESS');
    expect(() => testRules(GROUPS, cases(false))).toThrow(/promtool test rules .* failed:[^]*FAILED/);
  });
});
