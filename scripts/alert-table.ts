import { fleetAlertCatalogue } from '../lib/fleet/alerts';

/**
 * The README's fleet alert table is generated from the rule data: a block
 *
 *   <!-- alerts: fleet -->
 *   ...table...
 *   <!-- /alerts -->
 *
 * holds one row per alert (name, severity, its `summary`, its `runbook` line). `npm run readme` refreshes it and a
 * test fails when it drifts.
 */
const BLOCK = /<!-- alerts: fleet -->\n[\s\S]*?<!-- \/alerts -->/g;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The alert table in Markdown. */
export function alertTable(): string {
  const rows = fleetAlertCatalogue().map(
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
  return readme.replace(BLOCK, () => `<!-- alerts: fleet -->\n\n${alertTable()}\n\n<!-- /alerts -->`);
}

/** The cells of each table row of the README's alert block (so column padding, which Prettier adds, is ignored). */
export function alertTableCells(readme: string): string[][] {
  const block = /<!-- alerts: fleet -->\n([\s\S]*?)<!-- \/alerts -->/.exec(readme)?.[1] ?? '';
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
