import { parse } from 'yaml';
import {
  EckElasticsearch,
  ElasticsearchExporter,
  ElasticsearchExporterProps,
  elasticsearchAlertRules,
} from '../../lib';
import { ErrorCode } from '../../lib/core';
import { AlertCase, checkRules, testAlertCases, uncovered } from '../support/alert-cases';
import { expectConstructError } from '../support/errors';
import { only, synth, testChart } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { describeWithPromtool } from '../support/promtool';
import { describeWithShared } from '../support/shared';
import { isBuiltIn, validateBuiltIn, validateCustomResource } from '../support/validate';

function build(props: Partial<ElasticsearchExporterProps> = {}) {
  const chart = testChart('search');
  const cluster = new EckElasticsearch(chart, 'traces');
  const exporter = new ElasticsearchExporter(chart, 'exporter', {
    cluster,
    credentialsSecret: 'traces-exporter',
    ...props,
  });
  return { exporter, objects: synth(chart) as any[] };
}

describe('ElasticsearchExporter', () => {
  const { exporter, objects } = build({ monitoring: { serviceMonitor: true } });
  const deployment = only(objects, 'Deployment', 'traces-es-exporter') as any;
  const container = deployment.spec.template.spec.containers[0];

  test('flags of elasticsearch_exporter v1.11.0 (main.go): all nodes, index stats, HTTPS with the ECK CA', () => {
    expect(container.image).toBe('quay.io/prometheuscommunity/elasticsearch-exporter:v1.11.0');
    expect(container.args).toEqual([
      '--es.uri=https://traces-es-http.search.svc:9200',
      '--es.ca=/etc/elasticsearch-ca/ca.crt',
      '--es.all',
      '--es.indices',
      '--web.listen-address=:9114',
    ]);
    // Credentials by reference, read by main.go from ES_USERNAME / ES_PASSWORD.
    expect(container.env).toEqual([
      { name: 'ES_USERNAME', valueFrom: { secretKeyRef: { name: 'traces-exporter', key: 'username' } } },
      { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'traces-exporter', key: 'password' } } },
    ]);
    const ca = deployment.spec.template.spec.volumes.find((v: any) => v.name === 'elasticsearch-ca');
    expect(ca.secret.secretName).toBe('traces-es-http-certs-public');
    expect(container.readinessProbe.httpGet.path).toBe('/healthz');
    expect(container.resources).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '200m', memory: '128Mi' },
    });
  });

  test('restricted pod, like every workload', () => {
    expect(policyViolations(objects)).toEqual([]);
  });

  test('a least-privilege file-realm user: cluster monitor, index monitor on the Jaeger indices only', () => {
    const es = only(objects, 'Elasticsearch');
    expect(es.spec.auth).toEqual({
      roles: [{ secretName: 'traces-exporter-role' }],
      fileRealm: [{ secretName: 'traces-exporter-users-roles' }, { secretName: 'traces-exporter' }],
    });
    const roles = parse(only(objects, 'Secret', 'traces-exporter-role').stringData['roles.yml']);
    expect(roles).toEqual({
      jaeger_monitor: {
        cluster: ['monitor'],
        indices: [{ names: ['jaeger-jaeger-*', 'jaeger-archive-jaeger-*'], privileges: ['monitor'] }],
      },
    });
    expect(only(objects, 'Secret', 'traces-exporter-users-roles').stringData.users_roles).toBe(
      'jaeger_monitor:jaeger-monitor\n',
    );
  });

  test('NetworkPolicy: in from the scrapers to the metrics port, out to Elasticsearch 9200 and DNS only', () => {
    const policy = only(objects, 'NetworkPolicy', 'traces-es-exporter');
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
    expect(policy.spec.egress[0]).toEqual({
      to: [{ podSelector: { matchLabels: { 'elasticsearch.k8s.elastic.co/cluster-name': 'traces' } } }],
      ports: [{ port: 9200, protocol: 'TCP' }],
    });
    expect(policy.spec.egress).toHaveLength(2); // + DNS
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('ServiceMonitor on the metrics port, and the alerts, selecting job = Service name', () => {
    expect(exporter.job).toBe('traces-es-exporter');
    const sm = only(objects, 'ServiceMonitor');
    expect(sm.spec.endpoints[0].port).toBe('metrics');
    const rule = only(objects, 'PrometheusRule');
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual([
      'ElasticsearchClusterRed',
      'ElasticsearchClusterYellow',
      'ElasticsearchDiskAboveLowWatermark',
      'ElasticsearchDiskAboveHighWatermark',
      'ElasticsearchWriteRejections',
      'ElasticsearchHeapPressure',
    ]);
    expect(rule.spec.groups[0].rules[0].expr).toContain('job="traces-es-exporter"');
  });

  test('monitoring.job renames the job, and the alerts follow it', () => {
    const { objects: renamed, exporter: e } = build({ monitoring: { serviceMonitor: true, job: 'es' } });
    expect(e.job).toBe('es');
    expect(only(renamed, 'ServiceMonitor').spec.endpoints[0].relabelings).toEqual([
      { action: 'replace', targetLabel: 'job', replacement: 'es' },
    ]);
    expect(only(renamed, 'PrometheusRule').spec.groups[0].rules[0].expr).toContain('job="es"');
  });

  test('no monitoring: no ServiceMonitor, no rule', () => {
    const plain = build().objects;
    expect(plain.filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PrometheusRule')).toEqual([]);
  });

  test('a credentials Secret that is not a name is refused', () => {
    expectConstructError(
      () => build({ credentialsSecret: 'Not A Name' }),
      "ElasticsearchExporter 'test/exporter': 'credentialsSecret' must name a basic-auth Secret in namespace 'search' (got \"Not A Name\"); create one with keys username and password, e.g. 'traces-exporter', and name it here",
      ErrorCode.INVALID_VALUE,
    );
  });

  describeWithShared('schemas', () => {
    test('every object validates', () => {
      for (const o of objects) {
        const problem = isBuiltIn(o.apiVersion) ? validateBuiltIn(o) : validateCustomResource(o);
        expect([o.kind, problem]).toEqual([o.kind, undefined]);
      }
    });
  });
});

describe('Elasticsearch alerts under promtool', () => {
  const rules = elasticsearchAlertRules({ namespace: 'search', job: 'traces-es-exporter' });
  const s = 'namespace="search",job="traces-es-exporter",cluster="traces"';
  const node = `${s},name="traces-es-default-0"`;
  const fs = `${node},mount="/usr/share/elasticsearch/data",path="/usr/share/elasticsearch/data"`;
  const GiB = 1024 ** 3;
  const disk = (availableGiB: number) => [
    { series: `elasticsearch_filesystem_data_size_bytes{${fs}}`, values: `${100 * GiB}x30` },
    { series: `elasticsearch_filesystem_data_available_bytes{${fs}}`, values: `${availableGiB * GiB}x30` },
  ];
  const nodeLabels = { namespace: 'search', cluster: 'traces', name: 'traces-es-default-0' };
  const cases: AlertCase[] = [
    {
      alert: 'ElasticsearchClusterRed',
      evalTime: '10m',
      bad: [
        { series: `elasticsearch_cluster_health_status{${s},color="red"}`, values: '1x15' },
        { series: `elasticsearch_cluster_health_status{${s},color="green"}`, values: '0x15' },
      ],
      labels: { severity: 'critical', namespace: 'search', cluster: 'traces' },
      healthy: [
        { series: `elasticsearch_cluster_health_status{${s},color="red"}`, values: '0x15' },
        { series: `elasticsearch_cluster_health_status{${s},color="green"}`, values: '1x15' },
      ],
    },
    {
      alert: 'ElasticsearchClusterYellow',
      evalTime: '40m',
      bad: [{ series: `elasticsearch_cluster_health_status{${s},color="yellow"}`, values: '1x45' }],
      labels: { severity: 'warning', namespace: 'search', cluster: 'traces' },
      // Yellow for 10 minutes (a rolling restart), then green.
      healthy: [{ series: `elasticsearch_cluster_health_status{${s},color="yellow"}`, values: '1x10 0x35' }],
    },
    {
      // 12 GiB of 100 available: 88% used, above 85% and below 90%.
      alert: 'ElasticsearchDiskAboveLowWatermark',
      evalTime: '20m',
      bad: disk(12),
      labels: { severity: 'warning', ...nodeLabels },
      healthy: disk(30),
    },
    {
      alert: 'ElasticsearchDiskAboveHighWatermark',
      evalTime: '20m',
      bad: disk(5),
      labels: { severity: 'critical', ...nodeLabels },
      // 88% used: only the low watermark.
      healthy: disk(12),
    },
    {
      alert: 'ElasticsearchWriteRejections',
      evalTime: '15m',
      bad: [
        { series: `elasticsearch_thread_pool_rejected_count{${node},type="write"}`, values: '0+30x20' },
        { series: `elasticsearch_thread_pool_rejected_count{${node},type="search"}`, values: '0x20' },
      ],
      labels: { severity: 'warning', ...nodeLabels },
      // Search rejections only: not a write problem.
      healthy: [
        { series: `elasticsearch_thread_pool_rejected_count{${node},type="write"}`, values: '7x20' },
        { series: `elasticsearch_thread_pool_rejected_count{${node},type="search"}`, values: '0+30x20' },
      ],
    },
    {
      alert: 'ElasticsearchHeapPressure',
      evalTime: '20m',
      bad: [
        { series: `elasticsearch_jvm_memory_used_bytes{${node},area="heap"}`, values: `${1.9 * GiB}x25` },
        { series: `elasticsearch_jvm_memory_max_bytes{${node},area="heap"}`, values: `${2 * GiB}x25` },
      ],
      labels: { severity: 'warning', ...nodeLabels },
      healthy: [
        { series: `elasticsearch_jvm_memory_used_bytes{${node},area="heap"}`, values: `${1.2 * GiB}x25` },
        { series: `elasticsearch_jvm_memory_max_bytes{${node},area="heap"}`, values: `${2 * GiB}x25` },
      ],
    },
  ];

  test('every alert has a firing and a healthy case, and its three annotations', () => {
    expect(uncovered(rules, cases)).toEqual([]);
    for (const r of rules)
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook', 'summary']);
  });

  test('the watermarks are Elasticsearch defaults (DiskThresholdSettings: low 85%, high 90%)', () => {
    expect(rules[2].expr).toMatch(/> 0\.85$/);
    expect(rules[3].expr).toMatch(/> 0\.9$/);
  });

  describeWithPromtool('promtool', () => {
    test('check rules', () => {
      expect(checkRules(rules)).toMatch(/SUCCESS/);
    });
    test('each alert fires on its bad series and stays silent on healthy ones', () => {
      expect(testAlertCases(rules, cases)).toMatch(/SUCCESS/);
    });
  });
});
