import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Registers the tests of every `*.cases.ts` file of `dir` (in name order) in the calling jest test file.
 *
 * Jest gives every test file its own module registry: each file loads cdk8s, cdk8s-plus-28 and the library again
 * (~0.2 s of CPU) before its first test, which was a third of the suite's CPU for the ~80 files of a few small
 * tests each. A directory of such files keeps them as `*.cases.ts` (one concern per file, as before) and one
 * `<dir>.test.ts` calling this, so they share one registry. A `*.cases.ts` file is a complete test module: jest runs
 * it alone with `npx jest --testMatch '**\/<name>.cases.ts'`. test/suite/cases.test.ts checks that every such file
 * is loaded by its directory's test file.
 */
export function loadCases(dir: string): void {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.cases.ts'))
    .sort()) {
    require(join(dir, file));
  }
}
