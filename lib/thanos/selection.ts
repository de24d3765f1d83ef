import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../core';
import {
  HashmodShard,
  SelectorRelabelRule,
  TimePartition,
  hashmodSelector,
  parseTimeBound,
} from './config/relabel';
import { BlockSelection, describeSelection, disjoint, treeEntries } from './registry';

/** The selector rules that keep blocks whose external labels equal `keep`, then one hashmod shard. */
export function selectorRules(
  keep: Record<string, string>,
  shard?: HashmodShard,
  keepAny: Readonly<Record<string, readonly string[]>> = {},
): SelectorRelabelRule[] {
  const rules: SelectorRelabelRule[] = Object.keys(keep)
    .sort()
    .map((label) => ({ action: 'keep' as const, source_labels: [label], regex: escapeRegex(keep[label]) }));
  // One keep rule per label with its values as alternatives: the relabel regex is anchored (prometheus@v3.13.2
  // model/relabel/relabel.go), so `a|b` keeps exactly the values a and b.
  const anyRules: SelectorRelabelRule[] = Object.keys(keepAny)
    .sort()
    .map((label) => ({
      action: 'keep' as const,
      source_labels: [label],
      regex: keepAny[label].map(escapeRegex).join('|'),
    }));
  return shard ? [...rules, ...anyRules, ...hashmodSelector(shard)] : [...rules, ...anyRules];
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The selection a time partition stands for. */
export function timeSelection(
  partition: TimePartition,
  context: ErrorContext,
  prop: string,
): BlockSelection['time'] {
  const min =
    partition.minTime === undefined
      ? undefined
      : parseTimeBound(partition.minTime, context, `${prop}.minTime`);
  const max =
    partition.maxTime === undefined
      ? undefined
      : parseTimeBound(partition.maxTime, context, `${prop}.maxTime`);
  return { form: (min ?? max)?.form ?? 'relative', min: min?.ms, max: max?.ms };
}

/**
 * Registers the shards of one component over a bucket and fails when one of them may act on blocks another
 * component's shard acts on. `exclusive` components (compactors) conflict with any overlap; others (stores) only
 * when either side selects a subset, since two unsharded stores are plain replicas.
 */
export function registerSelections(
  scope: { readonly node: { readonly root: unknown; readonly path: string } },
  kind: 'store' | 'compactor',
  selections: readonly BlockSelection[],
  context: ErrorContext,
  prop: string,
  readPath?: string,
): void {
  // Stores of separate read paths (queriers that never list both) are checked against their own path only.
  const entries = treeEntries<BlockSelection>(
    scope as never,
    readPath === undefined ? `${kind}-selections` : `${kind}-selections/${readPath}`,
  );
  const exclusive = kind === 'compactor';
  const partial = (s: BlockSelection) =>
    Object.keys(s.keep).length > 0 ||
    s.keepAny !== undefined ||
    s.hashmod !== undefined ||
    s.time !== undefined;
  for (const mine of selections) {
    for (const other of entries) {
      if (other.path === mine.path || disjoint(mine, other)) continue;
      if (!exclusive && !partial(mine) && !partial(other)) continue;
      throw new ObservabilityConstructError(context, {
        code: exclusive ? ErrorCode.UNSAFE_WITHOUT_OPT_IN : ErrorCode.INCOMPATIBLE_PROPS,
        prop,
        problem: exclusive
          ? `selects ${describeSelection(mine)} of ${mine.bucket}, which the compactor '${other.path}' (${describeSelection(other)}) also compacts: two compactors on one stream corrupt it`
          : `selects ${describeSelection(mine)} of ${mine.bucket}, which overlaps the store shard '${other.path}' (${describeSelection(other)})`,
        value: describeSelection(mine),
        fix: exclusive
          ? 'run one compactor per bucket, sharded with sharding: { labels, count } on external labels, or give each compactor disjoint externalLabels'
          : 'give the stores disjoint externalLabels, shard them in one ThanosStore, or use non-overlapping time partitions',
      });
    }
  }
  entries.push(...selections);
}
