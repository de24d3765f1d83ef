import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  ObservabilityConstructError,
  contextOf,
  requireProp,
  resolveName,
  standardLabels,
} from '../core';
import { KafkaCluster, KafkaListenerAuthentication } from './cluster';
import { STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from './config';
import { claimConsumerGroup } from './consumer-groups';
import { KafkaTopic } from './topic';

/**
 * What a user may do with its topic: `consume`, `produce`, or `describe` — read the topic's partitions and offsets
 * and the group's committed offsets, which is all a lag reader (KEDA's `kafka` scaler: Metadata, ListOffsets and
 * OffsetFetch through sarama's DescribeTopics and ListConsumerGroupOffsets, kedacore/keda@v2.20.2
 * pkg/scalers/kafka_scaler.go) needs; Kafka authorizes those with Describe on the topic and on the group.
 */
export type KafkaUserAccess = 'consume' | 'produce' | 'describe';

/** Key of the username in the ConfigMap a SCRAM user gets (the Secret Strimzi writes has only the password). */
export const SCRAM_USERNAME_KEY = 'username';

export interface KafkaUserProps {
  readonly cluster: KafkaCluster;
  /** The one topic the user may use. */
  readonly topic: KafkaTopic;
  /**
   * `consume` (Read and Describe on the topic, Read on the group), `produce` (Write and Describe on the topic) or
   * `describe` (Describe on the topic and the group: a lag reader that cannot read a message).
   */
  readonly access: KafkaUserAccess;
  /** The one consumer group a consuming user may join, or a describing user may watch. Required with both. */
  readonly consumerGroup?: string;
  /** Name of the KafkaUser, its Secret and its principal. @default the construct id as a DNS label */
  readonly name?: string;
}

/**
 * A `KafkaUser` whose credentials the User Operator writes to a Secret of the same name, with `simple` ACLs limited to
 * one topic and, for consumers, one consumer group. Its authentication is the cluster's TLS listener's: `tls` (a
 * client certificate: `user.crt`, `user.key`) or `scram-sha-512` (a `password`; the username is in the
 * `usernameConfigMap` this construct writes).
 */
export class KafkaUser extends Construct {
  public readonly cluster: KafkaCluster;
  public readonly userName: string;
  public readonly authentication: KafkaListenerAuthentication;
  /** The Secret Strimzi writes the credentials to: what a client mounts. In the cluster's namespace. */
  public readonly secretName: string;
  /** For SCRAM users: a ConfigMap holding the username under SCRAM_USERNAME_KEY. */
  public readonly usernameConfigMap?: k8s.KubeConfigMap;
  public readonly consumerGroup?: string;
  public readonly access: KafkaUserAccess;
  public readonly apiObject: ApiObject;
  /** `KafkaUser/<namespace>/<name>`: identifies the principal in consumer-group claims. */
  public readonly principalId: string;

  constructor(scope: Construct, id: string, props: KafkaUserProps) {
    super(scope, id);
    const context = contextOf(this, 'KafkaUser');
    const cluster = requireProp(
      props.cluster,
      context,
      'cluster',
      'pass the KafkaCluster the user connects to',
    );
    requireProp(props.topic, context, 'topic', 'pass the KafkaTopic the user reads or writes');
    this.cluster = cluster;
    this.userName = resolveName(this, props.name, context);
    this.secretName = this.userName;
    this.principalId = `KafkaUser/${cluster.namespace}/${this.userName}`;
    if (cluster.authentication === undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'cluster',
        problem: `has no listener authentication, so the user's credentials and ACLs would never be checked`,
        value: cluster.node.path,
        fix: "set authentication: 'tls' or 'scram-sha-512' on the KafkaCluster",
      });
    }
    if (props.topic.cluster !== cluster) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'topic',
        problem: `belongs to KafkaCluster '${props.topic.cluster.node.path}', not '${cluster.node.path}'`,
        value: props.topic.topicName,
        fix: "use a topic of the user's cluster",
      });
    }
    this.authentication = cluster.authentication;
    this.access = props.access;
    const topic = { type: 'topic', name: props.topic.topicName, patternType: 'literal' };
    const acls: Record<string, unknown>[] = [];
    if (props.access === 'consume') {
      if (props.consumerGroup === undefined) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop: 'consumerGroup',
          problem: "is required with access 'consume'",
          value: undefined,
          fix: "name the consumer's group.id, e.g. 'jaeger-ingester'",
        });
      }
      claimConsumerGroup(
        this,
        cluster.identity,
        props.consumerGroup,
        { user: this.principalId },
        context,
        'consumerGroup',
      );
      this.consumerGroup = props.consumerGroup;
      acls.push({ resource: topic, operations: ['Read', 'Describe'] });
      acls.push({
        resource: { type: 'group', name: props.consumerGroup, patternType: 'literal' },
        operations: ['Read'],
      });
    } else if (props.access === 'produce') {
      acls.push({ resource: topic, operations: ['Write', 'Describe'] });
    } else if (props.access === 'describe') {
      if (props.consumerGroup === undefined) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop: 'consumerGroup',
          problem: "is required with access 'describe'",
          value: undefined,
          fix: "name the group whose lag it reads, e.g. 'jaeger-ingester'",
        });
      }
      // A describing user joins no group, so it claims none: it watches the consumer's.
      this.consumerGroup = props.consumerGroup;
      acls.push({ resource: topic, operations: ['Describe'] });
      acls.push({
        resource: { type: 'group', name: props.consumerGroup, patternType: 'literal' },
        operations: ['Describe'],
      });
    } else {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'access',
        problem: "must be 'consume', 'produce' or 'describe'",
        value: props.access,
        fix: 'create one user per pipeline side',
      });
    }

    const labels = standardLabels({
      name: 'kafka',
      instance: cluster.name,
      component: 'user',
      version: cluster.version,
    });
    this.apiObject = new ApiObject(this, 'user', {
      apiVersion: STRIMZI_API_VERSION,
      kind: 'KafkaUser',
      metadata: {
        name: this.userName,
        namespace: cluster.namespace,
        labels: { ...labels, [STRIMZI_CLUSTER_LABEL]: cluster.name },
      },
      spec: {
        authentication: { type: this.authentication },
        authorization: { type: 'simple', acls },
      },
    });
    if (this.authentication === 'scram-sha-512') {
      this.usernameConfigMap = new k8s.KubeConfigMap(this, 'username', {
        metadata: { name: `${this.userName}-username`, namespace: cluster.namespace, labels },
        data: { [SCRAM_USERNAME_KEY]: this.userName },
      });
    }
  }
}
