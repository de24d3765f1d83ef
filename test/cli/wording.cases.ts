import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import {
  ErrorCode,
  Grafana,
  JaegerAllInOne,
  ObservabilityConstructError,
  recommendPattern,
  sizeTopic,
  splitFleet,
} from '../../lib';
import { expectConstructError } from '../support/errors';
import { cli } from './run';

// Issue 13, point 3: user-facing text names the design documents the project was built from ("seed 003") and uses
// their pattern numbers (D1..D4) as names. Users never see those documents: text says "the reference design" and
// names patterns by what they are, with D1..D4 only as an alias after the name.

const ROOT = join(__dirname, '..', '..');

/** Text that may mention "seed" anyway: none. */
const SEED_ALLOWLIST: readonly string[] = [];

const PATTERNS = ['hierarchical', 'receive', 'hybrid', 'federation'];

/** Every kind of output `plan` prints: each pattern, its diagram and coverage, the comparison, the
 * recommendation, the Jaeger profiles, the help and a few usage errors. The wording does not depend on the fleet's
 * size, so the patterns run at 20 clusters (two regions of 10); the recommendation and errors at 200. */
const RUNS: readonly (readonly string[])[] = [
  ['--help'],
  ['plan', '--help'],
  ...PATTERNS.flatMap((p) => [
    ['plan', '--pattern', p, '--clusters', '20', '--clusters-per-region', '10'],
    ['plan', '--pattern', p, '--clusters', '20', '--clusters-per-region', '10', '--diagram', 'mermaid'],
    ['plan', '--pattern', p, '--clusters', '20', '--clusters-per-region', '10', '--coverage'],
  ]),
  ['plan', '--pattern', 'hybrid', '--clusters', '20', '--clusters-per-region', '10', '--format', 'json'],
  [
    'plan',
    '--pattern',
    'hierarchical',
    '--clusters',
    '20',
    '--clusters-per-region',
    '10',
    '--coverage',
    '--format',
    'json',
  ],
  ['plan', '--compare', '--clusters', '20', '--clusters-per-region', '10'],
  ['plan', '--compare', '--clusters', '20', '--clusters-per-region', '10', '--format', 'json'],
  ['plan', '--clusters', '200', '--budget', '1600', '--no-long-term-storage', '--format', 'markdown'],
  ...['500', '5000', '12000'].map((t) => ['plan', '--traces-per-second', t]),
  ['plan', '--traces-per-second', '12000', '--format', 'json'],
  ['plan', '--clusters', '200', '--budget', '100'],
  ['plan', '--clusters', '200', '--clusters-per-region', '60'],
];

/** The pattern numbers left once their alias forms — `(D1)`, `(hierarchical, D1)`, `(D2: …`, `"id": "D1"` — are out. */
function bareAliases(text: string): string[] {
  const stripped = text.replace(/\((?:[a-z]+, )?D[1-4](?:\)|:)/g, '').replace(/"id": "D[1-4]"/g, '');
  return stripped.match(/.{0,40}\bD[1-4]\b.{0,40}/g) ?? [];
}

function mentionsSeed(text: string): string[] {
  return (text.match(/.{0,40}seed.{0,40}/gi) ?? []).filter(
    (hit) => !SEED_ALLOWLIST.some((a) => hit.includes(a)),
  );
}

/** The runs that are usage errors on purpose (exit code 2); every other run must succeed. */
const USAGE_ERRORS = new Set([
  'plan --clusters 200 --budget 100',
  'plan --clusters 200 --clusters-per-region 60',
  // The federation keeps no blocks in a bucket: --coverage says so.
  'plan --pattern federation --clusters 20 --clusters-per-region 10 --coverage',
]);

describe('user-facing text speaks of the reference design, not of internal documents', () => {
  test.each(RUNS.map((args) => [args.join(' '), args]))('CLI: observability-constructs %s', (name, args) => {
    const run = cli(...args);
    expect([name, run.status]).toEqual([name, USAGE_ERRORS.has(name) ? 2 : 0]);
    const text = run.stdout + run.stderr;
    expect(text.length).toBeGreaterThan(0);
    expect(mentionsSeed(text)).toEqual([]);
    expect(bareAliases(text)).toEqual([]);
  });

  test('a pattern is named by what it is, its reference-design number only after the name', () => {
    const run = cli('plan', '--compare', '--clusters', '200');
    expect(run.stdout).toContain(
      'Hierarchical Thanos Query (D1) · Thanos Receive (D2) · Hybrid (regional Receive + global Query) (D3) · Prometheus Federation (D4)',
    );
    expect(run.stdout).toContain(
      'The reference decision matrix recommends for 200 clusters: hierarchical (D1)',
    );
  });

  test('error messages of known bad inputs', () => {
    const messages: string[] = [];
    const capture = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ObservabilityConstructError);
        messages.push((e as Error).message);
        return;
      }
      throw new Error('expected an ObservabilityConstructError');
    };
    const chart = () => new Chart(Testing.app(), 'c');
    capture(
      () =>
        new Grafana(chart(), 'grafana', {
          dataSources: [],
          adminPassword: { name: 'grafana-admin', key: 'password' },
          replicas: 0,
        }),
    );
    capture(() => new JaegerAllInOne(chart(), 'jaeger', { batch: { sendBatchSize: 4096 } }));
    capture(() => new JaegerAllInOne(chart(), 'jaeger', { batch: { sendBatchSize: 0 } }));
    capture(() => splitFleet(200, 0));
    capture(() => splitFleet(51, 51));
    capture(() => recommendPattern({ clusters: 200, budgetUsdPerMonth: 100 }));
    capture(() =>
      sizeTopic(
        {
          name: 'spans',
          ingest: { tracesPerSecond: 0, spansPerTrace: 10, bytesPerSpan: 500 },
          consumerThroughput: { spansPerSecond: 5000 },
          outageWindowHours: 6,
        } as unknown as Parameters<typeof sizeTopic>[0],
        { construct: 'sizeTopic', path: 'spans' },
      ),
    );
    expect(messages).toHaveLength(7);
    for (const message of messages) {
      expect(mentionsSeed(message)).toEqual([]);
      expect(bareAliases(message)).toEqual([]);
    }
    // The whole message and its stable code (requireWholeNumber in lib/core/errors.ts: INVALID_VALUE).
    expectConstructError(
      () =>
        new Grafana(chart(), 'grafana', {
          dataSources: [],
          adminPassword: { name: 'grafana-admin', key: 'password' },
          replicas: 0,
        }),
      "Grafana 'c/grafana': 'replicas' must be a whole number of at least 1 (got 0); the reference design runs 2 replicas (with a shared database)",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('no string, comment or typedoc in lib/ says "seed"', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const path = join(dir, f);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const hits = files(join(ROOT, 'lib')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => mentionsSeed(line).length > 0)
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  test('README and examples never cite a reference document by number', () => {
    const texts = [
      join(ROOT, 'README.md'),
      ...readdirSync(join(ROOT, 'examples'), { recursive: true })
        .map((f) => join(ROOT, 'examples', String(f)))
        .filter((f) => f.endsWith('.ts')),
    ];
    const hits = texts.flatMap((file) =>
      (readFileSync(file, 'utf8').match(/.{0,40}seeds? \d{3}.{0,40}/gi) ?? []).map(
        (h) => `${relative(ROOT, file)}: ${h}`,
      ),
    );
    expect(hits).toEqual([]);
  });
});
