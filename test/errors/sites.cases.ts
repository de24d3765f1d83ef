import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A guard over the throw sites of lib/: a typed site is a line that creates the library's error
 * (`new ObservabilityConstructError(`, outside the never-returning `fail`/`invalid` helpers that wrap it), a call of such a
 * `fail(` helper, or a `throw invalid(` (quantity.ts). Each is triggered by a row of the tables in this folder (or by a
 * test elsewhere that asserts its code with expectConstructError/expectErrorCode), asserting its code, prop and message.
 * A new site changes its file's count below and fails here until it has such a test and the count is updated. Every
 * other `throw` in lib/ is listed with the reason it is not a user-facing error: a new one fails until it is either an
 * ObservabilityConstructError or listed.
 */
const ROOT = join(__dirname, '..', '..');

/** Typed throw sites per file (counted as described above). */
const THROW_SITES: Readonly<Record<string, number>> = {
  'lib/capacity/metrics-load.ts': 4,
  'lib/capacity/metrics.ts': 5,
  'lib/capacity/search-storage.ts': 1,
  'lib/capacity/tracing.ts': 2,
  'lib/capacity/validate.ts': 5,
  'lib/cli/fleet-coverage.ts': 1,
  'lib/cli/fleet-day2.ts': 3,
  'lib/core/cluster-domain.ts': 1,
  'lib/core/duration.ts': 3,
  'lib/core/errors.ts': 2,
  'lib/core/exposure.ts': 4,
  'lib/core/http-exposure.ts': 11,
  'lib/core/monitoring.ts': 2,
  'lib/core/names.ts': 1,
  'lib/core/placement.ts': 10,
  'lib/core/quantity.ts': 6,
  'lib/core/resources.ts': 3,
  'lib/core/scope.ts': 1,
  'lib/core/secrets.ts': 3,
  'lib/elasticsearch/eck.ts': 5,
  'lib/elasticsearch/exporter.ts': 2,
  'lib/fleet/datapath/check.ts': 1,
  'lib/fleet/model.ts': 11,
  'lib/fleet/patterns/base.ts': 10,
  'lib/fleet/patterns/federation.ts': 1,
  'lib/fleet/patterns/migration.ts': 2,
  'lib/fleet/patterns/read-path.ts': 2,
  'lib/fleet/patterns/receive-limits.ts': 1,
  'lib/fleet/patterns/self-monitoring.ts': 3,
  'lib/fleet/recommend.ts': 1,
  'lib/grafana/dashboard.ts': 5,
  'lib/grafana/grafana.ts': 8,
  'lib/jaeger/all-in-one.ts': 1,
  'lib/jaeger/collector.ts': 1,
  'lib/jaeger/direct.ts': 4,
  'lib/jaeger/factory.ts': 3,
  'lib/jaeger/ingester.ts': 1,
  'lib/jaeger/kafka-buffered.ts': 5,
  'lib/jaeger/kafka-plumbing.ts': 2,
  'lib/jaeger/query-tls.ts': 2,
  'lib/jaeger/query.ts': 1,
  'lib/jaeger/scaling.ts': 2,
  'lib/jaeger/sizing.ts': 1,
  'lib/jaeger/storage/health-gate.ts': 1,
  'lib/jaeger/storage/lifecycle.ts': 11,
  'lib/jaeger/storage/plumbing.ts': 2,
  'lib/jaeger/storage/search-storage.ts': 6,
  'lib/jaeger/validation.ts': 7,
  'lib/kafka/autoscaler.ts': 17,
  'lib/kafka/cluster.ts': 9,
  'lib/kafka/config/broker-config.ts': 4,
  'lib/kafka/config/keda.ts': 4,
  'lib/kafka/config/sizing.ts': 7,
  'lib/kafka/config/topic-name.ts': 1,
  'lib/kafka/consumer-groups.ts': 1,
  'lib/kafka/endpoint.ts': 2,
  'lib/kafka/topic.ts': 3,
  'lib/kafka/user.ts': 5,
  'lib/memcached/memcached.ts': 2,
  'lib/memcached/sizing.ts': 1,
  'lib/prometheus/config/prometheus-config.ts': 6,
  'lib/prometheus/config/rules.ts': 6,
  'lib/prometheus/prometheus-with-sidecar.ts': 8,
  'lib/pulumi/cdk8s-deployment.ts': 2,
  'lib/thanos/compactor.ts': 3,
  'lib/thanos/config/cache.ts': 3,
  'lib/thanos/config/endpoints.ts': 6,
  'lib/thanos/config/hashring.ts': 6,
  'lib/thanos/config/objstore.ts': 12,
  'lib/thanos/config/receive-limits.ts': 3,
  'lib/thanos/config/relabel.ts': 7,
  'lib/thanos/flags/builder.ts': 4,
  'lib/thanos/http-tls.ts': 2,
  'lib/thanos/object-storage.ts': 2,
  'lib/thanos/query.ts': 4,
  'lib/thanos/receive.ts': 2,
  'lib/thanos/ruler.ts': 4,
  'lib/thanos/selection.ts': 1,
  'lib/thanos/store.ts': 4,
  'lib/thanos/tls.ts': 1,
};

