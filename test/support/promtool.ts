import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

/** Whether the real promtool (Debian package `prometheus`) is on the PATH. */
export const HAS_PROMTOOL = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * `describe` when promtool is installed. Without it: in CI (process.env.CI set) the block fails loudly, since CI
 * installs it; elsewhere it is skipped with a message.
 */
export function describeWithPromtool(name: string, body: () => void): void {
  if (HAS_PROMTOOL) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => {
      test('promtool is installed', () => {
        throw new Error(
          'promtool is missing in CI: .ci/run installs the Debian package prometheus before npm test',
        );
      });
    });
  } else {
    describe.skip(
      `${name} (skipped: promtool is not installed; apt-get install prometheus to run these checks)`,
      body,
    );
  }
}

/**
 * Writes `files` (path relative to a fresh temp dir → content) and runs `promtool <args>` on them, with `{dir}` in
 * the args and files replaced by the temp dir. Returns promtool's output; throws with it when promtool fails.
 */
export function promtool(args: readonly string[], files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'oc-promtool-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content.split('{dir}').join(dir));
    }
    try {
      return execFileSync(
        'promtool',
        args.map((a) => a.split('{dir}').join(dir)),
        { encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Debian's `prometheus` package is built without Kubernetes service discovery, so its promtool rejects
 * `kubernetes_sd_configs` ("field kubernetes_sd_configs not found"). This drops that one key from every scrape
 * job (everything else, relabel rules included, is still checked) and reports how many jobs it touched.
 */
export function withoutKubernetesSd(prometheusYaml: string): { yaml: string; dropped: number } {
  const config = parse(prometheusYaml) as { scrape_configs?: Record<string, unknown>[] };
  let dropped = 0;
  for (const job of config.scrape_configs ?? []) {
    if ('kubernetes_sd_configs' in job) {
      delete job.kubernetes_sd_configs;
      dropped++;
    }
  }
  return { yaml: stringify(config), dropped };
}
