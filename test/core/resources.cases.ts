import { ErrorCode, ResourceSpec, resolveResources, toResourceRequirements } from '../../lib/core';
import { expectConstructError } from '../support/errors';

const ctx = { construct: 'Test', path: 'chart/x' };

describe('resolveResources', () => {
  test('limits default to twice the CPU and the memory request', () => {
    const r = resolveResources({ cpu: '500m', memory: '1Gi' }, ctx, 'resources');
    expect(r.limits.cpu.millis).toBe(1000); // the documented @default: twice the request
    expect(r.limits.memory.toString()).toBe('1Gi');
    const k = toResourceRequirements(r);
    expect(k.requests?.cpu?.value).toBe('500m');
    expect(k.limits?.cpu?.value).toBe('1');
    expect(k.limits?.memory?.value).toBe('1Gi');
  });

  test('explicit limits are kept', () => {
    const r = resolveResources({ cpu: '1', memory: '2Gi', cpuLimit: '4', memoryLimit: '3Gi' }, ctx, 'r');
    expect(r.limits.cpu.toString()).toBe('4');
    expect(r.limits.memory.toString()).toBe('3Gi');
  });

  test.each<[ResourceSpec, string, ErrorCode]>([
    [
      { cpu: '1', memory: '1Gi', cpuLimit: '500m' },
      "Test 'chart/x': 'resources.cpuLimit' must not be below the CPU request 1 (got \"500m\"); raise cpuLimit to at least '1' or lower cpu",
      ErrorCode.INVALID_VALUE,
    ],
    [
      { cpu: '1', memory: '1Gi', memoryLimit: '512Mi' },
      "Test 'chart/x': 'resources.memoryLimit' must not be below the memory request 1Gi (got \"512Mi\"); raise memoryLimit to at least '1Gi' or lower memory",
      ErrorCode.INVALID_VALUE,
    ],
    [
      { cpu: '0', memory: '1Gi' },
      "Test 'chart/x': 'resources.cpu' must be greater than zero (got \"0\"); request what the container needs; a zero request makes the scheduler overcommit the node",
      ErrorCode.INVALID_VALUE,
    ],
    [
      { cpu: '1', memory: '0' },
      "Test 'chart/x': 'resources.memory' must be greater than zero (got \"0\"); request what the container needs; a zero request makes the scheduler overcommit the node",
      ErrorCode.INVALID_VALUE,
    ],
  ])('rejects %p', (spec, message, code) => {
    expectConstructError(() => resolveResources(spec, ctx, 'resources'), message, code);
  });
});
