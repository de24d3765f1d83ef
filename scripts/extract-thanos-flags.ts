// Extracts the flag names of the Thanos subcommands this library runs from the `--help` blocks of Thanos's own docs
// at the pinned tag (thanos-io/thanos@v0.42.4 docs/components/<subcommand>.md, which upstream regenerates from the
// binary's `--help`), and writes them as the fixture test/thanos/flags-upstream.cases.ts checks lib/thanos/flags
// against. CI has no Thanos source; run this by hand when the pinned version changes:
//
//   npm run build && node build/scripts/extract-thanos-flags.js /path/to/thanos.git [out.json]
//
// The argument is a git directory of thanos-io/thanos (a bare mirror works); the file is read with `git show`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ThanosSubcommand } from '../lib/thanos/flags/types';
import { THANOS_FLAGS_VERSION } from '../lib/thanos/flags/v0-42-4';

/** How `--help` shows a flag: `--[no-]name` (bool), `--name=V ...` (repeatable), `--name=V` (value). */
export type UpstreamFlagKind = 'bool' | 'value' | 'repeatable';

/** The extracted facts: flag name → kind, per subcommand, with where they were read. */
export interface UpstreamFlags {
  readonly repo: string;
  readonly tag: string;
  readonly paths: Readonly<Record<string, string>>;
  readonly flags: Readonly<Record<string, Readonly<Record<string, UpstreamFlagKind>>>>;
}

export const SUBCOMMANDS: readonly ThanosSubcommand[] = [
  'query',
  'query-frontend',
  'store',
  'compact',
  'rule',
  'receive',
  'sidecar',
];

/** Flags that print and exit; not flags a server starts with. */
const NOT_SERVER_FLAGS = new Set(['help', 'version']);

/**
 * The flags of the `usage: thanos <subcommand>` block of one docs page: every line of its `Flags:` list that starts
 * a flag (`-h, --…` or `--…` after indentation), up to the end of the code block.
 */
export function flagsOfHelp(markdown: string, subcommand: string): Record<string, UpstreamFlagKind> {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`usage: thanos ${subcommand} `));
  if (start < 0) throw new Error(`no 'usage: thanos ${subcommand}' block`);
  const out: Record<string, UpstreamFlagKind> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('```')) break;
    // A flag starts its line at column 2 (`-h, --…`) or 6 (`--…`); deeper `--…` are descriptions mentioning flags.
    const match = /^(?: {2}-\w, | {6})--(\[no-\])?([\w.-]+)(=\S*)?(.*)$/.exec(line);
    if (!match) continue;
    const [, negatable, name, value, rest] = match;
    if (NOT_SERVER_FLAGS.has(name!)) continue;
    out[name!] = negatable ? 'bool' : value && /^ \.\.\.(\s|$)/.test(rest ?? '') ? 'repeatable' : 'value';
  }
  if (Object.keys(out).length === 0) throw new Error(`no flags under 'usage: thanos ${subcommand}'`);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Reads the docs of every subcommand from a thanos-io/thanos git directory at `tag`. */
export function extractThanosFlags(gitDir: string, tag: string = THANOS_FLAGS_VERSION): UpstreamFlags {
  const paths: Record<string, string> = {};
  const flags: Record<string, Record<string, UpstreamFlagKind>> = {};
  for (const subcommand of SUBCOMMANDS) {
    const path = `docs/components/${subcommand}.md`;
    const markdown = execFileSync('git', ['--git-dir', gitDir, 'show', `${tag}:${path}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    paths[subcommand] = path;
    flags[subcommand] = flagsOfHelp(markdown, subcommand);
  }
  return { repo: 'thanos-io/thanos', tag, paths, flags };
}

if (require.main === module) {
  const [gitDir, out] = process.argv.slice(2);
  if (!gitDir) {
    process.stderr.write('usage: extract-thanos-flags <thanos git dir> [out.json]\n');
    process.exit(2);
  }
  const facts = extractThanosFlags(gitDir);
  const file =
    out ?? join(__dirname, '..', '..', 'test', 'thanos', 'fixtures', `thanos-${facts.tag}-flags.json`);
  writeFileSync(file, `${JSON.stringify(facts, null, 2)}\n`);
  process.stdout.write(`${file}\n`);
}
