import { ErrorCode } from '../../lib/core';
import { buildThanosArgs } from '../../lib/thanos/flags';
import { expectConstructError } from '../support/errors';

/** The library's error with exactly `message`, and its code. */
function expectError(fn: () => unknown, code: ErrorCode, message: string): void {
  expectConstructError(fn, message, code);
}

// Value kinds and error codes of buildThanosArgs, at the edges the table-driven cases of flags.cases.ts do not
// reach (survivors of a mutation run). Flag kinds, from thanos-io/thanos@v0.42.4 cmd/thanos/query.go:
// query.replica-label is Strings() (repeatable), query.max-concurrent Int() (one value), query.auto-downsampling
// Bool(); cmd/thanos/compact.go: wait is Bool().

const ctx = { construct: 'Test', path: 'chart/x' };

describe('buildThanosArgs value kinds', () => {
  test('a repeatable flag also takes one string or one number, rendered once', () => {
    expect(
      buildThanosArgs({ subcommand: 'query', flags: { 'query.replica-label': 'replica' } }, ctx),
    ).toEqual(['query', '--query.replica-label=replica']);
    expect(buildThanosArgs({ subcommand: 'query', flags: { 'query.replica-label': 7 } }, ctx)).toEqual([
      'query',
      '--query.replica-label=7',
    ]);
  });

  test('an empty list for a repeatable flag renders no flag at all', () => {
    expect(buildThanosArgs({ subcommand: 'query', flags: { 'query.replica-label': [] } }, ctx)).toEqual([
      'query',
    ]);
  });

  test('a value flag takes a string as well as a number', () => {
    expect(buildThanosArgs({ subcommand: 'query', flags: { 'query.max-concurrent': '20' } }, ctx)).toEqual([
      'query',
      '--query.max-concurrent=20',
    ]);
  });

  test('a boolean for a repeatable flag is an error that names the kind', () => {
    expectError(
      () => buildThanosArgs({ subcommand: 'query', flags: { 'query.replica-label': true } }, ctx),
      ErrorCode.INVALID_VALUE,
      "Test 'chart/x': 'flags.query.replica-label' must be a string or a list for --query.replica-label (got true); give a list with one entry per occurrence of the flag",
    );
  });

  test('a boolean for a value flag is an error', () => {
    expectError(
      () => buildThanosArgs({ subcommand: 'query', flags: { 'query.max-concurrent': false } }, ctx),
      ErrorCode.INVALID_VALUE,
      "Test 'chart/x': 'flags.query.max-concurrent' must be a string or number for --query.max-concurrent (got false); give one value; only repeatable flags take a list",
    );
  });

  test('a number for a bool flag is an error', () => {
    expectError(
      () => buildThanosArgs({ subcommand: 'compact', flags: { wait: 1 } }, ctx),
      ErrorCode.INVALID_VALUE,
      "Test 'chart/x': 'flags.wait' must be a boolean for --wait (got 1); write true for --<flag> or false for --no-<flag>",
    );
  });
});

describe('buildThanosArgs names and codes', () => {
  test('a flag in the wrong case gets a suggestion; the code is INVALID_VALUE', () => {
    expectError(
      () => buildThanosArgs({ subcommand: 'query', flags: {}, extraFlags: { 'Query.Timeout': '1m' } }, ctx),
      ErrorCode.INVALID_VALUE,
      "Test 'chart/x': 'extraFlags.Query.Timeout' is not a flag of thanos query v0.42.4 (got \"Query.Timeout\"); write the flag name without '--' as 'thanos query --help' prints it (did you mean 'query.timeout'?)",
    );
  });

  test('an unknown flag with no near match ends the message without a suggestion', () => {
    expectError(
      () => buildThanosArgs({ subcommand: 'query', flags: {}, extraFlags: { 'store.sd-file': 'x' } }, ctx),
      ErrorCode.INVALID_VALUE,
      "Test 'chart/x': 'extraFlags.store.sd-file' is not a flag of thanos query v0.42.4 (got \"store.sd-file\"); write the flag name without '--' as 'thanos query --help' prints it",
    );
  });

  test('only leading dashes are dropped when looking for a near match, not the ones inside the name', () => {
    // store has --http-address: thanos-io/thanos@v0.42.4 cmd/thanos/config.go httpConfig.registerFlag, called from
    // cmd/thanos/store.go.
    expectError(
      () => buildThanosArgs({ subcommand: 'store', flags: {}, extraFlags: { 'HTTP-Address': ':1' } }, ctx),
      ErrorCode.INVALID_VALUE,
      "Test 'chart/x': 'extraFlags.HTTP-Address' is not a flag of thanos store v0.42.4 (got \"HTTP-Address\"); write the flag name without '--' as 'thanos store --help' prints it (did you mean 'http-address'?)",
    );
  });

  test('a deprecated flag is INVALID_VALUE; an extra flag the construct sets is INCOMPATIBLE_PROPS', () => {
    expectError(
      () => buildThanosArgs({ subcommand: 'query', flags: { endpoint: ['a:10901'] } }, ctx),
      ErrorCode.INVALID_VALUE,
      "Test 'chart/x': 'flags.endpoint' is deprecated in thanos query v0.42.4 (got \"endpoint\"); use --endpoint.sd-config-file (or --endpoint.sd-config) with an endpoints list",
    );
    expectError(
      () =>
        buildThanosArgs({ subcommand: 'compact', flags: { wait: true }, extraFlags: { wait: false } }, ctx),
      ErrorCode.INCOMPATIBLE_PROPS,
      "Test 'chart/x': 'extraFlags.wait' sets a flag the construct already sets (got false); use the construct's prop for --wait, or leave the extra flag out",
    );
  });

  test('an undefined extra flag is skipped, also when the construct sets the same flag', () => {
    expect(
      buildThanosArgs({ subcommand: 'compact', flags: { wait: true }, extraFlags: { wait: undefined } }, ctx),
    ).toEqual(['compact', '--wait']);
  });
});
