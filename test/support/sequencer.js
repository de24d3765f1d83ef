// Jest's test order. Jest starts the longest files first when its cache knows their durations; CI runs a fresh clone,
// where jest orders by file size instead, and a short file of long tests (the install test: 5 KB, ~17 s of CPU)
// could then start last and run alone on one core while the other idles. Files jest has no timing for are ordered
// by the CPU seconds measured here (idle 2-core machine, fresh cache), then by size as jest does. A stale number
// only changes the order, never what runs.
const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');

/** CPU seconds of the slowest files (own + child processes, measured 2026-11-30). */
const MEASURED_SECONDS = {
  'test/cli/plans.test.ts': 25,
  'test/cli/install.test.ts': 17,
  'test/fleet/capacity.test.ts': 15,
  'test/examples/examples.test.ts': 11,
  'test/prometheus/d4-chain.test.ts': 9, // mostly waiting for three Prometheus servers, little CPU
  'test/day2/onboarding.test.ts': 7,
  'test/readme-programs.test.ts': 6,
  'test/day2/pulumi-upgrade.test.ts': 5.5,
  'test/day2/migration.test.ts': 5,
  'test/kafka/autoscaler.test.ts': 4,
  'test/pulumi/bridge.test.ts': 4,
};

class MeasuredFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const measured = (test) =>
      test.duration == null ? (MEASURED_SECONDS[relative(test.context.config.rootDir, test.path)] ?? 0) : 0;
    // Array.prototype.sort is stable: jest's order stays among equals.
    return sorted.sort((a, b) => measured(b) - measured(a));
  }
}

module.exports = MeasuredFirst;
