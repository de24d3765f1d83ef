import { ObservabilityConstructError } from '../../lib/core';

/** Runs `fn` and checks it throws the library's error with exactly `message`. */
export function expectConstructError(fn: () => unknown, message: string): ObservabilityConstructError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ObservabilityConstructError);
  expect((error as Error).message).toBe(message);
  return error as ObservabilityConstructError;
}
