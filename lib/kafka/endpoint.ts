import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ErrorCode, ObservabilityConstructError, contextOf } from '../core';
import type { KafkaListenerAuthentication } from './cluster';
import { CA_CERT_KEY } from './config';

/** A key of a Secret. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/**
 * A Kafka cluster clients can reach: an in-cluster {@link KafkaCluster} or an {@link ExternalKafka}. Producers,
 * consumers and autoscalers take this, so they work the same against either.
 */
export interface IKafkaEndpoint extends IConstruct {
  /** Identifies the cluster (consumer groups are unique per cluster). */
  readonly identity: string;
  /** `host:port[,host:port…]` of the plaintext listener, when there is one. */
  readonly bootstrapServers?: string;
  /** `host:port[,host:port…]` of the TLS listener, when there is one. */
  readonly tlsBootstrapServers?: string;
  /** The CA certificate that signs the brokers' TLS certificates (PEM). */
  readonly caSecret?: SecretKeyRef;
  /**
   * The namespace the cluster's Secrets (CA, users) live in; a pod can only mount Secrets of its own namespace.
   * Undefined: the client's own namespace.
   */
  readonly secretNamespace?: string;
  /**
   * The authentication the TLS listener requires: every client must connect as a `KafkaUser` of the cluster.
   * Undefined: an open cluster, or one the library does not manage (an {@link ExternalKafka}).
   */
  readonly authentication?: KafkaListenerAuthentication;
  /** Lets pods matching `peer` reach the brokers (no-op where the library does not manage the network policy). */
  allowClient(peer: k8s.NetworkPolicyPeer): void;
}

/** Props of {@link ExternalKafka}. At least one of the bootstrap lists is required. */
export interface ExternalKafkaProps {
  /** `host:port[,host:port…]` of a plaintext listener. @default none */
  readonly bootstrapServers?: string;
  /** `host:port[,host:port…]` of a TLS listener. @default none */
  readonly tlsBootstrapServers?: string;
  /**
   * Name of a Secret, in the clients' namespace, holding the CA that signs the brokers' certificates.
   * @default none: clients trust the system CAs
   */
  readonly caSecretName?: string;
  /** Key of the CA certificate in that Secret. @default CA_CERT_KEY */
  readonly caSecretKey?: string;
}

const BOOTSTRAP = /^[a-zA-Z0-9.-]+:[0-9]{1,5}(,[a-zA-Z0-9.-]+:[0-9]{1,5})*$/;

/**
 * A Kafka cluster the library does not manage (another namespace's Strimzi cluster, a managed service), given by its
 * bootstrap servers. It emits nothing; its network access is the cluster owner's business.
 */
export class ExternalKafka extends Construct implements IKafkaEndpoint {
  public readonly identity: string;
  public readonly bootstrapServers?: string;
  public readonly tlsBootstrapServers?: string;
  public readonly caSecret?: SecretKeyRef;
  public readonly secretNamespace?: string = undefined;

  constructor(scope: Construct, id: string, props: ExternalKafkaProps) {
    super(scope, id);
    const context = contextOf(this, 'ExternalKafka');
    if (props.bootstrapServers === undefined && props.tlsBootstrapServers === undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'bootstrapServers',
        problem: 'or tlsBootstrapServers is required',
        value: undefined,
        fix: "give the brokers' addresses, e.g. 'kafka-0.example.com:9092,kafka-1.example.com:9092'",
      });
    }
    for (const prop of ['bootstrapServers', 'tlsBootstrapServers'] as const) {
      const value = props[prop];
      if (value !== undefined && !BOOTSTRAP.test(value)) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop,
          problem: 'must be a comma-separated list of host:port',
          value,
          fix: "write it like 'kafka-0.example.com:9092,kafka-1.example.com:9092'",
        });
      }
    }
    this.bootstrapServers = props.bootstrapServers;
    this.tlsBootstrapServers = props.tlsBootstrapServers;
    this.identity = `external:${props.tlsBootstrapServers ?? props.bootstrapServers}`;
    if (props.caSecretName !== undefined) {
      this.caSecret = { name: props.caSecretName, key: props.caSecretKey ?? CA_CERT_KEY };
    }
  }

  public allowClient(_peer: k8s.NetworkPolicyPeer): void {
    // The external cluster's own firewall decides.
  }
}
