// Every Prometheus config and rule file the examples synthesize goes through the real promtool.
import { stringify } from 'yaml';
import { exampleManifests } from '../support/manifests';
import { describeWithPromtool, promtool, withoutKubernetesSd } from '../support/promtool';

const files = [...exampleManifests().entries()].flatMap(([chart, manifests]) =>
  manifests
    .filter((m) => m.kind === 'ConfigMap')
    .flatMap((m) => {
      const data = (m as any).data as Record<string, string>;
      return Object.keys(data)
        .filter((key) => key === 'prometheus.yml' || key.endsWith('rules.yaml'))
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

describeWithPromtool('promtool accepts every PrometheusRule of the examples', () => {
  test('there are rules to check', () => {
    expect(ruleObjects.length).toBeGreaterThanOrEqual(2);
  });
  test.each(ruleObjects)('%s', (_name, rules) => {
    expect(promtool(['check', 'rules', '{dir}/rules.yaml'], { 'rules.yaml': rules })).toMatch(/SUCCESS/);
  });
});

describeWithPromtool('promtool accepts every Prometheus file of the examples', () => {
  test('there are files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });
  test.each(files)('%s', (_name, key, data) => {
    if (key === 'prometheus.yml') {
      const { yaml, files: serviceAccount } = withoutKubernetesSd(data[key]);
      const rules = Object.keys(data).filter((k) => k.endsWith('rules.yaml'));
      const out = promtool(['check', 'config', '{dir}/prometheus.yml'], {
        'prometheus.yml': yaml.split('/etc/prometheus/rules').join('{dir}/rules'),
        ...Object.fromEntries(rules.map((k) => [`rules/${k}`, data[k]])),
        ...serviceAccount,
      });
      expect(out).toMatch(/is valid prometheus config file syntax/);
    } else {
      expect(promtool(['check', 'rules', `{dir}/${key}`], { [key]: data[key] })).toMatch(/SUCCESS/);
    }
  });
});
