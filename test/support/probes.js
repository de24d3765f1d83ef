/* global __dirname */
// The test prerequisites outside node_modules, probed ONCE per jest run: test/support/global-setup.js runs
// probeAll() before any test file and leaves the result in process.env.OC_TEST_PROBES, which the workers inherit;
// test/support/prerequisites.ts reads it (and probes itself only when run without that global setup).
//
// Each probe is 'ok', 'missing' (not installed: the command is not on the PATH) or 'failed' (installed, but
// `--version` did not succeed: a broken install, a sandbox, a timeout), so a broken tool is not mistaken for an
// absent one.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// ../shared beside the project. OC_SHARED_DIR names it for a copy of the project that does not sit there: Stryker's
// sandboxes (stryker.config.mjs), and the test that runs files with ../shared absent (test/suite/no-shared.test.ts).
const SHARED_DIR = process.env.OC_SHARED_DIR || join(__dirname, '..', '..', '..', 'shared');

function probeCommand(command) {
  const run = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 30000 });
  if (run.error && run.error.code === 'ENOENT')
    return { status: 'missing', detail: `${command} is not on the PATH` };
  if (run.error || run.status !== 0) {
    const why = run.error
      ? run.error.message
      : `exit ${run.status}: ${(run.stderr || run.stdout || '').trim()}`;
    return { status: 'failed', detail: `${command} --version failed (${why})` };
  }
  return { status: 'ok', detail: (run.stdout || run.stderr).split('\n')[0] };
}

function probeShared() {
  return existsSync(join(SHARED_DIR, 'crds'))
    ? { status: 'ok', detail: SHARED_DIR }
    : { status: 'missing', detail: `${SHARED_DIR} is absent` };
}

function probeAll() {
  return {
    shared: probeShared(),
    promtool: probeCommand('promtool'),
    prometheus: probeCommand('prometheus'),
  };
}

module.exports = { SHARED_DIR, probeAll, probeCommand, probeShared };
