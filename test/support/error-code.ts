import { ErrorCode, ObservabilityConstructError } from '../../lib/core';
import { constructErrorOf } from './errors';

/**
 * Runs `fn` and checks it throws the library's error with `code`, exactly `prop`, and a message containing
 * `message` (a string part or a pattern). For errors whose full text is long or computed; where the whole message
 * is known, {@link expectConstructError} (./errors) pins it exactly.
 */
export function expectErrorCode(
  fn: () => unknown,
  code: ErrorCode,
  prop: string,
  message: string | RegExp,
): ObservabilityConstructError {
  const e = constructErrorOf(fn);
  expect({ code: e.code, prop: e.prop }).toEqual({ code, prop });
  if (typeof message === 'string') expect(e.message).toContain(message);
  else expect(e.message).toMatch(message);
  return e;
}
