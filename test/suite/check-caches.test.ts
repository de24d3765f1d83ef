import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm test` runs tsc, ESLint and Prettier with caches in node_modules/.cache (scripts/test.js). A cache that kept a
// file's earlier "ok" would let a broken change pass. This runs the same three commands, with the same arguments, on
// a small project in a temporary directory: a passing run, then edits that keep each file's size and modification
// time, then a run in which each check must fail on its own file.

const ROOT = join(__dirname, '..', '..');
const { bin, checkCommands } = require(join(ROOT, 'scripts', 'test.js')) as {
  bin: (name: string) => string;
  checkCommands: (cacheDir: string) => [label: string, command: string, args: string[]][];
};

interface Outcome {
  readonly label: string;
  readonly status: number | null;
  readonly output: string;
}

function runChecks(dir: string, cacheDir: string): Outcome[] {
  return checkCommands(cacheDir).map(([label, command, args]) => {
    const run = spawnSync(bin(command), args, { cwd: dir, encoding: 'utf8' });
    return { label, status: run.status, output: `${run.stdout}${run.stderr}` };
  });
}

/**
 * Writes `text` to `file` and gives it back its earlier modification time; `text` has the old content's length, so
 * only the content tells that the file changed (a cache keyed on size and time would miss it).
 */
function editKeepingTime(file: string, text: string): void {
  const { atime, mtime, size } = statSync(file);
  expect(Buffer.byteLength(text)).toBe(size);
  writeFileSync(file, text);
  utimesSync(file, atime, mtime);
}

test('a check whose cache holds an earlier pass still fails a file that changed since', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oc-check-caches-'));
  const cacheDir = join(dir, 'cache');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The project's own lint and format configuration; a tsconfig for this directory alone.
  copyFileSync(join(ROOT, 'eslint.config.mjs'), join(dir, 'eslint.config.mjs'));
  copyFileSync(join(ROOT, '.prettierrc.json'), join(dir, '.prettierrc.json'));
  writeFileSync(join(dir, '.prettierignore'), 'cache/\n');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    [
      '{',
      '  "compilerOptions": { "strict": true, "module": "commonjs", "lib": ["ES2022"], "types": [] },',
      '  "include": ["*.ts"]',
      '}',
      '',
    ].join('\n'),
  );
  // a.ts is imported by b.ts; c.ts and d.ts stand alone.
  writeFileSync(join(dir, 'a.ts'), 'export function size(): number {\n  return 10;\n}\n');
  writeFileSync(join(dir, 'b.ts'), "import { size } from './a';\n\nexport const total = size() * 2;\n");
  writeFileSync(join(dir, 'c.ts'), 'export const value = 12345;\n');
  writeFileSync(join(dir, 'd.ts'), 'export const port = 9090;\n');

  const first = runChecks(dir, cacheDir);
  expect(first.map(({ label, status }) => [label, status])).toEqual([
    ['typecheck', 0],
    ['eslint', 0],
    ['prettier', 0],
  ]);
  // Each tool wrote its cache.
  expect(readdirSync(cacheDir).sort()).toEqual(['eslint', 'prettier', 'tsc']);
  expect(readdirSync(join(cacheDir, 'tsc'))).toEqual(['tsconfig.tsbuildinfo']);
  expect(readdirSync(join(cacheDir, 'eslint'))).toHaveLength(1);
  expect(readdirSync(join(cacheDir, 'prettier'))).toEqual(['check-cache']);

  // a.ts now returns a string, which breaks b.ts (unchanged); c.ts has an unused variable; d.ts is not formatted.
  // Each keeps its size and modification time.
  editKeepingTime(join(dir, 'a.ts'), "export function size(): string {\n  return '';\n}\n");
  editKeepingTime(join(dir, 'c.ts'), 'const unused_value = 12345;\n');
  editKeepingTime(join(dir, 'd.ts'), 'export const port  =9090;\n');

  const [typecheck, eslint, prettier] = runChecks(dir, cacheDir);
  expect([typecheck!.status, eslint!.status, prettier!.status].map((status) => status !== 0)).toEqual([
    true,
    true,
    true,
  ]);
  expect(typecheck!.output).toMatch(/b\.ts\(3,\d+\): error TS2362/);
  expect(eslint!.output).toContain('c.ts');
  expect(eslint!.output).toContain("'unused_value' is assigned a value but never used");
  expect(prettier!.output).toContain('d.ts');
});
