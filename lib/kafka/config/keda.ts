import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';

/**
 * Facts about KEDA 2.20 the module relies on. Source: the `kafka` scaler's typed metadata (`pkg/scalers/
 * kafka_scaler.go`: `bootstrapServers`, `consumerGroup`, `topic`, `lagThreshold` default 10, `activationLagThreshold`
 * default 0, `offsetResetPolicy` latest|earliest, `allowIdleConsumers`, `limitToPartitionsWithLag` — not together with
 * `allowIdleConsumers` —, `tls` enable|disable and `sasl` in metadata or auth params, `ca`/`cert`/`key`/`username`/
 * `password` in auth params only) and the ScaledObject and TriggerAuthentication CRDs of v2.20.2.
 */
export const KEDA_API_VERSION = 'keda.sh/v1alpha1';

/**
 * Target lag (unread messages) per consumer replica: KEDA asks the HPA for `total lag / lagThreshold` replicas. For
 * Jaeger a message is a span, so 10 000 is a few seconds of work for one ingester.
 */
export const DEFAULT_LAG_THRESHOLD = 10_000;
/** Lag below which KEDA considers the scaler inactive (only matters with `minReplicas: 0`). KEDA's default. */
export const DEFAULT_ACTIVATION_LAG_THRESHOLD = 0;
/**
 * How KEDA counts lag for a partition the group has no committed offset on yet. `earliest` counts the whole
 * partition, matching a consumer that starts from the beginning so nothing buffered is skipped. Match the
 * consumer's own `auto.offset.reset`.
 */
export const DEFAULT_OFFSET_RESET_POLICY = 'earliest';

/** What the `kafka` trigger's metadata is built from. */
export interface KafkaTriggerOptions {
  readonly bootstrapServers: string;
  readonly consumerGroup: string;
  readonly topic: string;
  readonly lagThreshold: number;
  readonly activationLagThreshold: number;
  readonly offsetResetPolicy: 'earliest' | 'latest';
  readonly allowIdleConsumers: boolean;
  readonly limitToPartitionsWithLag: boolean;
  /** Connect over TLS (`tls: enable`). */
  readonly tls: boolean;
  /** SASL mechanism, when the consumer authenticates with SCRAM. */
  readonly sasl?: 'scram_sha512';
}

/**
 * The `kafka` trigger's metadata. KEDA parses every value from a string (the CRD types metadata as a map of strings),
 * so numbers and booleans are rendered here, once.
 */
export function kafkaTriggerMetadata(
  options: KafkaTriggerOptions,
  context: ErrorContext,
): Record<string, string> {
  if (!Number.isInteger(options.lagThreshold) || options.lagThreshold < 1) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'lagThreshold',
      problem: 'must be a whole number of at least 1 (KEDA rejects anything else)',
      value: options.lagThreshold,
      fix: `use the lag one replica clears in a few seconds, e.g. ${DEFAULT_LAG_THRESHOLD}`,
    });
  }
  if (!Number.isInteger(options.activationLagThreshold) || options.activationLagThreshold < 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'activationLagThreshold',
      problem: 'must be a whole number of at least 0',
      value: options.activationLagThreshold,
      fix: `use ${DEFAULT_ACTIVATION_LAG_THRESHOLD}`,
    });
  }
  if (options.allowIdleConsumers && options.limitToPartitionsWithLag) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'limitToPartitionsWithLag',
      problem: 'cannot be set together with allowIdleConsumers (KEDA rejects the trigger)',
      value: true,
      fix: 'set one of them',
    });
  }
  if (options.consumerGroup.trim() === '' || /[\s,]/.test(options.consumerGroup)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop: 'consumerGroup',
      problem: 'must be a non-empty group id without spaces or commas',
      value: options.consumerGroup,
      fix: "use the consumer's group.id, e.g. 'jaeger-ingester'",
    });
  }
  const metadata: Record<string, string> = {
    bootstrapServers: options.bootstrapServers,
    consumerGroup: options.consumerGroup,
    topic: options.topic,
    lagThreshold: String(options.lagThreshold),
    activationLagThreshold: String(options.activationLagThreshold),
    offsetResetPolicy: options.offsetResetPolicy,
    allowIdleConsumers: String(options.allowIdleConsumers),
    limitToPartitionsWithLag: String(options.limitToPartitionsWithLag),
  };
  if (options.tls) metadata.tls = 'enable';
  if (options.sasl) metadata.sasl = options.sasl;
  return metadata;
}
