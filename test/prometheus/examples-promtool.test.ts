// Every Prometheus config and rule file the examples synthesize goes through the real promtool.
import { parse, stringify } from 'yaml';
import { exampleManifests } from '../support/manifests';
import { testCertificates } from '../support/tls';
import { describeWithPromtool, promtool, withoutKubernetesSd } from '../support/promtool';

const files = [...exampleManifests().entries()].flatMap(([chart, manifests]) =>
  manifests
    .filter((m) => m.kind === 'ConfigMap')
    .flatMap((m) => {
      const data = (m as any).data as Record<string, string>;
      return Object.keys(data)
        .filter(
          (key) =>
            ['prometheus.yml', 'web.yml', 'probe-client.yml'].includes(key) || key.endsWith('rules.yaml'),
        )
        .map((key) => [`${chart}: ConfigMap ${m.metadata.name} ${key}`, key, data] as const);
    }),
);

/** Rule groups of every PrometheusRule (the Jaeger alerts, say), as the rule file the operator would render. */
const ruleObjects = [...exampleManifests().entries()].flatMap(([chart, manifests]) =>
  manifests
    .filter((m) => m.kind === 'PrometheusRule')
    .map(
      (m) =>
        [
          `${chart}: PrometheusRule ${m.metadata.name}`,
          stringify({ groups: (m as any).spec.groups }),
        ] as const,
    ),
);

/**
 * A Thanos ruler's file without `partial_response_strategy`, the per-group field Thanos adds to Prometheus's rule
 * format (thanos-io/thanos@v0.42.4 docs/components/rule.md) and promtool rejects as unknown.
 */
function withoutThanosGroupFields(rules: string): string {
  const file = parse(rules) as { groups: Record<string, unknown>[] };
  return stringify({ groups: file.groups.map(({ partial_response_strategy: _s, ...g }) => g) });
}

describeWithPromtool('promtool accepts every PrometheusRule of the examples', () => {
  test('there are rules to check', () => {
    expect(ruleObjects.length).toBeGreaterThanOrEqual(2);
  });
  test.each(ruleObjects)('%s', (_name, rules) => {
    expect(promtool(['check', 'rules', '{dir}/rules.yaml'], { 'rules.yaml': rules })).toMatch(/SUCCESS/);
  });
});

/**
 * Files a pod would have mounted from Secrets (`/etc/prometheus/<volume>/<file>`, not the rules) moved under
 * `{dir}/mnt`, with `certificates` as their content or a placeholder (promtool check config only checks they exist).
 */
function mountedFiles(
  yaml: string,
  certificates?: Record<string, string>,
): { yaml: string; files: Record<string, string> } {
  const files: Record<string, string> = {};
  const rewritten = yaml.replace(
    /\/etc\/prometheus\/([a-z-]+)\/([a-z.]+)/g,
    (path, volume: string, file: string) => {
      if (volume === 'rules') return path;
      files[`mnt/${volume}/${file}`] = certificates?.[file] ?? 'placeholder';
      return `{dir}/mnt/${volume}/${file}`;
    },
  );
  return { yaml: rewritten, files };
}

describeWithPromtool('promtool accepts every Prometheus file of the examples', () => {
  test('there are files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });
  test.each(files)('%s', (_name, key, data) => {
    if (key === 'prometheus.yml') {
      const { yaml, files: serviceAccount } = withoutKubernetesSd(data[key]);
      const rules = Object.keys(data).filter((k) => k.endsWith('rules.yaml'));
      const mounted = mountedFiles(yaml);
      const out = promtool(['check', 'config', '{dir}/prometheus.yml'], {
        'prometheus.yml': mounted.yaml.split('/etc/prometheus/rules').join('{dir}/rules'),
        ...Object.fromEntries(rules.map((k) => [`rules/${k}`, data[k]])),
        ...serviceAccount,
        ...mounted.files,
      });
      expect(out).toMatch(/is valid prometheus config file syntax/);
    } else if (key === 'web.yml' || key === 'probe-client.yml') {
      // The web config's certificates are parsed: real ones from openssl stand in for the mounted Secret.
      const mounted = mountedFiles(data[key]!, testCertificates());
      const check = key === 'web.yml' ? ['check', 'web-config', '{dir}/web.yml'] : null;
      // promtool reports success on stderr; a failure throws with its output.
      if (check) expect(() => promtool(check, { 'web.yml': mounted.yaml, ...mounted.files })).not.toThrow();
      else expect(parse(data[key]!).tls_config).toBeDefined();
    } else {
      const rules = withoutThanosGroupFields(data[key] as string);
      expect(promtool(['check', 'rules', `{dir}/${key}`], { [key]: rules })).toMatch(/SUCCESS/);
    }
  });
});
