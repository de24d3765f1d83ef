const project = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  // A test that runs no assertion fails (test/suite/require-assertions.test.ts proves it).
  setupFilesAfterEnv: ['<rootDir>/test/support/require-assertions.js'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: {
    '^observability-constructs$': '<rootDir>/lib/index.ts',
    '^observability-constructs/pulumi$': '<rootDir>/lib/pulumi/index.ts',
  },
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // Every temporary directory of the run under one, removed at the end (test/support/tmpdir-global-setup.js).
  globalSetup: '<rootDir>/test/support/tmpdir-global-setup.js',
  globalTeardown: '<rootDir>/test/support/tmpdir-global-teardown.js',
  // The slowest files first also without jest's cache (a fresh CI clone): test/support/sequencer.js.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  testTimeout: 60000,
  // Both cores of the 2-core CI machine (jest's default, cores - 1, runs one worker there).
  maxWorkers: 2,
  projects: [
    {
      ...project,
      displayName: 'lib',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/test/cli/'],
      // Probes ../shared, promtool and prometheus once for every test file (test/support/prerequisites.ts).
      globalSetup: '<rootDir>/test/support/global-setup.js',
    },
    // The CLI tests call the CLI's program in-process (test/cli/run.ts); install.test.ts packs, installs and runs
    // the bin as a process (npm pack builds it), so no separate tsc runs first.
    { ...project, displayName: 'cli', roots: ['<rootDir>/test/cli'] },
  ],
};
