import { ErrorCode } from '../../lib/core';
import {
  requireAtMost,
  requireCount,
  requireNonNegative,
  requirePositive,
} from '../../lib/capacity/validate';
import { expectConstructError } from '../support/errors';

// The capacity model's input checks at their edges: 0 and the smallest step past it, min and min − 1, max and
// max + 1, where a mutant (< for <=, a dropped check) would move them. Every refusal is INVALID_VALUE.

const ctx = { construct: 'Plan', path: 'plan' };

function expectInvalid(fn: () => unknown, message: string): void {
  expectConstructError(fn, message, ErrorCode.INVALID_VALUE);
}

describe('requirePositive', () => {
  test('the smallest positive number passes; 0, negatives, NaN, Infinity and non-numbers do not', () => {
    expect(requirePositive(Number.MIN_VALUE, ctx, 'rate', 'fix')).toBe(Number.MIN_VALUE);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectInvalid(
        () => requirePositive(bad, ctx, 'rate', 'give a rate'),
        `Plan 'plan': 'rate' must be a finite number above 0 (got ${bad}); give a rate`,
      );
    }
    expectInvalid(
      () => requirePositive('5' as unknown as number, ctx, 'rate', 'give a rate'),
      `Plan 'plan': 'rate' must be a finite number above 0 (got "5"); give a rate`,
    );
  });
});

describe('requireNonNegative', () => {
  test('0 passes; the smallest negative, NaN, Infinity and non-numbers do not', () => {
    expect(requireNonNegative(0, ctx, 'price', 'fix')).toBe(0);
    for (const [bad, rendered] of [
      [-Number.MIN_VALUE, '-5e-324'],
      [Number.NaN, 'NaN'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
    ] as const) {
      expectInvalid(
        () => requireNonNegative(bad, ctx, 'price', 'give a price'),
        `Plan 'plan': 'price' must be a finite number of at least 0 (got ${rendered}); give a price`,
      );
    }
    expectInvalid(
      () => requireNonNegative('0' as unknown as number, ctx, 'price', 'give a price'),
      `Plan 'plan': 'price' must be a finite number of at least 0 (got "0"); give a price`,
    );
  });
});

describe('requireCount', () => {
  test('min and max pass; min − 1, max + 1, fractions and non-numbers do not', () => {
    expect(requireCount(1, 1, 5000, ctx, 'clusters', 'fix')).toBe(1);
    expect(requireCount(5000, 1, 5000, ctx, 'clusters', 'fix')).toBe(5000);
    expectInvalid(
      () => requireCount(0, 1, 5000, ctx, 'clusters', 'give 1 or more'),
      "Plan 'plan': 'clusters' must be a whole number of at least 1 (got 0); give 1 or more",
    );
    expectInvalid(
      () => requireCount(2.5, 1, 5000, ctx, 'clusters', 'give 1 or more'),
      "Plan 'plan': 'clusters' must be a whole number of at least 1 (got 2.5); give 1 or more",
    );
    expectInvalid(
      () => requireCount('3' as unknown as number, 1, 5000, ctx, 'clusters', 'give 1 or more'),
      "Plan 'plan': 'clusters' must be a whole number of at least 1 (got \"3\"); give 1 or more",
    );
    expectInvalid(
      () => requireCount(5001, 1, 5000, ctx, 'clusters', 'give 1 or more'),
      "Plan 'plan': 'clusters' is above 5000, past what the capacity model is calibrated for (got 5001); give 1 or more; at most 5000",
    );
  });
});

test('requireCount: a fix of its own above the maximum', () => {
  expectInvalid(
    () =>
      requireCount(
        21,
        1,
        20,
        ctx,
        'clusters',
        'give 1 or more',
        'split the fleet into several of at most 20',
      ),
    "Plan 'plan': 'clusters' is above 20, past what the capacity model is calibrated for (got 21); split the fleet into several of at most 20",
  );
});

describe('requireAtMost', () => {
  test('max passes and is returned; the next representable number above it does not', () => {
    expect(requireAtMost(300, 300, ctx, 'interval', 'fix')).toBe(300);
    expect(requireAtMost(-5, 300, ctx, 'interval', 'fix')).toBe(-5);
    // 300 + 2^-44 is the next double above 300 (ulp of 300 is 2^(8-52)).
    expectInvalid(
      () => requireAtMost(300 + 2 ** -44, 300, ctx, 'interval', 'scrape at least every 5 minutes'),
      "Plan 'plan': 'interval' is above 300, past what the capacity model is calibrated for (got 300.00000000000006); scrape at least every 5 minutes",
    );
  });
});
