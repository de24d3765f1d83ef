import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  contextOf,
  podPeer,
  resolveName,
  standardLabels,
  requireProp,
} from '../core';
import {
  DEFAULT_ACTIVATION_LAG_THRESHOLD,
  DEFAULT_LAG_THRESHOLD,
  DEFAULT_OFFSET_RESET_POLICY,
  KEDA_API_VERSION,
  SCRAM_USER_PASSWORD_KEY,
  TLS_USER_SECRET_KEYS,
  kafkaTriggerMetadata,
} from './config';
import { claimConsumerGroup } from './consumer-groups';
import { IKafkaEndpoint } from './endpoint';
import { KafkaUser, SCRAM_USERNAME_KEY } from './user';

/** Replicas the consumer keeps however small the lag. */
export const DEFAULT_MIN_CONSUMERS = 1;
/** Seconds between KEDA's lag checks (KEDA's default). */
export const DEFAULT_POLLING_INTERVAL_SECONDS = 30;
/**
 * Seconds of low lag before replicas are removed: KEDA's `cooldownPeriod` (the last step to zero) and the HPA's
 * scale-down stabilization window (every other step), so consumers are not churned (each change rebalances the group).
 */
export const DEFAULT_COOLDOWN_SECONDS = 300;
/** Failed lag reads after which KEDA runs the fallback replica count (the maximum: drain what it cannot measure). */
export const DEFAULT_FALLBACK_FAILURE_THRESHOLD = 3;
/** CPU utilization (of the request) the HPA fallback keeps when KEDA is absent. */
export const DEFAULT_FALLBACK_CPU_UTILIZATION = 70;
/** Memory utilization (of the request) the HPA fallback keeps when KEDA is absent. */
export const DEFAULT_FALLBACK_MEMORY_UTILIZATION = 80;
/**
 * The KEDA operator's pods as the KEDA Helm chart labels them, in the namespace its docs install it to. KEDA reads
 * the lag itself, so it must be allowed to reach the brokers.
 */
export const DEFAULT_KEDA_OPERATOR_PEER: k8s.NetworkPolicyPeer = podPeer(
  { 'app.kubernetes.io/name': 'keda-operator' },
  'keda',
);

/** Seconds between KEDA's checks when a gate is set: the gate's reaction time is bounded by it. */
export const DEFAULT_GATED_POLLING_INTERVAL_SECONDS = 10;
/**
 * Seconds a closed gate waits before KEDA removes the last replicas (its `cooldownPeriod`, which with a gate only
 * governs the step to zero: the formula keeps `minReplicas` while the gate is open). 0: stop at once.
 */
export const DEFAULT_GATE_COOLDOWN_SECONDS = 0;

/**
 * A KEDA trigger that must read at least `minValue` for the consumer to run. While it reads less, or fails, KEDA
 * scales the consumer to zero, so nothing is consumed and the messages stay in Kafka. Built with `scalingModifiers`
 * (kedacore/keda@v2.20.2 pkg/scaling/modifiers/formula.go): the formula is `gate ≥ minValue ? replicas-by-lag : 0`,
 * and with `fallback.behavior: scalingModifiers` and `failureThreshold: 0` a failing trigger reads `nil` (pkg/fallback/
 * fallback.go GetMetricsWithFallback) from its first failure, which the formula treats as closed. A formula value of 0
 * makes the ScaledObject inactive (pkg/scaling/scale_handler.go getScaledObjectState: value > activationTarget), and
 * an inactive object is scaled to its `idleReplicaCount` (0) once `cooldownPeriod` has passed since it was last
 * active (pkg/scaling/executor/scale_scaledobjects.go scaleToZeroOrIdle); it comes back at `minReplicaCount`.
 */
export interface KafkaConsumerGate {
  /** The trigger's name in the formula: lower-case letters and digits, starting with a letter, not `lag`. */
  readonly name: string;
  /** The KEDA trigger type, e.g. `metrics-api`. */
  readonly type: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Credentials of the trigger, as a TriggerAuthentication's `secretTargetRef` / `configMapTargetRef`. */
  readonly secretRefs?: readonly {
    readonly parameter: string;
    readonly name: string;
    readonly key: string;
  }[];
  readonly configMapRefs?: readonly {
    readonly parameter: string;
    readonly name: string;
    readonly key: string;
  }[];
  /** The lowest reading at which the consumer may run. */
  readonly minValue: number;
  /** @default DEFAULT_GATE_COOLDOWN_SECONDS */
  readonly cooldownSeconds?: number;
}

