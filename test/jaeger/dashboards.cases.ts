import { Chart, Testing } from 'cdk8s';
import {
  ELASTICSEARCH_METRIC_FACTS,
  JAEGER_METRIC_FACTS,
  JaegerAllInOne,
  JaegerKafkaBuffered,
  KAFKA_METRIC_FACTS,
  KafkaCluster,
  KafkaTopic,
  externalSearch,
  jaegerPipelineDashboard,
} from '../../lib';
import { Grafana, dashboardJson } from '../../lib/grafana';
import { dashboardProblems, dashboardQueries, substituteVariables } from '../support/dashboards';
import { only, synth, testChart } from '../support/manifests';
import { unknownMetrics } from '../support/promql-names';

const FACTS = new Set([
  ...Object.keys(JAEGER_METRIC_FACTS),
  ...Object.keys(KAFKA_METRIC_FACTS),
  ...Object.keys(ELASTICSEARCH_METRIC_FACTS),
]);
const connection = externalSearch({
  engine: 'elasticsearch',
  serverUrls: ['https://es.example.com:9200'],
  auth: { kind: 'basic', username: 'jaeger', password: { name: 'es-creds', key: 'password' } },
});

function buffered(monitoring: Record<string, unknown> = { serviceMonitor: true }) {
  const chart = testChart('tracing');
  const cluster = new KafkaCluster(chart, 'kafka', {
    authentication: 'none',
    monitoring: { serviceMonitor: true },
  });
  const topic = new KafkaTopic(chart, 'spans', { cluster, topicName: 'jaeger-spans', partitions: 12 });
  const jaeger = new JaegerKafkaBuffered(chart, 'jaeger', {
    kafka: { topic },
    storage: { connection },
    monitoring,
  });
  return { cluster, jaeger, objects: synth(chart) as any[] };
}

/** The checks every dashboard passes: Prometheus's grammar, provisioned data source, known metric names. */
function problems(json: any, uids: readonly string[]): string[] {
  const exprs = dashboardQueries(json).map((q) => substituteVariables(q.expr));
  return [
    ...dashboardProblems(json, uids),
    ...unknownMetrics(exprs, FACTS).map((m) => `unknown metric ${m}`),
  ];
}

describe('the Jaeger pipeline and Kafka dashboards', () => {
  const { objects, jaeger, cluster } = buffered();

  test('the pattern emits its dashboard as a ConfigMap labelled for a Grafana sidecar', () => {
    const cm = only(objects, 'ConfigMap', 'jaeger-dashboard');
    // The grafana Helm chart's sidecar default label (sidecar.dashboards.label/labelValue).
    expect(cm.metadata.labels?.grafana_dashboard).toBe('1');
    expect(Object.keys(cm.data)).toEqual(['jaeger-tracing-jaeger.json']);
    const json = JSON.parse(cm.data['jaeger-tracing-jaeger.json']);
    expect(json.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual([
      'Spans in',
      'Spans out',
      'Kafka',
      'Storage writes',
    ]);
    expect(problems(json, ['prometheus'])).toEqual([]);
  });

  test('the Kafka cluster emits its dashboard too, on the same checks', () => {
    const cm = only(objects, 'ConfigMap', 'kafka-kafka-dashboard');
    expect(cm.metadata.labels?.grafana_dashboard).toBe('1');
    const json = JSON.parse(Object.values(cm.data as Record<string, string>)[0]!);
    expect(json.title).toBe('Kafka tracing/kafka');
    expect(problems(json, ['prometheus'])).toEqual([]);
    expect(JSON.stringify(json)).toContain('job=\\"kafka-kafka-exporter\\"');
  });

  test('the checks catch an unknown metric and a data source that is not provisioned', () => {
    const json = dashboardJson({
      ...jaeger.dashboard('prometheus'),
      rows: [{ title: 'x', panels: [{ title: 'y', targets: [{ expr: 'rate(made_up_total[5m])' }] }] }],
    });
    expect(problems(json, ['thanos'])).toContain('unknown metric made_up_total');
    expect(problems(json, ['thanos']).some((p) => p.includes("'prometheus' is not provisioned"))).toBe(true);
  });

  test('a Grafana of this library provisions the same dashboards on its own data source', () => {
    const chart = new Chart(Testing.app(), 'g', { namespace: 'monitoring' });
    new Grafana(chart, 'grafana', {
      dataSources: [{ name: 'Thanos', source: { httpUrl: 'http://thanos-query.monitoring.svc:10902' } }],
      adminPassword: { name: 'grafana-admin', key: 'password' },
      dashboards: [jaeger.dashboard('thanos'), cluster.dashboard('thanos')],
    });
    const cm = only(synth(chart), 'ConfigMap', 'grafana-dashboards-tracing');
    expect(Object.keys(cm.data).sort()).toEqual(['jaeger-tracing-jaeger.json', 'kafka-tracing-kafka.json']);
    for (const file of Object.values(cm.data as Record<string, string>))
      expect(problems(JSON.parse(file), ['thanos'])).toEqual([]);
  });

  test('the data source uid and labels can be changed, and the ConfigMap turned off', () => {
    const custom = buffered({
      serviceMonitor: true,
      dashboards: { datasourceUid: 'mimir', labels: { 'grafana.example/dashboard': 'yes' } },
    }).objects;
    const cm = only(custom, 'ConfigMap', 'jaeger-dashboard');
    expect(cm.metadata.labels?.['grafana.example/dashboard']).toBe('yes');
    expect(cm.metadata.labels?.grafana_dashboard).toBeUndefined();
    expect(JSON.parse(Object.values(cm.data as Record<string, string>)[0]!).panels[1].datasource.uid).toBe(
      'mimir',
    );
    const off = buffered({ serviceMonitor: true, dashboards: { enabled: false } }).objects;
    expect(off.filter((o) => o.metadata.name === 'jaeger-dashboard')).toEqual([]);
  });

  test('JaegerAllInOne emits the spans in/out part', () => {
    const chart = testChart('tracing');
    new JaegerAllInOne(chart, 'jaeger', { monitoring: { serviceMonitor: true } });
    const json = JSON.parse(
      Object.values(only(synth(chart), 'ConfigMap', 'jaeger-dashboard').data as Record<string, string>)[0]!,
    );
    expect(json.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual([
      'Spans in',
      'Spans out',
    ]);
    expect(problems(json, ['prometheus'])).toEqual([]);
  });

  test('with an Elasticsearch exporter named, the engine-side write rate and rejections are shown', () => {
    const json = dashboardJson(
      jaegerPipelineDashboard({
        name: 'jaeger',
        targets: jaeger.monitoringTargets,
        datasourceUid: 'prometheus',
        elasticsearch: { namespace: 'search', job: 'traces-es-exporter' },
      }),
    );
    const titles = json.panels as any[];
    expect(titles.map((p) => p.title)).toContain('Elasticsearch write rejections/s');
    expect(problems(json, ['prometheus'])).toEqual([]);
  });
});
