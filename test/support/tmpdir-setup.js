// globalSetup/globalTeardown of the whole jest run: every temporary directory the tests make goes under one
// directory of this run, removed at the end. cdk8s's Testing.app() and Testing.chart() make a directory in
// os.tmpdir() per call (cdk8s@2.70.106 lib/testing.js) and never remove it: about 5,000 per run, and a /tmp that
// holds tens of thousands of entries makes every later file operation there slower. os.tmpdir() reads TMPDIR on each
// call, and the workers start after this with the runner's environment.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

function setup() {
  if (process.env.OC_TEST_TMPDIR) return;
  const dir = mkdtempSync(join(tmpdir(), 'oc-jest-'));
  process.env.OC_TEST_TMPDIR = dir;
  process.env.OC_TEST_TMPDIR_PARENT = process.env.TMPDIR ?? '';
  process.env.TMPDIR = dir;
}

function teardown() {
  const dir = process.env.OC_TEST_TMPDIR;
  if (!dir) return;
  rmSync(dir, { recursive: true, force: true });
  if (process.env.OC_TEST_TMPDIR_PARENT) process.env.TMPDIR = process.env.OC_TEST_TMPDIR_PARENT;
  else delete process.env.TMPDIR;
  delete process.env.OC_TEST_TMPDIR;
  delete process.env.OC_TEST_TMPDIR_PARENT;
}

module.exports = { setup, teardown };
