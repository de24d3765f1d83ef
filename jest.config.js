/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // A test that runs no assertion fails (test/suite/require-assertions.test.ts proves it).
  setupFilesAfterEnv: ['<rootDir>/test/support/require-assertions.js'],
  // One project, so each file is transformed once per run: as two projects (the library's tests and the CLI's), jest
  // kept a transform cache per project and the CLI files transformed the whole library a second time.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: {
    '^observability-constructs$': '<rootDir>/lib/index.ts',
    '^observability-constructs/pulumi$': '<rootDir>/lib/pulumi/index.ts',
  },
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // The run's temporary directory, the prerequisites (../shared, promtool, prometheus) probed once for every test
  // file, and the CRD schemas of ../shared parsed once: test/support/global-setup.js.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/tmpdir-global-teardown.js',
  // The slowest files first also without jest's cache (a fresh CI clone): test/support/sequencer.js.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  testTimeout: 60000,
  // Both cores of the 2-core CI machine (jest's default, cores - 1, runs one worker there).
  maxWorkers: 2,
};
