import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../../lib/core';

/**
 * Codes no test can produce, with the reason. Empty: every code is reachable from a public construct or builder.
 * A code added to the enum without a test that asserts it fails below until it gets one or an entry here.
 */
const UNREACHABLE: Readonly<Record<string, string>> = {};

const TEST_DIR = join(__dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === 'fixtures' || entry.name === '__snapshots__'
        ? []
        : testFiles(join(dir, entry.name))
      : /\.(test|cases)\.ts$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('every ErrorCode is asserted by a test', () => {
  const sources = testFiles(TEST_DIR)
    .filter((f) => !f.endsWith('error-codes.cases.ts'))
    .map((f) => readFileSync(f, 'utf8'));

  test.each(Object.keys(ErrorCode))('%s', (name) => {
    // An assertion of the code: `ErrorCode.NAME` as an expected value (a third argument of expectConstructError,
    // which requires one, or `.code).toBe(ErrorCode.NAME)`).
    const asserted = sources.some((source) => new RegExp(`ErrorCode\\.${name}\\b`).test(source));
    expect([name, asserted || name in UNREACHABLE]).toEqual([name, true]);
  });

  test('the unreachable list names only real codes', () => {
    expect(Object.keys(UNREACHABLE).filter((name) => !(name in ErrorCode))).toEqual([]);
  });
});
