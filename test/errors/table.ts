import { ErrorCode } from '../../lib/core';
import { expectErrorCode } from '../support/error-code';

/**
 * One throw site of the library, reached by the smallest input: the error's code, its prop (exactly) and a part of
 * its message that only this site writes.
 */
export interface ErrorRow {
  /** Where the error is raised (`lib/<file>`, and the check), for the test name. */
  readonly site: string;
  readonly run: () => unknown;
  readonly code: ErrorCode;
  readonly prop: string;
  readonly message: string | RegExp;
  /** The offending value the error carries (compared with toEqual), where the row pins it. */
  readonly value?: unknown;
  /** The error's fix, exactly, where the row pins it. */
  readonly fix?: string;
}

/**
 * One test per row: the input throws ObservabilityConstructError with the row's code, prop and message part, and
 * the row's value and fix where it gives them.
 */
export function errorTable(rows: readonly ErrorRow[]): void {
  test.each(rows.map((row) => [row.site, row] as const))('%s', (_site, row) => {
    const e = expectErrorCode(row.run, row.code, row.prop, row.message);
    if ('value' in row) expect(e.value).toEqual(row.value);
    if (row.fix !== undefined) expect(e.fix).toBe(row.fix);
  });
}
