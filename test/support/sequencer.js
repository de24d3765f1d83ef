// Jest's test order. Jest starts the longest files first when its cache knows their durations; CI runs a fresh clone,
// where jest orders by file size instead, and a short file of long tests (the install test: 5 KB, ~17 s of CPU)
// could then start last and run alone on one core while the other idles. Files jest has no timing for are ordered
// by the CPU seconds measured here (idle 2-core machine, fresh cache), then by size as jest does. A stale number
// only changes the order, never what runs.
const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');

/**
 * CPU seconds of the slowest files (own + child processes, fresh cache, measured 2026-11-30 on the shared 2-core
 * machine). The `<dir>/<dir>.test.ts` files load a directory's *.cases.ts (test/support/cases.ts): tiny files that
 * jest's size order would start last.
 */
const MEASURED_SECONDS = {
  'test/cli/plans.test.ts': 21,
  'test/cli/install.test.ts': 16,
  'test/fleet/fleet.test.ts': 10,
  'test/prometheus/d4-chain.test.ts': 9.5, // mostly waiting for three Prometheus servers: 1 s of CPU, 9 s of wall
  'test/examples/examples.test.ts': 9,
  'test/day2/onboarding.test.ts': 5.5,
  'test/readme-programs.test.ts': 5,
  'test/errors/errors.test.ts': 5,
  'test/core/render.test.ts': 3.5,
  'test/day2/migration.test.ts': 4.5,
  'test/jaeger/jaeger.test.ts': 3.6,
  'test/pulumi/bridge.test.ts': 3.5,
  'test/core/core.test.ts': 3.4,
  'test/prometheus/prometheus.test.ts': 3.4,
  'test/day2/pulumi-upgrade.test.ts': 3.4,
  'test/kafka/kafka.test.ts': 3,
  'test/adoption/adoption.test.ts': 2.5,
  'test/elasticsearch/elasticsearch.test.ts': 2,
  'test/thanos/thanos.test.ts': 1.5,
  'test/capacity/capacity.test.ts': 1.1,
  'test/grafana/grafana.test.ts': 0.4,
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
