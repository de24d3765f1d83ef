import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';
import { SearchEngine } from '../../elasticsearch';
import { IndexRotation } from '../config/search';

/** Daily indices, deleted by `es-index-cleaner` after the retention. Jaeger creates the index templates. */
export interface PeriodicLifecycle {
  readonly mode: 'periodic';
  /** @default DEFAULT_RETENTION_DAYS */
  readonly retentionDays?: number;
  /** @default DEFAULT_CLEANER_SCHEDULE */
  readonly cleanerSchedule?: string;
}

/**
 * Read and write aliases: `es-rollover init` once, then `rollover` on a schedule when the write index meets the
 * conditions, `lookback` to drop indices older than the retention from the read alias, and the cleaner to delete
 * them.
 */
export interface ManualRolloverLifecycle {
  readonly mode: 'manualRollover';
  /** @default DEFAULT_RETENTION_DAYS */
  readonly retentionDays?: number;
  /** Roll over when the write index is this old (Elasticsearch time unit). @default DEFAULT_HOT_MAX_AGE */
  readonly maxAge?: string;
  /** …or this large (Elasticsearch byte unit). @default DEFAULT_HOT_MAX_SIZE */
  readonly maxSize?: string;
  /** @default DEFAULT_ROLLOVER_SCHEDULE */
  readonly rolloverSchedule?: string;
  /** @default DEFAULT_LOOKBACK_SCHEDULE */
  readonly lookbackSchedule?: string;
  /** @default DEFAULT_CLEANER_SCHEDULE */
  readonly cleanerSchedule?: string;
}

/**
 * Index lifecycle management by Elasticsearch itself (the reference design's policy): hot with rollover at `maxAge` or
 * `maxSize`, warm after `warmAfter` with no replicas, deleted after `deleteAfter`. A Job creates the policy and runs
 * `es-rollover init` with it; Elasticsearch does the rest. Elasticsearch only (OpenSearch has ISM instead).
 */
export interface IlmLifecycle {
  readonly mode: 'ilm';
  /** @default `<indexPrefix>-ilm-policy` */
  readonly policyName?: string;
  /** @default DEFAULT_HOT_MAX_AGE */
  readonly maxAge?: string;
  /** @default DEFAULT_HOT_MAX_SIZE */
  readonly maxSize?: string;
  /** @default DEFAULT_WARM_AFTER_DAYS days */
  readonly warmAfterDays?: number;
  /** @default DEFAULT_RETENTION_DAYS days */
  readonly deleteAfterDays?: number;
}

/** One typed choice of index lifecycle; it decides exactly which jobs are emitted. */
export type IndexLifecycle = PeriodicLifecycle | ManualRolloverLifecycle | IlmLifecycle;

/** The reference design deletes spans after 30 days. */
export const DEFAULT_RETENTION_DAYS = 30;
/** The reference design rolls over after a day… */
export const DEFAULT_HOT_MAX_AGE = '1d';
/** …or at 50 GB. */
export const DEFAULT_HOT_MAX_SIZE = '50gb';
/** The reference design moves an index to warm (no replicas) after a day. */
export const DEFAULT_WARM_AFTER_DAYS = 1;
/** Just before midnight UTC, so the day's index is complete. */
export const DEFAULT_CLEANER_SCHEDULE = '55 23 * * *';
export const DEFAULT_ROLLOVER_SCHEDULE = '0 0 * * *';
export const DEFAULT_LOOKBACK_SCHEDULE = '15 0 * * *';

/** What the lifecycle means for Jaeger's config and for the jobs. */
export interface ResolvedLifecycle {
  readonly mode: IndexLifecycle['mode'];
  readonly rotation: IndexRotation;
  readonly createMappings: boolean;
  /** Jaeger's `max_span_age`: queries look back as far as data is kept. */
  readonly maxSpanAge: string;
  readonly retentionDays: number;
  readonly schedules: { readonly cleaner?: string; readonly rollover?: string; readonly lookback?: string };
  /** Rollover conditions for `es-rollover rollover`, as JSON. */
  readonly rolloverConditions?: string;
  /** The ILM policy document and its name. */
  readonly ilmPolicy?: { readonly name: string; readonly document: Record<string, unknown> };
}

const ALLOWED: Record<IndexLifecycle['mode'], readonly string[]> = {
  periodic: ['mode', 'retentionDays', 'cleanerSchedule'],
  manualRollover: [
    'mode',
    'retentionDays',
    'maxAge',
    'maxSize',
    'rolloverSchedule',
    'lookbackSchedule',
    'cleanerSchedule',
  ],
  ilm: ['mode', 'policyName', 'maxAge', 'maxSize', 'warmAfterDays', 'deleteAfterDays'],
};

const ES_TIME = /^[0-9]+(d|h|m|s|ms)$/;
const ES_BYTES = /^[0-9]+(b|kb|mb|gb|tb|pb)$/;
const CRON = /^(\S+\s+){4}\S+$/;

