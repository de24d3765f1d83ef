import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';
import { THANOS_FLAGS_VERSION, THANOS_V0_42_4_FLAGS } from './v0-42-4';
import { FlagSpec, FlagValue, FlagValues, ThanosSubcommand } from './types';

/** Options of {@link buildThanosArgs}. */
export interface ThanosArgsOptions {
  readonly subcommand: ThanosSubcommand;
  /** The flags the construct sets. */
  readonly flags: FlagValues;
  /** Flags the user adds, one key at a time; the same checks apply, and they may not override the construct's. */
  readonly extraFlags?: FlagValues;
  /** The prop the extra flags came from, for error messages. @default 'extraFlags' */
  readonly extraFlagsProp?: string;
}

/**
 * The argv of one Thanos v0.42.4 subcommand: the subcommand, then every flag in name order (repeatable values in
 * the order given). A flag outside the subcommand's `--help`, a deprecated flag, a value of the wrong kind, or an
 * extra flag the construct already sets is an error.
 */
export function buildThanosArgs(options: ThanosArgsOptions, context: ErrorContext): string[] {
  const table = THANOS_V0_42_4_FLAGS[options.subcommand];
  const extraProp = options.extraFlagsProp ?? 'extraFlags';
  const all = new Map<string, FlagValue>();
  const add = (values: FlagValues, propOf: (name: string) => string, extra: boolean) => {
    for (const name of Object.keys(values)) {
      const value = values[name];
      if (value === undefined) continue;
      const prop = propOf(name);
      checkFlag(options.subcommand, name, table[name], value, context, prop);
      if (extra && all.has(name)) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INCOMPATIBLE_PROPS,
          prop,
          problem: 'sets a flag the construct already sets',
          value,
          fix: `use the construct's prop for --${name}, or leave the extra flag out`,
        });
      }
      all.set(name, value);
    }
  };
  add(options.flags, (name) => `flags.${name}`, false);
  add(options.extraFlags ?? {}, (name) => `${extraProp}.${name}`, true);
  const args: string[] = [options.subcommand];
  for (const name of [...all.keys()].sort())
    args.push(...renderFlag(name, table[name] as FlagSpec, all.get(name)!));
  return args;
}

function checkFlag(
  subcommand: ThanosSubcommand,
  name: string,
  spec: FlagSpec | undefined,
  value: FlagValue,
  context: ErrorContext,
  prop: string,
): void {
  if (spec === undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: `is not a flag of thanos ${subcommand} ${THANOS_FLAGS_VERSION}`,
      value: name,
      fix: `write the flag name without '--' as 'thanos ${subcommand} --help' prints it${suggestion(subcommand, name)}`,
    });
  }
  if (spec.deprecated !== undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: `is deprecated in thanos ${subcommand} ${THANOS_FLAGS_VERSION}`,
      value: name,
      fix: spec.deprecated,
    });
  }
  const ok =
    spec.kind === 'bool'
      ? typeof value === 'boolean'
      : spec.kind === 'value'
        ? typeof value === 'string' || typeof value === 'number'
        : Array.isArray(value) || typeof value === 'string' || typeof value === 'number';
  if (!ok) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: `must be ${KIND_WORDS[spec.kind]} for --${name}`,
      value,
      fix: KIND_FIX[spec.kind],
    });
  }
}

const KIND_WORDS = {
  bool: 'a boolean',
  value: 'a string or number',
  repeatable: 'a string or a list',
} as const;
const KIND_FIX = {
  bool: 'write true for --<flag> or false for --no-<flag>',
  value: 'give one value; only repeatable flags take a list',
  repeatable: 'give a list with one entry per occurrence of the flag',
} as const;

function renderFlag(name: string, spec: FlagSpec, value: FlagValue): string[] {
  if (spec.kind === 'bool') return [value ? `--${name}` : `--no-${name}`];
  const values = Array.isArray(value) ? value : [value as string | number];
  return values.map((v) => `--${name}=${v}`);
}

/** ` (did you mean '…'?)` when a known flag of the subcommand differs only by its prefix dashes or case. */
function suggestion(subcommand: ThanosSubcommand, name: string): string {
  const normalized = name.replace(/^-+/, '').toLowerCase();
  const known = Object.keys(THANOS_V0_42_4_FLAGS[subcommand]).find((k) => k === normalized);
  return known !== undefined && known !== name ? ` (did you mean '${known}'?)` : '';
}
