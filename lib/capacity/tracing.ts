import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../core/errors';
import { TopicSizing, sizeTopic } from '../kafka/config/sizing';
import { SearchStorageSizing, sizeSearchStorage } from './search-storage';
import { requireAtMost, requireCount, requirePositive } from './validate';

/** Up to this many traces per second, one all-in-one process suffices (the reference design's small tier). */
export const SMALL_TIER_MAX_TRACES_PER_SECOND = 1_000;
/** From this many traces per second, spans go through Kafka (the reference design's large tier). */
export const LARGE_TIER_MIN_TRACES_PER_SECOND = 10_000;
/** Refused above: 10 million traces/s is a thousand times the reference's large tier. */
export const MAX_MODEL_TRACES_PER_SECOND = 10_000_000;

/**
 * The most each tracing input may be before the model refuses it as absurd rather than extrapolate: 100 000 spans in a
 * trace, 1 MB a span, a peak 100 times the average, ten years of spans, a 30-day outage window (a month of Kafka
 * retention), 10 M spans/s through one ingester or collector.
 */
export const TRACING_INPUT_LIMITS = {
  spansPerTrace: 100_000,
  bytesPerSpan: 1_000_000,
  peakFactor: 100,
  retentionDays: 3_650,
  outageWindowHours: 720,
  ingesterSpansPerSecond: 10_000_000,
  collectorSpansPerSecond: 10_000_000,
} as const;

/** The load of a tracing installation. Every field but `tracesPerSecond` has a default. */
export interface TracingLoad {
  /** Traces per second, daily average (peak = this × peakFactor). */
  readonly tracesPerSecond: number;
  /** @default DEFAULT_TRACING_LOAD.spansPerTrace */
  readonly spansPerTrace?: number;
  /** @default DEFAULT_TRACING_LOAD.bytesPerSpan */
  readonly bytesPerSpan?: number;
  /** Peak over average. @default DEFAULT_TRACING_LOAD.peakFactor */
  readonly peakFactor?: number;
  /** Days spans are kept in Elasticsearch. @default DEFAULT_TRACING_LOAD.retentionDays */
  readonly retentionDays?: number;
  /** How long Elasticsearch may be down while Kafka holds the spans. @default DEFAULT_TRACING_LOAD.outageWindowHours */
  readonly outageWindowHours?: number;
  /** Spans per second one ingester writes. @default DEFAULT_TRACING_LOAD.ingesterSpansPerSecond */
  readonly ingesterSpansPerSecond?: number;
  /** Spans per second one collector takes. @default DEFAULT_TRACING_LOAD.collectorSpansPerSecond */
  readonly collectorSpansPerSecond?: number;
  /** Kafka brokers. @default DEFAULT_TRACING_LOAD.brokers */
  readonly brokers?: number;
}

/**
 * Defaults:
 * - `spansPerTrace` 10, `bytesPerSpan` 500, `ingesterSpansPerSecond` 5 000, `outageWindowHours` 6: the figures of
 *   the project's Kafka examples and README (10 000 traces/s × 10 spans × 500 B; an ingester writes 5 000 spans/s;
 *   Elasticsearch may be down 6 hours). The ingester figure is an assumption to measure on your storage.
 * - `collectorSpansPerSecond` 50 000: what the reference design implies, 2 collectors (500m / 1Gi) at the top of its
 *   medium tier, 10 000 traces/s × 10 spans. An assumption: the collector only batches and forwards.
 * - `peakFactor` 1: the input is taken as the peak, as the profiles read it.
 * - `retentionDays` 30: what the Jaeger storage lifecycle keeps by default (DEFAULT_RETENTION_DAYS, the reference's
 *   30 days).
 * - `brokers` 3: the Kafka examples' cluster.
 */
export const DEFAULT_TRACING_LOAD: Omit<Required<TracingLoad>, 'tracesPerSecond'> = {
  spansPerTrace: 10,
  bytesPerSpan: 500,
  peakFactor: 1,
  retentionDays: 30,
  outageWindowHours: 6,
  ingesterSpansPerSecond: 5_000,
  collectorSpansPerSecond: 50_000,
  brokers: 3,
};

/** The reference design's minimums per tier: collectors, queries, ingesters ("collector=5+, query=3+, ingester=2+"). */
export const TIER_MINIMUMS = {
  small: { allInOne: 1 },
  medium: { collector: 2, query: 1, indexReplicas: 1, esNodes: 3 },
  large: { collector: 5, query: 3, ingester: 2, indexReplicas: 1, esNodes: 3 },
} as const;

/** A tracing installation sized for its load. */
export interface TracingCapacity {
  readonly tier: 'small' | 'medium' | 'large';
  readonly load: Required<TracingLoad> & { readonly defaulted: readonly string[] };
  readonly spansPerSecond: number;
  readonly peakSpansPerSecond: number;
  /** Collectors at peak (the autoscaler's minimum is the tier's). */
  readonly collectors: number;
  readonly queries: number;
  /** Ingesters that keep up at peak: the steady-state consumers (large tier). */
  readonly ingesters?: number;
  /** Ingesters that drain an outage backlog in time: the autoscaler's maximum (large tier). */
  readonly maxIngesters?: number;
  readonly topic?: TopicSizing;
  /** Elasticsearch (medium and large tiers). */
  readonly search?: SearchStorageSizing;
}

