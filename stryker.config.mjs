// Mutation testing with StrykerJS: `npm run mutation` (all modules) or, one module at a time,
// `MUTATION_MODULE=capacity npm run mutation` (modules and their tests: test/mutation/modules.js). Never part of CI (.ci/run) or `npm test`.
// The README's "Mutation testing" section has the measured scores and what is excluded and why; mutants judged
// equivalent are listed with their reason in test/mutation/equivalent-mutants.md.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';

const modules = createRequire(import.meta.url)('./test/mutation/modules.js');
// MUTATION_MODULE=<name> (a key of test/mutation/modules.js) mutates one module against its own tests.
const only = process.env.MUTATION_MODULE;
// MUTATION_REPORT=<name> names the reports, incremental file and sandbox of a partial run (`--mutate` a few files),
// so chunks of one module can run one after the other without overwriting each other's results.
const name = process.env.MUTATION_REPORT ?? only ?? 'all';
const selected = only ? [modules[only]] : Object.values(modules);
if (selected.includes(undefined)) throw new Error(`MUTATION_MODULE=${only}: one of ${Object.keys(modules)}`);
// cdk8s's Testing.app() leaves a directory in os.tmpdir() per call (cdk8s@2.70.106 lib/testing.js), thousands per
// run. The test runners Stryker starts inherit this environment, so they all land in one directory of this run,
// removed when the next run of the same name starts (it is inside the ignored .stryker-tmp).
const runTmpdir = join(process.cwd(), '.stryker-tmp', `tmp-${name}`);
rmSync(runTmpdir, { recursive: true, force: true });
mkdirSync(runTmpdir, { recursive: true });
process.env.TMPDIR = runTmpdir;
// The sandboxes are copies of the project in .stryker-tmp, where ../shared is not beside them; the tests that check
// against the reference schemas and upstream configs find it through this (test/support/probes.js).
process.env.OC_SHARED_DIR ??= join(process.cwd(), '..', 'shared');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // Only the unit tests that cover these modules (jest.mutation.config.js), not the whole suite.
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants and tables) run every test for each mutant: most of the time for a few
  // mutants. They are skipped (reported as Ignored) so a run fits on two shared cores; see the README.
  ignoreStatic: true,
  // ts-jest only transpiles (isolatedModules), so mutants that do not type-check are rejected by tsc here instead
  // of being run and counted.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  mutate: [...selected.flatMap((m) => m.mutate), '!lib/**/index.ts'],
  ignorePatterns: ['.stryker-tmp', 'build', 'docs/api', 'coverage', 'reports', '.jest-results.json'],
  // Two cores shared with other work.
  concurrency: 1,
  // On top of 1.5 × the test's own time in the initial run: a mutant that hangs (an endless loop, a promise that
  // never settles) is a Timeout, which counts as detected.
  timeoutMS: 15000,
  incremental: true,
  incrementalFile: `reports/stryker-incremental${name === 'all' ? '' : `-${name}`}.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // One sandbox dir per module, so two modules can run side by side.
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: 'always',
};
