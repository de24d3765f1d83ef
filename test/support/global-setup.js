// globalSetup of the `lib` jest project: probes the prerequisites once (test/support/probes.js) instead of once per
// test file, and hands the result to the workers through the environment.
const { probeAll } = require('./probes');

module.exports = function probeOnce() {
  if (!process.env.OC_TEST_PROBES) process.env.OC_TEST_PROBES = JSON.stringify(probeAll());
};
