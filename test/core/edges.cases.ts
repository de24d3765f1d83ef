import { Cpu, ErrorCode, Memory, parseDuration, renderValue, requireWholeNumber } from '../../lib/core';
import { expectConstructError } from '../support/errors';

// Quantities, durations and error rendering at their edges (zero, the limit and one past it), where a mutant (< for
// <=, a dropped check, a changed literal) would move them. Expected numbers are arithmetic on the unit definitions: Kubernetes quantities (Ki = 2^10 … Pi = 2^50,
// k = 10^3 …, m = 1/1000 of a core) and Go's time.ParseDuration units (ns, us/µs, ms, s, m, h; no day).

const ctx = { construct: 'Test', path: 'p' };

describe('Cpu edges', () => {
  test('zero is a quantity; it prints as 0', () => {
    expect(Cpu.parse(0).millis).toBe(0);
    expect(Cpu.parse('0').toString()).toBe('0');
    expect(Cpu.sum([]).toString()).toBe('0');
  });

  test('negative and non-finite numbers are INVALID_QUANTITY', () => {
    for (const bad of [-0.001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectConstructError(
        () => Cpu.parse(bad, ctx, 'cpu'),
        `Test 'p': 'cpu' is not a valid CPU quantity (got ${bad}); write it as Kubernetes does, e.g. '500m' or 2`,
        ErrorCode.INVALID_QUANTITY,
      );
    }
  });

  test('a decimal suffix other than m is not a CPU quantity', () => {
    expectConstructError(
      () => Cpu.parse('2k', ctx, 'cpu'),
      "Test 'p': 'cpu' is not a valid CPU quantity (got \"2k\"); write it as Kubernetes does, e.g. '500m' or '2'",
      ErrorCode.INVALID_QUANTITY,
    );
  });

  test('times rounds to whole millicores; compare orders by size', () => {
    // 333m × 1.5 = 499.5m, rounded half up to 500m.
    expect(Cpu.parse('333m').times(1.5).millis).toBe(500);
    expect(Cpu.cores(0.0015).millis).toBe(2);
    expect(Cpu.parse('999m').compare(Cpu.parse('1'))).toBe(-1);
    expect(Cpu.parse('1').compare(Cpu.parse('1000m'))).toBe(0);
    expect(Cpu.parse('1500m').cores).toBe(1.5);
  });
});

describe('Memory edges', () => {
  test('zero bytes prints as 0, not with a suffix', () => {
    expect(Memory.parse(0).toString()).toBe('0');
    expect(Memory.parse('0Gi').toString()).toBe('0');
  });

  test('below one Ki, and not a multiple of it, it prints bytes', () => {
    expect(Memory.parse(1023).toString()).toBe('1023');
    expect(Memory.parse(1024).toString()).toBe('1Ki');
    expect(Memory.parse(1025).toString()).toBe('1025');
    expect(Memory.parse('1Pi').toString()).toBe('1Pi');
    expect(Memory.parse('1k').bytes).toBe(1000);
    expect(Memory.parse('1.5Gi').toString()).toBe('1536Mi');
  });

  test('negative or fractional byte counts are INVALID_QUANTITY', () => {
    for (const bad of [-1, 1.5]) {
      expectConstructError(
        () => Memory.parse(bad, ctx, 'memory'),
        `Test 'p': 'memory' is not a valid memory quantity (got ${bad}); write it as Kubernetes does, e.g. '512Mi' or '2Gi'`,
        ErrorCode.INVALID_QUANTITY,
      );
    }
  });

  test('bytes, times, compare and the unit getters', () => {
    expect(Memory.bytes(5).bytes).toBe(5);
    // 3 bytes × 0.5 = 1.5, rounded half up to 2.
    expect(Memory.bytes(3).times(0.5).bytes).toBe(2);
    expect(Memory.parse('1Gi').compare(Memory.parse('1025Mi'))).toBe(-(2 ** 20));
    expect(Memory.parse('1Gi').compare(Memory.parse('1024Mi'))).toBe(0);
    expect(Memory.mebibytes(1.5).bytes).toBe(1_572_864);
    expect(Memory.gibibytes(0.5).mebibytes).toBe(512);
    expect(Memory.parse('3Gi').gibibytes).toBe(3);
    expect(Memory.sum([]).bytes).toBe(0);
  });
});

describe('parseDuration edges', () => {
  test.each([
    ['48h', 172_800_000],
    ['1m', 60_000],
    ['500ms', 500],
    ['250us', 0.25],
    ['250µs', 0.25],
    ['1000000ns', 1],
    ['1h1m1s', 3_661_000],
  ])('%s is %d ms', (value, ms) => {
    expect(parseDuration(value, ctx, 'd')).toBe(ms);
  });

  test.each(['0s', '0h0m', '1d', '', '1', '-1h', '1h '])('%p is INVALID_VALUE', (value) => {
    expectConstructError(
      () => parseDuration(value, ctx, 'd'),
      `Test 'p': 'd' is not a positive Go duration (got ${JSON.stringify(value)}); write a number with a unit (ms, s, m, h), e.g. '90s', '1h30m' or '48h' for two days`,
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('renderValue and requireWholeNumber edges', () => {
  test('JSON up to 200 characters is kept whole; longer is cut to 197 and an ellipsis', () => {
    // A string of n characters renders as n + 2 JSON characters (the quotes).
    expect(renderValue('y'.repeat(198))).toBe(`"${'y'.repeat(198)}"`);
    expect(renderValue('y'.repeat(199))).toBe(`"${'y'.repeat(196)}...`);
    expect(renderValue([1])).toBe('[1]');
  });

  test('the minimum itself passes; one below it is INVALID_VALUE', () => {
    expect(requireWholeNumber(5, 5, ctx, 'n', 'fix')).toBe(5);
    expectConstructError(
      () => requireWholeNumber(4, 5, ctx, 'n', 'use 5'),
      "Test 'p': 'n' must be a whole number of at least 5 (got 4); use 5",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('quantity parse defaults and whole-byte wording', () => {
  test('without a context the prop is cpu or memory, the construct Quantity', () => {
    expectConstructError(
      () => Cpu.parse('abc'),
      "Quantity 'parse': 'cpu' is not a valid CPU quantity (got \"abc\"); write it as Kubernetes does, e.g. '500m' or '2'",
      ErrorCode.INVALID_QUANTITY,
    );
    expectConstructError(
      () => Memory.parse('abc'),
      "Quantity 'parse': 'memory' is not a valid memory quantity (got \"abc\"); write it as Kubernetes does, e.g. '512Mi' or '2Gi'",
      ErrorCode.INVALID_QUANTITY,
    );
  });

  test('a fraction of a byte names whole bytes and an example', () => {
    expectConstructError(
      () => Memory.parse('1.5', ctx, 'size'),
      "Test 'p': 'size' is not a valid memory (whole bytes) quantity (got \"1.5\"); write it as Kubernetes does, e.g. '512Mi'",
      ErrorCode.INVALID_QUANTITY,
    );
  });
});
