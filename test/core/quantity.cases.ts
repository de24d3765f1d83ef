import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { Cpu, ErrorCode, Memory, ObservabilityConstructError } from '../../lib/core';

const ctx = { construct: 'Test', path: 'p' };

describe('Cpu', () => {
  test.each([
    ['500m', 500, '500m'],
    ['2', 2000, '2'],
    ['1.5', 1500, '1500m'],
    ['1.1', 1100, '1100m'],
    ['0.25', 250, '250m'],
    [3, 3000, '3'],
    [0.1, 100, '100m'],
  ])('parses %p as %d millicores and prints %s', (input, millis, printed) => {
    const cpu = Cpu.parse(input);
    expect(cpu.millis).toBe(millis);
    expect(cpu.toString()).toBe(printed);
  });

  test('adds, multiplies and sums exactly', () => {
    expect(Cpu.parse('500m').plus(Cpu.parse('1.5')).toString()).toBe('2');
    expect(Cpu.parse('2').times(3).cores).toBe(6);
    expect(Cpu.sum([Cpu.cores(2), Cpu.cores(2), Cpu.millicores(500)]).cores).toBe(4.5);
    expect(Cpu.sum([]).millis).toBe(0);
    expect(Cpu.parse('1').compare(Cpu.parse('999m'))).toBeGreaterThan(0);
  });

  test.each([['1Gi'], ['abc'], ['-1'], ['0.0001'], ['1.5m']])('rejects %p with a fix', (input) => {
    const error = (() => {
      try {
        Cpu.parse(input, ctx, 'resources.cpu');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ObservabilityConstructError);
    expect((error as ObservabilityConstructError).code).toBe(ErrorCode.INVALID_QUANTITY);
  });

  test('error message names the prop, the value and the fix', () => {
    expectConstructError(
      () => Cpu.parse('1Gi', ctx, 'resources.cpu'),
      "Test 'p': 'resources.cpu' is not a valid CPU quantity (got \"1Gi\"); write it as Kubernetes does, e.g. '500m' or '2'",
      ErrorCode.INVALID_QUANTITY,
    );
    expectConstructError(
      () => Cpu.parse('0.0001', ctx, 'cpu'),
      "Test 'p': 'cpu' is not a valid CPU (whole millicores) quantity (got \"0.0001\"); write it as Kubernetes does, e.g. '500m' or '2'",
      ErrorCode.INVALID_QUANTITY,
    );
  });
});

describe('Memory', () => {
  test.each([
    ['1Gi', 2 ** 30, '1Gi'],
    ['512Mi', 512 * 2 ** 20, '512Mi'],
    ['1536Mi', 1536 * 2 ** 20, '1536Mi'],
    ['1G', 1e9, '1000000000'],
    ['2Ti', 2 * 2 ** 40, '2Ti'],
    ['100', 100, '100'],
    [4096, 4096, '4Ki'],
  ])('parses %p as %d bytes and prints %s', (input, bytes, printed) => {
    const memory = Memory.parse(input);
    expect(memory.bytes).toBe(bytes);
    expect(memory.toString()).toBe(printed);
  });

  test('adds, multiplies and sums exactly', () => {
    expect(Memory.parse('1Gi').plus(Memory.parse('512Mi')).toString()).toBe('1536Mi');
    expect(Memory.parse('4Gi').times(3).gibibytes).toBe(12);
    expect(Memory.sum([Memory.gibibytes(41), Memory.gibibytes(48)]).gibibytes).toBe(89);
    expect(Memory.mebibytes(1024).toString()).toBe('1Gi');
    expect(Memory.parse('1Gi').mebibytes).toBe(1024);
  });

  test('rejects millibytes and garbage with the prop name', () => {
    expectConstructError(
      () => Memory.parse('100m', ctx, 'storage.size'),
      "Test 'p': 'storage.size' is not a valid memory quantity (got \"100m\"); write it as Kubernetes does, e.g. '512Mi' or '2Gi'",
      ErrorCode.INVALID_QUANTITY,
    );
    expectErrorCode(
      () => Memory.parse('1.5', ctx),
      ErrorCode.INVALID_QUANTITY,
      'memory',
      'is not a valid memory (whole bytes) quantity',
    );
    expectConstructError(
      () => Memory.parse('ten', ctx),
      "Test 'p': 'memory' is not a valid memory quantity (got \"ten\"); write it as Kubernetes does, e.g. '512Mi' or '2Gi'",
      ErrorCode.INVALID_QUANTITY,
    );
  });
});
