import { ErrorCode, ErrorContext, ObservabilityConstructError, requireWholeNumber } from '../../core';

/**
 * The block label that identifies a block. Thanos's sharding relabel config accepts it as a hashmod source in the
 * store gateway only; the compactor and others see external labels alone (docs/sharding.md).
 */
export const BLOCK_ID_LABEL = '__block_id';

/** The temporary label a hashmod selector writes the shard number into. */
export const SHARD_TARGET_LABEL = '__tmp_shard';

/** One rule of a `--selector.relabel-config` (Thanos supports keep, drop and hashmod). */
export interface SelectorRelabelRule {
  readonly action: 'hashmod' | 'keep' | 'drop';
  readonly source_labels: readonly string[];
  readonly target_label?: string;
  readonly modulus?: number;
  readonly regex?: string;
}

/** Shard `index` of `count` by the hash of `labels`. */
export interface HashmodShard {
  readonly labels: readonly string[];
  readonly count: number;
  readonly index: number;
}

/** The selector that keeps the blocks of one hashmod shard: hashmod into a temporary label, keep one value. */
export function hashmodSelector(shard: HashmodShard): SelectorRelabelRule[] {
  return [
    {
      action: 'hashmod',
      source_labels: [...shard.labels],
      target_label: SHARD_TARGET_LABEL,
      modulus: shard.count,
    },
    { action: 'keep', source_labels: [SHARD_TARGET_LABEL], regex: String(shard.index) },
  ];
}

/**
 * A selector relabel config as Thanos reads it (YAML), written as one line of JSON (a subset of YAML) so it fits
 * in a `--selector.relabel-config=` argument.
 */
export function renderSelector(rules: readonly SelectorRelabelRule[]): string {
  return JSON.stringify(rules);
}

/** Checks shard counts and hashmod source labels (`__block_id` only where `allowBlockId`). */
export function checkShardLabels(
  labels: readonly string[],
  count: number,
  allowBlockId: boolean,
  context: ErrorContext,
  prop: string,
): void {
  requireWholeNumber(count, 1, context, `${prop}.count`, 'give the number of shards');
  if (labels.length === 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.labels`,
      problem: 'must name at least one label to hash',
      value: [],
      fix: allowBlockId
        ? `hash '${BLOCK_ID_LABEL}' or external labels such as 'cluster'`
        : "hash external labels such as 'cluster'",
    });
  }
  if (!allowBlockId && labels.includes(BLOCK_ID_LABEL)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.labels`,
      problem: `names '${BLOCK_ID_LABEL}', which only the store gateway can hash: the compactor must keep every block of a stream on one shard`,
      value: labels,
      fix: "hash external labels that identify streams, such as 'cluster' and 'region'",
    });
  }
}

/** A store time partition (`--min-time`, `--max-time`): RFC3339 times or durations relative to now (`-2w`). */
export interface TimePartition {
  /** @default the beginning of time */
  readonly minTime?: string;
  /** @default the end of time */
  readonly maxTime?: string;
}

const RELATIVE = /^-?([0-9]+)(ms|s|m|h|d|w|y)$/;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A parsed time bound: its form and milliseconds (from now for relative bounds, since the epoch otherwise). */
export type TimeBound = { readonly form: 'relative' | 'absolute'; readonly ms: number };
type Bound = TimeBound;

/**
 * Whether the date and time of an RFC3339 string are in range: Go's time.Parse, which Thanos uses, refuses a day the
 * month does not have and hour 24 (src/time/format_rfc3339.go `parseRFC3339`: day 1..daysIn(month), hour 0..23),
 * where Date.parse rolls them over (30 February is 2 March). The fields must come back unchanged from a round trip.
 */
function fieldsInRange(value: string): boolean {
  const local = value.slice(0, 19);
  return new Date(`${local}Z`).toISOString().slice(0, 19) === local;
}

/** Parses a `--min-time`/`--max-time` value. */
export function parseTimeBound(value: string, context: ErrorContext, prop: string): Bound {
  const relative = RELATIVE.exec(value);
  if (relative) {
    const ms = Number(relative[1]) * UNIT_MS[relative[2]];
    return { form: 'relative', ms: value.startsWith('-') ? -ms : ms };
  }
  if (RFC3339.test(value) && !Number.isNaN(Date.parse(value)) && fieldsInRange(value))
    return { form: 'absolute', ms: Date.parse(value) };
  throw new ObservabilityConstructError(context, {
    code: ErrorCode.INVALID_VALUE,
    prop,
    problem: 'is neither an RFC3339 time nor a duration relative to now',
    value,
    fix: "write e.g. '-2w' (two weeks ago) or '2026-01-01T00:00:00Z'",
  });
}

/**
 * Checks time partitions: each bound parses, all bounds share one form (relative or absolute, since the two cannot
 * be ordered at synthesis time), every partition is non-empty, and partitions are listed oldest first without
 * overlapping, so each block is served by one shard (replicas give the redundancy).
 */
export function checkTimePartitions(
  partitions: readonly TimePartition[],
  context: ErrorContext,
  prop: string,
): readonly TimePartition[] {
  let form: Bound['form'] | undefined;
  let previousMax: number | undefined;
  partitions.forEach((p, i) => {
    const at = `${prop}[${i}]`;
    const min = p.minTime === undefined ? undefined : parseTimeBound(p.minTime, context, `${at}.minTime`);
    const max = p.maxTime === undefined ? undefined : parseTimeBound(p.maxTime, context, `${at}.maxTime`);
    for (const [bound, key] of [
      [min, 'minTime'],
      [max, 'maxTime'],
    ] as const) {
      if (bound === undefined) continue;
      if (form !== undefined && bound.form !== form) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop: `${at}.${key}`,
          problem: `is ${bound.form} while earlier bounds are ${form}, so the partitions cannot be ordered`,
          value: p[key],
          fix: 'write every bound as a relative duration, or every bound as an RFC3339 time',
        });
      }
      form = bound.form;
    }
    if ((i > 0 && min === undefined) || (i < partitions.length - 1 && max === undefined)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: at,
        problem: 'leaves a bound open in the middle of the list, so it overlaps its neighbour',
        value: p,
        fix: 'only the first partition may omit minTime and only the last may omit maxTime',
      });
    }
    if (min !== undefined && max !== undefined && min.ms >= max.ms) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: at,
        problem: 'is empty: minTime is not before maxTime',
        value: p,
        fix: 'swap the bounds or widen the partition',
      });
    }
    if (previousMax !== undefined && min !== undefined && min.ms < previousMax) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${at}.minTime`,
        problem: `overlaps the partition before it, which ends at ${partitions[i - 1].maxTime}`,
        value: p.minTime,
        fix: 'list partitions oldest first, each starting where the previous one ends',
      });
    }
    previousMax = max?.ms;
  });
  return partitions;
}
