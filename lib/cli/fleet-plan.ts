import { App } from 'cdk8s';
import {
  DEFAULT_CLUSTERS_PER_REGION,
  Fleet,
  FleetPattern,
  FleetPatternName,
  FleetSizingReport,
  PATTERN_TRAITS,
  PatternRecommendation,
  PatternRequirements,
  PrometheusFederation,
  ThanosFleetPatternProps,
  ThanosHierarchical,
  ThanosHybrid,
  ThanosReceiveFleet,
  recommendPattern,
  splitFleet,
} from '../fleet';

/** The reference design's patterns in its order: hierarchical, receive, hybrid, federation (D1 to D4). */
export const FLEET_PATTERNS: readonly FleetPatternName[] = Object.keys(PATTERN_TRAITS) as FleetPatternName[];

/**
 * What a plan synthesizes with: the patterns need a domain, a bucket and Grafana's Secrets to build their objects,
 * none of which changes a request. Nothing is deployed, so these names are placeholders.
 */
export const PLAN_PLACEHOLDERS: Pick<
  ThanosFleetPatternProps,
  'domain' | 'objectStorage' | 'grafana' | 'tls'
> = {
  domain: 'fleet.example',
  tls: {
    secretName: 'fleet-tls',
    queryClientCaSecretName: 'fleet-query-client-ca',
    remoteWriteClientCaSecretName: 'fleet-remote-write-client-ca',
  },
  objectStorage: {
    kind: 's3',
    bucket: 'thanos-plan',
    endpoint: 's3.fleet.example:443',
  },
  grafana: {
    adminPassword: { name: 'grafana-admin', key: 'password' },
    databaseUrl: { name: 'grafana-database', key: 'url' },
  },
};

/** What to plan: a pattern (or the recommended one) for N application clusters. */
export interface FleetPlanRequest {
  readonly clusters: number;
  /** @default DEFAULT_CLUSTERS_PER_REGION */
  readonly clustersPerRegion?: number;
  /** @default the pattern {@link recommendPattern} picks for the requirements */
  readonly pattern?: FleetPatternName;
  /** What the recommendation weighs besides the fleet's size. */
  readonly requirements?: Omit<PatternRequirements, 'clusters'>;
  /** The load the capacity model sizes the pattern for. @default DEFAULT_METRICS_LOAD */
  readonly load?: ThanosFleetPatternProps['load'];
}

/** A pattern synthesized for a fleet, and what the reference design's decision matrix recommends for it. */
export interface FleetPlan {
  readonly fleet: Fleet;
  readonly report: FleetSizingReport;
  readonly recommendation: PatternRecommendation;
}

/** The pattern's construct in a fresh in-memory App (nothing is written to disk). */
export function synthesizeFleetPattern(
  pattern: FleetPatternName,
  fleet: Fleet,
  load?: ThanosFleetPatternProps['load'],
): FleetPattern {
  const app = new App({ outdir: 'plan.out' });
  const id = 'plan';
  switch (pattern) {
    case 'hierarchical':
      return new ThanosHierarchical(app, id, { fleet, load, ...PLAN_PLACEHOLDERS });
    case 'receive':
      return new ThanosReceiveFleet(app, id, { fleet, load, ...PLAN_PLACEHOLDERS });
    case 'hybrid':
      return new ThanosHybrid(app, id, { fleet, load, ...PLAN_PLACEHOLDERS });
    case 'federation':
      return new PrometheusFederation(app, id, {
        fleet,
        domain: PLAN_PLACEHOLDERS.domain,
        tls: PLAN_PLACEHOLDERS.tls,
        load,
      });
  }
}

/** The fleet a plan request describes. */
export function planFleetOf(request: FleetPlanRequest): Fleet {
  return fleetOf(request);
}

/** The pattern a plan request names, or the recommended one. */
export function recommendedPattern(request: FleetPlanRequest): FleetPatternName {
  return request.pattern ?? recommendFor(request).pattern;
}

function fleetOf(request: FleetPlanRequest): Fleet {
  return splitFleet(request.clusters, request.clustersPerRegion ?? DEFAULT_CLUSTERS_PER_REGION);
}

function recommendFor(request: FleetPlanRequest): PatternRecommendation {
  const load = Object.fromEntries(Object.entries(request.load ?? {}).filter(([, v]) => v !== undefined));
  return recommendPattern({
    ...request.requirements,
    clusters: request.clusters,
    load: { clustersPerRegion: request.clustersPerRegion, ...load },
  });
}

/**
 * Plans one pattern for a fleet: splits the clusters into regions, synthesizes the pattern's charts in memory and
 * adds up the requests of what they hold ({@link FleetPattern.sizingReport}).
 */
export function planFleet(request: FleetPlanRequest): FleetPlan {
  const fleet = fleetOf(request);
  const recommendation = recommendFor(request);
  const pattern = request.pattern ?? recommendation.pattern;
  return {
    fleet,
    report: synthesizeFleetPattern(pattern, fleet, request.load).sizingReport(),
    recommendation,
  };
}

/** The four patterns synthesized for the same fleet, in the reference design's order. */
export interface FleetComparison {
  readonly fleet: Fleet;
  readonly reports: readonly FleetSizingReport[];
  readonly recommendation: PatternRecommendation;
}

/** The reference design's comparison, with each pattern's resources measured from its synthesized charts. */
export function compareFleetPatterns(request: Omit<FleetPlanRequest, 'pattern'>): FleetComparison {
  const fleet = fleetOf(request);
  return {
    fleet,
    reports: FLEET_PATTERNS.map((p) => synthesizeFleetPattern(p, fleet, request.load).sizingReport()),
    recommendation: recommendFor(request),
  };
}