/** Throws that are not ObservabilityConstructError, with the reason: a part of the line, and why. */
const OTHER_THROWS: readonly { readonly file: string; readonly line: string; readonly why: string }[] = [
  {
    file: 'lib/capacity/metrics.ts',
    line: "throw new Error(`no role '${key}' in ${pattern}`)",
    why: 'internal invariant: referenceRole is called with role keys from the library’s own role tables',
  },
  {
    file: 'lib/fleet/patterns/base.ts',
    line: "throw new Error(`capacity model has no role '${key}' for ${this.pattern}`)",
    why: 'internal invariant: size() is called by the patterns with their own role keys, and sizing overrides of unknown roles are refused before (capacity/metrics.ts)',
  },
  {
    file: 'lib/core/synth.ts',
    line: 'throw new Error(`Validation failed with the following errors',
    why: "mirrors cdk8s's App.synth for validations users add with node.addValidation (the library adds none)",
  },
  ...Array.from({ length: 3 }, () => ({
    file: 'lib/cli/program.ts',
    line: 'throw new InvalidArgumentError(',
    why: 'CLI argument parsing: commander prints the option, the value and the reason, and exits with status 1',
  })),
  { file: 'lib/cli/program.ts', line: 'throw e;', why: 'rethrows what is not a CLI usage error' },
  {
    file: 'lib/cli/program.ts',
    line: "throw new CommanderError(EXIT_IO_ERROR, 'plan.out', message)",
    why: 'CLI: an output file that cannot be written exits with the I/O status and the system message',
  },
  {
    file: 'lib/cli/program.ts',
    line: 'if (!(e instanceof CommanderError)) throw e;',
    why: 'rethrows what is not a CLI usage error',
  },
  ...Array.from({ length: 8 }, () => ({
    file: 'lib/core/manifest-yaml.ts',
    line: 'throw DELEGATE',
    why: 'control flow: the fast YAML writer hands a value it cannot write byte-identically to the yaml library',
  })),
  {
    file: 'lib/core/manifest-yaml.ts',
    line: 'if (e !== DELEGATE) throw e;',
    why: 'rethrows what is not a delegation',
  },
  {
    file: 'lib/core/render.ts',
    line: 'throw FALL_BACK;',
    why: "control flow: the fast renderer hands an object holding a value it does not render itself back to cdk8s's toJson()",
  },
];

const HELPER = /(const fail = |function invalid\(|\): never \{)/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    )
    .sort();
}

/** The typed sites per file and the other throws of lib/, read from the source. */
function scan(): { sites: Record<string, number>; other: { file: string; line: string }[] } {
  const sites: Record<string, number> = {};
  const other: { file: string; line: string }[] = [];
  for (const path of tsFiles(join(ROOT, 'lib'))) {
    const file = relative(ROOT, path).split('\\').join('/');
    const lines = readFileSync(path, 'utf8').split('\n');
    const hasFail = lines.some((l) => /(const fail = |function fail\()/.test(l));
    lines.forEach((l, i) => {
      const inHelper = lines.slice(Math.max(0, i - 2), i).some((p) => HELPER.test(p));
      const typed =
        (/new ObservabilityConstructError\(/.test(l) && !inHelper) ||
        (hasFail && /\bfail\(/.test(l) && !/(const fail = |function fail\()/.test(l)) ||
        /throw invalid\(/.test(l);
      if (typed) sites[file] = (sites[file] ?? 0) + 1;
      else if (
        /\bthrow\b/.test(l) &&
        !/new ObservabilityConstructError\(/.test(l) &&
        !/^\s*(\/\/|\*)/.test(l)
      )
        other.push({ file, line: l.trim() });
    });
  }
  return { sites, other };
}

describe('throw sites of lib/', () => {
  const { sites, other } = scan();

  test('every typed throw site is counted in the inventory (a new one needs a test of its code, prop and message)', () => {
    expect(sites).toEqual(THROW_SITES);
  });

  test('every other throw is listed with the reason it is not an ObservabilityConstructError', () => {
    const unlisted = [...other];
    const stale: string[] = [];
    for (const listed of OTHER_THROWS) {
      const i = unlisted.findIndex((o) => o.file === listed.file && o.line.includes(listed.line));
      if (i < 0) stale.push(`${listed.file}: ${listed.line}`);
      else unlisted.splice(i, 1);
    }
    expect({ unlisted, stale }).toEqual({ unlisted: [], stale: [] });
  });
});
