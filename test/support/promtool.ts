import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { SERVICE_ACCOUNT_DIR } from '../../lib/prometheus';

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
