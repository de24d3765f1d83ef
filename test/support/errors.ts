import { ErrorCode, ObservabilityConstructError } from '../../lib/core';

/**
 * Runs `fn` and checks it throws the library's error with exactly `message` and `code`. The code is required:
 * codes are documented as stable, so every test of an error pins the one it carries.
 */
export function expectConstructError(
  fn: () => unknown,
  message: string,
  code: ErrorCode,
): ObservabilityConstructError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ObservabilityConstructError);
  expect((error as Error).message).toBe(message);
  expect((error as ObservabilityConstructError).code).toBe(code);
  return error as ObservabilityConstructError;
}
