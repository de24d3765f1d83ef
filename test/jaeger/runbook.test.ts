import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elasticsearchAlertRules, jaegerAlertRules, kafkaAlertRules } from '../../lib';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('the README runbook', () => {
  const rules = [
    ...jaegerAlertRules({
      namespace: 'n',
      receivers: ['c'],
      storageWriters: ['i'],
      kafkaWriters: ['c'],
      consumers: { services: ['i'], maxLag: 1 },
    }),
    ...kafkaAlertRules({
      namespace: 'n',
      kafkaJob: 'k',
      exporterJob: 'e',
      topics: [{ topic: 't', retentionMs: 1 }],
    }),
    ...elasticsearchAlertRules({ namespace: 'n', job: 'x' }),
  ];

  test.each(rules.map((r) => [r.alert, r] as const))(
    '%s has a line saying what its runbook annotation says',
    (alert, rule) => {
      const line = README.split('\n').find((l) => l.startsWith(`| \`${alert}\``));
      expect([alert, line?.includes(rule.annotations.runbook)]).toEqual([alert, true]);
    },
  );
});