/**
 * The `scalingModifiers` formula of a gated consumer (expr-lang, kedacore/keda@v2.20.2 go.mod expr v1.17.8): while
 * the gate reads at least `minValue`, lag / target replicas but never fewer than `minReplicas` (and the maximum while
 * the lag cannot be read); else 0.
 */
export function gatedFormula(
  gate: string,
  minValue: number,
  target: number,
  minReplicas: number,
  maxReplicas: number,
): string {
  return `(${gate} ?? 0) >= ${minValue} ? max(lag ?? ${maxReplicas * target}, ${minReplicas * target}) : 0`;
}

/** A topic as the autoscaler needs it: its name and partition count. A `KafkaTopic` fits. */
export interface KafkaTopicRef {
  readonly topicName: string;
  readonly partitions: number;
}

export interface KafkaConsumerLagAutoscalerProps {
  /** The consumer: a Deployment or StatefulSet built without `spec.replicas` (`autoscaledMaxReplicas`). */
  readonly target: ApiObject;
  readonly endpoint: IKafkaEndpoint;
  readonly topic: KafkaTopicRef;
  /** The consumer's `group.id`. One group per pipeline: sharing it with another workload is an error. */
  readonly consumerGroup: string;
  /** The KafkaUser the consumer authenticates as. @default none */
  readonly user?: KafkaUser;
  /**
   * The KafkaUser KEDA reads the lag as: best one with `access: 'describe'` on the same topic and group, so the
   * autoscaler's credentials cannot read a message. @default user
   */
  readonly lagReader?: KafkaUser;
  /** Read the lag over TLS. @default true with a user or without a plain listener, else false */
  readonly tls?: boolean;
  /** @default DEFAULT_MIN_CONSUMERS */
  readonly minReplicas?: number;
  /** @default the topic's partition count */
  readonly maxReplicas?: number;
  /** @default DEFAULT_LAG_THRESHOLD */
  readonly lagThreshold?: number;
  /** @default DEFAULT_ACTIVATION_LAG_THRESHOLD */
  readonly activationLagThreshold?: number;
  /** @default DEFAULT_OFFSET_RESET_POLICY */
  readonly offsetResetPolicy?: 'earliest' | 'latest';
  /** Allow more replicas than partitions (the extra ones idle). @default false */
  readonly allowIdleConsumers?: boolean;
  /** Count only partitions with lag when capping replicas. @default false */
  readonly limitToPartitionsWithLag?: boolean;
  /** @default DEFAULT_POLLING_INTERVAL_SECONDS */
  readonly pollingIntervalSeconds?: number;
  /** @default DEFAULT_COOLDOWN_SECONDS */
  readonly cooldownSeconds?: number;
  /**
   * KEDA 2.20 is installed. Set false where it is not: an `autoscaling/v2` HPA on CPU and memory replaces the
   * ScaledObject (it cannot see the lag, so it reacts later).
   * @default true
   */
  readonly keda?: boolean;
  /** Targets of the HPA fallback. @default DEFAULT_FALLBACK_CPU_UTILIZATION and DEFAULT_FALLBACK_MEMORY_UTILIZATION */
  readonly fallbackHpa?: { readonly cpuUtilization?: number; readonly memoryUtilization?: number };
  /** Where the KEDA operator runs, allowed to reach the brokers. @default DEFAULT_KEDA_OPERATOR_PEER */
  readonly kedaOperator?: k8s.NetworkPolicyPeer;
  /** Name of the ScaledObject (or HPA) and TriggerAuthentication. @default the target's name */
  readonly name?: string;
  /** Stop the consumer (scale it to zero) while this trigger reads too low or fails. KEDA only. @default none */
  readonly gate?: KafkaConsumerGate;
}

