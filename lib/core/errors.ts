import { IConstruct } from 'constructs';

/**
 * Stable error codes. Code that catches {@link ObservabilityConstructError} may switch on them; they never change
 * meaning once released.
 */
export enum ErrorCode {
  /** A prop has a value outside what the construct accepts. */
  INVALID_VALUE = 'OC001',
  /** Two or more props that cannot be used together. */
  INCOMPATIBLE_PROPS = 'OC002',
  /** A quantity (CPU, memory, storage) that cannot be parsed. */
  INVALID_QUANTITY = 'OC003',
  /** A Kubernetes or upstream name that the API server or the upstream software rejects. */
  INVALID_NAME = 'OC004',
  /** A credential given as a literal where only a Secret reference is accepted. */
  LITERAL_SECRET = 'OC005',
  /** A reference to something that does not exist (a Secret key, a storage name, a chart). */
  DANGLING_REFERENCE = 'OC006',
  /** A setting that would lose data or availability unless the user opts in explicitly. */
  UNSAFE_WITHOUT_OPT_IN = 'OC007',
  /** A migration phase or source pattern the migration does not have. */
  UNKNOWN_MIGRATION = 'OC008',
  /** Two fleet states that cannot be diffed or moved between (different patterns, clusters dropped unnamed). */
  INCOMPATIBLE_FLEET_CHANGE = 'OC009',
}

/** Where an error was raised: the construct type and its path in the tree (or a builder's name). */
export interface ErrorContext {
  /** The construct or builder type, e.g. `JaegerAllInOne`. */
  readonly construct: string;
  /** The construct path (`node.path`) or, for a pure builder, a name the caller chose. */
  readonly path: string;
}

/** What went wrong, and how to fix it. */
export interface ErrorDetail {
  readonly code: ErrorCode;
  /** The prop, as the user wrote it (dotted for nested props: `storage.badger.ttl`). */
  readonly prop: string;
  /** The problem, phrased to follow the prop name: "must be at least 1". */
  readonly problem: string;
  /** The offending value. Rendered by {@link renderValue} (strings quoted, objects as JSON). */
  readonly value: unknown;
  /** The fix, as an instruction to the user. */
  readonly fix: string;
}

/**
 * The one error class of the library. Its message always reads
 * `<Construct> '<path>': '<prop>' <problem> (got <value>); <fix>`.
 */
export class ObservabilityConstructError extends Error {
  public readonly code: ErrorCode;
  public readonly construct: string;
  public readonly path: string;
  public readonly prop: string;
  public readonly value: unknown;
  public readonly fix: string;

  constructor(context: ErrorContext, detail: ErrorDetail) {
    super(
      `${context.construct} '${context.path}': '${detail.prop}' ${detail.problem} ` +
        `(got ${renderValue(detail.value)}); ${detail.fix}`,
    );
    this.name = 'ObservabilityConstructError';
    this.code = detail.code;
    this.construct = context.construct;
    this.path = context.path;
    this.prop = detail.prop;
    this.value = detail.value;
    this.fix = detail.fix;
  }
}

/** The error context of a construct: its class name and tree path. */
export function contextOf(construct: IConstruct, constructType?: string): ErrorContext {
  return { construct: constructType ?? construct.constructor.name, path: construct.node.path };
}

/**
 * Renders a value for an error message: strings quoted, objects as compact JSON, numbers and `undefined` as they are.
 * What JSON cannot write (a function, a symbol, a BigInt, an object that contains itself), which a JavaScript caller
 * can pass anywhere, is rendered too, so the error that names it is raised rather than a TypeError.
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'number') return String(value); // NaN and Infinity, which JSON writes as null
  if (typeof value === 'function') return value.name ? `[function ${value.name}]` : '[function]';
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // a cycle, or a BigInt inside: the value's own text
  }
  json ??= String(value);
  return json.length > 200 ? `${json.slice(0, 197)}...` : json;
}

/**
 * Checks that `value` is a whole number of at least `min`, else throws `INVALID_VALUE` with the problem
 * "must be a whole number of at least <min>" and the given fix. Returns the value.
 */
export function requireWholeNumber(
  value: number,
  min: number,
  context: ErrorContext,
  prop: string,
  fix: string,
): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: `must be a whole number of at least ${min}`,
      value,
      fix,
    });
  }
  return value;
}

/**
 * Checks that a required prop is given (JavaScript callers are not stopped by the types), else throws
 * `INVALID_VALUE` with the problem "is required" and the given fix. Returns the value.
 */
export function requireProp<T>(
  value: T | undefined | null,
  context: ErrorContext,
  prop: string,
  fix: string,
): T {
  if (value === undefined || value === null) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'is required',
      value,
      fix,
    });
  }
  return value;
}