function fail(
  context: ErrorContext,
  prop: string,
  problem: string,
  value: unknown,
  fix: string,
  code = ErrorCode.INVALID_VALUE,
): never {
  throw new ObservabilityConstructError(context, { code, prop, problem, value, fix });
}

function days(
  context: ErrorContext,
  prop: string,
  value: number,
  fix = `the reference design keeps ${DEFAULT_RETENTION_DAYS} days`,
): number {
  if (!Number.isInteger(value) || value < 1) {
    fail(context, prop, 'must be a whole number of days, at least 1', value, fix);
  }
  return value;
}

function schedule(context: ErrorContext, prop: string, value: string): string {
  if (!CRON.test(value.trim()))
    fail(context, prop, 'is not a five-field cron schedule', value, "write it like '55 23 * * *'");
  return value;
}

function esTime(context: ErrorContext, prop: string, value: string): string {
  if (!ES_TIME.test(value))
    fail(context, prop, 'is not an Elasticsearch time value', value, "write it like '1d' or '12h'");
  return value;
}

function esBytes(context: ErrorContext, prop: string, value: string): string {
  if (!ES_BYTES.test(value))
    fail(context, prop, 'is not an Elasticsearch byte size', value, "write it like '50gb'");
  return value;
}

/**
 * Checks an index lifecycle against its mode and the engine, fills the defaults and derives what Jaeger's config
 * and the jobs need. Options of another mode are refused rather than ignored.
 */
export function resolveIndexLifecycle(
  lifecycle: IndexLifecycle,
  engine: SearchEngine,
  indexPrefix: string,
  context: ErrorContext,
  prop = 'indexLifecycle',
): ResolvedLifecycle {
  const allowed = ALLOWED[lifecycle.mode];
  if (!allowed) {
    fail(
      context,
      `${prop}.mode`,
      "must be 'periodic', 'manualRollover' or 'ilm'",
      lifecycle.mode,
      'pick one of the three modes',
    );
  }
  for (const key of Object.keys(lifecycle).sort()) {
    if (!allowed.includes(key) && (lifecycle as unknown as Record<string, unknown>)[key] !== undefined) {
      fail(
        context,
        `${prop}.${key}`,
        `does not apply to mode '${lifecycle.mode}'`,
        (lifecycle as unknown as Record<string, unknown>)[key],
        `remove it, or choose the mode it belongs to (${
          Object.entries(ALLOWED)
            .filter(([, keys]) => keys.includes(key))
            .map(([mode]) => `'${mode}'`)
            .join(', ') || 'none'
        })`,
        ErrorCode.INCOMPATIBLE_PROPS,
      );
    }
  }
  switch (lifecycle.mode) {
    case 'periodic': {
      const retentionDays = days(
        context,
        `${prop}.retentionDays`,
        lifecycle.retentionDays ?? DEFAULT_RETENTION_DAYS,
      );
      return {
        mode: 'periodic',
        rotation: { kind: 'periodic' },
        createMappings: true,
        maxSpanAge: `${retentionDays * 24}h`,
        retentionDays,
        schedules: {
          cleaner: schedule(
            context,
            `${prop}.cleanerSchedule`,
            lifecycle.cleanerSchedule ?? DEFAULT_CLEANER_SCHEDULE,
          ),
        },
      };
    }
    case 'manualRollover': {
      const retentionDays = days(
        context,
        `${prop}.retentionDays`,
        lifecycle.retentionDays ?? DEFAULT_RETENTION_DAYS,
      );
      const conditions = {
        max_age: esTime(context, `${prop}.maxAge`, lifecycle.maxAge ?? DEFAULT_HOT_MAX_AGE),
        max_size: esBytes(context, `${prop}.maxSize`, lifecycle.maxSize ?? DEFAULT_HOT_MAX_SIZE),
      };
      return {
        mode: 'manualRollover',
        rotation: { kind: 'manualRollover' },
        createMappings: false,
        maxSpanAge: `${retentionDays * 24}h`,
        retentionDays,
        rolloverConditions: JSON.stringify(conditions),
        schedules: {
          rollover: schedule(
            context,
            `${prop}.rolloverSchedule`,
            lifecycle.rolloverSchedule ?? DEFAULT_ROLLOVER_SCHEDULE,
          ),
          lookback: schedule(
            context,
            `${prop}.lookbackSchedule`,
            lifecycle.lookbackSchedule ?? DEFAULT_LOOKBACK_SCHEDULE,
          ),
          cleaner: schedule(
            context,
            `${prop}.cleanerSchedule`,
            lifecycle.cleanerSchedule ?? DEFAULT_CLEANER_SCHEDULE,
          ),
        },
      };
    }
    case 'ilm': {
      if (engine !== 'elasticsearch') {
        fail(
          context,
          `${prop}.mode`,
          `needs Elasticsearch; ${engine} manages indices with ISM, not ILM`,
          'ilm',
          "use mode 'manualRollover' or 'periodic' with OpenSearch",
          ErrorCode.INCOMPATIBLE_PROPS,
        );
      }
      const warm = days(context, `${prop}.warmAfterDays`, lifecycle.warmAfterDays ?? DEFAULT_WARM_AFTER_DAYS);
      const remove = days(
        context,
        `${prop}.deleteAfterDays`,
        lifecycle.deleteAfterDays ?? DEFAULT_RETENTION_DAYS,
      );
      if (remove <= warm) {
        fail(
          context,
          `${prop}.deleteAfterDays`,
          `must be later than warmAfterDays ${warm}`,
          remove,
          `delete after more than ${warm} days, or move to warm earlier`,
          ErrorCode.INCOMPATIBLE_PROPS,
        );
      }
      const name = lifecycle.policyName ?? `${indexPrefix}-ilm-policy`;
      if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) {
        fail(
          context,
          `${prop}.policyName`,
          'is not a valid ILM policy name',
          name,
          'use lower case letters, digits, - and _',
        );
      }
      const document = {
        policy: {
          phases: {
            hot: {
              min_age: '0ms',
              actions: {
                rollover: {
                  max_age: esTime(context, `${prop}.maxAge`, lifecycle.maxAge ?? DEFAULT_HOT_MAX_AGE),
                  max_size: esBytes(context, `${prop}.maxSize`, lifecycle.maxSize ?? DEFAULT_HOT_MAX_SIZE),
                },
              },
            },
            warm: { min_age: `${warm}d`, actions: { allocate: { number_of_replicas: 0 } } },
            delete: { min_age: `${remove}d`, actions: { delete: {} } },
          },
        },
      };
      return {
        mode: 'ilm',
        rotation: { kind: 'autoRollover', policyName: name },
        createMappings: false,
        maxSpanAge: `${remove * 24}h`,
        retentionDays: remove,
        schedules: {},
        ilmPolicy: { name, document },
      };
    }
  }
}