/**
 * Scales a Kafka consumer on its consumer-group lag with a KEDA `ScaledObject` (`kafka` trigger), plus a
 * `TriggerAuthentication` when the lag is read over TLS or as a KafkaUser. Without KEDA, an `autoscaling/v2`
 * HorizontalPodAutoscaler on CPU and memory. More replicas than partitions is an error unless idle consumers are
 * explicitly allowed.
 */
export class KafkaConsumerLagAutoscaler extends Construct {
  public readonly minReplicas: number;
  public readonly maxReplicas: number;
  public readonly scaledObject?: ApiObject;
  public readonly triggerAuthentication?: ApiObject;
  /** The gate trigger's credentials, when it has any. */
  public readonly gateAuthentication?: ApiObject;
  public readonly horizontalPodAutoscaler?: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: KafkaConsumerLagAutoscalerProps) {
    super(scope, id);
    const context = contextOf(this, 'KafkaConsumerLagAutoscaler');
    const target = requireProp(
      props.target,
      context,
      'target',
      'pass the Deployment or StatefulSet of the consumers',
    );
    requireProp(
      props.endpoint,
      context,
      'endpoint',
      'pass the KafkaCluster or ExternalKafka the consumers read',
    );
    requireProp(props.topic, context, 'topic', 'pass the KafkaTopic the consumers read');
    requireProp(props.consumerGroup, context, 'consumerGroup', "give the consumers' group id");
    const kind = target.kind;
    const namespace = target.metadata.namespace;
    if ((kind !== 'Deployment' && kind !== 'StatefulSet') || namespace === undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'target',
        problem: 'must be a Deployment or StatefulSet with a namespace',
        value: `${kind}/${target.name}`,
        fix: 'pass the workload createWorkload returned (its apiObject)',
      });
    }
    if ((target.toJson() as { spec?: { replicas?: number } }).spec?.replicas !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'target',
        problem: 'sets spec.replicas, which every apply would reset under the autoscaler',
        value: `${kind}/${target.name}`,
        fix: 'build the workload with autoscaledMaxReplicas so it leaves replicas to the autoscaler',
      });
    }
    const name = resolveName(this, props.name ?? target.name, context);
    // The autoscaler belongs to the consumer: it carries the consumer's labels.
    const targetLabels: Record<string, string> = target.metadata.toJson().labels ?? {};
    const labels =
      Object.keys(targetLabels).length > 0
        ? { ...targetLabels }
        : standardLabels({
            name: target.name,
            instance: target.name,
            component: 'consumer',
            version: 'unknown',
          });
    const partitions = props.topic.partitions;
    const allowIdle = props.allowIdleConsumers ?? false;
    this.minReplicas = props.minReplicas ?? DEFAULT_MIN_CONSUMERS;
    this.maxReplicas = props.maxReplicas ?? partitions;
    const keda = props.keda ?? true;
    checkReplicas(this.minReplicas, this.maxReplicas, partitions, allowIdle, keda, context);
    const cooldown = wholeSeconds(
      props.cooldownSeconds ?? DEFAULT_COOLDOWN_SECONDS,
      context,
      'cooldownSeconds',
    );
    const workload = `${kind}/${namespace}/${target.name}`;

    const user = props.user;
    if (user !== undefined && (user.cluster as IKafkaEndpoint) !== props.endpoint) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'user',
        problem: `belongs to KafkaCluster '${user.cluster.node.path}', not to the endpoint '${props.endpoint.node.path}'`,
        value: user.userName,
        fix: "use a user of the endpoint's cluster",
      });
    }
    if (user !== undefined && user.consumerGroup !== props.consumerGroup) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'consumerGroup',
        problem: `is not the group KafkaUser '${user.userName}' may read (${user.consumerGroup ?? 'none'}), so its ACLs would deny it`,
        value: props.consumerGroup,
        fix: `use consumerGroup '${user.consumerGroup ?? props.consumerGroup}' on both, with a consuming user`,
      });
    }
    if (user === undefined && props.endpoint.authentication !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'user',
        problem: `is required: '${props.endpoint.node.path}' authenticates its clients (${props.endpoint.authentication}), so an anonymous consumer and lag reader would be denied`,
        value: undefined,
        fix: `create a KafkaUser with consumerGroup '${props.consumerGroup}' and read access to the topic, and pass it as user`,
      });
    }
    claimConsumerGroup(
      this,
      props.endpoint.identity,
      props.consumerGroup,
      { workload, user: user?.principalId },
      context,
      'consumerGroup',
    );

    const reader = props.lagReader ?? user;
    if (props.lagReader !== undefined) {
      const r = props.lagReader;
      if ((r.cluster as IKafkaEndpoint) !== props.endpoint || r.consumerGroup !== props.consumerGroup) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INCOMPATIBLE_PROPS,
          prop: 'lagReader',
          problem: `must be a user of '${props.endpoint.node.path}' for consumer group '${props.consumerGroup}' (it is for '${r.consumerGroup ?? 'none'}' on '${r.cluster.node.path}')`,
          value: r.userName,
          fix: `create it with access 'describe' and consumerGroup '${props.consumerGroup}' on the endpoint's cluster`,
        });
      }
      if (r.access === 'produce') {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INCOMPATIBLE_PROPS,
          prop: 'lagReader',
          problem: 'is a producing user, whose ACLs do not cover the consumer group',
          value: r.userName,
          fix: "create it with access 'describe'",
        });
      }
    }

    if (!keda) {
      this.horizontalPodAutoscaler = fallbackHpa(
        this,
        name,
        namespace,
        labels,
        target,
        this,
        cooldown,
        props,
      );
      return;
    }

    const tls = props.tls ?? (reader !== undefined || props.endpoint.bootstrapServers === undefined);
    const bootstrapServers = tls ? props.endpoint.tlsBootstrapServers : props.endpoint.bootstrapServers;
    if (bootstrapServers === undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'tls',
        problem: `asks for the ${tls ? 'TLS' : 'plain'} listener, which '${props.endpoint.node.path}' does not serve`,
        value: tls,
        fix: `set tls: ${!tls}`,
      });
    }
    if (reader !== undefined && !tls) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'tls',
        problem: 'must be true with a user: authentication is on the TLS listener',
        value: false,
        fix: 'leave tls unset',
      });
    }
    props.endpoint.allowClient(props.kedaOperator ?? DEFAULT_KEDA_OPERATOR_PEER);

    const secretRefs: { parameter: string; name: string; key: string }[] = [];
    const configMapRefs: { parameter: string; name: string; key: string }[] = [];
    if (tls && props.endpoint.caSecret) secretRefs.push({ parameter: 'ca', ...props.endpoint.caSecret });
    if (reader?.authentication === 'tls') {
      secretRefs.push({ parameter: 'cert', name: reader.secretName, key: TLS_USER_SECRET_KEYS.certificate });
      secretRefs.push({ parameter: 'key', name: reader.secretName, key: TLS_USER_SECRET_KEYS.key });
    }
    if (reader?.authentication === 'scram-sha-512' && reader.usernameConfigMap) {
      secretRefs.push({ parameter: 'password', name: reader.secretName, key: SCRAM_USER_PASSWORD_KEY });
      configMapRefs.push({
        parameter: 'username',
        name: reader.usernameConfigMap.name,
        key: SCRAM_USERNAME_KEY,
      });
    }
    const secretNamespace = props.endpoint.secretNamespace;
    if (secretRefs.length > 0 && secretNamespace !== undefined && secretNamespace !== namespace) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.DANGLING_REFERENCE,
        prop: 'target',
        problem: `runs in namespace '${namespace}', but the Kafka CA and user Secrets are in '${secretNamespace}', and KEDA reads them from the ScaledObject's namespace`,
        value: workload,
        fix: `run the consumer in namespace '${secretNamespace}', or copy the CA Secret and use an ExternalKafka endpoint`,
      });
    }
    if (secretRefs.length > 0) {
      this.triggerAuthentication = new ApiObject(this, 'trigger-auth', {
        apiVersion: KEDA_API_VERSION,
        kind: 'TriggerAuthentication',
        metadata: { name, namespace, labels },
        spec: {
          secretTargetRef: secretRefs,
          configMapTargetRef: configMapRefs.length > 0 ? configMapRefs : undefined,
        },
      });
    }

    const gate = props.gate;
    if (gate !== undefined) checkGate(gate, context);
    const lagThreshold = props.lagThreshold ?? DEFAULT_LAG_THRESHOLD;
    let gateAuthentication: ApiObject | undefined;
    if (gate && ((gate.secretRefs?.length ?? 0) > 0 || (gate.configMapRefs?.length ?? 0) > 0)) {
      gateAuthentication = new ApiObject(this, 'gate-auth', {
        apiVersion: KEDA_API_VERSION,
        kind: 'TriggerAuthentication',
        metadata: { name: `${name}-${gate.name}`, namespace, labels },
        spec: {
          secretTargetRef: gate.secretRefs?.length ? gate.secretRefs.map((r) => ({ ...r })) : undefined,
          configMapTargetRef: gate.configMapRefs?.length
            ? gate.configMapRefs.map((r) => ({ ...r }))
            : undefined,
        },
      });
    }
    this.gateAuthentication = gateAuthentication;

    const metadata = kafkaTriggerMetadata(
      {
        bootstrapServers,
        consumerGroup: props.consumerGroup,
        topic: props.topic.topicName,
        lagThreshold,
        activationLagThreshold: props.activationLagThreshold ?? DEFAULT_ACTIVATION_LAG_THRESHOLD,
        offsetResetPolicy: props.offsetResetPolicy ?? DEFAULT_OFFSET_RESET_POLICY,
        allowIdleConsumers: allowIdle,
        limitToPartitionsWithLag: props.limitToPartitionsWithLag ?? false,
        tls,
        sasl: reader?.authentication === 'scram-sha-512' ? 'scram_sha512' : undefined,
      },
      context,
    );
    const lagTrigger = {
      type: 'kafka',
      name: gate ? 'lag' : undefined,
      metadata,
      authenticationRef: this.triggerAuthentication ? { name } : undefined,
    };
    const polling = wholeSeconds(
      props.pollingIntervalSeconds ??
        (gate ? DEFAULT_GATED_POLLING_INTERVAL_SECONDS : DEFAULT_POLLING_INTERVAL_SECONDS),
      context,
      'pollingIntervalSeconds',
    );
    const hpaConfig = { behavior: { scaleDown: { stabilizationWindowSeconds: cooldown } } };
    this.scaledObject = new ApiObject(this, 'scaled-object', {
      apiVersion: KEDA_API_VERSION,
      kind: 'ScaledObject',
      metadata: { name, namespace, labels },
      spec: gate
        ? {
            scaleTargetRef: { apiVersion: 'apps/v1', kind, name: target.name },
            pollingInterval: polling,
            cooldownPeriod: gate.cooldownSeconds ?? DEFAULT_GATE_COOLDOWN_SECONDS,
            // Zero is the gate's: an inactive (closed) object goes to idleReplicaCount, an active one to at least
            // minReplicaCount (scaleToZeroOrIdle / scaleFromZeroOrIdle); the formula keeps it active while open.
            minReplicaCount: this.minReplicas,
            idleReplicaCount: this.minReplicas > 0 ? 0 : undefined,
            maxReplicaCount: this.maxReplicas,
            fallback: {
              failureThreshold: 0,
              replicas: this.maxReplicas,
              behavior: 'scalingModifiers',
            },
            advanced: {
              horizontalPodAutoscalerConfig: hpaConfig,
              scalingModifiers: {
                formula: gatedFormula(
                  gate.name,
                  gate.minValue,
                  lagThreshold,
                  this.minReplicas,
                  this.maxReplicas,
                ),
                target: String(lagThreshold),
                activationTarget: '0',
                metricType: 'AverageValue',
              },
            },
            triggers: [
              lagTrigger,
              {
                type: gate.type,
                name: gate.name,
                metadata: { ...gate.metadata },
                authenticationRef: gateAuthentication ? { name: `${name}-${gate.name}` } : undefined,
              },
            ],
          }
        : {
            scaleTargetRef: { apiVersion: 'apps/v1', kind, name: target.name },
            pollingInterval: polling,
            cooldownPeriod: cooldown,
            minReplicaCount: this.minReplicas,
            maxReplicaCount: this.maxReplicas,
            fallback: { failureThreshold: DEFAULT_FALLBACK_FAILURE_THRESHOLD, replicas: this.maxReplicas },
            advanced: { horizontalPodAutoscalerConfig: hpaConfig },
            triggers: [lagTrigger],
          },
    });
  }
}

