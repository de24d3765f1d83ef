/**
 * Facts about Strimzi 1.2.0 the module relies on. Sources: Strimzi's `KafkaResources` naming class (bootstrap Service,
 * CA Secret and NetworkPolicy names, listener ports of the default internal listeners), its CRDs at 1.2.0 (only
 * `kafka.strimzi.io/v1` is served) and its `kafka-versions.yaml` (metadata version of Kafka 4.3.x).
 */

/** The one API version Strimzi 1.2.0 serves for `Kafka`, `KafkaNodePool`, `KafkaTopic` and `KafkaUser`. */
export const STRIMZI_API_VERSION = 'kafka.strimzi.io/v1';

/** Kafka version the clusters run unless the user sets one; Strimzi 1.2.0 supports Kafka 4.3.1. */
export const DEFAULT_KAFKA_VERSION = '4.3.1';

/**
 * KRaft metadata version written with {@link DEFAULT_KAFKA_VERSION} (Strimzi's `kafka-versions.yaml` gives 4.3-IV0
 * for Kafka 4.3.x). Pinning it means a change of `version` alone never moves the cluster metadata forward.
 */
export const DEFAULT_KAFKA_METADATA_VERSION = '4.3-IV0';

/** The label that links a `KafkaNodePool`, `KafkaTopic` or `KafkaUser` to its `Kafka` cluster. */
export const STRIMZI_CLUSTER_LABEL = 'strimzi.io/cluster';

/** Port of the internal plain listener (Strimzi's `plainBootstrapAddress`). */
export const PLAIN_LISTENER_PORT = 9092;
/** Port of the internal TLS listener (Strimzi's `tlsBootstrapAddress`). */
export const TLS_LISTENER_PORT = 9093;

/** The Secret key that holds a PEM CA certificate (cluster CA Secret and TLS user Secrets). */
export const CA_CERT_KEY = 'ca.crt';
/** Keys of the Secret the User Operator writes for a `tls` KafkaUser (same name as the KafkaUser). */
export const TLS_USER_SECRET_KEYS = { certificate: 'user.crt', key: 'user.key' } as const;
/** Key of the password in the Secret the User Operator writes for a `scram-sha-512` KafkaUser. */
export const SCRAM_USER_PASSWORD_KEY = 'password';

/** The names Strimzi gives the objects it creates for a `Kafka` named `cluster`. */
export function strimziNames(cluster: string) {
  return {
    /** The internal bootstrap Service. */
    bootstrapService: `${cluster}-kafka-bootstrap`,
    /** The public cluster CA certificate: clients trust it to verify the brokers. */
    clusterCaCertSecret: `${cluster}-cluster-ca-cert`,
    /** The NetworkPolicy Strimzi generates from the listeners' `networkPolicyPeers`. */
    networkPolicy: `${cluster}-network-policy-kafka`,
  } as const;
}
