import { ErrorCode } from '../../lib/core';
import { resolveScaling } from '../../lib/jaeger';
import { expectConstructError } from '../support/errors';

const context = { construct: 'JaegerCollector', path: 'test/collector' };

describe('resolveScaling limits at their edge and edge+1', () => {
  test('maxReplicas equal to replicas: accepted, autoscaling off; one below: rejected', () => {
    expect(resolveScaling({ replicas: 3, maxReplicas: 3 }, 2, context)).toEqual({ replicas: 3 });
    expect(resolveScaling({ replicas: 3, maxReplicas: 4 }, 2, context)).toEqual({
      replicas: 3,
      autoscaling: { maxReplicas: 4, cpuUtilization: 70 },
    });
    const error = expectConstructError(
      () => resolveScaling({ replicas: 3, maxReplicas: 2 }, 2, context),
      "JaegerCollector 'test/collector': 'maxReplicas' must be a whole number not below replicas 3 (got 2); set it to at least 3, or equal to replicas to turn autoscaling off",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expect(error.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
  });

  test.each([10, 100])('targetCpuUtilization %i (an edge) is accepted', (cpu) => {
    expect(resolveScaling({ replicas: 1, maxReplicas: 2, targetCpuUtilization: cpu }, 1, context)).toEqual({
      replicas: 1,
      autoscaling: { maxReplicas: 2, cpuUtilization: cpu },
    });
  });

  test.each([9, 101])('targetCpuUtilization %i (edge±1) is rejected', (cpu) => {
    const error = expectConstructError(
      () => resolveScaling({ replicas: 1, maxReplicas: 2, targetCpuUtilization: cpu }, 1, context),
      `JaegerCollector 'test/collector': 'targetCpuUtilization' must be a whole percentage between 10 and 100 (got ${cpu}); use 70 to leave headroom for bursts`,
      ErrorCode.INVALID_VALUE,
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
  });

  test('replicas 1 is accepted, 0 is not', () => {
    expect(resolveScaling({ replicas: 1, maxReplicas: 1 }, 2, context)).toEqual({ replicas: 1 });
    const error = expectConstructError(
      () => resolveScaling({ replicas: 0 }, 2, context),
      "JaegerCollector 'test/collector': 'replicas' must be a whole number of at least 1 (got 0); use at least 2 for a role that must survive a node drain (the reference design's medium profile runs 2)",
      ErrorCode.INVALID_VALUE,
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
  });
});