function checkGate(gate: KafkaConsumerGate, context: ErrorContext): void {
  if (!/^[a-z][a-z0-9]*$/.test(gate.name) || gate.name === 'lag') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop: 'gate.name',
      problem:
        "must be lower-case letters and digits starting with a letter, and not 'lag' (the lag trigger's name)",
      value: gate.name,
      fix: "use e.g. 'storage'",
    });
  }
  if (typeof gate.minValue !== 'number' || !Number.isFinite(gate.minValue)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'gate.minValue',
      problem: 'must be a finite number',
      value: gate.minValue,
      fix: 'use the lowest reading at which the consumer may run, e.g. 1',
    });
  }
  const cooldown = gate.cooldownSeconds ?? DEFAULT_GATE_COOLDOWN_SECONDS;
  if (!Number.isInteger(cooldown) || cooldown < 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'gate.cooldownSeconds',
      problem: 'must be a whole number of seconds, at least 0',
      value: cooldown,
      fix: `use ${DEFAULT_GATE_COOLDOWN_SECONDS}`,
    });
  }
}

function checkReplicas(
  min: number,
  max: number,
  partitions: number,
  allowIdle: boolean,
  keda: boolean,
  context: ErrorContext,
): void {
  const lowest = keda ? 0 : 1;
  if (!Number.isInteger(min) || min < lowest) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'minReplicas',
      problem: `must be a whole number of at least ${lowest}${keda ? '' : ' (an HPA cannot scale to zero)'}`,
      value: min,
      fix: `use ${DEFAULT_MIN_CONSUMERS}`,
    });
  }
  if (!Number.isInteger(max) || max < Math.max(min, 1)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'maxReplicas',
      problem: `must be a whole number of at least minReplicas (${min}) and 1`,
      value: max,
      fix: `use the topic's partition count, ${partitions}`,
    });
  }
  if (max > partitions && !allowIdle) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'maxReplicas',
      problem: `exceeds the topic's ${partitions} partitions: each partition has one consumer in a group, so the extra replicas would sit idle`,
      value: max,
      fix: `lower maxReplicas to ${partitions}, add partitions, or set allowIdleConsumers: true`,
    });
  }
}

