import { MetricsLoad, PriceTable, metricsCapacity, monthlyCost } from '../capacity';
import { ErrorCode, ObservabilityConstructError, requireWholeNumber } from '../core';

/** The reference design's four fleet patterns, named by what they are. */
export type FleetPatternName = 'hierarchical' | 'receive' | 'hybrid' | 'federation';

/** What the reference design's comparison table says of a pattern. */
export interface PatternTraits {
  /**
   * The pattern's alias in the reference design, which numbers its patterns D1 (hierarchical), D2 (receive),
   * D3 (hybrid) and D4 (federation). Output shows it only next to the pattern's name, as in `hierarchical (D1)`.
   */
  readonly id: 'D1' | 'D2' | 'D3' | 'D4';
  readonly title: string;
  /**
   * The reference design's quoted monthly cost in USD at 200 clusters. The recommendation does not use it: it prices
   * each pattern with the capacity model at the fleet's own size ({@link patternMonthlyCostUsd}).
   */
  readonly monthlyCostUsd: number;
  /** The largest fleet the pattern is meant for. */
  readonly maxClusters: number;
  readonly longTermStorage: boolean;
  /** Query hops from Grafana to the data. */
  readonly queryHops: 1 | 2;
  /** Whether each application cluster keeps working on its own when the centre is down. */
  readonly clusterIsolation: 'high' | 'low';
  readonly networkLoad: 'low' | 'medium' | 'high';
  readonly operationalComplexity: 'low' | 'medium' | 'very high';
}

/**
 * The reference design's comparison table. Costs: hierarchical is its itemised cluster table's total ($800 global +
 * 4 × $300 regions + $500 object storage = $2,500; its summary table rounds it to $2,000); hybrid's "$5,000+" is
 * taken at $5,000.
 */
export const PATTERN_TRAITS: Readonly<Record<FleetPatternName, PatternTraits>> = {
  hierarchical: {
    id: 'D1',
    title: 'Hierarchical Thanos Query',
    monthlyCostUsd: 2_500,
    maxClusters: 500,
    longTermStorage: true,
    queryHops: 2,
    clusterIsolation: 'high',
    networkLoad: 'low',
    operationalComplexity: 'medium',
  },
  receive: {
    id: 'D2',
    title: 'Thanos Receive',
    monthlyCostUsd: 3_000,
    maxClusters: 1_000,
    longTermStorage: true,
    queryHops: 1,
    clusterIsolation: 'low',
    networkLoad: 'high',
    operationalComplexity: 'medium',
  },
  hybrid: {
    id: 'D3',
    title: 'Hybrid (regional Receive + global Query)',
    monthlyCostUsd: 5_000,
    maxClusters: Number.POSITIVE_INFINITY,
    longTermStorage: true,
    queryHops: 2,
    clusterIsolation: 'low',
    networkLoad: 'high',
    operationalComplexity: 'very high',
  },
  federation: {
    id: 'D4',
    title: 'Prometheus Federation',
    monthlyCostUsd: 1_500,
    maxClusters: 500,
    longTermStorage: false,
    queryHops: 1,
    clusterIsolation: 'high',
    networkLoad: 'medium',
    operationalComplexity: 'low',
  },
};

/** What the fleet needs. */
export interface PatternRequirements {
  readonly clusters: number;
  /** Keep metrics for months in object storage. @default true */
  readonly longTermStorage?: boolean;
  /** Monthly budget in USD. @default no limit */
  readonly budgetUsdPerMonth?: number;
  /** The most query hops acceptable. @default 2 */
  readonly maxQueryHops?: 1 | 2;
  /** Require every application cluster to keep working on its own. @default false */
  readonly clusterIsolation?: boolean;
  /** Override the capacity model's monthly cost estimates. */
  readonly monthlyCostUsd?: Partial<Record<FleetPatternName, number>>;
  /** The load the model prices the patterns for. @default DEFAULT_METRICS_LOAD */
  readonly load?: Omit<MetricsLoad, 'clusters'>;
  /** @default DEFAULT_PRICES */
  readonly prices?: Partial<PriceTable>;
}

