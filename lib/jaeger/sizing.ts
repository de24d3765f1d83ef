import {
  LARGE_TIER_MIN_TRACES_PER_SECOND,
  SMALL_TIER_MAX_TRACES_PER_SECOND,
  TracingCapacity,
  TracingLoad,
  tracingCapacity,
} from '../capacity/tracing';
import { ErrorCode, ErrorContext, ObservabilityConstructError, ResourceSpec } from '../core';
import { DEFAULT_ALL_IN_ONE_RESOURCES } from './all-in-one';
import { DEFAULT_COLLECTOR_RESOURCES } from './collector';
import { DEFAULT_INGESTER_RESOURCES } from './ingester';
import { DEFAULT_JAEGER_QUERY_RESOURCES, MIN_REPLICATED_QUERY_REPLICAS } from './query';

/** The reference design's three tracing deployment sizes. */
export type JaegerProfileName = 'small' | 'medium' | 'large';

/** The pattern a profile deploys. */
export type JaegerPatternName = 'allInOne' | 'direct' | 'kafkaBuffered';

/** A role's count and resources in a profile. */
export interface RoleSize {
  readonly replicas: number;
  readonly resources: ResourceSpec;
}

/** What a profile deploys. */
export interface JaegerProfile {
  readonly name: JaegerProfileName;
  readonly pattern: JaegerPatternName;
  /** The traces per second the profile was chosen for. */
  readonly tracesPerSecond: number;
  readonly allInOne?: RoleSize;
  readonly collector?: RoleSize;
  readonly query?: RoleSize;
  /** The ingester's minimum; it scales on consumer lag above that. */
  readonly ingester?: RoleSize;
  /** Replicas of each index shard the profile needs for durability. */
  readonly minIndexReplicas: number;
  /**
   * What the capacity model sizes for this throughput (collectors and ingesters from spans/s, the Kafka topic,
   * Elasticsearch disk, nodes and shards). The role counts above are the reference's per-tier minimums; these are
   * what the load needs, never fewer.
   */
  readonly capacity: TracingCapacity;
}

/** Up to this many traces per second, one all-in-one process suffices (the reference design). */
export const SMALL_MAX_TRACES_PER_SECOND = SMALL_TIER_MAX_TRACES_PER_SECOND;
/** From this many traces per second, spans go through Kafka (the reference design). */
export const LARGE_MIN_TRACES_PER_SECOND = LARGE_TIER_MIN_TRACES_PER_SECOND;

/**
 * The reference design's profile for a throughput: small (≤ 1 000 traces/s) → all-in-one on memory; medium (1 000–10
 * 000) → collector 2, query 2 (the reference design says 1; a replicated profile needs 2) on Elasticsearch; large (≥ 10
 * 000) → collector 5, query 3, ingester 2+ behind Kafka. Collector 500m / 1Gi and query 1000m / 2Gi in every profile
 * that has them.
 */
export function jaegerProfile(
  tracesPerSecond: number,
  context?: ErrorContext,
  load: Omit<TracingLoad, 'tracesPerSecond'> = {},
): JaegerProfile {
  if (!Number.isFinite(tracesPerSecond) || tracesPerSecond < 0) {
    throw new ObservabilityConstructError(context ?? { construct: 'jaegerProfile', path: 'jaegerProfile' }, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'tracesPerSecond',
      problem: 'must be a non-negative number',
      value: tracesPerSecond,
      fix: 'give the peak number of traces per second the installation must take',
    });
  }
  // The model refuses 0 traces/s; a profile for an idle installation is the small one all the same.
  const capacity = tracingCapacity(
    { ...load, tracesPerSecond: Math.max(tracesPerSecond, 1) },
    context ?? { construct: 'jaegerProfile', path: 'jaegerProfile' },
  );
  const collector = (replicas: number): RoleSize => ({ replicas, resources: DEFAULT_COLLECTOR_RESOURCES });
  const query = (replicas: number): RoleSize => ({ replicas, resources: DEFAULT_JAEGER_QUERY_RESOURCES });
  if (tracesPerSecond <= SMALL_MAX_TRACES_PER_SECOND) {
    return {
      name: 'small',
      pattern: 'allInOne',
      tracesPerSecond,
      allInOne: { replicas: 1, resources: DEFAULT_ALL_IN_ONE_RESOURCES },
      minIndexReplicas: 0,
      capacity,
    };
  }
  if (tracesPerSecond < LARGE_MIN_TRACES_PER_SECOND) {
    return {
      name: 'medium',
      pattern: 'direct',
      tracesPerSecond,
      collector: collector(2),
      // The reference design lists one query; a replicated profile runs at least two (MIN_REPLICATED_QUERY_REPLICAS).
      query: query(MIN_REPLICATED_QUERY_REPLICAS),
      minIndexReplicas: 1,
      capacity,
    };
  }
  return {
    name: 'large',
    pattern: 'kafkaBuffered',
    tracesPerSecond,
    collector: collector(5),
    query: query(3),
    ingester: { replicas: 2, resources: DEFAULT_INGESTER_RESOURCES },
    minIndexReplicas: 1,
    capacity,
  };
}
