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

/** Options of the ingester's `kafka` receiver. */
export interface KafkaReceiverOptions extends KafkaClientOptions {
  readonly groupId: string;
  /**
   * Mark a message consumed only after the storage write succeeded, so a crash or a storage outage never loses
   * spans (they are read again); duplicates are possible, losses are not.
   */
  readonly atLeastOnce: boolean;
}

/** The ingester's `kafka` receiver: one consumer group, reading from the oldest retained message when new. */
export function kafkaReceiver(options: KafkaReceiverOptions): Record<string, unknown> {
  const receiver: Record<string, unknown> = {
    ...client(options),
    traces: { topics: [options.topic], encoding: options.encoding },
    group_id: options.groupId,
    initial_offset: 'earliest',
  };
  if (options.atLeastOnce) receiver.message_marking = { after: true, on_error: false };
  return receiver;
}
