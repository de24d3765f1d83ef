// globalTeardown of the whole jest run: removes the run's temporary directory (tmpdir-global-setup.js) and gives
// TMPDIR back.
const { rmSync } = require('node:fs');

module.exports = function removeRunTmpdir() {
  const dir = process.env.OC_TEST_TMPDIR;
  if (!dir) return;
  rmSync(dir, { recursive: true, force: true });
  if (process.env.OC_TEST_TMPDIR_PARENT) process.env.TMPDIR = process.env.OC_TEST_TMPDIR_PARENT;
  else delete process.env.TMPDIR;
  delete process.env.OC_TEST_TMPDIR;
  delete process.env.OC_TEST_TMPDIR_PARENT;
};
