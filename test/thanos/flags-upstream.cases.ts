import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { THANOS_FLAGS_VERSION, THANOS_V0_42_4_FLAGS, ThanosSubcommand } from '../../lib/thanos/flags';
import { SUBCOMMANDS, UpstreamFlags, flagsOfHelp } from '../../scripts/extract-thanos-flags';

/**
 * Facts extracted by scripts/extract-thanos-flags.ts from the `--help` blocks of thanos-io/thanos@v0.42.4
 * docs/components/<subcommand>.md (flag names and how each takes its value; no upstream text).
 */
const UPSTREAM = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'thanos-v0.42.4-flags.json'), 'utf8'),
) as UpstreamFlags;

/**
 * Flags Thanos registers but hides from `--help`, so the docs' help blocks cannot show them; each is read from the
 * source at the pinned tag instead.
 */
const HIDDEN: Partial<Record<ThanosSubcommand, readonly string[]>> = {
  // thanos-io/thanos@v0.42.4 cmd/thanos/store.go:131 registers it on hidden.HiddenCmdClause(cmd).
  store: ['store.caching-bucket.config', 'store.caching-bucket.config-file'],
  // thanos-io/thanos@v0.42.4 cmd/thanos/receive.go:1142 registers it with extflag.WithHidden().
  receive: ['receive.limits-config', 'receive.limits-config-file'],
};

const kinds = (sub: ThanosSubcommand) =>
  Object.fromEntries(
    Object.entries(THANOS_V0_42_4_FLAGS[sub])
      .filter(([name]) => !(HIDDEN[sub] ?? []).includes(name))
      .map(([name, spec]) => [name, spec.kind]),
  );

describe('the flag table against the upstream --help of the pinned tag', () => {
  test('the fixture is of the pinned tag and covers every subcommand the library runs', () => {
    expect([UPSTREAM.repo, UPSTREAM.tag, THANOS_FLAGS_VERSION]).toEqual([
      'thanos-io/thanos',
      'v0.42.4',
      'v0.42.4',
    ]);
    expect(Object.keys(UPSTREAM.flags).sort()).toEqual(Object.keys(THANOS_V0_42_4_FLAGS).sort());
    expect(UPSTREAM.paths.query).toBe('docs/components/query.md');
  });

  test.each(SUBCOMMANDS)('thanos %s: no flag upstream lacks, none missing, same kind', (sub) => {
    // Both ways: a flag in the table that v0.42.4 does not print would make Thanos refuse to start; an upstream
    // flag the table lacks could not be set (buildThanosArgs rejects unknown flags). No upstream flag is left out.
    expect(kinds(sub)).toEqual(UPSTREAM.flags[sub]);
  });

  test('the hidden flags are in the table and absent from the help blocks (else this list is stale)', () => {
    for (const [sub, names] of Object.entries(HIDDEN) as [ThanosSubcommand, readonly string[]][]) {
      for (const name of names) {
        expect([sub, name, THANOS_V0_42_4_FLAGS[sub][name]?.kind]).toEqual([sub, name, 'value']);
        expect([sub, name, UPSTREAM.flags[sub]?.[name]]).toEqual([sub, name, undefined]);
      }
    }
  });

  test('a sample of well-known facts survives extraction (guards the fixture, not the table)', () => {
    // thanos-io/thanos@v0.42.4 docs/components/query.md: `--[no-]query.auto-downsampling`, `--query.replica-label=… ...`
    expect(UPSTREAM.flags.query!['query.auto-downsampling']).toBe('bool');
    expect(UPSTREAM.flags.query!['query.replica-label']).toBe('repeatable');
    expect(UPSTREAM.flags.compact!['retention.resolution-raw']).toBe('value');
    expect(UPSTREAM.flags.query!.help).toBeUndefined();
  });
});

describe('flagsOfHelp (the extraction)', () => {
  const help = [
    '```',
    'usage: thanos demo [<flags>]',
    '',
    'Flags:',
    '  -h, --[no-]help                Show help (also try',
    '                                 --help-long and --help-man).',
    '      --[no-]enable-thing        A switch. --no-enable-thing to disable.',
    '      --name.value=5m            A value.',
    '      --name.list=NAME.LIST ...  Repeat it.',
    '      --feature= ...             Empty default, repeatable.',
    '```',
    '      --after.block=1           Outside the block.',
  ].join('\n');

  test('reads flag lines only: bools, values, repeatables; skips help and flags named in descriptions', () => {
    expect(flagsOfHelp(help, 'demo')).toEqual({
      'enable-thing': 'bool',
      feature: 'repeatable',
      'name.list': 'repeatable',
      'name.value': 'value',
    });
  });

  test('a page without the usage block is an error, not an empty table', () => {
    expect(() => flagsOfHelp(help, 'other')).toThrow("no 'usage: thanos other' block");
  });
});
