// Imported from the core modules themselves (not core/index, which pulls cdk8s) so the capacity model stays pure.
import { parseDuration } from '../../core/duration';
import { ErrorCode, ErrorContext, ObservabilityConstructError, requireWholeNumber } from '../../core/errors';
import { Memory } from '../../core/quantity';

/**
 * How fast data arrives, as stored by Kafka (after the producer's compression, if any): traces, spans or raw
 * megabytes (10^6 bytes) per second.
 */
export type IngestRate =
  | { readonly tracesPerSecond: number; readonly spansPerTrace: number; readonly bytesPerSpan: number }
  | { readonly spansPerSecond: number; readonly bytesPerSpan: number }
  | { readonly megabytesPerSecond: number };

/**
 * What one consumer (one Jaeger ingester, say) sustains when the storage behind it is healthy: spans (needs
 * `bytesPerSpan` in the ingest rate) or megabytes per second. Measure it; it is the number the sizing rests on.
 */
export type ConsumerThroughput =
  { readonly spansPerSecond: number } | { readonly megabytesPerSecond: number };

/** Replication factor the sizing assumes unless told otherwise; the production cluster default. */
export const DEFAULT_SIZING_REPLICATION_FACTOR = 3;
/**
 * Retention is this many times the outage window's data, for partitions that get more than their share (keys are
 * not perfectly even) and for bursts during the outage.
 */
export const DEFAULT_RETENTION_HEADROOM = 1.2;
/** Kafka's default `log.segment.bytes` (1 GiB); the sizing emits it so the disk estimate matches the topic. */
export const DEFAULT_SEGMENT_BYTES = 1_073_741_824;
/** A broker volume is planned to be at most this full: a Kafka broker whose disk fills up stops. */
export const DEFAULT_MAX_DISK_USE = 0.85;

/** Inputs of {@link sizeTopic}. */
export interface TopicSizingInput {
  readonly ingest: IngestRate;
  readonly consumerThroughput: ConsumerThroughput;
  /** How long the storage behind the consumers may be down without losing data, a Go duration (`6h`). */
  readonly outageWindow: string;
  /**
   * How long the consumers may take, once the storage is back, to drain what piled up during the window.
   * @default the outage window
   */
  readonly catchUpWithin?: string;
  /**
   * The most consumers that will ever run (the autoscaler's maximum).
   * @default the number needed to catch up in time (`catchUpConsumers`)
   */
  readonly maxConsumers?: number;
  /** Brokers the topic's replicas spread over. */
  readonly brokers: number;
  /** @default DEFAULT_SIZING_REPLICATION_FACTOR */
  readonly replicationFactor?: number;
  /** @default DEFAULT_RETENTION_HEADROOM */
  readonly headroom?: number;
  /** @default DEFAULT_SEGMENT_BYTES */
  readonly segmentBytes?: number;
  /**
   * Size of each broker's data volume (`500Gi`). When given, a window the volume cannot hold is an error.
   * @default not checked
   */
  readonly brokerStorage?: string;
  /** @default DEFAULT_MAX_DISK_USE */
  readonly maxDiskUse?: number;
}

/** What {@link sizeTopic} computed. Byte counts are whole bytes; `config` is ready for a `KafkaTopic`. */
export interface TopicSizing {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly ingestBytesPerSecond: number;
  readonly consumerBytesPerSecond: number;
  /** Consumers that keep up with live traffic: the autoscaler's sensible minimum. */
  readonly steadyStateConsumers: number;
  /** Consumers that absorb live traffic and drain the window's backlog within `catchUpWithin`. */
  readonly catchUpConsumers: number;
  /** Data that piles up during a full outage window, across the topic, before replication. */
  readonly backlogBytes: number;
  readonly retentionMs: number;
  /** Per partition: Kafka applies `retention.bytes` to each partition's log. */
  readonly retentionBytes: number;
  readonly segmentBytes: number;
  /** Partition replicas the busiest broker holds. */
  readonly replicasPerBroker: number;
  /** Disk the topic takes on the busiest broker: each replica keeps `retention.bytes` plus one open segment. */
  readonly diskBytesPerBroker: number;
  /** Smallest broker volume that holds `diskBytesPerBroker` within `maxDiskUse`. */
  readonly minBrokerStorageBytes: number;
  readonly config: {
    readonly 'retention.ms': number;
    readonly 'retention.bytes': number;
    readonly 'segment.bytes': number;
  };
}

