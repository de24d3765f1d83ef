// Issue 10 defect 2: application-cluster Prometheus scrapes a real default set, with RBAC derived from its jobs
// (issue 17 item 8: a pod-only config gets only pods).
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { ThanosHierarchical, chartManifests, splitFleet } from '../../lib';
import {
  PrometheusWithSidecar,
  RelabelRule,
  ScrapeJob,
  clusterScrapeJobs,
  discoveryRules,
} from '../../lib/prometheus';
import { Manifest, only, synth, testChart } from '../support/manifests';
import { describeWithPromtool, promtool, withoutKubernetesSd } from '../support/promtool';
import { FLEET_TEST_TLS } from '../support/fleet';

const objectStorage = {
  kind: 's3' as const,
  bucket: 'thanos',
  endpoint: 'minio.example.com:9000',
};
const fleetProps = {
  fleet: splitFleet(2),
  domain: 'monitoring.example.com',
  tls: FLEET_TEST_TLS,
  objectStorage,
  grafana: false as const,
};
const appCluster = (appClusters?: ConstructorParameters<typeof ThanosHierarchical>[2]['appClusters']) => {
  const d1 = new ThanosHierarchical(new App(), 'd1', { ...fleetProps, appClusters });
  return chartManifests(d1.appClusterCharts['cluster-001'] as Chart) as unknown as Manifest[];
};
const promConfig = (objects: Manifest[]) =>
  parse(only(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml']);
const jobNames = (objects: Manifest[]) =>
  (promConfig(objects).scrape_configs as { job_name: string }[]).map((j) => j.job_name);

/**
 * The relabel steps used here, as prometheus/prometheus@v3.13.2 model/relabel/relabel.go applies them: source
 * labels joined by `;`, regexes anchored, `replace` a no-op without a match, `keep`/`drop` on a match.
 */
function relabel(
  labels: Record<string, string>,
  rules: readonly RelabelRule[],
): Record<string, string> | null {
  const out = { ...labels };
  for (const rule of rules) {
    const value = (rule.source_labels ?? []).map((l) => out[l] ?? '').join(rule.separator ?? ';');
    const regex = new RegExp(`^(?:${rule.regex ?? '(.*)'})$`);
    const action = rule.action ?? 'replace';
    if (action === 'keep' && !regex.test(value)) return null;
    if (action === 'drop' && regex.test(value)) return null;
    if (action === 'replace') {
      const m = regex.exec(value);
      if (!m) continue;
      const result = (rule.replacement ?? '$1').replace(/\$(\d)/g, (_, i) => m[Number(i)] ?? '');
      if (result === '') delete out[rule.target_label!];
      else out[rule.target_label!] = result;
    }
  }
  return out;
}

describe('the default scrape set of an application cluster', () => {
  const objects = appCluster();

  test('scrapes Prometheus, its sidecar, kubelets, cAdvisor and annotated pods and services', () => {
    expect(jobNames(objects)).toEqual([
      'prometheus',
      'thanos-sidecar',
      'kubelet',
      'cadvisor',
      'kubernetes-pods',
      'kubernetes-services',
    ]);
    const jobs = promConfig(objects).scrape_configs as Record<string, any>[];
    const cadvisor = jobs.find((j) => j.job_name === 'cadvisor')!;
    expect(cadvisor).toMatchObject({
      scheme: 'https',
      metrics_path: '/metrics/cadvisor',
      kubernetes_sd_configs: [{ role: 'node' }],
      authorization: { credentials_file: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
      tls_config: { ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' },
    });
    expect(cadvisor.tls_config.insecure_skip_verify).toBeUndefined();
  });

  test('runs as a ServiceAccount with exactly the discovery rights of those jobs', () => {
    const role = only(objects, 'ClusterRole');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['nodes', 'pods', 'services'], verbs: ['list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
    ]);
    const binding = only(objects, 'ClusterRoleBinding');
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
    ]);
    const pod = only(objects, 'StatefulSet').spec.template.spec;
    expect(pod.serviceAccountName).toBe('prometheus');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('users replace or extend the set, and the RBAC follows', () => {
    const podsOnly: ScrapeJob[] = [{ jobName: 'pods', kubernetes: { role: 'pod' } }];
    const replaced = appCluster({ scrapeJobs: podsOnly });
    expect(jobNames(replaced)).toEqual(['pods']);
    expect(only(replaced, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
    ]);
    const extended = appCluster({ extraScrapeJobs: [{ jobName: 'extra', staticTargets: ['x:1'] }] });
    expect(jobNames(extended).slice(-2)).toEqual(['kubernetes-services', 'extra']);
    const skip = appCluster({ kubeletTls: 'skip-verify' });
    const kubelet = (promConfig(skip).scrape_configs as Record<string, any>[]).find(
      (j) => j.job_name === 'kubelet',
    );
    expect(kubelet?.tls_config.insecure_skip_verify).toBe(true);
  });

  test('a job limited to namespaces gets a Role in each, no ClusterRole', () => {
    const chart = testChart();
    new PrometheusWithSidecar(chart, 'prometheus', {
      externalLabels: { cluster: 'c', region: 'r' },
      scrapeJobs: [{ jobName: 'apps', kubernetes: { role: 'endpointslice', namespaces: ['shop', 'api'] } }],
    });
    const objects = synth(chart);
    expect(objects.filter((o) => o.kind.startsWith('ClusterRole'))).toEqual([]);
    const roles = objects.filter((o) => o.kind === 'Role');
    expect(roles.map((r) => r.metadata.namespace)).toEqual(['api', 'shop']);
    expect((roles[0] as any).rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'services'], verbs: ['list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    ]);
    expect(objects.filter((o) => o.kind === 'RoleBinding')).toHaveLength(2);
  });

  test('static jobs only: no ServiceAccount, no token', () => {
    expect(discoveryRules([{ jobName: 's', staticTargets: ['a:1'] }])).toEqual({
      cluster: [],
      namespaces: {},
    });
    const chart = testChart();
    new PrometheusWithSidecar(chart, 'prometheus', {
      externalLabels: { cluster: 'c', region: 'r' },
      scrapeJobs: [{ jobName: 's', staticTargets: ['a:1'] }],
    });
    expect(synth(chart).filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
  });
});

describe('relabelling of annotated pods and services', () => {
  const jobs = clusterScrapeJobs();
  const pods = jobs.find((j) => j.jobName === 'kubernetes-pods')!.relabelConfigs!;
  const services = jobs.find((j) => j.jobName === 'kubernetes-services')!.relabelConfigs!;
  const pod = (address: string, annotations: Record<string, string>, phase = 'Running') => ({
    __address__: address,
    __meta_kubernetes_namespace: 'shop',
    __meta_kubernetes_pod_name: 'cart-0',
    __meta_kubernetes_pod_phase: phase,
    ...Object.fromEntries(
      Object.entries(annotations).map(([k, v]) => [`__meta_kubernetes_pod_annotation_prometheus_io_${k}`, v]),
    ),
  });

  test('unannotated and finished pods are dropped', () => {
    expect(relabel(pod('10.0.0.1:8080', {}), pods)).toBeNull();
    expect(relabel(pod('10.0.0.1:8080', { scrape: 'false' }), pods)).toBeNull();
    expect(relabel(pod('10.0.0.1:8080', { scrape: 'true' }, 'Succeeded'), pods)).toBeNull();
  });

  test.each([
    ['10.0.0.1:8080', '9100', '10.0.0.1:9100'],
    ['10.0.0.1', '9100', '10.0.0.1:9100'],
    ['[fd00::1]:8080', '9100', '[fd00::1]:9100'],
    ['fd00::1', '9100', '[fd00::1]:9100'],
    ['10.0.0.1:8080', undefined, '10.0.0.1:8080'],
  ])('address %s with port annotation %s becomes %s', (address, port, expected) => {
    const annotations = { scrape: 'true', ...(port ? { port } : {}) };
    expect(relabel(pod(address, annotations), pods)?.__address__).toBe(expected);
  });

  test('path, scheme, namespace and pod labels', () => {
    const out = relabel(pod('10.0.0.1:8080', { scrape: 'true', path: '/m', scheme: 'https' }), pods);
    expect(out).toMatchObject({
      __metrics_path__: '/m',
      __scheme__: 'https',
      namespace: 'shop',
      pod: 'cart-0',
    });
  });

  test('services: keep annotated ones, label namespace and service', () => {
    const target = {
      __address__: '10.0.0.2:8080',
      __meta_kubernetes_namespace: 'shop',
      __meta_kubernetes_service_name: 'cart',
      __meta_kubernetes_service_annotation_prometheus_io_scrape: 'true',
      __meta_kubernetes_service_annotation_prometheus_io_port: '9102',
    };
    expect(relabel(target, services)).toMatchObject({
      __address__: '10.0.0.2:9102',
      namespace: 'shop',
      service: 'cart',
    });
    expect(
      relabel({ ...target, __meta_kubernetes_service_annotation_prometheus_io_scrape: '' }, services),
    ).toBeNull();
  });
});

describeWithPromtool('promtool accepts the default scrape set', () => {
  test('the application-cluster config, kubernetes_sd checked against the v3.13.2 fields', () => {
    const data = only(appCluster(), 'ConfigMap', 'prometheus-config').data;
    const { yaml, dropped, files } = withoutKubernetesSd(data['prometheus.yml']);
    expect(dropped).toBe(4);
    const out = promtool(['check', 'config', '{dir}/prometheus.yml'], {
      'prometheus.yml': yaml,
      ...files,
    });
    expect(out).toMatch(/SUCCESS/);
  });
});
