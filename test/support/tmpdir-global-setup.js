// Part of the jest run's globalSetup (test/support/global-setup.js): every temporary directory the tests make goes
// under one directory of this run, which tmpdir-global-teardown.js removes. cdk8s's Testing.app() and
// Testing.chart() make a directory in os.tmpdir() per call (cdk8s@2.70.106 lib/testing.js) and never remove it:
// about 5,000 per run, and a /tmp that holds tens of thousands of entries makes every later file operation there
// slower. os.tmpdir() reads TMPDIR on each call, and the workers start after this with the runner's environment.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = function runTmpdir() {
  if (process.env.OC_TEST_TMPDIR) return;
  process.env.OC_TEST_TMPDIR_PARENT = process.env.TMPDIR ?? '';
  process.env.OC_TEST_TMPDIR = mkdtempSync(join(tmpdir(), 'oc-jest-'));
  process.env.TMPDIR = process.env.OC_TEST_TMPDIR;
};
