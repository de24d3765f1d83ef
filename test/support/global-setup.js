// globalSetup of the jest run: the run's temporary directory (tmpdir-global-setup.js), the prerequisites probed
// once (test/support/probes.js) instead of once per test file and handed to the workers through the environment,
// and the CRD schemas parsed once into that directory (test/support/crd-schemas.js).
const { cacheCrdSchemas } = require('./crd-schemas');
const { probeAll } = require('./probes');
const runTmpdir = require('./tmpdir-global-setup');

module.exports = function globalSetup() {
  runTmpdir();
  if (!process.env.OC_TEST_PROBES) process.env.OC_TEST_PROBES = JSON.stringify(probeAll());
  cacheCrdSchemas(process.env.OC_TEST_TMPDIR);
};
