import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The compiled bin, built by test/cli/build.js before the CLI tests run. */
export const MAIN = join(__dirname, '..', '..', 'build', 'lib', 'cli', 'main.js');

/** What a run of the CLI left behind. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node build/lib/cli/main.js ...args` in `cwd`, as a user's shell would. */
export function cliIn(cwd: string, ...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
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
