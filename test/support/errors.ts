import { ErrorCode, ObservabilityConstructError } from '../../lib/core';

/** Runs `fn` and returns the library's error it throws; fails the test when it throws nothing or another error. */
export function constructErrorOf(fn: () => unknown): ObservabilityConstructError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ObservabilityConstructError);
  return error as ObservabilityConstructError;
}

/**
 * Runs `fn` and checks it throws the library's error with exactly `message` and `code`. The code is required:
 * codes are documented as stable, so every test of an error pins the one it carries.
 */
export function expectConstructError(
  fn: () => unknown,
  message: string,
  code: ErrorCode,
): ObservabilityConstructError {
  const error = constructErrorOf(fn);
  expect(error.message).toBe(message);
  expect(error.code).toBe(code);
  return error;
}
