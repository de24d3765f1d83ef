import { ErrorCode } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { THANOS_V0_42_4_FLAGS, ThanosSubcommand, buildThanosArgs } from '../../lib/thanos/flags';

const ctx = { construct: 'Test', path: 'chart/x' };

describe('buildThanosArgs', () => {
  test('subcommand first, flags in name order, bools negatable, repeatable values in order', () => {
    expect(
      buildThanosArgs(
        {
          subcommand: 'query',
          flags: {
            'query.replica-label': ['replica', 'prometheus_replica'],
            'http-address': '0.0.0.0:10902',
            'query.auto-downsampling': true,
            'query.partial-response': false,
            'query.max-concurrent': 20,
            'query.timeout': undefined,
          },
          extraFlags: { 'query.timeout': '2m' },
        },
        ctx,
      ),
    ).toEqual([
      'query',
      '--http-address=0.0.0.0:10902',
      '--query.auto-downsampling',
      '--query.max-concurrent=20',
      '--no-query.partial-response',
      '--query.replica-label=replica',
      '--query.replica-label=prometheus_replica',
      '--query.timeout=2m',
    ]);
  });

  test('the same input gives the same argv whatever the key order', () => {
    const a = buildThanosArgs({ subcommand: 'store', flags: { 'data-dir': '/d', 'min-time': '-2w' } }, ctx);
    const b = buildThanosArgs({ subcommand: 'store', flags: { 'min-time': '-2w', 'data-dir': '/d' } }, ctx);
    expect(a).toEqual(b);
  });

  const cases: [string, () => unknown, string, ErrorCode][] = [
    [
      'an unknown flag',
      () => buildThanosArgs({ subcommand: 'query', flags: {}, extraFlags: { 'store.sd-file': 'x' } }, ctx),
      "Test 'chart/x': 'extraFlags.store.sd-file' is not a flag of thanos query v0.42.4 (got \"store.sd-file\"); write the flag name without '--' as 'thanos query --help' prints it",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a flag written with dashes',
      () => buildThanosArgs({ subcommand: 'query', flags: {}, extraFlags: { '--query.timeout': '1m' } }, ctx),
      "Test 'chart/x': 'extraFlags.--query.timeout' is not a flag of thanos query v0.42.4 (got \"--query.timeout\"); write the flag name without '--' as 'thanos query --help' prints it (did you mean 'query.timeout'?)",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a flag of another subcommand',
      () => buildThanosArgs({ subcommand: 'compact', flags: { 'grpc-address': '0.0.0.0:10901' } }, ctx),
      "Test 'chart/x': 'flags.grpc-address' is not a flag of thanos compact v0.42.4 (got \"grpc-address\"); write the flag name without '--' as 'thanos compact --help' prints it",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'the deprecated --endpoint',
      () => buildThanosArgs({ subcommand: 'query', flags: {}, extraFlags: { endpoint: ['a:10901'] } }, ctx),
      "Test 'chart/x': 'extraFlags.endpoint' is deprecated in thanos query v0.42.4 (got \"endpoint\"); use --endpoint.sd-config-file (or --endpoint.sd-config) with an endpoints list",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'the deprecated --store.sd-files',
      () =>
        buildThanosArgs({ subcommand: 'query', flags: {}, extraFlags: { 'store.sd-files': ['/f'] } }, ctx),
      "Test 'chart/x': 'extraFlags.store.sd-files' is deprecated in thanos query v0.42.4 (got \"store.sd-files\"); use --endpoint.sd-config-file (or --endpoint.sd-config) with an endpoints list",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a deprecated client TLS flag',
      () =>
        buildThanosArgs(
          { subcommand: 'query', flags: {}, extraFlags: { 'grpc-client-tls-secure': true } },
          ctx,
        ),
      "Test 'chart/x': 'extraFlags.grpc-client-tls-secure' is deprecated in thanos query v0.42.4 (got \"grpc-client-tls-secure\"); set 'client_config' per endpoint or 'default_client_config' in the --endpoint.sd-config file (deprecated after v0.43.0)",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a string for a bool flag',
      () => buildThanosArgs({ subcommand: 'compact', flags: {}, extraFlags: { wait: 'true' } }, ctx),
      "Test 'chart/x': 'extraFlags.wait' must be a boolean for --wait (got \"true\"); write true for --<flag> or false for --no-<flag>",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a list for a single-value flag',
      () => buildThanosArgs({ subcommand: 'store', flags: {}, extraFlags: { 'data-dir': ['a', 'b'] } }, ctx),
      'Test \'chart/x\': \'extraFlags.data-dir\' must be a string or number for --data-dir (got ["a","b"]); give one value; only repeatable flags take a list',
      ErrorCode.INVALID_VALUE,
    ],
    [
      'an extra flag the construct sets',
      () =>
        buildThanosArgs(
          {
            subcommand: 'store',
            flags: { 'data-dir': '/d' },
            extraFlags: { 'data-dir': '/e' },
            extraFlagsProp: 'store.extraFlags',
          },
          ctx,
        ),
      "Test 'chart/x': 'store.extraFlags.data-dir' sets a flag the construct already sets (got \"/e\"); use the construct's prop for --data-dir, or leave the extra flag out",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
  ];
  test.each(cases)('%s is an error', (_name, run, message, code) => {
    expectConstructError(run, message, code);
  });
});

describe('the v0.42.4 flag table', () => {
  const subcommands = Object.keys(THANOS_V0_42_4_FLAGS) as ThanosSubcommand[];

  test('covers the seven subcommands the library runs', () => {
    expect(subcommands.sort()).toEqual([
      'compact',
      'query',
      'query-frontend',
      'receive',
      'rule',
      'sidecar',
      'store',
    ]);
  });

  test('every subcommand has the HTTP server and log flags; help and version are not server flags', () => {
    for (const s of subcommands) {
      for (const f of ['http-address', 'http-grace-period', 'http.config', 'log.level', 'log.format'])
        expect([s, THANOS_V0_42_4_FLAGS[s][f]?.kind]).toEqual([s, 'value']);
      expect(THANOS_V0_42_4_FLAGS[s].help).toBeUndefined();
    }
  });

  test('the gRPC server with v0.42 ciphers and curves everywhere but compact and query-frontend', () => {
    for (const s of subcommands) {
      const has = ['compact', 'query-frontend'].includes(s) ? undefined : 'repeatable';
      expect([s, THANOS_V0_42_4_FLAGS[s]['grpc-server-tls-ciphers']?.kind]).toEqual([s, has]);
      expect([s, THANOS_V0_42_4_FLAGS[s]['grpc-server-tls-curves']?.kind]).toEqual([s, has]);
    }
  });

  test('query deprecates every legacy endpoint flag in favour of the SD config file', () => {
    const q = THANOS_V0_42_4_FLAGS.query;
    for (const f of [
      'endpoint',
      'endpoint-strict',
      'endpoint-group',
      'endpoint-group-strict',
      'store.sd-files',
    ])
      expect(q[f].deprecated).toMatch(/--endpoint.sd-config-file/);
    expect(q['endpoint.sd-config-file']).toEqual({ kind: 'value' });
    expect(q.store).toBeUndefined(); // removed in v0.38 (#7890)
  });

  test('flags removed before v0.42.4 are absent', () => {
    expect(THANOS_V0_42_4_FLAGS.receive['shipper.ignore-unequal-block-size']).toBeUndefined(); // #8670
    expect(THANOS_V0_42_4_FLAGS.store['debug.advertise-compatibility-label']).toBeUndefined(); // #8839
    expect(THANOS_V0_42_4_FLAGS.rule['log.request.decision']).toBeUndefined();
  });
});
