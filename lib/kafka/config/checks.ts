import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';

/** Checks that `value` is a whole number of at least `min`; the error names the prop and the fix. */
export function requireWholeNumber(
  value: number,
  min: number,
  context: ErrorContext,
  prop: string,
  fix: string,
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
  return value;
}
