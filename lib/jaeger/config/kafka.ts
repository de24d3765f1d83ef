/** Kafka client settings shared by the collector's exporter and the ingester's receiver. */
export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  /** The span encoding on the topic; both sides must agree. */
  readonly encoding: 'otlp_proto' | 'otlp_json';
  /** TLS to the brokers: the CA bundle, and a client certificate for mutual TLS. */
  readonly tls?: { readonly caFile: string; readonly certFile?: string; readonly keyFile?: string };
  /** SCRAM-SHA-512 authentication; the password comes from an environment variable set from a Secret. */
  readonly sasl?: { readonly username: string; readonly passwordEnv: string };
}

function client(options: KafkaClientOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { brokers: [...options.brokers] };
  if (options.tls) {
    const tls: Record<string, unknown> = { ca_file: options.tls.caFile };
    if (options.tls.certFile) tls.cert_file = options.tls.certFile;
    if (options.tls.keyFile) tls.key_file = options.tls.keyFile;
    out.tls = tls;
  }
  if (options.sasl) {
    out.auth = {
      sasl: {
        username: options.sasl.username,
        password: `\${env:${options.sasl.passwordEnv}}`,
        mechanism: 'SCRAM-SHA-512',
      },
    };
  }
  return out;
}

/**
 * The collector's `kafka` exporter: spans keyed by trace ID so one trace lands in one partition, every in-sync
 * replica acknowledging a write (`required_acks: -1`), lz4-compressed, retried while Kafka is away (the exporter's
 * sending queue is on by default).
 */
export function kafkaExporter(options: KafkaClientOptions): Record<string, unknown> {
  return {
    ...client(options),
    traces: { topic: options.topic, encoding: options.encoding },
    partition_traces_by_id: true,
    producer: { required_acks: -1, compression: 'lz4' },
    retry_on_failure: { enabled: true },
  };
}

/**
 * The kafka receiver's `error_backoff` (a configretry BackOffConfig) when the pipeline refuses a batch. The values are
 * the collector's own retry defaults (go.opentelemetry.io/collector/config/configretry `NewDefaultBackOffConfig`:
 * 5s initial, 30s max, multiplier 1.5, randomization 0.5), except `max_elapsed_time`, which is 0: per the receiver's
 * README (open-telemetry/opentelemetry-collector-contrib receiver/kafkareceiver/README.md, `message_marking.on_error`
 * and `error_backoff`, v0.155.x as pinned by jaegertracing/jaeger@v2.20.0 go.mod) a record whose retries are
 * exhausted is retried on the next poll anyway, and without `error_backoff` the partition stays paused until a
 * rebalance — invisible to the lag metric and to KEDA. 0 keeps the partition retrying with bounded waits.
 */
export const KAFKA_RECEIVER_ERROR_BACKOFF = {
  enabled: true,
  initial_interval: '5s',
  max_interval: '30s',
  multiplier: 1.5,
  randomization_factor: 0.5,
  max_elapsed_time: '0s',
} as const;

/** Options of the ingester's `kafka` receiver. */
export interface KafkaReceiverOptions extends KafkaClientOptions {
  readonly groupId: string;
  /**
   * Mark a message consumed only after the pipeline returned without error (`message_marking.after`), and retry a
   * refused batch with backoff instead of skipping it. This does NOT make storage writes at-least-once on its own:
   * Jaeger v2.20.0's Elasticsearch/OpenSearch writer returns before its bulk indexer has sent anything, so the
   * pipeline reports success for spans that may still be lost; see the storage gate of `JaegerKafkaBuffered`.
   */
  readonly markAfterPipeline: boolean;
}

/**
 * The ingester's `kafka` receiver: one consumer group, reading from the oldest retained message when new, with
 * error backoff so one refused batch does not pause its partition until the next rebalance.
 */
export function kafkaReceiver(options: KafkaReceiverOptions): Record<string, unknown> {
  const receiver: Record<string, unknown> = {
    ...client(options),
    traces: { topics: [options.topic], encoding: options.encoding },
    group_id: options.groupId,
    initial_offset: 'earliest',
    error_backoff: { ...KAFKA_RECEIVER_ERROR_BACKOFF },
  };
  if (options.markAfterPipeline) receiver.message_marking = { after: true, on_error: false };
  return receiver;
}
