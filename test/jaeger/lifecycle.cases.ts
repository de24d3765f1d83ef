import { ErrorCode } from '../../lib/core';
import { IndexLifecycle, resolveIndexLifecycle } from '../../lib/jaeger';
import { expectConstructError } from '../support/errors';

const ctx = { construct: 'JaegerSearchStorage', path: 'c/storage' };

describe('resolveIndexLifecycle', () => {
  test('periodic: daily indices, Jaeger creates templates, 30 days, cleaner before midnight', () => {
    expect(resolveIndexLifecycle({ mode: 'periodic' }, 'elasticsearch', 'jaeger', ctx)).toEqual({
      mode: 'periodic',
      rotation: { kind: 'periodic' },
      createMappings: true,
      maxSpanAge: '720h',
      retentionDays: 30,
      schedules: { cleaner: '55 23 * * *' },
    });
  });

  test('manual rollover: aliases made by es-rollover, the reference design conditions, rollover, lookback and cleaner', () => {
    const r = resolveIndexLifecycle(
      { mode: 'manualRollover', retentionDays: 7 },
      'opensearch',
      'jaeger',
      ctx,
    );
    expect(r.rotation).toEqual({ kind: 'manualRollover' });
    expect(r.createMappings).toBe(false);
    expect(r.maxSpanAge).toBe('168h');
    expect(JSON.parse(r.rolloverConditions as string)).toEqual({ max_age: '1d', max_size: '50gb' });
    expect(r.schedules).toEqual({ rollover: '0 0 * * *', lookback: '15 0 * * *', cleaner: '55 23 * * *' });
  });

  test("ILM: the reference design's policy, auto rollover with its name, max_span_age = retention", () => {
    const r = resolveIndexLifecycle({ mode: 'ilm' }, 'elasticsearch', 'tracing', ctx);
    expect(r.rotation).toEqual({ kind: 'autoRollover', policyName: 'tracing-ilm-policy' });
    expect(r.createMappings).toBe(false);
    expect(r.maxSpanAge).toBe('720h');
    expect(r.schedules).toEqual({});
    expect(r.ilmPolicy?.document).toEqual({
      policy: {
        phases: {
          hot: { min_age: '0ms', actions: { rollover: { max_age: '1d', max_size: '50gb' } } },
          warm: { min_age: '1d', actions: { allocate: { number_of_replicas: 0 } } },
          delete: { min_age: '30d', actions: { delete: {} } },
        },
      },
    });
  });

  const errors: [string, IndexLifecycle, 'elasticsearch' | 'opensearch', string, ErrorCode][] = [
    [
      'ILM on OpenSearch',
      { mode: 'ilm' },
      'opensearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.mode' needs Elasticsearch; opensearch manages indices with ISM, not ILM (got \"ilm\"); use mode 'manualRollover' or 'periodic' with OpenSearch",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'an option of another mode',
      { mode: 'periodic', maxAge: '2d' } as unknown as IndexLifecycle,
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.maxAge' does not apply to mode 'periodic' (got \"2d\"); remove it, or choose the mode it belongs to ('manualRollover', 'ilm')",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'an option of no mode',
      { mode: 'ilm', retention: 3 } as unknown as IndexLifecycle,
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.retention' does not apply to mode 'ilm' (got 3); remove it, or choose the mode it belongs to (none)",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'an unknown mode',
      { mode: 'weekly' } as unknown as IndexLifecycle,
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.mode' must be 'periodic', 'manualRollover' or 'ilm' (got \"weekly\"); pick one of the three modes",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'zero retention',
      { mode: 'periodic', retentionDays: 0 },
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.retentionDays' must be a whole number of days, at least 1 (got 0); the reference design keeps 30 days",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'delete before warm',
      { mode: 'ilm', warmAfterDays: 5, deleteAfterDays: 5 },
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.deleteAfterDays' must be later than warmAfterDays 5 (got 5); delete after more than 5 days, or move to warm earlier",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'a rollover age in Go syntax',
      { mode: 'manualRollover', maxAge: '24h0m' },
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.maxAge' is not an Elasticsearch time value (got \"24h0m\"); write it like '1d' or '12h'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a size with a capital unit',
      { mode: 'ilm', maxSize: '50GB' },
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.maxSize' is not an Elasticsearch byte size (got \"50GB\"); write it like '50gb'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a schedule that is not cron',
      { mode: 'periodic', cleanerSchedule: 'daily' },
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.cleanerSchedule' is not a five-field cron schedule (got \"daily\"); write it like '55 23 * * *'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a policy name with capitals',
      { mode: 'ilm', policyName: 'Jaeger' },
      'elasticsearch',
      "JaegerSearchStorage 'c/storage': 'indexLifecycle.policyName' is not a valid ILM policy name (got \"Jaeger\"); use lower case letters, digits, - and _",
      ErrorCode.INVALID_VALUE,
    ],
  ];
  test.each(errors)('rejects %s', (_name, lifecycle, engine, message, code) => {
    expectConstructError(() => resolveIndexLifecycle(lifecycle, engine, 'jaeger', ctx), message, code);
  });
});
