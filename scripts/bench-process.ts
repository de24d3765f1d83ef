// Whole-process measures for `npm run bench`: wall time from here, CPU time of the child from the kernel's
// accounting of waited-for children (Linux /proc/self/stat `cutime` + `cstime`; null elsewhere).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where kube-thanos's sources are looked for: `KUBE_THANOS_DIR` (a checkout), else this bare mirror. */
export const KUBE_THANOS_MIRROR = '/work/.mirror/thanos-io+kube-thanos/repo';

let ticksPerSecond: number | undefined;

/** CPU seconds of every waited-for child so far, or null where the kernel does not say. */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // fields 16 and 17 of proc(5), counted from the state (field 3)
    return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
  } catch {
    return null;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs `command args` `runs` times; the median wall and CPU seconds, and the last run's standard output. */
export function wholeProcess(
  command: string,
  args: readonly string[],
  runs: number,
  cwd?: string,
): { wallSeconds: number; cpuSeconds: number | null; stdout: string } {
  const walls: number[] = [];
  const cpu: number[] = [];
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const cpuBefore = childrenCpuSeconds();
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    walls.push(Number(process.hrtime.bigint() - started) / 1e9);
    const cpuAfter = childrenCpuSeconds();
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(' ')} failed (${result.status}): ${result.error ?? result.stderr}`,
      );
    }
    if (cpuBefore !== null && cpuAfter !== null) cpu.push(cpuAfter - cpuBefore);
    stdout = result.stdout;
  }
  return {
    wallSeconds: Number(median(walls).toFixed(3)),
    cpuSeconds: cpu.length === runs ? Number(median(cpu).toFixed(3)) : null,
    stdout,
  };
}

/** A directory with kube-thanos's `all.jsonnet` and `jsonnet/`, or why there is none. */
export function kubeThanosSources(): { dir: string; commit: string } | string {
  const checkout = process.env.KUBE_THANOS_DIR;
  if (checkout !== undefined) {
    if (!existsSync(join(checkout, 'all.jsonnet'))) return `KUBE_THANOS_DIR=${checkout} has no all.jsonnet`;
    return { dir: checkout, commit: 'KUBE_THANOS_DIR' };
  }
  if (!existsSync(KUBE_THANOS_MIRROR)) {
    return `no kube-thanos sources: set KUBE_THANOS_DIR to a checkout of github.com/thanos-io/kube-thanos`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'oc-bench-kube-thanos-'));
  const git = (...a: string[]) =>
    execFileSync('git', ['--git-dir', KUBE_THANOS_MIRROR, ...a], { encoding: 'utf8' });
  const commit = git('rev-parse', 'HEAD').trim();
  const archive = execFileSync('git', [
    '--git-dir',
    KUBE_THANOS_MIRROR,
    'archive',
    'HEAD',
    'all.jsonnet',
    'jsonnet',
  ]);
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  return { dir, commit };
}

/**
 * kube-thanos's own rendering of its `all` example, as its build.sh does (`jsonnet -J vendor -m <dir> all.jsonnet`;
 * its only jsonnet dependency is the local `jsonnet/kube-thanos`, vendored here as a symlink). Only the jsonnet
 * step is timed: the JSON-to-YAML conversion build.sh pipes it through is left out, in jsonnet's favour.
 */
export function jsonnetRun(
  sources: { dir: string; commit: string },
  runs: number,
): { wallSeconds: number; cpuSeconds: number | null; objects: number; commit: string } | { reason: string } {
  const version = spawnSync('jsonnet', ['--version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0) {
    return { reason: 'no jsonnet binary on PATH (Debian: apt-get install jsonnet)' };
  }
  const vendor = join(sources.dir, 'vendor');
  if (!existsSync(join(vendor, 'kube-thanos'))) {
    mkdirSync(vendor, { recursive: true });
    symlinkSync(join(sources.dir, 'jsonnet', 'kube-thanos'), join(vendor, 'kube-thanos'));
  }
  const out = mkdtempSync(join(tmpdir(), 'oc-bench-jsonnet-'));
  const { stdout, ...times } = wholeProcess(
    'jsonnet',
    ['-J', 'vendor', '-m', out, 'all.jsonnet'],
    runs,
    sources.dir,
  );
  void stdout;
  return { ...times, objects: readdirSync(out).length, commit: sources.commit };
}
