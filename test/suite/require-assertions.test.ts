import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const HOOK = join(ROOT, 'test', 'support', 'require-assertions.js');

interface JestJson {
  readonly testResults: {
    readonly assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

describe('the require-assertions hook', () => {
  test('jest.config.js installs it for every test file, and has no projects that could leave it out', () => {
    const config = require(join(ROOT, 'jest.config.js')) as {
      projects?: unknown;
      setupFilesAfterEnv?: string[];
    };
    expect([config.projects, config.setupFilesAfterEnv]).toEqual([
      undefined,
      ['<rootDir>/test/support/require-assertions.js'],
    ]);
  });

  test('fails a test that runs zero assertions and passes one that asserts', () => {
    // A child jest on a fixture of plain JavaScript (no ts-jest, so it starts in about a second).
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--ci',
        '--json',
        '--rootDir',
        join(__dirname, 'fixtures'),
        '--config',
        JSON.stringify({
          testEnvironment: 'node',
          testMatch: ['**/assertion-free.check.js'],
          transform: {},
          setupFilesAfterEnv: [HOOK],
        }),
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout) as JestJson;
    const results = json.testResults.flatMap((file) => file.assertionResults);
    expect(results.map((r) => [r.title, r.status])).toEqual([
      ['asserts nothing', 'failed'],
      ['asserts once', 'passed'],
      ['asserts only when a condition holds', 'failed'],
    ]);
    expect(results[0]!.failureMessages.join('\n')).toContain(
      'Expected at least one assertion to be called but received none',
    );
  });
});
