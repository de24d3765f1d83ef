// `npm run readme`: refreshes the README's code blocks from the examples (see scripts/snippets.ts) and its `plan`
// session from runs of the CLI (see scripts/plan-session.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { renderAlertTables } from './alert-table';
import { renderPlanSessions } from './plan-session';
import { renderReadme } from './snippets';

const root = join(__dirname, '..', '..');
const path = join(root, 'README.md');
const before = readFileSync(path, 'utf8');
// The alert table is Markdown Prettier aligns (prettier --check covers the README), so the result is formatted.
void (async () => {
  const after = await format(renderAlertTables(renderPlanSessions(renderReadme(root, before))), {
    ...(await resolveConfig(path)),
    filepath: path,
  });
  if (after !== before) writeFileSync(path, after);
  console.log(
    after === before
      ? 'README.md is up to date'
      : 'README.md updated from examples/, the plan CLI and the alert rules',
  );
})();
