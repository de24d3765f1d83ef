import { BlockApi, decide, registerBlock } from '../support/prerequisites';

const probes = require('../support/probes.js') as {
  probeCommand(command: string): { status: string; detail: string };
};

describe('a missing prerequisite skips locally, fails in CI; a failed probe fails everywhere', () => {
  const missing = { status: 'missing', detail: 'promtool is not on the PATH' } as const;
  const failed = { status: 'failed', detail: 'promtool --version failed (exit 2: boom)' } as const;

  test('present: the block runs', () => {
    expect(decide('promtool', { status: 'ok', detail: 'promtool 2.42' }, true)).toEqual({ run: true });
  });

  test('missing outside CI: skipped, saying why and how to get it', () => {
    expect(decide('promtool', missing, false)).toEqual({
      run: false,
      skip: 'promtool is not on the PATH; apt-get install prometheus to run these checks; .ci/run installs it',
    });
  });

  test('missing in CI: fails', () => {
    expect(decide('shared', { status: 'missing', detail: '/x/shared is absent' }, true)).toEqual({
      run: false,
      fail: 'shared is missing in CI (/x/shared is absent); it holds the reference schemas and configs CI validates against; .ci/run has it beside the project',
    });
  });

  test('a failed probe is reported as such, in CI and out of it, never as missing', () => {
    for (const ci of [true, false])
      expect(decide('promtool', failed, ci)).toEqual({
        run: false,
        fail: 'promtool probe failed: promtool --version failed (exit 2: boom)',
      });
  });

  test('the probe tells a command that is not installed from one that fails', () => {
    expect(probes.probeCommand('oc-no-such-command-here').status).toBe('missing');
    // `false` exists everywhere jest runs and exits 1 whatever its arguments.
    expect(probes.probeCommand('false')).toMatchObject({ status: 'failed' });
    expect(probes.probeCommand('node').status).toBe('ok');
  });
});

describe('a block that cannot run', () => {
  /** Registers a block whose body throws, as a test file that lists ../shared while collecting would. */
  const register = (decision: ReturnType<typeof decide>) => {
    const calls: string[] = [];
    const api: BlockApi = {
      describe: (name, body) => (calls.push(`describe ${name}`), body()),
      skip: (name, body) => (calls.push(`skip ${name}`), body()),
      test: (name) => void calls.push(`test ${name}`),
    };
    registerBlock(
      decision,
      'shared',
      'upstream configs',
      () => {
        throw new Error('ENOENT: no such file or directory, scandir ../shared/jaeger');
      },
      api,
    );
    return calls;
  };

  test('skipped: its body, which reads ../shared, is not run; one skipped test says what it needs', () => {
    // Before, the skipped block ran its body, so test/jaeger failed whole (241 tests) in a clone without ../shared.
    expect(register({ run: false, skip: '/x/shared is absent' })).toEqual([
      'skip upstream configs (skipped: /x/shared is absent)',
      'test needs shared',
    ]);
  });

  test('failing in CI: its body is not run either, one test fails saying why', () => {
    expect(register({ run: false, fail: 'shared is missing in CI' })).toEqual([
      'describe upstream configs',
      'test shared is available',
    ]);
  });

  test('able to run: its body runs', () => {
    expect(() => register({ run: true })).toThrow('ENOENT');
  });
});
