import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../lib/cli/program';

/**
 * The package version, as the bin (lib/cli/main.ts) reads it from package.json.
 */
const VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

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
