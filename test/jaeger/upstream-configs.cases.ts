import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { unknownKeys } from '../support/jaeger';
import { SHARED_DIR, describeWithShared } from '../support/shared';

/** Jaeger's own example configs at the pinned version (copied to ../shared/jaeger/configs-v2.20.0). */
const CONFIGS = join(SHARED_DIR, 'jaeger', 'configs-v2.20.0');

/**
 * Components of Jaeger's examples the library never writes, so the key tree (test/support/jaeger.ts) does not
 * describe them: every key under them is accepted unchecked. A component the library starts writing must leave this
 * list and enter the tree. Everything else in the examples must be accepted by the tree.
 */
const OUT_OF_SCOPE = [
  // The OpenTelemetry collector builder's manifest, not a Jaeger config.
  'builder.yaml',
  // Storage backends the library does not deploy (it writes memory, badger, elasticsearch, opensearch).
  'extensions.jaeger_storage.backends.*.cassandra',
  'extensions.jaeger_storage.backends.*.clickhouse',
  'extensions.jaeger_storage.backends.*.grpc',
  'extensions.jaeger_storage.metric_backends.*.clickhouse',
  'extensions.remote_storage',
  // Receivers, processors, connectors and extensions the library does not configure.
  'receivers.jaeger',
  'receivers.zipkin',
  'processors.adaptive_sampling',
  'processors.tail_sampling',
  'connectors',
  'exporters.prometheus',
  'extensions.pprof',
  'extensions.expvar',
  'extensions.zpages',
];

/** Whether a key path lies under a prefix (`*` matches any one name). */
function matches(prefix: string, path: string): boolean {
  const at = path.split('.');
  return prefix.split('.').every((p, i) => p === '*' || p === at[i]);
}

const outOfScope = (path: string) => OUT_OF_SCOPE.some((prefix) => matches(prefix, path));

describeWithShared("the Jaeger key tree accepts every key of Jaeger 2.20.0's own example configs", () => {
  const files = readdirSync(CONFIGS).filter((f) => f.endsWith('.yaml') && !OUT_OF_SCOPE.includes(f));

  test('the example configs are there to check', () => {
    // ../shared/jaeger/configs-v2.20.0 holds 24 config*.yaml and internal-all-in-one.yaml beside builder.yaml.
    expect(files.length).toBe(25);
  });

  test.each(files)('%s', (file) => {
    const config = parse(readFileSync(join(CONFIGS, file), 'utf8')) as unknown;
    expect(unknownKeys(config).filter((path) => !outOfScope(path))).toEqual([]);
  });

  test('the out-of-scope list is no wider than needed: each entry is used by some example', () => {
    const all = readdirSync(CONFIGS)
      .filter((f) => f.endsWith('.yaml') && f !== 'builder.yaml')
      .flatMap((f) => unknownKeys(parse(readFileSync(join(CONFIGS, f), 'utf8')) as unknown));
    const unused = OUT_OF_SCOPE.filter((p) => p !== 'builder.yaml').filter(
      (prefix) => !all.some((path) => matches(prefix, path)),
    );
    expect(unused).toEqual([]);
  });
});
