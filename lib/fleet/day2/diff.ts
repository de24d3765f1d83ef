import { isDeepStrictEqual } from 'node:util';
import { App, Chart } from 'cdk8s';
import { chartManifests } from '../../core/synth';

/** The objects of one target cluster (chart), keyed `kind/namespace/name`. */
export type ChartObjects = ReadonlyMap<string, Record<string, unknown>>;
/** The objects of every target cluster of an App, by chart id. */
export type FleetObjects = ReadonlyMap<string, ChartObjects>;

/** What happens to one object between two synthesized states. */
export interface ObjectChange {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly change: 'added' | 'changed' | 'removed';
  /** For a changed object: the top-level fields (or `metadata.*`, `spec.*` fields) that differ, sorted. */
  readonly fields?: readonly string[];
}

/** What happens to one target cluster: it appears, changes or disappears, with the objects that do. */
export interface ChartChange {
  readonly chart: string;
  readonly change: 'added' | 'changed' | 'removed';
  readonly objects: readonly ObjectChange[];
}

/** The difference between two synthesized states, chart by chart (sorted by chart id), unchanged charts left out. */
export interface FleetDiff {
  readonly charts: readonly ChartChange[];
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

function keyOf(o: Record<string, unknown>): string {
  const metadata = (o.metadata ?? {}) as { name?: string; namespace?: string };
  return `${String(o.kind)}/${metadata.namespace ?? ''}/${metadata.name ?? ''}`;
}

/** The objects of one chart, keyed `kind/namespace/name`, through the linear-time synth helper. */
export function chartObjects(chart: Chart): ChartObjects {
  return new Map(chartManifests(chart).map((o) => [keyOf(o), o]));
}

/** The objects of every chart of an App (each chart is a target cluster), as `synthesizeApp` would write them. */
export function fleetObjects(app: App): FleetObjects {
  return new Map(app.charts.map((c) => [c.node.id, chartObjects(c)]));
}

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const top of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[top];
    const y = b[top];
    if (isDeepStrictEqual(x, y)) continue;
    if (
      (top === 'metadata' || top === 'spec' || top === 'data') &&
      typeof x === 'object' &&
      typeof y === 'object' &&
      x !== null &&
      y !== null
    ) {
      const xo = x as Record<string, unknown>;
      const yo = y as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(xo), ...Object.keys(yo)])].sort())
        if (!isDeepStrictEqual(xo[k], yo[k])) out.push(`${top}.${k}`);
    } else out.push(top);
  }
  return out;
}

function objectChange(key: string, change: ObjectChange['change'], fields?: string[]): ObjectChange {
  const [kind, namespace, ...name] = key.split('/');
  return {
    kind: kind as string,
    ...(namespace ? { namespace } : {}),
    name: name.join('/'),
    change,
    ...(fields ? { fields } : {}),
  };
}

/**
 * The objects added, changed (by content) and removed between two states, per target cluster. Objects are matched by
 * kind, namespace and name, so a renamed object shows as one removed and one added.
 */
export function diffFleetObjects(before: FleetObjects, after: FleetObjects): FleetDiff {
  const charts: ChartChange[] = [];
  for (const chart of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(chart);
    const b = after.get(chart);
    const objects: ObjectChange[] = [];
    for (const key of [...new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])])].sort()) {
      const x = a?.get(key);
      const y = b?.get(key);
      if (x === undefined) objects.push(objectChange(key, 'added'));
      else if (y === undefined) objects.push(objectChange(key, 'removed'));
      else if (!isDeepStrictEqual(x, y)) objects.push(objectChange(key, 'changed', changedFields(x, y)));
    }
    if (objects.length === 0) continue;
    charts.push({
      chart,
      change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed',
      objects,
    });
  }
  const count = (c: ObjectChange['change']) =>
    charts.reduce((n, ch) => n + ch.objects.filter((o) => o.change === c).length, 0);
  return { charts, added: count('added'), changed: count('changed'), removed: count('removed') };
}
