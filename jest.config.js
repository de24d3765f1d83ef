/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  moduleNameMapper: {
    '^observability-constructs$': '<rootDir>/lib/index.ts',
    '^observability-constructs/pulumi$': '<rootDir>/lib/pulumi/index.ts',
  },
  testTimeout: 60000,
};
