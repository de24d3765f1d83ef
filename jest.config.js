const project = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
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
  testTimeout: 60000,
  projects: [
    { ...project, displayName: 'lib', roots: ['<rootDir>/test'], testPathIgnorePatterns: ['/test/cli/'] },
    // The CLI tests run the compiled bin as a process; their project builds it once, and only when one of them runs.
    {
      ...project,
      displayName: 'cli',
      roots: ['<rootDir>/test/cli'],
      globalSetup: '<rootDir>/test/cli/build.js',
    },
  ],
};
