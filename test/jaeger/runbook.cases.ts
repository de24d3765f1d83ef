import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertTable, alertTableCells, tableCells, tracingAlertCatalogue } from '../../scripts/alert-table';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('the README runbook of the tracing side', () => {
  test('the table is the one generated from the Jaeger, Kafka and Elasticsearch rules (`npm run readme`)', () => {
    expect(alertTableCells(README, 'tracing')).toEqual(tableCells(alertTable('tracing')));
  });

  test.each(tracingAlertCatalogue().map((r) => [r.alert, r] as const))(
    '%s has a row with its severity, summary and runbook line',
    (alert, rule) => {
      expect(tableCells(alertTable('tracing'))).toContainEqual([
        `\`${alert}\``,
        String(rule.labels?.severity),
        String(rule.annotations?.summary),
        String(rule.annotations?.runbook),
      ]);
    },
  );
});