const CONTEXT: ErrorContext = { construct: 'TracingCapacity', path: 'capacity.tracing' };

/**
 * Sizes a tracing installation: the tier from traces/s (the reference's boundaries), collectors and ingesters from
 * peak spans/s over what one takes (never below the tier's minimum), the Kafka topic with `sizeTopic` (partitions,
 * brokers' disk, retention for the outage window), and Elasticsearch with `sizeSearchStorage` (disk from throughput
 * × span size × retention × copies ÷ watermark, nodes, shards).
 */
export function tracingCapacity(input: TracingLoad, context: ErrorContext = CONTEXT): TracingCapacity {
  // A JavaScript caller may pass anything: reading a field of null would be a bare TypeError.
  if (input === null || typeof input !== 'object') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'load',
      problem: 'must be an object',
      value: input,
      fix: 'pass at least { tracesPerSecond: 1000 }',
    });
  }
  const defaulted: string[] = [];
  const pick = <K extends keyof typeof DEFAULT_TRACING_LOAD>(k: K): number => {
    // Only a missing input takes the default; null is checked (and refused) like any other value.
    if (input[k] !== undefined) return input[k] as number;
    defaulted.push(k);
    return DEFAULT_TRACING_LOAD[k];
  };
  const tracesPerSecond = requirePositive(
    input.tracesPerSecond,
    context,
    'tracesPerSecond',
    'give the traces per second the installation takes',
  );
  requireAtMost(
    tracesPerSecond,
    MAX_MODEL_TRACES_PER_SECOND,
    context,
    'tracesPerSecond',
    `split the traffic over several installations of at most ${MAX_MODEL_TRACES_PER_SECOND}`,
  );
  // Each input above 0 and at most an absurd size (TRACING_INPUT_LIMITS), with the fix in the error.
  const bounded = (k: keyof typeof TRACING_INPUT_LIMITS, fix: string) =>
    requireAtMost(
      requirePositive(pick(k), context, k, fix),
      TRACING_INPUT_LIMITS[k],
      context,
      k,
      `${fix}; at most ${TRACING_INPUT_LIMITS[k]}`,
    );
  const load = {
    tracesPerSecond,
    spansPerTrace: bounded('spansPerTrace', 'e.g. 10'),
    bytesPerSpan: bounded('bytesPerSpan', 'e.g. 500'),
    peakFactor: bounded('peakFactor', 'peak ÷ average, at least 1'),
    retentionDays: bounded('retentionDays', 'e.g. 7'),
    outageWindowHours: bounded('outageWindowHours', 'e.g. 6'),
    ingesterSpansPerSecond: bounded('ingesterSpansPerSecond', 'measure it, e.g. 5000'),
    collectorSpansPerSecond: bounded('collectorSpansPerSecond', 'measure it, e.g. 50000'),
    brokers: requireCount(pick('brokers'), 1, 1_000, context, 'brokers', 'e.g. 3'),
    defaulted,
  };
  if (load.peakFactor < 1) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'peakFactor',
      problem: 'must be at least 1: the peak is never below the average',
      value: load.peakFactor,
      fix: 'give peak traffic ÷ average traffic, e.g. 2',
    });
  }
  const spansPerSecond = tracesPerSecond * load.spansPerTrace;
  const peakSpansPerSecond = spansPerSecond * load.peakFactor;
  const tier =
    tracesPerSecond <= SMALL_TIER_MAX_TRACES_PER_SECOND
      ? 'small'
      : tracesPerSecond < LARGE_TIER_MIN_TRACES_PER_SECOND
        ? 'medium'
        : 'large';
  if (tier === 'small') {
    return { tier, load, spansPerSecond, peakSpansPerSecond, collectors: 1, queries: 1 };
  }
  const min = TIER_MINIMUMS[tier];
  const collectors = Math.max(
    min.collector,
    Math.ceil(peakSpansPerSecond / load.collectorSpansPerSecond - 1e-9),
  );
  const search = sizeSearchStorage(
    {
      spansPerSecond,
      bytesPerSpan: load.bytesPerSpan,
      retentionDays: load.retentionDays,
      indexReplicas: min.indexReplicas,
      minNodes: min.esNodes,
    },
    context,
  );
  if (tier === 'medium') {
    return { tier, load, spansPerSecond, peakSpansPerSecond, collectors, queries: min.query, search };
  }
  const topic = sizeTopic(
    {
      ingest: { spansPerSecond: peakSpansPerSecond, bytesPerSpan: load.bytesPerSpan },
      consumerThroughput: { spansPerSecond: load.ingesterSpansPerSecond },
      outageWindow: `${load.outageWindowHours}h`,
      brokers: Math.max(load.brokers, 1),
      replicationFactor: Math.min(3, load.brokers),
    },
    context,
  );
  return {
    tier,
    load,
    spansPerSecond,
    peakSpansPerSecond,
    collectors,
    queries: min.query,
    ingesters: Math.max(TIER_MINIMUMS.large.ingester, topic.steadyStateConsumers),
    maxIngesters: Math.max(TIER_MINIMUMS.large.ingester, topic.catchUpConsumers),
    topic,
    search,
  };
}
