import { IConstruct } from 'constructs';

const registries = new WeakMap<IConstruct, Map<string, unknown[]>>();

/**
 * Entries of one kind registered anywhere in a construct tree (keyed by the tree's root, the App), so checks that
 * span charts — two compactors on one bucket, two clusters with the same external labels — see every construct.
 * Registration happens in constructors, so a check sees the constructs created before it.
 */
export function treeEntries<T>(scope: IConstruct, kind: string): T[] {
  const root = scope.node.root;
  let registry = registries.get(root);
  if (!registry) {
    registry = new Map();
    registries.set(root, registry);
  }
  let entries = registry.get(kind);
  if (!entries) {
    entries = [];
    registry.set(kind, entries);
  }
  return entries as T[];
}

/** Which blocks of a bucket a store or compactor shard acts on. */
export interface BlockSelection {
  /** The construct path, for error messages. */
  readonly path: string;
  readonly bucket: string;
  /** External label values the shard keeps (an equality selector). */
  readonly keep: Readonly<Record<string, string>>;
  /** External label values the shard keeps, one of several per label (an explicit assignment of streams). */
  readonly keepAny?: Readonly<Record<string, readonly string[]>>;
  readonly hashmod?: { readonly labels: readonly string[]; readonly count: number; readonly index: number };
  /** A time range, in milliseconds of one form. */
  readonly time?: { readonly form: string; readonly min?: number; readonly max?: number };
}

/**
 * Whether two selections provably act on disjoint blocks: a shared keep label with different values, the same
 * hashmod with different residues, or time ranges of one form that do not overlap.
 */
export function disjoint(a: BlockSelection, b: BlockSelection): boolean {
  if (a.bucket !== b.bucket) return true;
  for (const label of Object.keys(a.keep)) {
    if (b.keep[label] !== undefined && b.keep[label] !== a.keep[label]) return true;
  }
  const values = (s: BlockSelection, label: string): readonly string[] | undefined =>
    s.keepAny?.[label] ?? (s.keep[label] === undefined ? undefined : [s.keep[label]]);
  for (const label of new Set([...Object.keys(a.keepAny ?? {}), ...Object.keys(b.keepAny ?? {})])) {
    const av = values(a, label);
    const bv = values(b, label);
    if (av !== undefined && bv !== undefined && !av.some((v) => bv.includes(v))) return true;
  }
  if (
    a.hashmod &&
    b.hashmod &&
    a.hashmod.count === b.hashmod.count &&
    a.hashmod.labels.join(',') === b.hashmod.labels.join(',') &&
    a.hashmod.index !== b.hashmod.index
  ) {
    return true;
  }
  if (a.time && b.time && a.time.form === b.time.form) {
    const aEndsFirst = a.time.max !== undefined && b.time.min !== undefined && a.time.max <= b.time.min;
    const bEndsFirst = b.time.max !== undefined && a.time.min !== undefined && b.time.max <= a.time.min;
    if (aEndsFirst || bEndsFirst) return true;
  }
  return false;
}

/** A human description of a selection, for error messages. */
export function describeSelection(s: BlockSelection): string {
  const parts = Object.entries(s.keep).map(([k, v]) => `${k}=${v}`);
  for (const [k, v] of Object.entries(s.keepAny ?? {})) parts.push(`${k} in (${v.join(', ')})`);
  if (s.hashmod)
    parts.push(`hashmod(${s.hashmod.labels.join(',')}) % ${s.hashmod.count} == ${s.hashmod.index}`);
  if (s.time) parts.push('a time partition');
  return parts.length > 0 ? parts.join(', ') : 'every block';
}
