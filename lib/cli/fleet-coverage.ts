import { ErrorCode, ObservabilityConstructError } from '../core';
import {
  DataPathAnalysis,
  Fleet,
  FleetPatternName,
  ServingPath,
  analyseDataPath,
  patternLabel,
} from '../fleet';
import { Block, PlanDocument, formatNumber, nameRange } from './document';
import { FleetPlanRequest, planFleetOf, recommendedPattern, synthesizeFleetPattern } from './fleet-plan';

/** `plan --coverage`: which StoreAPI serves each producer at each age, and which compactor owns its stream. */
export interface FleetCoverage {
  readonly fleet: Fleet;
  readonly analysis: DataPathAnalysis;
}

/** Synthesizes the pattern and analyses its data paths; federation has no bucket and no data-path model. */
export function planCoverage(request: FleetPlanRequest): FleetCoverage {
  const fleet = planFleetOf(request);
  const pattern = recommendedPattern(request);
  const model = synthesizeFleetPattern(pattern, fleet).dataPath;
  if (model === undefined) {
    throw new ObservabilityConstructError(
      { construct: 'plan', path: 'plan' },
      {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'coverage',
        problem: `has no data paths to show for ${patternLabel(pattern)}: it keeps no blocks in a bucket`,
        value: pattern,
        fix: 'plan --coverage with --pattern hierarchical, receive or hybrid',
      },
    );
  }
  return { fleet, analysis: analyseDataPath(model) };
}

/** A producer's short name: `cluster-001` for an application cluster's Prometheus, `global ruler` for others. */
function producerName(id: string): string {
  const parts = id.split('/');
  return parts.length === 2 && parts[1] === 'prometheus' ? (parts[0] as string) : shortName(id);
}

/** `monitoring-region-a/query` → `region-a query`; the chart prefix of the fleet's monitoring clusters goes. */
function shortName(id: string): string {
  const parts = id.split('/');
  const chart = (parts[0] ?? '').replace(/^(.*-)?monitoring-/, '');
  return `${chart} ${parts[parts.length - 1]}`;
}

/** `region-a query › sidecar`: the queriers below the top one, then the StoreAPI (its own, or a named one). */
function pathText(path: ServingPath, own: string): string {
  const mine = path.storeApi === own || path.storeApi.startsWith(`${own}/`);
  const name = mine ? (path.storeApi.split('/').pop() as string) : shortName(path.storeApi);
  return [...path.via.slice(1).map(shortName), name].join(' › ');
}

type Group = { names: string[]; cells: string[] };

function groups(analysis: DataPathAnalysis): Group[] {
  const bySignature = new Map<string, Group>();
  for (const row of analysis.rows) {
    const cells = row.cells.map((c) =>
      c.status === 'expired'
        ? '-'
        : `${c.status === 'served' ? '' : `${c.status.toUpperCase()}: `}${c.paths.map((p) => pathText(p, row.producer.id)).join(' + ')}`,
    );
    const key = `${row.producer.kind}|${cells.join('|')}`;
    const group = bySignature.get(key) ?? { names: [], cells };
    group.names.push(producerName(row.producer.id));
    bySignature.set(key, group);
  }
  return [...bySignature.values()];
}

function owned(analysis: DataPathAnalysis): [string, number][] {
  const counts = new Map<string, number>();
  for (const row of analysis.rows) for (const c of row.compactors) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The coverage matrix, producers with the same paths on one row. */
export function fleetCoverageDocument(coverage: FleetCoverage): PlanDocument {
  const { analysis } = coverage;
  const blocks: Block[] = [
    {
      kind: 'heading',
      text: `Data paths of ${patternLabel(analysis.pattern as FleetPatternName)} for ${formatNumber(coverage.fleet.clusters.length)} clusters`,
    },
    {
      kind: 'paragraph',
      text: `Which StoreAPI serves each producer's data of each age at the top querier ${analysis.topQuerier} ("q › s": the StoreAPI s reached through the lower querier q; "+": served by both, the querier merges them). Every age is served, and by at most one store gateway.`,
    },
    {
      kind: 'table',
      head: ['producers', ...analysis.ages.map((a) => a.label)],
      rows: groups(analysis).map((g) => [`${nameRange(g.names)} (${g.names.length})`, ...g.cells]),
    },
    {
      kind: 'table',
      head: ['compactor shard', 'streams owned'],
      rows: owned(analysis).map(([id, n]) => [id, formatNumber(n)]),
      align: ['left', 'right'],
    },
  ];
  const copies = Math.max(...analysis.rows.map((r) => r.storedCopies));
  blocks.push({
    kind: 'paragraph',
    text:
      copies > 1
        ? `The bucket keeps ${copies} copies of every sample: the writers' replica label is on each series, which no compactor removes.`
        : 'The bucket keeps one copy of every sample after compaction.',
  });
  if (analysis.problems.length > 0) {
    blocks.push({
      kind: 'list',
      items: analysis.problems.map((p) => `${p.producer}${p.age ? ` ${p.age}` : ''}: ${p.problem}; ${p.fix}`),
    });
  }
  return blocks;
}

/**
 * `plan --coverage --format json`: `routes` says once how the top querier reaches each StoreAPI (the queriers on the
 * way and the endpoint addresses they list); each producer's ages name the StoreAPIs serving them.
 */
export function fleetCoverageJson(coverage: FleetCoverage): unknown {
  const { analysis } = coverage;
  const routes: Record<string, { kind: string; via: readonly string[]; addresses: readonly string[] }> = {};
  for (const row of analysis.rows) {
    for (const cell of row.cells) {
      for (const p of cell.paths) routes[p.storeApi] ??= { kind: p.kind, via: p.via, addresses: p.addresses };
    }
  }
  return {
    pattern: analysis.pattern,
    clusters: coverage.fleet.clusters.length,
    topQuerier: analysis.topQuerier,
    ages: analysis.ages.map((a) => ({
      label: a.label,
      fromHours: a.fromHours,
      toHours: a.toHours === Infinity ? null : a.toHours,
    })),
    producers: analysis.rows.map((r) => ({
      id: r.producer.id,
      kind: r.producer.kind,
      labels: r.producer.labels,
      localRetentionHours: r.producer.localRetentionHours,
      uploads: r.producer.uploads,
      storedCopies: r.storedCopies,
      compactors: r.compactors,
      ages: r.cells.map((c) => ({ age: c.age, status: c.status, storeApis: c.paths.map((p) => p.storeApi) })),
    })),
    routes: Object.fromEntries(Object.entries(routes).sort(([a], [b]) => a.localeCompare(b))),
    compactors: owned(analysis).map(([id, streams]) => ({ id, streams })),
    problems: analysis.problems,
  };
}
