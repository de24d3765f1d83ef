import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};
const DECIMAL_SUFFIXES: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
};

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P|m)?$/;

function invalid(context: ErrorContext, prop: string, value: unknown, kind: string, example: string) {
  return new ObservabilityConstructError(context, {
    code: ErrorCode.INVALID_QUANTITY,
    prop,
    problem: `is not a valid ${kind} quantity`,
    value,
    fix: `write it as Kubernetes does, e.g. ${example}`,
  });
}

const PARSE_CONTEXT: ErrorContext = { construct: 'Quantity', path: 'parse' };

/**
 * A CPU quantity held in whole millicores, so sums across many workloads are exact.
 */
export class Cpu {
  /** Parses `500m`, `2`, `1.5` or a number of cores. */
  public static parse(value: string | number, context: ErrorContext = PARSE_CONTEXT, prop = 'cpu'): Cpu {
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || value < 0) throw invalid(context, prop, value, 'CPU', `'500m' or 2`);
      return new Cpu(Math.round(value * 1000));
    }
    const match = QUANTITY.exec(value);
    if (!match || (match[2] !== undefined && match[2] !== 'm')) {
      throw invalid(context, prop, value, 'CPU', `'500m' or '2'`);
    }
    const n = Number(match[1]);
    const millis = match[2] === 'm' ? n : n * 1000;
    const whole = Math.round(millis);
    if (Math.abs(whole - millis) > 1e-6) {
      throw invalid(context, prop, value, 'CPU (whole millicores)', `'500m' or '2'`);
    }
    return new Cpu(whole);
  }

  public static millicores(millis: number): Cpu {
    return new Cpu(millis);
  }

  public static cores(cores: number): Cpu {
    return new Cpu(Math.round(cores * 1000));
  }

  /** The sum of the given quantities (zero for none). */
  public static sum(values: readonly Cpu[]): Cpu {
    return new Cpu(values.reduce((acc, v) => acc + v.millis, 0));
  }

  private constructor(public readonly millis: number) {}

  public get cores(): number {
    return this.millis / 1000;
  }

  public plus(other: Cpu): Cpu {
    return new Cpu(this.millis + other.millis);
  }

  public times(factor: number): Cpu {
    return new Cpu(Math.round(this.millis * factor));
  }

  public compare(other: Cpu): number {
    return this.millis - other.millis;
  }

  /** Kubernetes form: whole cores as `2`, anything else in millicores (`500m`). */
  public toString(): string {
    return this.millis % 1000 === 0 ? String(this.millis / 1000) : `${this.millis}m`;
  }
}

/**
 * A memory or storage quantity held in bytes.
 */
export class Memory {
  /** Parses `512Mi`, `1Gi`, `1G`, `1500M` or a number of bytes. */
  public static parse(
    value: string | number,
    context: ErrorContext = PARSE_CONTEXT,
    prop = 'memory',
  ): Memory {
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0)
        throw invalid(context, prop, value, 'memory', `'512Mi' or '2Gi'`);
      return new Memory(value);
    }
    const match = QUANTITY.exec(value);
    if (!match || match[2] === 'm') throw invalid(context, prop, value, 'memory', `'512Mi' or '2Gi'`);
    const suffix = match[2] ?? '';
    const factor = BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix];
    const bytes = Number(match[1]) * (factor as number);
    if (!Number.isSafeInteger(bytes)) throw invalid(context, prop, value, 'memory (whole bytes)', `'512Mi'`);
    return new Memory(bytes);
  }

  public static bytes(bytes: number): Memory {
    return new Memory(bytes);
  }

  public static mebibytes(mib: number): Memory {
    return new Memory(Math.round(mib * 2 ** 20));
  }

  public static gibibytes(gib: number): Memory {
    return new Memory(Math.round(gib * 2 ** 30));
  }

  public static sum(values: readonly Memory[]): Memory {
    return new Memory(values.reduce((acc, v) => acc + v.bytes, 0));
  }

  private constructor(public readonly bytes: number) {}

  public get mebibytes(): number {
    return this.bytes / 2 ** 20;
  }

  public get gibibytes(): number {
    return this.bytes / 2 ** 30;
  }

  public plus(other: Memory): Memory {
    return new Memory(this.bytes + other.bytes);
  }

  public times(factor: number): Memory {
    return new Memory(Math.round(this.bytes * factor));
  }

  public compare(other: Memory): number {
    return this.bytes - other.bytes;
  }

  /** Kubernetes form with the largest binary suffix that divides evenly (`1Gi`, `1536Mi`), else bytes. */
  public toString(): string {
    for (const suffix of ['Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      const factor = BINARY_SUFFIXES[suffix] as number;
      if (this.bytes >= factor && this.bytes % factor === 0) return `${this.bytes / factor}${suffix}`;
    }
    return String(this.bytes);
  }
}
