/** The Thanos subcommands this library runs. */
export type ThanosSubcommand =
  'query' | 'query-frontend' | 'store' | 'compact' | 'rule' | 'receive' | 'sidecar';

/**
 * How a flag takes its value on the command line:
 * - `bool`: kingpin's negatable boolean, written `--name` (true) or `--no-name` (false);
 * - `value`: `--name=value`, at most once;
 * - `repeatable`: `--name=value` once per value.
 */
export type FlagKind = 'bool' | 'value' | 'repeatable';

/** One flag of one subcommand. */
export interface FlagSpec {
  readonly kind: FlagKind;
  /** Set when the upstream help marks the flag deprecated: what to use instead. */
  readonly deprecated?: string;
}

/** Flag name (without `--`) → spec. */
export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** A value for a flag: a boolean for `bool` flags, a string or number for `value`, a list for `repeatable`. */
export type FlagValue = boolean | string | number | readonly (string | number)[];

/** Flags to render, by name (without `--`). `undefined` entries are skipped. */
export type FlagValues = Readonly<Record<string, FlagValue | undefined>>;
