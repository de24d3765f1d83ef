import { IConstruct } from 'constructs';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../core';

/** Who uses a consumer group: the consuming workload and the Kafka principal, when known. */
export interface ConsumerGroupClaim {
  /** `Deployment/<namespace>/<name>` of the consuming workload. */
  readonly workload?: string;
  /** `KafkaUser/<namespace>/<name>` of the principal the consumers authenticate as. */
  readonly user?: string;
}

interface Owner {
  workload?: string;
  user?: string;
}

/** One registry per construct tree (keyed by its root), so separate apps never see each other's groups. */
const REGISTRIES = new WeakMap<IConstruct, Map<string, Owner>>();

/**
 * Records that a pipeline consumes with `group` on the cluster `clusterIdentity`, and fails when another pipeline
 * already does. Members of one group split the partitions between them: two different workloads in one group each
 * see only part of the data, which silently loses it for both. Claims that agree (the autoscaler and the KafkaUser
 * of the same consumer) merge.
 */
export function claimConsumerGroup(
  scope: IConstruct,
  clusterIdentity: string,
  group: string,
  claim: ConsumerGroupClaim,
  context: ErrorContext,
  prop: string,
): void {
  const root = scope.node.root;
  const registry = REGISTRIES.get(root) ?? new Map<string, Owner>();
  REGISTRIES.set(root, registry);
  const key = `${clusterIdentity}\u0000${group}`;
  const owner = registry.get(key);
  if (owner === undefined) {
    registry.set(key, { ...claim });
    return;
  }
  const clash =
    (owner.workload !== undefined && claim.workload !== undefined && owner.workload !== claim.workload) ||
    (owner.user !== undefined && claim.user !== undefined && owner.user !== claim.user);
  if (clash) {
    const other = [owner.workload, owner.user].filter((s) => s !== undefined).join(' as ');
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop,
      problem: `is already consumed by ${other}: members of one group split the partitions, so each pipeline would miss the other's share`,
      value: group,
      fix: 'give each pipeline its own consumer group',
    });
  }
  owner.workload = owner.workload ?? claim.workload;
  owner.user = owner.user ?? claim.user;
}
