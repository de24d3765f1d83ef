import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';

/**
 * `production`: replicated, nothing acknowledged is lost when one broker fails. `dev`: one broker and one copy of
 * everything; a broker or disk failure loses data and stops writes.
 */
export type KafkaClusterPreset = 'production' | 'dev';

/** A broker config value as Strimzi's `spec.kafka.config` takes it. */
export type BrokerConfigValue = string | number | boolean;

/**
 * Cluster-wide broker defaults that do not lose data: three copies of every partition, writes acknowledged only when
 * two of them have it, a replica that missed writes never becomes leader, and topics exist only when declared (a
 * client's typo must not create a topic with default settings).
 */
export const PRODUCTION_BROKER_CONFIG: Readonly<Record<string, BrokerConfigValue>> = {
  'default.replication.factor': 3,
  'min.insync.replicas': 2,
  'unclean.leader.election.enable': false,
  'offsets.topic.replication.factor': 3,
  'transaction.state.log.replication.factor': 3,
  'transaction.state.log.min.isr': 2,
  'auto.create.topics.enable': false,
};

/** The dev preset: one copy of everything. It CAN LOSE DATA: a broker or volume failure loses what it held. */
export const DEV_BROKER_CONFIG: Readonly<Record<string, BrokerConfigValue>> = {
  'default.replication.factor': 1,
  'min.insync.replicas': 1,
  'unclean.leader.election.enable': false,
  'offsets.topic.replication.factor': 1,
  'transaction.state.log.replication.factor': 1,
  'transaction.state.log.min.isr': 1,
  'auto.create.topics.enable': false,
};

/** Broker config keys that name a replica count, each needing that many brokers. */
const REPLICATION_KEYS = [
  'default.replication.factor',
  'offsets.topic.replication.factor',
  'transaction.state.log.replication.factor',
] as const;

/** The checked, merged broker config of a cluster and the numbers topics inherit from it. */
export interface BrokerConfig {
  readonly config: Readonly<Record<string, BrokerConfigValue>>;
  readonly defaultReplicationFactor: number;
  readonly minInsyncReplicas: number;
}

/**
 * Merges the user's broker config over the preset and checks it against the broker count: every replication factor
 * fits on the brokers, `min.insync.replicas` does not exceed the replication factor (no write could ever succeed),
 * and equals it only with an explicit opt-in (one broker down would stop every write) or the dev preset (one broker,
 * which says plainly it can lose data).
 */
export function resolveBrokerConfig(
  preset: KafkaClusterPreset,
  overrides: Readonly<Record<string, BrokerConfigValue>>,
  brokers: number,
  allowMinInsyncEqualsReplicas: boolean,
  context: ErrorContext,
): BrokerConfig {
  const config = {
    ...(preset === 'production' ? PRODUCTION_BROKER_CONFIG : DEV_BROKER_CONFIG),
    ...overrides,
  };
  const whole = (key: string): number => {
    const value = Number(config[key]);
    if (!Number.isInteger(value) || value < 1) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `config['${key}']`,
        problem: 'must be a whole number of at least 1',
        value: config[key],
        fix: `leave it at the ${preset} preset's ${(preset === 'production' ? PRODUCTION_BROKER_CONFIG : DEV_BROKER_CONFIG)[key]}`,
      });
    }
    return value;
  };
  for (const key of REPLICATION_KEYS) {
    const replicas = whole(key);
    if (replicas > brokers) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: `config['${key}']`,
        problem: `must not exceed the ${brokers} broker(s): each replica needs its own broker`,
        value: replicas,
        fix: `add broker replicas to the node pools or set it to ${brokers} or less`,
      });
    }
  }
  const defaultReplicationFactor = whole('default.replication.factor');
  const minInsyncReplicas = whole('min.insync.replicas');
  checkMinInsync(
    minInsyncReplicas,
    defaultReplicationFactor,
    allowMinInsyncEqualsReplicas || preset === 'dev',
    context,
    "config['min.insync.replicas']",
    "config['default.replication.factor']",
  );
  checkMinInsync(
    whole('transaction.state.log.min.isr'),
    whole('transaction.state.log.replication.factor'),
    allowMinInsyncEqualsReplicas || preset === 'dev',
    context,
    "config['transaction.state.log.min.isr']",
    "config['transaction.state.log.replication.factor']",
  );
  return { config, defaultReplicationFactor, minInsyncReplicas };
}

/**
 * Checks `min.insync.replicas` against a replication factor: above it no write can be acknowledged; equal to it,
 * one replica down (a broker restart, a drain) stops every write, so it needs `allowEqual`.
 */
export function checkMinInsync(
  minInsync: number,
  replicas: number,
  allowEqual: boolean,
  context: ErrorContext,
  prop: string,
  replicasProp: string,
): void {
  if (minInsync > replicas) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop,
      problem: `must not exceed ${replicasProp} ${replicas}: no write could ever be acknowledged`,
      value: minInsync,
      fix: replicas > 1 ? `set it to ${replicas - 1}` : `set it to 1`,
    });
  }
  if (minInsync === replicas && !allowEqual) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      prop,
      problem: `equals ${replicasProp} ${replicas}: one broker down (a restart, a node drain) stops every write`,
      value: minInsync,
      fix:
        replicas > 1
          ? `set it to ${replicas - 1}, or set allowMinInsyncEqualsReplicas: true to accept stopped writes`
          : 'use at least 3 replicas with min.insync.replicas 2, or set allowMinInsyncEqualsReplicas: true to accept stopped writes',
    });
  }
}
