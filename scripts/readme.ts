// `npm run readme`: refreshes the README's code blocks from the examples (see scripts/snippets.ts) and its `plan`
// session from runs of the CLI (see scripts/plan-session.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPlanSessions } from './plan-session';
import { renderReadme } from './snippets';

const root = join(__dirname, '..', '..');
const path = join(root, 'README.md');
const before = readFileSync(path, 'utf8');
const after = renderPlanSessions(renderReadme(root, before));
if (after !== before) writeFileSync(path, after);
console.log(
  after === before ? 'README.md is up to date' : 'README.md updated from examples/ and the plan CLI',
);
