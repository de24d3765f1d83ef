import { elasticsearchAlertRules, jaegerAlertRules, kafkaAlertRules } from '../lib';
import { fleetAlertCatalogue } from '../lib/fleet/alerts';
import { AlertingRule } from '../lib/prometheus';

/**
 * The README's alert tables are generated from the rule data: a block
 *
 *   <!-- alerts: fleet -->      (or `tracing`)
 *   ...table...
 *   <!-- /alerts -->
 *
 * holds one row per alert (name, severity, its `summary`, its `runbook` line). `npm run readme` refreshes them and
 * a test fails when one drifts.
 */
const BLOCK = /<!-- alerts: (fleet|tracing) -->\n[\s\S]*?<!-- \/alerts -->/g;

/** Which alerts each README block lists. */
export type AlertTableKind = 'fleet' | 'tracing';

/**
 * The tracing side's alerts: Jaeger, Kafka and Elasticsearch. Their expressions name the user's Services and topics;
 * the table shows only name, severity, summary and runbook, which do not depend on them.
 */
export function tracingAlertCatalogue(): AlertingRule[] {
  return [
    ...jaegerAlertRules({
      namespace: 'tracing',
      receivers: ['collector'],
      storageWriters: ['ingester'],
      kafkaWriters: ['collector'],
      consumers: { services: ['ingester'], maxLag: 1 },
    }),
    ...kafkaAlertRules({
      namespace: 'kafka',
      kafkaJob: 'kafka',
      exporterJob: 'kafka-exporter',
      topics: [{ topic: 'jaeger-spans', retentionMs: 1 }],
    }),
    ...elasticsearchAlertRules({ namespace: 'tracing', job: 'elasticsearch-exporter' }),
  ];
}

const CATALOGUES: Readonly<Record<AlertTableKind, () => readonly AlertingRule[]>> = {
  fleet: fleetAlertCatalogue,
  tracing: tracingAlertCatalogue,
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The alert table of one block in Markdown. */
export function alertTable(kind: AlertTableKind = 'fleet'): string {
  const rows = CATALOGUES[kind]().map(
    (r) =>
      `| \`${r.alert}\` | ${r.labels?.severity ?? ''} | ${cell(String(r.annotations?.summary))} | ${cell(String(r.annotations?.runbook))} |`,
  );
  return [
    '| alert | severity | what it means | first thing to check |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The README with every alert block refreshed. */
export function renderAlertTables(readme: string): string {
  return readme.replace(
    BLOCK,
    (_block, kind: AlertTableKind) => `<!-- alerts: ${kind} -->\n\n${alertTable(kind)}\n\n<!-- /alerts -->`,
  );
}

/** The cells of each table row of the README's alert block (so column padding, which Prettier adds, is ignored). */
export function alertTableCells(readme: string, kind: AlertTableKind = 'fleet'): string[][] {
  const block = new RegExp(`<!-- alerts: ${kind} -->\\n([\\s\\S]*?)<!-- /alerts -->`).exec(readme)?.[1] ?? '';
  return tableCells(block);
}

/** Cells of the Markdown table rows of `text`, separator cells as `---`. */
export function tableCells(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim())
        .map((c) => (/^:?-+:?$/.test(c) ? '---' : c)),
    );
}
