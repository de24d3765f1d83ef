import { k8s } from 'cdk8s-plus-28';
import {
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  PolicyRule,
  VolumeMountSpec,
  hostEgress,
  podPeer,
  uniqueRules,
} from '../core';
import {
  IKafkaEndpoint,
  KafkaCluster,
  KafkaUser,
  PLAIN_LISTENER_PORT,
  SCRAM_USER_PASSWORD_KEY,
  STRIMZI_CLUSTER_LABEL,
  TLS_LISTENER_PORT,
  TLS_USER_SECRET_KEYS,
} from '../kafka';
import { KafkaClientOptions } from './config';

/** Where Kafka credentials are mounted in Jaeger containers. */
export const KAFKA_SECRETS_DIR = '/etc/jaeger/kafka';
/** The environment variable that carries a SCRAM password (read from the KafkaUser's Secret). */
export const KAFKA_PASSWORD_ENV = 'KAFKA_PASSWORD';

/** Everything a Jaeger role needs to reach Kafka as one client. */
export interface KafkaClientPlumbing {
  /** The client settings, without topic and encoding. */
  readonly client: Omit<KafkaClientOptions, 'topic' | 'encoding'>;
  readonly volumes: readonly VolumeMountSpec[];
  readonly env: readonly k8s.EnvVar[];
  readonly secrets: readonly string[];
  /**
   * Egress to the brokers: a `KafkaCluster`'s pods on the listener's port; for an `ExternalKafka`, each bootstrap
   * server's host and port (any address but the link-local metadata range on that port, as brokers advertise
   * addresses the library cannot know; brokers that advertise other ports need `extraEgress`).
   */
  readonly egress: readonly PolicyRule[];
}

/**
 * How a Jaeger role in `namespace` reaches Kafka: over TLS with the cluster CA when a user authenticates or there is
 * no plain listener (mutual TLS with the user's certificate, or SCRAM-SHA-512 with its password from the Secret),
 * else over the plain listener. Strimzi writes the CA and user Secrets into the Kafka cluster's namespace, and a pod
 * can only mount Secrets of its own, so TLS across namespaces is an error.
 */
export function kafkaClientPlumbing(
  endpoint: IKafkaEndpoint,
  user: KafkaUser | undefined,
  namespace: string,
  context: ErrorContext,
  prop: string,
): KafkaClientPlumbing {
  const useTls = user !== undefined || endpoint.bootstrapServers === undefined;
  const servers = useTls ? endpoint.tlsBootstrapServers : endpoint.bootstrapServers;
  if (servers === undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop,
      problem: 'has no TLS listener, which an authenticated user needs',
      value: endpoint.identity,
      fix: 'give the cluster a TLS listener, or drop the user',
    });
  }
  const secretNamespace = endpoint.secretNamespace ?? namespace;
  if (useTls && secretNamespace !== namespace && (endpoint.caSecret !== undefined || user !== undefined)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop,
      problem: `keeps its CA and user Secrets in namespace '${secretNamespace}', which pods in '${namespace}' cannot mount`,
      value: endpoint.identity,
      fix: `deploy Jaeger in '${secretNamespace}', or copy the Secrets into '${namespace}' and use ExternalKafka`,
    });
  }
  const sources: k8s.VolumeProjection[] = [];
  const secrets = new Set<string>();
  const env: k8s.EnvVar[] = [];
  const mount = (name: string, key: string, file: string) => {
    sources.push({ secret: { name, items: [{ key, path: file }] } });
    secrets.add(name);
    return `${KAFKA_SECRETS_DIR}/${file}`;
  };
  let tls: KafkaClientOptions['tls'];
  let sasl: KafkaClientOptions['sasl'];
  if (useTls && endpoint.caSecret) {
    const caFile = mount(endpoint.caSecret.name, endpoint.caSecret.key, 'ca.crt');
    tls = { caFile };
    if (user?.authentication === 'tls') {
      tls = {
        caFile,
        certFile: mount(user.secretName, TLS_USER_SECRET_KEYS.certificate, 'user.crt'),
        keyFile: mount(user.secretName, TLS_USER_SECRET_KEYS.key, 'user.key'),
      };
    }
  }
  if (user?.authentication === 'scram-sha-512') {
    env.push({
      name: KAFKA_PASSWORD_ENV,
      valueFrom: { secretKeyRef: { name: user.secretName, key: SCRAM_USER_PASSWORD_KEY } },
    });
    secrets.add(user.secretName);
    sasl = { username: user.userName, passwordEnv: KAFKA_PASSWORD_ENV };
  }
  const volumes: VolumeMountSpec[] =
    sources.length === 0
      ? []
      : [
          {
            volume: { name: 'kafka-credentials', projected: { sources, defaultMode: 0o440 } },
            mountPath: KAFKA_SECRETS_DIR,
            readOnly: true,
          },
        ];
  const egress: PolicyRule[] =
    endpoint instanceof KafkaCluster
      ? [
          {
            peers: [podPeer({ [STRIMZI_CLUSTER_LABEL]: endpoint.name }, endpoint.namespace)],
            ports: [{ port: useTls ? TLS_LISTENER_PORT : PLAIN_LISTENER_PORT }],
          },
        ]
      : uniqueRules(
          servers.split(',').map((server) => {
            const [host, port] = server.trim().split(':');
            return hostEgress(host as string, Number(port));
          }),
        );
  return {
    client: { brokers: servers.split(','), tls, sasl },
    volumes,
    env,
    secrets: [...secrets].sort(),
    egress,
  };
}
