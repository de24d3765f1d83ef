import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const TEST_ROOT = join(__dirname, '..');

/** Every file under test/, recursively (the test tree is small). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('*.cases.ts files (test/support/cases.ts)', () => {
  const all = filesUnder(TEST_ROOT);
  const cases = all.filter((f) => f.endsWith('.cases.ts'));

  test('each is loaded by a test file of its own directory, so none is left out of the run', () => {
    // A *.cases.ts matches no testMatch pattern: only a test file calling loadCases(__dirname) runs it.
    expect(cases.length).toBeGreaterThan(50);
    const loaders = new Set(
      all
        .filter((f) => f.endsWith('.test.ts') && readFileSync(f, 'utf8').includes('loadCases(__dirname)'))
        .map((f) => dirname(f)),
    );
    expect(cases.filter((f) => !loaders.has(dirname(f))).map((f) => relative(TEST_ROOT, f))).toEqual([]);
  });
});
