import { ErrorCode, ErrorContext, ObservabilityConstructError, requireWholeNumber } from '../core';

/** CPU utilisation the autoscalers of collectors and queries aim at. */
export const DEFAULT_TARGET_CPU_UTILIZATION = 70;
/** Unless told otherwise, an autoscaler may grow a role to this many times its replicas. */
export const DEFAULT_MAX_REPLICAS_FACTOR = 3;

/** How a replicated role scales. */
export interface ScalingProps {
  /** Replicas, and the autoscaler's minimum. */
  readonly replicas?: number;
  /** The autoscaler's maximum; equal to `replicas` turns autoscaling off. @default replicas × DEFAULT_MAX_REPLICAS_FACTOR */
  readonly maxReplicas?: number;
  /** @default DEFAULT_TARGET_CPU_UTILIZATION */
  readonly targetCpuUtilization?: number;
}

/** Resolved scaling: the autoscaler is present when `maxReplicas` exceeds `replicas`. */
export interface ResolvedScaling {
  readonly replicas: number;
  readonly autoscaling?: { readonly maxReplicas: number; readonly cpuUtilization: number };
}

/** Checks and fills {@link ScalingProps}. `prefix` is the prop path of the role (`collector.`, or empty). */
export function resolveScaling(
  props: ScalingProps,
  defaultReplicas: number,
  context: ErrorContext,
  prefix = '',
): ResolvedScaling {
  const replicas = props.replicas ?? defaultReplicas;
  requireWholeNumber(
    replicas,
    1,
    context,
    `${prefix}replicas`,
    `use at least 2 for a role that must survive a node drain (the reference design's medium profile runs ${defaultReplicas})`,
  );
  const maxReplicas = props.maxReplicas ?? replicas * DEFAULT_MAX_REPLICAS_FACTOR;
  if (!Number.isInteger(maxReplicas) || maxReplicas < replicas) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: `${prefix}maxReplicas`,
      problem: `must be a whole number not below ${prefix}replicas ${replicas}`,
      value: maxReplicas,
      fix: `set it to at least ${replicas}, or equal to replicas to turn autoscaling off`,
    });
  }
  const cpuUtilization = props.targetCpuUtilization ?? DEFAULT_TARGET_CPU_UTILIZATION;
  if (!Number.isInteger(cpuUtilization) || cpuUtilization < 10 || cpuUtilization > 100) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prefix}targetCpuUtilization`,
      problem: 'must be a whole percentage between 10 and 100',
      value: cpuUtilization,
      fix: `use ${DEFAULT_TARGET_CPU_UTILIZATION} to leave headroom for bursts`,
    });
  }
  return maxReplicas > replicas ? { replicas, autoscaling: { maxReplicas, cpuUtilization } } : { replicas };
}