/** A pattern's monthly cost for a fleet of `clusters` under the capacity model, whole dollars. */
export function patternMonthlyCostUsd(
  pattern: FleetPatternName,
  clusters: number,
  load: Omit<MetricsLoad, 'clusters'> = {},
  prices: Partial<PriceTable> = {},
): number {
  // The Thanos patterns deploy a query-frontend and, by default, memcached caches: the cost includes them.
  const frontend = pattern !== 'federation';
  const capacity = metricsCapacity(
    pattern,
    { ...load, clusters },
    { queryFrontend: frontend, caches: frontend },
  );
  return Math.round(monthlyCost(capacity, prices).totalUsd);
}

/** The recommendation, and why each other pattern was not chosen. */
export interface PatternRecommendation {
  readonly pattern: FleetPatternName;
  readonly reasons: readonly string[];
  readonly rejected: Readonly<Partial<Record<FleetPatternName, readonly string[]>>>;
}

const ORDER: readonly FleetPatternName[] = ['hierarchical', 'receive', 'hybrid', 'federation'];

/** A pattern as output names it: its name, then its reference-design alias, e.g. `hierarchical (D1)`. */
export function patternLabel(pattern: FleetPatternName): string {
  return `${pattern} (${PATTERN_TRAITS[pattern].id})`;
}

/**
 * The reference design's decision matrix: drop every pattern that fails a requirement (long-term storage, fleet size,
 * query hops, isolation, budget), then take the cheapest that is left. For 200 clusters with long-term storage that
 * is hierarchical (the reference design's recommendation); with short retention on a tight budget federation; with
 * one hop and budget receive; past 1 000 clusters hybrid.
 */
export function recommendPattern(req: PatternRequirements): PatternRecommendation {
  requireWholeNumber(
    req.clusters,
    1,
    { construct: 'recommendPattern', path: 'recommendPattern' },
    'clusters',
    'give the number of application clusters',
  );
  const longTerm = req.longTermStorage ?? true;
  const modelled = new Map<FleetPatternName, number>();
  const cost = (p: FleetPatternName): number => {
    const given = req.monthlyCostUsd?.[p];
    if (given !== undefined) return given;
    if (!modelled.has(p)) modelled.set(p, patternMonthlyCostUsd(p, req.clusters, req.load, req.prices));
    return modelled.get(p) as number;
  };
  const rejected: Partial<Record<FleetPatternName, string[]>> = {};
  const reject = (p: FleetPatternName, why: string) => (rejected[p] ??= []).push(why);
  for (const p of ORDER) {
    const t = PATTERN_TRAITS[p];
    if (longTerm && !t.longTermStorage) reject(p, `${p} keeps no long-term storage (no object store)`);
    if (req.clusters > t.maxClusters) reject(p, `${p} is meant for at most ${t.maxClusters} clusters`);
    if ((req.maxQueryHops ?? 2) < t.queryHops) reject(p, `${p} queries through ${t.queryHops} hops`);
    if (req.clusterIsolation && t.clusterIsolation !== 'high')
      reject(p, `${p} makes clusters depend on the centre`);
    if (req.budgetUsdPerMonth !== undefined && cost(p) > req.budgetUsdPerMonth) {
      reject(p, `${p} costs about $${cost(p)}/month, over the $${req.budgetUsdPerMonth} budget`);
    }
  }
  const fitting = ORDER.filter((p) => !rejected[p]).sort((a, b) => cost(a) - cost(b));
  const chosen = fitting[0];
  if (chosen === undefined) {
    throw new ObservabilityConstructError(
      { construct: 'recommendPattern', path: 'recommendPattern' },
      {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'requirements',
        problem: `rule out every pattern (${ORDER.map((p) => `${patternLabel(p)}: ${rejected[p]?.join('; ')}`).join(' | ')})`,
        value: Object.fromEntries(Object.entries(req).filter(([k]) => k !== 'load' && k !== 'prices')),
        fix: 'relax the budget, the query hops or the isolation requirement',
      },
    );
  }
  const t = PATTERN_TRAITS[chosen];
  const reasons = [
    `${t.title} (${chosen}, ${t.id}) fits ${req.clusters} clusters (up to ${Number.isFinite(t.maxClusters) ? t.maxClusters : 'thousands'})`,
    longTerm
      ? `${chosen} keeps long-term metrics in object storage`
      : `short retention is enough, so no object storage is needed`,
    `${chosen} queries through ${t.queryHops} hop${t.queryHops === 1 ? '' : 's'}; cluster isolation is ${t.clusterIsolation}`,
    `cheapest fitting pattern at about $${cost(chosen)}/month`,
  ];
  return { pattern: chosen, reasons, rejected };
}
