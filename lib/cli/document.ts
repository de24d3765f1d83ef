import Table from 'cli-table3';

/** How a table column's cells line up. */
export type Align = 'left' | 'right';

/** One part of a plan's human-readable output; rendered as terminal text or as Markdown. */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
      /** Per column. @default left for every column */
      readonly align?: readonly Align[];
    };

/** A plan's human-readable output: blocks separated by blank lines. */
export type PlanDocument = readonly Block[];

/** The output formats of `plan`. */
export const OUTPUT_FORMATS = ['table', 'markdown', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

function alignOf(block: Extract<Block, { kind: 'table' }>, column: number): Align {
  return block.align?.[column] ?? 'left';
}

/** A table with box-drawing borders, no colours (output is the same on a terminal, in a pipe and in a file). */
function terminalTable(block: Extract<Block, { kind: 'table' }>): string {
  const table = new Table({
    head: [...block.head],
    colAligns: block.head.map((_, i) => alignOf(block, i)),
    style: { head: [], border: [], compact: true },
  });
  for (const row of block.rows) table.push([...row]);
  return table.toString();
}

/** Text for a terminal: headings as plain lines, lists as dashes, tables with box-drawing borders. */
export function renderText(doc: PlanDocument): string {
  const parts = doc.map((block) => {
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        return block.text;
      case 'list':
        return block.items.map((item) => `  - ${item}`).join('\n');
      case 'table':
        return terminalTable(block);
    }
  });
  return `${parts.join('\n\n')}\n`;
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A GitHub table, its columns padded so the source reads as a table too. */
function markdownTable(block: Extract<Block, { kind: 'table' }>): string {
  const rows = [block.head, ...block.rows].map((row) => row.map(markdownCell));
  const widths = block.head.map((_, i) => Math.max(3, ...rows.map((row) => (row[i] ?? '').length)));
  const pad = (text: string, i: number) =>
    alignOf(block, i) === 'right' ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
  const line = (row: readonly string[]) => `| ${widths.map((_, i) => pad(row[i] ?? '', i)).join(' | ')} |`;
  const rule = widths.map((w, i) =>
    alignOf(block, i) === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w),
  );
  const [head, ...body] = rows;
  return [line(head ?? []), `| ${rule.join(' | ')} |`, ...body.map(line)].join('\n');
}

/** GitHub-flavoured Markdown: the first heading at level 2, the others at level 3. */
export function renderMarkdown(doc: PlanDocument): string {
  let headings = 0;
  const parts = doc.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `${headings++ === 0 ? '##' : '###'} ${block.text}`;
      case 'paragraph':
        return block.text;
      case 'list':
        return block.items.map((item) => `- ${item}`).join('\n');
      case 'table':
        return markdownTable(block);
    }
  });
  return `${parts.join('\n\n')}\n`;
}

/** Numbers as people write them: at most three decimals, no trailing zeros, thousands grouped (`1,800`, `44.5`). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole = '', fraction] = String(Math.round(n * 1000) / 1000).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** `2.5 cores / 9 GiB`, `1 core / 2 GiB`. */
export function formatFootprint(cpuCores: number, memoryGiB: number): string {
  return `${formatNumber(cpuCores)} core${cpuCores === 1 ? '' : 's'} / ${formatNumber(memoryGiB)} GiB`;
}

/** `$2,500`. */
export function formatUsd(n: number): string {
  return `$${formatNumber(n)}`;
}

/** `first … last` for a list of names (just the name when there is one, `a, b` for two). */
export function nameRange(names: readonly string[]): string {
  if (names.length <= 2) return names.join(', ');
  return `${names[0]} … ${names[names.length - 1]}`;
}
