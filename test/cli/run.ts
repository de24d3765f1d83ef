import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as fleetPlan from '../../lib/cli/fleet-plan';
import { runCli } from '../../lib/cli/program';

/**
 * The package version, as the bin (lib/cli/main.ts) reads it from package.json.
 */
const VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * The JSON of `value` with object keys sorted and what a request leaves unset dropped: `undefined` properties and
 * objects that hold nothing else. The CLI's request for `plan --pattern receive --clusters 1000` carries every
 * option it was not given as `undefined` (`load: { churnPerDay: undefined, … }`), a test's
 * `planFleet({ clusters: 1000, pattern: 'receive' })` leaves them out: both ask for the same plan.
 */
export function requestKey(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (typeof v !== 'object' || v === null) return v;
    const entries = Object.keys(v)
      .sort()
      .map((k) => [k, canonical((v as Record<string, unknown>)[k])] as const)
      .filter(([, c]) => c !== undefined && !(isPlainObject(c) && Object.keys(c).length === 0));
    return Object.fromEntries(entries);
  };
  return JSON.stringify(canonical(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Memoizes `fn` by its arguments (compared by {@link requestKey}), freezing what it returns so that no caller can
 * change what a later caller gets. Only for functions whose result depends on nothing but their arguments, and
 * gives the same for an unset option as for a missing one.
 */
function memoize<A extends unknown[], R>(fn: (...args: A) => R, freeze = true): (...args: A) => R {
  const results = new Map<string, R>();
  return (...args: A) => {
    const key = requestKey(args);
    if (!results.has(key)) results.set(key, freeze ? deepFreeze(fn(...args)) : fn(...args));
    return results.get(key)!;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// A plan synthesizes the whole fleet (a 200-cluster plan ~0.8 s, a 1000-cluster one ~4 s of CPU), and a file's CLI
// runs ask for the same plan in several formats (table, JSON, diagram, markdown). Synthesis is deterministic
// (test/examples/examples.test.ts), so the program gets each plan built once per file and per request; what it
// prints from it is still produced by every run. synthesizeFleetPattern returns the pattern's constructs: cached,
// not frozen.
const { planFleet, compareFleetPatterns, synthesizeFleetPattern } = fleetPlan;
jest.spyOn(fleetPlan, 'planFleet').mockImplementation(memoize(planFleet));
jest.spyOn(fleetPlan, 'compareFleetPatterns').mockImplementation(memoize(compareFleetPatterns));
jest.spyOn(fleetPlan, 'synthesizeFleetPattern').mockImplementation(memoize(synthesizeFleetPattern, false));

/** What a run of the CLI left behind. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI's program (lib/cli/program.ts `runCli`, what the bin calls with the process's streams) in this
 * process, with stdout and stderr captured and `--out` paths resolved against `cwd`, as a shell in `cwd` would.
 * The process around it (bin, shebang, exit code) is covered by the one spawned run in test/cli/install.test.ts,
 * which installs the packed tarball and runs its bin.
 */
export function cliIn(cwd: string, ...args: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const status = runCli(
    args,
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      writeFile: (path, text) => writeFileSync(resolve(cwd, path), text),
    },
    VERSION,
  );
  return { status, stdout, stderr };
}

/** Runs the CLI from the system's temporary directory. */
export function cli(...args: string[]): CliRun {
  return cliIn(tmpdir(), ...args);
}

/** Runs `fn` in a fresh scratch directory (for `--out`), removed afterwards. */
export function inScratchDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'oc-cli-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The usage hint commander prints after every bad-argument error. */
export const HINT = '(add --help for usage)\n';
