// Jest's test order. Jest starts the longest files first when its cache knows their durations; CI runs a fresh clone,
// where jest orders by file size instead, and a short file of long tests (the install test: 5 KB, ~17 s of CPU)
// could then start last and run alone on one core while the other idles. Files jest has no timing for are ordered
// by the CPU seconds measured here (idle 2-core machine, fresh cache), then by size as jest does. A stale number
// only changes the order, never what runs.
const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');

/**
 * CPU seconds of the slowest files (own + child processes, one jest run per file with its global setup, measured
 * 2026-11-30 on the shared 2-core machine; the D4 chain by its wall time). The `<dir>/<dir>.test.ts` files load a
 * directory's *.cases.ts (test/support/cases.ts): tiny files that jest's size order would start last.
 */
const MEASURED_SECONDS = {
  'test/cli/install.test.ts': 16.6,
  'test/cli/plans.test.ts': 13.4,
  'test/examples/examples.test.ts': 9.5,
  'test/fleet/fleet.test.ts': 9.1,
  'test/day2/day2.test.ts': 8,
  'test/pulumi/bridge.test.ts': 5.7,
  'test/day2/pulumi-upgrade.test.ts': 5.5,
  'test/prometheus/prometheus.test.ts': 5.4,
  'test/jaeger/jaeger.test.ts': 4.8,
  'test/core/core.test.ts': 4.7,
  'test/core/render.test.ts': 4.2,
  'test/readme-programs.test.ts': 3.9,
  'test/kafka/kafka.test.ts': 3.9,
  'test/prometheus/d4-chain.test.ts': 9.6, // waiting for three Prometheus servers: 3 s of CPU
  'test/pulumi/precedence.test.ts': 3.1,
  'test/elasticsearch/elasticsearch.test.ts': 3.1,
  'test/thanos/thanos.test.ts': 3,
  'test/errors/errors.test.ts': 2.9,
  'test/capacity/capacity.test.ts': 2.7,
  'test/adoption/adoption.test.ts': 2.6,
  'test/memcached/memcached.test.ts': 2.5,
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