/**
 * The archive backend: traces a user saves by hand from the UI, under `<indexPrefix>-archive` in daily indices,
 * kept for their own retention (not the primary's) and deleted by their own cleaner.
 */
export interface ArchiveOptions {
  /** @default DEFAULT_ARCHIVE_RETENTION_DAYS */
  readonly retentionDays?: number;
  /** @default DEFAULT_ARCHIVE_CLEANER_SCHEDULE */
  readonly cleanerSchedule?: string;
}

/**
 * Archived traces are the few a user saved on purpose (incident evidence), so they outlive the primary's month:
 * a year covers a yearly incident review. Their volume is a handful of traces a day, not the span stream.
 */
export const DEFAULT_ARCHIVE_RETENTION_DAYS = 365;
/** Five minutes after the primary cleaner (DEFAULT_CLEANER_SCHEDULE), so the two never run at once. */
export const DEFAULT_ARCHIVE_CLEANER_SCHEDULE = '0 0 * * *';

/** What the archive means for Jaeger's config and the jobs. */
export interface ResolvedArchive {
  readonly indexPrefix: string;
  readonly retentionDays: number;
  /** Jaeger's `max_span_age` for the archive backend: reads look back as far as archived traces are kept. */
  readonly maxSpanAge: string;
  readonly cleanerSchedule: string;
}

/** Checks the archive option (true, or options) and fills its defaults; undefined when there is no archive. */
export function resolveArchive(
  archive: boolean | ArchiveOptions | undefined,
  indexPrefix: string,
  context: ErrorContext,
  prop = 'archive',
): ResolvedArchive | undefined {
  if (archive === undefined || archive === false) return undefined;
  if (archive !== true && (typeof archive !== 'object' || archive === null)) {
    fail(
      context,
      prop,
      'must be a boolean or archive options',
      archive,
      'write true, or { retentionDays: 365 }',
    );
  }
  const options: ArchiveOptions = archive === true ? {} : archive;
  for (const key of Object.keys(options).sort()) {
    if (!['retentionDays', 'cleanerSchedule'].includes(key)) {
      fail(
        context,
        `${prop}.${key}`,
        'is not an archive option',
        key,
        'use retentionDays or cleanerSchedule',
      );
    }
  }
  const retentionDays = days(
    context,
    `${prop}.retentionDays`,
    options.retentionDays ?? DEFAULT_ARCHIVE_RETENTION_DAYS,
    `archived traces are kept ${DEFAULT_ARCHIVE_RETENTION_DAYS} days unless told otherwise`,
  );
  return {
    indexPrefix: `${indexPrefix}-archive`,
    retentionDays,
    maxSpanAge: `${retentionDays * 24}h`,
    cleanerSchedule: schedule(
      context,
      `${prop}.cleanerSchedule`,
      options.cleanerSchedule ?? DEFAULT_ARCHIVE_CLEANER_SCHEDULE,
    ),
  };
}