function wholeSeconds(value: number, context: ErrorContext, prop: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'must be a whole number of seconds, at least 1',
      value,
      fix: `use ${prop === 'cooldownSeconds' ? DEFAULT_COOLDOWN_SECONDS : DEFAULT_POLLING_INTERVAL_SECONDS}`,
    });
  }
  return value;
}

/** Where KEDA is absent: CPU and memory utilization, scaled down no faster than the cooldown. */
function fallbackHpa(
  scope: Construct,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  target: ApiObject,
  replicas: { readonly minReplicas: number; readonly maxReplicas: number },
  cooldown: number,
  props: KafkaConsumerLagAutoscalerProps,
): k8s.KubeHorizontalPodAutoscalerV2 {
  const utilization = (resource: 'cpu' | 'memory', value: number): k8s.MetricSpecV2 => ({
    type: 'Resource',
    resource: { name: resource, target: { type: 'Utilization', averageUtilization: value } },
  });
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, 'hpa', {
    metadata: { name, namespace, labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: target.kind, name: target.name },
      minReplicas: replicas.minReplicas,
      maxReplicas: replicas.maxReplicas,
      metrics: [
        utilization('cpu', props.fallbackHpa?.cpuUtilization ?? DEFAULT_FALLBACK_CPU_UTILIZATION),
        utilization('memory', props.fallbackHpa?.memoryUtilization ?? DEFAULT_FALLBACK_MEMORY_UTILIZATION),
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: cooldown } },
    },
  });
}
