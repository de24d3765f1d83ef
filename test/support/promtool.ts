import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { SERVICE_ACCOUNT_DIR } from '../../lib/prometheus';
import { describeWith, probeResults } from './prerequisites';

/** Whether the real promtool (Debian package `prometheus`) is on the PATH and runs (probed once per jest run). */
export const HAS_PROMTOOL = probeResults().promtool.status === 'ok';

/**
 * `describe` when promtool works. Missing: skipped with a message, but failing in CI (process.env.CI set), since
 * .ci/run installs it. Installed but failing its probe: fails everywhere (test/support/prerequisites.ts).
 */
export function describeWithPromtool(name: string, body: () => void): void {
  describeWith('promtool', name, body);
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
 * Runs ONE promtool over many files (`promtool check rules a.yml b.yml …`, `check config` likewise): writes `files`
 * (path relative to a fresh temp dir → content, `{dir}` replaced) and returns, per path in `checked`, the part of
 * promtool's output about it (from its `Checking <path>` line to the next checked path's), and the exit status.
 * One process instead of one per file; each test still asserts its own file's part.
 */
export function promtoolBatch(
  command: readonly string[],
  checked: readonly string[],
  files: Record<string, string>,
  /** What promtool prints before each checked file: `Checking ` (check), `Unit Testing:  ` (test rules). */
  header = 'Checking ',
): { status: number | null; sections: Map<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'oc-promtool-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content.split('{dir}').join(dir));
    }
    const run = spawnSync('promtool', [...command, ...checked.map((p) => join(dir, p))], {
      encoding: 'utf8',
    });
    if (run.error) throw run.error;
    const output = `${run.stdout}${run.stderr}`;
    const starts = checked.map((p) => output.indexOf(`${header}${join(dir, p)}\n`));
    const sections = new Map(
      checked.map((p, i) => {
        const start = starts[i]!;
        const next = starts.filter((s) => s > start).sort((a, b) => a - b)[0] ?? output.length;
        return [
          p,
          start < 0 ? `(promtool printed nothing about ${p})\n${output}` : output.slice(start, next),
        ];
      }),
    );
    return { status: run.status, sections };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The fields of one `kubernetes_sd_configs` entry and its roles, from prometheus/prometheus@v3.13.2
 * discovery/kubernetes/kubernetes.go (SDConfig, NamespaceDiscovery, the Role constants). HTTP client fields
 * (inline) are not used by the library and are not listed.
 */
const KUBERNETES_SD_FIELDS = new Set([
  'api_server',
  'role',
  'kubeconfig_file',
  'namespaces',
  'selectors',
  'attach_metadata',
]);
const KUBERNETES_SD_ROLES = new Set(['node', 'pod', 'service', 'endpoints', 'endpointslice', 'ingress']);
const NAMESPACE_FIELDS = new Set(['names', 'own_namespace']);

/**
 * Debian's `prometheus` package is built without Kubernetes service discovery, so its promtool rejects
 * `kubernetes_sd_configs` ("field kubernetes_sd_configs not found"). This checks that key here against the
 * v3.13.2 field table (known fields and roles, namespace names a list of strings; throws otherwise), then drops it
 * from every scrape job so promtool checks everything else (relabel rules, TLS and authorization included), and
 * reports how many jobs it touched. The service-account token and CA a pod would have mounted are moved under
 * `{dir}/serviceaccount` and returned as `files` (for {@link promtool}), since promtool checks they exist.
 */
export function withoutKubernetesSd(prometheusYaml: string): {
  yaml: string;
  dropped: number;
  files: Record<string, string>;
} {
  const config = parse(prometheusYaml) as { scrape_configs?: Record<string, unknown>[] };
  let dropped = 0;
  for (const job of config.scrape_configs ?? []) {
    if ('kubernetes_sd_configs' in job) {
      for (const sd of job.kubernetes_sd_configs as Record<string, unknown>[]) {
        const unknown = Object.keys(sd).filter((k) => !KUBERNETES_SD_FIELDS.has(k));
        const namespaces = (sd.namespaces ?? {}) as Record<string, unknown>;
        const names = namespaces.names ?? [];
        if (
          unknown.length > 0 ||
          !KUBERNETES_SD_ROLES.has(sd.role as string) ||
          Object.keys(namespaces).some((k) => !NAMESPACE_FIELDS.has(k)) ||
          !Array.isArray(names) ||
          names.some((n) => typeof n !== 'string')
        ) {
          throw new Error(
            `job ${String(job.job_name)}: invalid kubernetes_sd_configs entry ${JSON.stringify(sd)}`,
          );
        }
      }
      delete job.kubernetes_sd_configs;
      dropped++;
    }
  }
  const yaml = stringify(config).split(SERVICE_ACCOUNT_DIR).join('{dir}/serviceaccount');
  const files = { 'serviceaccount/token': 'token', 'serviceaccount/ca.crt': 'ca' };
  return { yaml, dropped, files };
}
