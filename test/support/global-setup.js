// globalSetup of the jest run: the run's temporary directory (tmpdir-global-setup.js), then the prerequisites probed
// once (test/support/probes.js) instead of once per test file, handed to the workers through the environment.
const { probeAll } = require('./probes');
const runTmpdir = require('./tmpdir-global-setup');

module.exports = function globalSetup() {
  runTmpdir();
  if (!process.env.OC_TEST_PROBES) process.env.OC_TEST_PROBES = JSON.stringify(probeAll());
};