/**
 * Sizes a topic that buffers data between producers and consumers whose storage may be down for a while (the reference
 * design: Kafka as the shock absorber between the Jaeger collector and the ingester).
 *
 * The model, with `r` the ingest rate, `c` one consumer's throughput, `W` the outage window and `T` the catch-up time:
 *
 * - Consumers keep up in steady state with `ceil(r / c)`. After an outage they must absorb live traffic *and* drain
 *   the backlog `r·W` within `T`, so `catchUpConsumers = ceil(r·(1 + W/T) / c)`. Fewer `maxConsumers` than that is an
 *   error: the backlog would never drain in time.
 * - A consumer works on whole partitions, so `partitions ≥ maxConsumers`; it is rounded up to a multiple of the
 *   broker count so partition leaders (and their load) spread evenly over the brokers.
 * - While the consumers are stopped the oldest unread message ages to `W`; once they drain faster than data arrives
 *   the age of what they read only falls. So retention must keep `W` of data: `retention.ms = W·headroom` and, per
 *   partition, `retention.bytes = r·W·headroom / partitions`. Kafka deletes whole segments, so a partition holds up
 *   to `retention.bytes` plus its open segment (`segment.bytes`).
 * - The busiest broker holds `ceil(partitions·replicationFactor / brokers)` partition replicas, each up to
 *   `retention.bytes + segment.bytes`; its volume must hold that within `maxDiskUse`.
 *
 * Assumptions: keys spread evenly over partitions (the headroom absorbs moderate skew); the rates are sustained
 * averages at the peak hour; disk for other topics, the consumer offsets and the KRaft metadata log is extra.
 */
export function sizeTopic(input: TopicSizingInput, context: ErrorContext): TopicSizing {
  const positive = (value: number, prop: string, fix: string) => {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop,
        problem: 'must be a positive number',
        value,
        fix,
      });
    }
    return value;
  };
  const wholeAtLeast = (value: number, min: number, prop: string, fix: string) =>
    requireWholeNumber(value, min, context, prop, fix);

  const { ingestBytesPerSecond, bytesPerSpan } = ingestRate(input.ingest, positive);
  const consumerBytesPerSecond = consumerRate(input.consumerThroughput, bytesPerSpan, positive, context);
  const windowSeconds = parseDuration(input.outageWindow, context, 'outageWindow') / 1000;
  const catchUpSeconds =
    input.catchUpWithin === undefined
      ? windowSeconds
      : parseDuration(input.catchUpWithin, context, 'catchUpWithin') / 1000;
  const brokers = wholeAtLeast(input.brokers, 1, 'brokers', 'count the brokers of the cluster');
  const replicationFactor = wholeAtLeast(
    input.replicationFactor ?? DEFAULT_SIZING_REPLICATION_FACTOR,
    1,
    'replicationFactor',
    `use ${DEFAULT_SIZING_REPLICATION_FACTOR} so a broker can fail without losing data`,
  );
  if (replicationFactor > brokers) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'replicationFactor',
      problem: `must not exceed the ${brokers} broker(s): each replica needs its own broker`,
      value: replicationFactor,
      fix: `add brokers or lower replicationFactor to ${brokers}`,
    });
  }
  const headroom = input.headroom ?? DEFAULT_RETENTION_HEADROOM;
  if (!(headroom >= 1)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'headroom',
      problem: 'must be at least 1: less would delete data inside the outage window',
      value: headroom,
      fix: `use ${DEFAULT_RETENTION_HEADROOM}`,
    });
  }
  const segmentBytes = wholeAtLeast(
    input.segmentBytes ?? DEFAULT_SEGMENT_BYTES,
    1_048_576,
    'segmentBytes',
    `use Kafka's default ${DEFAULT_SEGMENT_BYTES}`,
  );
  const maxDiskUse = input.maxDiskUse ?? DEFAULT_MAX_DISK_USE;
  if (!(maxDiskUse > 0 && maxDiskUse <= 1)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'maxDiskUse',
      problem: 'must be a fraction greater than 0 and at most 1',
      value: maxDiskUse,
      fix: `use ${DEFAULT_MAX_DISK_USE}`,
    });
  }

  const steadyStateConsumers = Math.max(1, ceil(ingestBytesPerSecond / consumerBytesPerSecond));
  const catchUpConsumers = Math.max(
    1,
    ceil((ingestBytesPerSecond * (1 + windowSeconds / catchUpSeconds)) / consumerBytesPerSecond),
  );
  const maxConsumers =
    input.maxConsumers === undefined
      ? catchUpConsumers
      : wholeAtLeast(input.maxConsumers, 1, 'maxConsumers', `use ${catchUpConsumers}`);
  if (maxConsumers < catchUpConsumers) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'maxConsumers',
      problem: `is too few to drain a ${input.outageWindow} backlog within ${input.catchUpWithin ?? input.outageWindow} while keeping up with live traffic (needs ${catchUpConsumers})`,
      value: maxConsumers,
      fix: `allow at least ${catchUpConsumers} consumers, a longer catchUpWithin, or faster consumers`,
    });
  }

  const partitions = Math.ceil(maxConsumers / brokers) * brokers;
  const backlogBytes = ceil(ingestBytesPerSecond * windowSeconds);
  const retentionMs = ceil(windowSeconds * headroom * 1000);
  const retentionBytes = ceil((ingestBytesPerSecond * windowSeconds * headroom) / partitions);
  const replicasPerBroker = Math.ceil((partitions * replicationFactor) / brokers);
  const diskBytesPerBroker = replicasPerBroker * (retentionBytes + segmentBytes);
  const minBrokerStorageBytes = ceil(diskBytesPerBroker / maxDiskUse);

  if (input.brokerStorage !== undefined) {
    const storage = Memory.parse(input.brokerStorage, context, 'brokerStorage');
    if (storage.bytes < minBrokerStorageBytes) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'brokerStorage',
        problem: `cannot hold a ${input.outageWindow} outage window: each broker needs ${gib(diskBytesPerBroker)} for this topic, which must stay under ${Math.round(maxDiskUse * 100)}% of its volume`,
        value: input.brokerStorage,
        fix: `give the broker pool at least ${Math.ceil(minBrokerStorageBytes / 2 ** 30)}Gi, add brokers, or shorten the outage window`,
      });
    }
  }

  return {
    partitions,
    replicationFactor,
    ingestBytesPerSecond,
    consumerBytesPerSecond,
    steadyStateConsumers,
    catchUpConsumers,
    backlogBytes,
    retentionMs,
    retentionBytes,
    segmentBytes,
    replicasPerBroker,
    diskBytesPerBroker,
    minBrokerStorageBytes,
    config: { 'retention.ms': retentionMs, 'retention.bytes': retentionBytes, 'segment.bytes': segmentBytes },
  };
}

