import { k8s } from 'cdk8s-plus-28';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';
import { Cpu, Memory } from './quantity';

/**
 * Resources of one container as the user writes them. Requests are what the scheduler reserves and what the
 * sizing reports add up; limits default from the requests.
 */
export interface ResourceSpec {
  /** CPU request, e.g. `500m` or `2`. */
  readonly cpu: string;
  /** Memory request, e.g. `1Gi`. */
  readonly memory: string;
  /**
   * CPU limit.
   * @default twice the CPU request ({@link DEFAULT_CPU_LIMIT_FACTOR}), so bursts are absorbed without letting one
   * pod take a node
   */
  readonly cpuLimit?: string;
  /**
   * Memory limit.
   * @default the memory request: a pod never uses memory the scheduler did not reserve
   */
  readonly memoryLimit?: string;
}

/** The CPU limit is this many times the request unless the user sets `cpuLimit`. */
export const DEFAULT_CPU_LIMIT_FACTOR = 2;

/** Parsed, checked resources of one container. */
export interface Resources {
  readonly requests: { readonly cpu: Cpu; readonly memory: Memory };
  readonly limits: { readonly cpu: Cpu; readonly memory: Memory };
}

/** Parses and checks a {@link ResourceSpec}: limits must not be below requests. */
export function resolveResources(spec: ResourceSpec, context: ErrorContext, prop: string): Resources {
  const cpu = Cpu.parse(spec.cpu, context, `${prop}.cpu`);
  const memory = Memory.parse(spec.memory, context, `${prop}.memory`);
  const cpuLimit =
    spec.cpuLimit !== undefined
      ? Cpu.parse(spec.cpuLimit, context, `${prop}.cpuLimit`)
      : cpu.times(DEFAULT_CPU_LIMIT_FACTOR);
  const memoryLimit =
    spec.memoryLimit !== undefined ? Memory.parse(spec.memoryLimit, context, `${prop}.memoryLimit`) : memory;
  if (cpu.millis === 0 || memory.bytes === 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: cpu.millis === 0 ? `${prop}.cpu` : `${prop}.memory`,
      problem: 'must be greater than zero',
      value: cpu.millis === 0 ? spec.cpu : spec.memory,
      fix: 'request what the container needs; a zero request makes the scheduler overcommit the node',
    });
  }
  if (cpuLimit.compare(cpu) < 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.cpuLimit`,
      problem: `must not be below the CPU request ${cpu}`,
      value: spec.cpuLimit,
      fix: `raise cpuLimit to at least '${cpu}' or lower cpu`,
    });
  }
  if (memoryLimit.compare(memory) < 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.memoryLimit`,
      problem: `must not be below the memory request ${memory}`,
      value: spec.memoryLimit,
      fix: `raise memoryLimit to at least '${memory}' or lower memory`,
    });
  }
  return { requests: { cpu, memory }, limits: { cpu: cpuLimit, memory: memoryLimit } };
}

/** The Kubernetes form of checked resources. */
export function toResourceRequirements(resources: Resources): k8s.ResourceRequirements {
  return {
    requests: {
      cpu: k8s.Quantity.fromString(resources.requests.cpu.toString()),
      memory: k8s.Quantity.fromString(resources.requests.memory.toString()),
    },
    limits: {
      cpu: k8s.Quantity.fromString(resources.limits.cpu.toString()),
      memory: k8s.Quantity.fromString(resources.limits.memory.toString()),
    },
  };
}
