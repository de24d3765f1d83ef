// Every Prometheus config and rule file the examples synthesize goes through the real promtool.
import { parse, stringify } from 'yaml';
import { exampleManifests } from '../support/manifests';
import { testCertificates } from '../support/tls';
import { describeWithPromtool, promtool, promtoolBatch, withoutKubernetesSd } from '../support/promtool';
import { promqlSyntaxErrors, ruleExpressions } from '../support/promql';

const examples = exampleManifests();
const files = [...examples.entries()].flatMap(([chart, manifests]) =>
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
const ruleObjects = [...examples.entries()].flatMap(([chart, manifests]) =>
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

/** Every rule file of the examples: the PrometheusRule objects and the rule files in ConfigMaps. */
const ruleFiles = [
  ...ruleObjects,
  ...files
    .filter(([, key]) => key.endsWith('rules.yaml'))
    .map(([name, key, data]) => [name, withoutThanosGroupFields(data[key] as string)] as const),
];

describe("every PromQL expression of the examples parses with Prometheus v3.14.0's own parser", () => {
  const expressions = ruleFiles.flatMap(([file, rules]) =>
    ruleExpressions(rules).map(([rule, expr]) => [`${file} ${rule}`, expr] as const),
  );
  test('there are expressions to check', () => {
    expect(expressions.length).toBeGreaterThanOrEqual(20);
  });
  test.each(expressions)('%s', (_name, expr) => {
    expect(promqlSyntaxErrors(expr)).toEqual([]);
  });
  test('the parser finds errors (a broken expression is not accepted)', () => {
    expect(promqlSyntaxErrors('sum by (job (rate(x[5m]))')).not.toEqual([]);
  });
});

describeWithPromtool('promtool accepts every rule file of the examples (one promtool run for all)', () => {
  // One `promtool check rules f0.yaml f1.yaml …` for every file; each test reads its own file's part of the output.
  const paths = ruleFiles.map((_, i) => `rules/f${i}.yaml`);
  let batch: ReturnType<typeof promtoolBatch>;
  beforeAll(() => {
    batch = promtoolBatch(
      ['check', 'rules'],
      paths,
      Object.fromEntries(ruleFiles.map(([, rules], i) => [paths[i], rules])),
    );
  });
  test('there are rules to check, and promtool accepts them all', () => {
    expect(ruleObjects.length).toBeGreaterThanOrEqual(2);
    expect(batch.status).toBe(0);
  });
  test.each(ruleFiles.map(([name], i) => [name, paths[i]!] as const))('%s', (_name, path) => {
    expect(batch.sections.get(path)).toMatch(/SUCCESS: \d+ rules found/);
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
  const configs = files.filter(([, key]) => key === 'prometheus.yml');
  // One `promtool check config c0/prometheus.yml c1/prometheus.yml …`, each config in its own directory with the
  // rule files and the mounted files it names.
  let batch: ReturnType<typeof promtoolBatch>;
  beforeAll(() => {
    const all: Record<string, string> = {};
    configs.forEach(([, key, data], i) => {
      const { yaml, files: serviceAccount } = withoutKubernetesSd(data[key] as string);
      const rules = Object.keys(data).filter((k) => k.endsWith('rules.yaml'));
      const mounted = mountedFiles(yaml);
      const own = {
        'prometheus.yml': mounted.yaml.split('/etc/prometheus/rules').join('{dir}/rules'),
        ...Object.fromEntries(rules.map((k) => [`rules/${k}`, data[k] as string])),
        ...serviceAccount,
        ...mounted.files,
      };
      for (const [path, content] of Object.entries(own))
        all[`c${i}/${path}`] = content.split('{dir}').join(`{dir}/c${i}`);
    });
    batch = promtoolBatch(
      ['check', 'config'],
      configs.map((_, i) => `c${i}/prometheus.yml`),
      all,
    );
  });

  test('there are files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(configs.length).toBeGreaterThanOrEqual(2);
  });

  test.each(configs.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    expect(batch.sections.get(`c${i}/prometheus.yml`)).toMatch(/is valid prometheus config file syntax/);
  });

  test.each(files.filter(([, key]) => key === 'web.yml' || key === 'probe-client.yml'))(
    '%s',
    (_name, key, data) => {
      // The web config's certificates are parsed: real ones from openssl stand in for the mounted Secret.
      const mounted = mountedFiles(data[key]!, testCertificates());
      if (key === 'web.yml')
        // promtool reports success on stderr; a failure throws with its output.
        expect(() =>
          promtool(['check', 'web-config', '{dir}/web.yml'], { 'web.yml': mounted.yaml, ...mounted.files }),
        ).not.toThrow();
      else expect(parse(data[key]!).tls_config).toBeDefined();
    },
  );

  test("Debian's promtool 2.42 still rejects kubernetes_sd_configs, so withoutKubernetesSd must strip it", () => {
    // Debian builds prometheus without Kubernetes service discovery ("field kubernetes_sd_configs not found").
    // When this fails, the installed promtool accepts the key: stop stripping it and check it for real.
    expect(() =>
      promtool(['check', 'config', '{dir}/p.yml'], {
        'p.yml': 'scrape_configs:\n  - job_name: x\n    kubernetes_sd_configs:\n      - role: pod\n',
      }),
    ).toThrow(/field kubernetes_sd_configs not found/);
  });
});
