import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

/** A scratch directory the runs start in (for `--out`). */
export const workDir = mkdtempSync(join(tmpdir(), 'oc-cli-'));

/** Runs `node build/lib/cli/main.js ...args` in a scratch directory, as a user's shell would. */
export function cli(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [MAIN, ...args], { cwd: workDir, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The usage hint commander prints after every bad-argument error. */
export const HINT = '(add --help for usage)\n';