/**
 * Rounds up, ignoring the last digits of binary floating point noise (`21600 * 1.2` must give 25920, not 25921).
 */
function ceil(value: number): number {
  return Math.ceil(value * (1 - 1e-14));
}

/** A byte count in GiB with one decimal, for messages. */
export function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)}Gi`;
}

type Positive = (value: number, prop: string, fix: string) => number;

function ingestRate(
  ingest: IngestRate,
  positive: Positive,
): { ingestBytesPerSecond: number; bytesPerSpan?: number } {
  if ('megabytesPerSecond' in ingest) {
    const mb = positive(ingest.megabytesPerSecond, 'ingest.megabytesPerSecond', 'measure the produce rate');
    return { ingestBytesPerSecond: mb * 1e6 };
  }
  const bytesPerSpan = positive(ingest.bytesPerSpan, 'ingest.bytesPerSpan', 'measure the average span size');
  if ('tracesPerSecond' in ingest) {
    const traces = positive(
      ingest.tracesPerSecond,
      'ingest.tracesPerSecond',
      'e.g. 10000 (the reference design’s large profile starts there)',
    );
    const spans = positive(
      ingest.spansPerTrace,
      'ingest.spansPerTrace',
      'measure the average spans per trace',
    );
    return { ingestBytesPerSecond: traces * spans * bytesPerSpan, bytesPerSpan };
  }
  const spans = positive(ingest.spansPerSecond, 'ingest.spansPerSecond', 'measure the span rate');
  return { ingestBytesPerSecond: spans * bytesPerSpan, bytesPerSpan };
}

function consumerRate(
  throughput: ConsumerThroughput,
  bytesPerSpan: number | undefined,
  positive: Positive,
  context: ErrorContext,
): number {
  if ('megabytesPerSecond' in throughput) {
    return (
      positive(
        throughput.megabytesPerSecond,
        'consumerThroughput.megabytesPerSecond',
        'measure one consumer',
      ) * 1e6
    );
  }
  const spans = positive(
    throughput.spansPerSecond,
    'consumerThroughput.spansPerSecond',
    'measure one consumer',
  );
  if (bytesPerSpan === undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'consumerThroughput.spansPerSecond',
      problem: 'needs a span size, but the ingest rate is given in megabytes per second',
      value: spans,
      fix: 'give consumerThroughput in megabytesPerSecond, or the ingest rate in spans with bytesPerSpan',
    });
  }
  return spans * bytesPerSpan;
}
