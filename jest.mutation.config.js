// Jest config for mutation testing only (`npm run mutation`, see stryker.config.mjs): the unit tests that cover
// the pure builders and core (test/mutation/modules.js), without the CLI tests (they pack, install and run the bin)
// and without the example, promtool and README suites, so a run fits on a small shared machine.
// `npm test` does not use this file.
const base = require('./jest.config.js');
const modules = require('./test/mutation/modules.js');

const only = process.env.MUTATION_MODULE;
const selected = only ? [modules[only]] : Object.values(modules);
if (selected.includes(undefined)) throw new Error(`MUTATION_MODULE=${only}: one of ${Object.keys(modules)}`);

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testTimeout: 60000,
  roots: ['<rootDir>/test'],
  testMatch: [...new Set(selected.flatMap((m) => m.tests))].map((glob) => `<rootDir>/${glob}`),
  // No ignore for .stryker-tmp: Stryker's sandbox itself lives there.
  testPathIgnorePatterns: ['/node_modules/'],
};
