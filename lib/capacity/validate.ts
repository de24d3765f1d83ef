import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../core/errors';

/** A positive finite number (a rate, a size, a factor): zero, negative, NaN and Infinity are refused. */
export function requirePositive(value: number, context: ErrorContext, prop: string, fix: string): number {
  // Number.isFinite and Number.isInteger do not coerce: a string or null from a JavaScript caller fails them too.
  if (!Number.isFinite(value) || value <= 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'must be a finite number above 0',
      value,
      fix,
    });
  }
  return value;
}

/** A finite number of at least 0 (a fraction that may be zero, a price). */
export function requireNonNegative(value: number, context: ErrorContext, prop: string, fix: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'must be a finite number of at least 0',
      value,
      fix,
    });
  }
  return value;
}

/**
 * A whole number in `[min, max]`; above `max` is an absurd size the model refuses rather than extrapolates, with
 * `aboveFix` as the fix (by default `fix` and the maximum).
 */
export function requireCount(
  value: number,
  min: number,
  max: number,
  context: ErrorContext,
  prop: string,
  fix: string,
  aboveFix = `${fix}; at most ${max}`,
): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: `must be a whole number of at least ${min}`,
      value,
      fix,
    });
  }
  if (value > max) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: `is above ${max}, past what the capacity model is calibrated for`,
      value,
      fix: aboveFix,
    });
  }
  return value;
}

/**
 * At most `max` (checked after the lower bound): above it is an absurd size the model refuses rather than
 * extrapolates. Returns the value.
 */
export function requireAtMost(
  value: number,
  max: number,
  context: ErrorContext,
  prop: string,
  fix: string,
): number {
  if (value > max) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: `is above ${max}, past what the capacity model is calibrated for`,
      value,
      fix,
    });
  }
  return value;
}
