import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { checkGoDuration, checkPrometheusDuration } from '../../lib/core/duration';
import { ErrorCode, ObservabilityConstructError, renderValue, requireWholeNumber } from '../../lib/core';

describe('ObservabilityConstructError', () => {
  test('renders <Construct> <path>: <prop> <problem> (got <value>); <fix>', () => {
    const error = new ObservabilityConstructError(
      { construct: 'JaegerAllInOne', path: 'chart/jaeger' },
      {
        code: ErrorCode.INVALID_VALUE,
        prop: 'replicas',
        problem: 'must be 1',
        value: 3,
        fix: 'use JaegerDirect',
      },
    );
    expect(error.message).toBe(
      "JaegerAllInOne 'chart/jaeger': 'replicas' must be 1 (got 3); use JaegerDirect",
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ObservabilityConstructError');
    expect(error.code).toBe('OC001');
    expect(error.construct).toBe('JaegerAllInOne');
    expect(error.path).toBe('chart/jaeger');
    expect(error.prop).toBe('replicas');
    expect(error.value).toBe(3);
    expect(error.fix).toBe('use JaegerDirect');
  });

  test('error codes are stable', () => {
    expect(Object.entries(ErrorCode)).toEqual([
      ['INVALID_VALUE', 'OC001'],
      ['INCOMPATIBLE_PROPS', 'OC002'],
      ['INVALID_QUANTITY', 'OC003'],
      ['INVALID_NAME', 'OC004'],
      ['LITERAL_SECRET', 'OC005'],
      ['DANGLING_REFERENCE', 'OC006'],
      ['UNSAFE_WITHOUT_OPT_IN', 'OC007'],
      ['UNKNOWN_MIGRATION', 'OC008'],
      ['INCOMPATIBLE_FLEET_CHANGE', 'OC009'],
    ]);
  });

  test.each([
    ['text', '"text"'],
    [3, '3'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{ a: [1, 2] }, '{"a":[1,2]}'],
    ['x'.repeat(300), `"${'x'.repeat(196)}...`],
  ])('renders %p as %s', (value, rendered) => {
    expect(renderValue(value)).toBe(rendered);
  });
});

describe('durations', () => {
  const c = { construct: 'Test', path: 'chart/x' };
  test('Go durations', () => {
    expect(checkGoDuration('1h30m', c, 'p')).toBe('1h30m');
    expectConstructError(
      () => checkGoDuration('1d', c, 'p'),
      "Test 'chart/x': 'p' is not a Go duration (got \"1d\"); write a number with a unit (ms, s, m, h), e.g. '30s', '5m' or '24h'",
      ErrorCode.INVALID_VALUE,
    );
  });
  test('Prometheus durations', () => {
    for (const ok of ['15d', '1y', '2w', '1h30m', '0', '0d', '500ms'])
      expect(checkPrometheusDuration(ok, c, 'p')).toBe(ok);
    for (const bad of ['', '1.5h', '30m1h', '10'])
      expectErrorCode(
        () => checkPrometheusDuration(bad, c, 'p'),
        ErrorCode.INVALID_VALUE,
        'p',
        `Test 'chart/x': 'p' is not a Prometheus duration (got "${bad}"); write a number with a unit (ms, s, m, h, d, w, y), largest unit first, e.g. '30s', '15d' or '1y'`,
      );
  });
});

describe('requireWholeNumber', () => {
  const context = { construct: 'Thing', path: 'chart/thing' };
  test('returns a whole number at or above the minimum', () => {
    expect(requireWholeNumber(0, 0, context, 'replicas', 'use 2')).toBe(0);
    expect(requireWholeNumber(3, 1, context, 'replicas', 'use 2')).toBe(3);
  });
  test.each([0, 1.5, Number.NaN, -1])('rejects %p below a minimum of 1, or not whole', (value) => {
    expectErrorCode(
      () => requireWholeNumber(value, 1, context, 'replicas', 'use 2'),
      ErrorCode.INVALID_VALUE,
      'replicas',
      `Thing 'chart/thing': 'replicas' must be a whole number of at least 1 (got ${value}); use 2`,
    );
  });
});
