import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import {
  ErrorCode,
  FLEET_JOBS,
  PrometheusFederation,
  ThanosHierarchical,
  ThanosHybrid,
  ThanosReceiveFleet,
  chartManifests,
  splitFleet,
} from '../../lib';
import { dashboardProblems } from '../support/dashboards';
import { FLEET_TEST_TLS } from '../support/fleet';
import { describeWithShared } from '../support/shared';
import { validateCustomResource } from '../support/validate';
import { thrown } from '../thanos/support';

type Obj = Record<string, any>;
const objectStorage = { kind: 's3' as const, bucket: 'thanos', endpoint: 'minio.example.com:9000' };
const grafana = {
  adminPassword: { name: 'grafana-admin', key: 'password' },
  databaseUrl: { name: 'grafana-db', key: 'url' },
};
const domain = 'monitoring.example.com';
const base = { fleet: splitFleet(4, 2), domain, tls: FLEET_TEST_TLS };
const thanosBase = { ...base, objectStorage, grafana };

const objects = (chart: Chart | undefined) => chartManifests(chart as Chart) as unknown as Obj[];

/** The Services of a chart with a metrics port: Thanos `http` (10902), Grafana `http` (3000), Prometheus `web`. */
function metricsServices(manifests: Obj[]): Obj[] {
  return manifests.filter(
    (m) => m.kind === 'Service' && (m.spec.ports as Obj[]).some((p) => p.name === 'http' || p.name === 'web'),
  );
}

/** Whether a ServiceMonitor scrapes a Service: selector, port name, and any keep rule on the Service name. */
function scrapes(monitor: Obj, service: Obj): boolean {
  const endpoint = monitor.spec.endpoints[0];
  const keep = (endpoint.relabelings ?? []).filter(
    (r: Obj) => r.action === 'keep' && r.sourceLabels?.[0] === '__meta_kubernetes_service_name',
  );
  return (
    Object.entries(monitor.spec.selector.matchLabels as Record<string, string>).every(
      ([k, v]) => service.metadata.labels?.[k] === v,
    ) &&
    (service.spec.ports as Obj[]).some((p) => p.name === endpoint.port) &&
    keep.every((r: Obj) => new RegExp(`^(?:${r.regex})$`).test(service.metadata.name))
  );
}

function monitorsOf(manifests: Obj[], service: Obj): Obj[] {
  return manifests.filter((m) => m.kind === 'ServiceMonitor' && scrapes(m, service));
}

/**
 * The (Service, ServiceMonitor) pairs that scrape each set of pods (Services grouped by their pod selector): exactly
 * one pair per pod set means every component is scraped, and none twice.
 */
function scrapesPerPodSet(manifests: Obj[]): Map<string, { service: Obj; monitor: Obj }[]> {
  const out = new Map<string, { service: Obj; monitor: Obj }[]>();
  for (const service of metricsServices(manifests)) {
    const key = JSON.stringify(service.spec.selector);
    const pairs = monitorsOf(manifests, service).map((monitor) => ({ service, monitor }));
    out.set(key, [...(out.get(key) ?? []), ...pairs]);
  }
  return out;
}

function relabel(monitor: Obj): Record<string, string> {
  return Object.fromEntries(
    (monitor.spec.endpoints[0].relabelings as Obj[]).map((r) => [r.targetLabel, r.replacement]),
  );
}

// One App per pattern: patterns over one bucket in one App would overlap (the library checks that).
const patterns = () => ({
  d1: new ThanosHierarchical(new App(), 'd1', thanosBase),
  d2: new ThanosReceiveFleet(new App(), 'd2', thanosBase),
  d3: new ThanosHybrid(new App(), 'd3', thanosBase),
  d4: new PrometheusFederation(new App(), 'd4', base),
});

describe('fleet self-monitoring: ServiceMonitors', () => {
  const all = patterns();

  test.each(Object.keys(all))(
    '%s: every metrics Service of every monitoring chart is scraped by exactly one ServiceMonitor, with a fleet job and the chart as cluster',
    (key) => {
      const p = all[key as keyof typeof all];
      const charts = [p.globalChart, ...Object.values(p.regionCharts)];
      let seen = 0;
      for (const chart of charts) {
        const manifests = objects(chart);
        const region = Object.entries(p.regionCharts).find(([, c]) => c === chart)?.[0] ?? 'global';
        for (const [pods, pairs] of scrapesPerPodSet(manifests)) {
          expect([pods, pairs.length]).toEqual([pods, 1]);
          const labels = relabel((pairs[0] as { monitor: Obj }).monitor);
          expect(Object.values(FLEET_JOBS)).toContain(labels.job);
          expect({ cluster: labels.cluster, region: labels.region }).toEqual({
            cluster: chart.node.id,
            region,
          });
          seen++;
        }
      }
      expect(seen).toBeGreaterThan(0);
    },
  );

  test('the store gateway shards and compactor shards of D1 scrape as one job each', () => {
    const d1 = new ThanosHierarchical(new App(), 'd1', {
      ...thanosBase,
      sizing: { globalStore: { shards: 3 }, compactor: { shards: 2 } },
    });
    const manifests = objects(d1.globalChart);
    const jobOf = (prefix: string) =>
      metricsServices(manifests)
        .filter((s) => s.metadata.name.startsWith(prefix))
        .map((s) => [s.metadata.name, relabel(monitorsOf(manifests, s)[0] as Obj).job]);
    expect(jobOf('thanos-store')).toEqual([
      ['thanos-store-0', 'thanos-store'],
      ['thanos-store-1', 'thanos-store'],
      ['thanos-store-2', 'thanos-store'],
    ]);
    expect(jobOf('thanos-compact')).toEqual([
      ['thanos-compact-0', 'thanos-compact'],
      ['thanos-compact-1', 'thanos-compact'],
    ]);
  });

  test('an exposed Prometheus is scraped through its in-cluster Service only (not its LoadBalancer too)', () => {
    const manifests = objects(all.d4.regionCharts['region-a']);
    const services = metricsServices(manifests).map((s) => s.metadata.name);
    expect(services).toEqual(['prometheus', 'prometheus-web']);
    expect(metricsServices(manifests).map((s) => monitorsOf(manifests, s).length)).toEqual([1, 0]);
  });

  test('application clusters get no ServiceMonitor: their Prometheus scrapes itself and the sidecar', () => {
    for (const p of Object.values(all)) {
      for (const chart of Object.values(p.appClusterCharts)) {
        expect(objects(chart).filter((m) => m.kind === 'ServiceMonitor')).toEqual([]);
      }
    }
    const config = parse(
      objects(Object.values(all.d1.appClusterCharts)[0]).find((m) => m.metadata.name === 'prometheus-config')!
        .data['prometheus.yml'],
    );
    // The default scrape set's job names are the jobs the alerts select (FLEET_JOBS.prometheus, .sidecar).
    expect(config.scrape_configs.map((j: Obj) => j.job_name)).toEqual(
      expect.arrayContaining(['prometheus', 'thanos-sidecar']),
    );
  });

  test('D4 Prometheus behind mutual TLS is scraped over HTTPS with the fleet certificate', () => {
    const monitor = objects(all.d4.regionCharts['region-a']).find((m) => m.kind === 'ServiceMonitor') as Obj;
    expect(monitor.spec.endpoints[0].scheme).toBe('https');
    expect(monitor.spec.endpoints[0].tlsConfig).toEqual({
      ca: { secret: { name: 'fleet-tls', key: 'ca.crt' } },
      serverName: 'prometheus.region-a.monitoring.example.com',
      cert: { secret: { name: 'fleet-tls', key: 'tls.crt' } },
      keySecret: { name: 'fleet-tls', key: 'tls.key' },
    });
  });
});

describe('fleet self-monitoring: NetworkPolicies admit the scraper, nothing wider', () => {
  const metricsPeers = (manifests: Obj[], name: string, port: number) =>
    (manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === name) as Obj).spec.ingress
      .filter((r: Obj) => (r.ports ?? []).some((p: Obj) => p.port === port))
      .flatMap((r: Obj) => r.from);

  test('in the monitoring namespace, the default scraper is the Prometheus pods of the namespace', () => {
    const d1 = new ThanosHierarchical(new App(), 'd1', thanosBase);
    expect(metricsPeers(objects(d1.globalChart), 'thanos-compact', 10902)).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
    ]);
  });

  test('in another namespace, the scraper is named with its namespace on every metrics port', () => {
    const d1 = new ThanosHierarchical(new App(), 'd1', { ...thanosBase, namespace: 'thanos' });
    const manifests = objects(d1.globalChart);
    // prometheus-operator's Prometheus in `monitoring` (DEFAULT_FLEET_SCRAPER).
    const scraper = {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    };
    expect(metricsPeers(manifests, 'thanos-compact', 10902)).toEqual([scraper]);
    expect(metricsPeers(manifests, 'thanos-store', 10902)).toEqual([scraper]);
    expect(metricsPeers(manifests, 'thanos-rule', 10902)).toEqual([scraper]);
    expect(metricsPeers(manifests, 'thanos-query', 10902)).toContainEqual(scraper);
    expect(metricsPeers(manifests, 'grafana', 3000)).toEqual([scraper]);
  });
});

describe('fleet self-monitoring: rules and dashboards', () => {
  const all = patterns();
  const ruleGroups = (chart: Chart) =>
    (objects(chart).find((m) => m.kind === 'PrometheusRule') as Obj | undefined)?.spec.groups.map(
      (g: Obj) => g.name,
    );

  test('each monitoring chart has one PrometheusRule with the alerts of the components it runs', () => {
    expect(ruleGroups(all.d1.globalChart)).toEqual([
      'fleet-targets',
      'thanos-bucket',
      'thanos-store',
      'thanos-rule',
      'thanos-query',
      'thanos-compact',
    ]);
    expect(ruleGroups(all.d1.regionCharts['region-a'] as Chart)).toEqual([
      'fleet-targets',
      'thanos-bucket',
      'thanos-store',
      'thanos-query',
    ]);
    expect(ruleGroups(all.d2.globalChart)).toEqual(
      expect.arrayContaining(['thanos-receive', 'thanos-store', 'thanos-query', 'thanos-compact']),
    );
    expect(ruleGroups(all.d3.regionCharts['region-a'] as Chart)).toEqual([
      'fleet-targets',
      'thanos-bucket',
      'thanos-receive',
      'thanos-query',
    ]);
    expect(ruleGroups(all.d4.regionCharts['region-a'] as Chart)).toEqual(['fleet-targets', 'prometheus']);
    expect(ruleGroups(all.d4.globalChart)).toEqual(['fleet-targets', 'prometheus']);
  });

  test('the partial-response alert moves from the D1 ruler to the global PrometheusRule, beside its metric', () => {
    const rules = parse(all.d1.ruler.rulesConfigMap.toJson().data['rules.yaml']);
    expect(rules.groups.flatMap((g: Obj) => g.rules).some((r: Obj) => r.alert)).toBe(false);
    const prometheusRule = objects(all.d1.globalChart).find((m) => m.kind === 'PrometheusRule') as Obj;
    const names = prometheusRule.spec.groups.flatMap((g: Obj) => g.rules.map((r: Obj) => r.alert));
    expect(names).toContain('ThanosRuleEvaluationWithPartialResponse');
  });

  test('application clusters evaluate their own Prometheus (and sidecar) alerts', () => {
    const config = (p: { appClusterCharts: Record<string, Chart> }) =>
      parse(
        objects(Object.values(p.appClusterCharts)[0]).find((m) => m.metadata.name === 'prometheus-config')!
          .data['rules.yaml'],
      ).groups.map((g: Obj) => g.name);
    expect(config(all.d1)).toEqual(['cluster-aggregates', 'fleet-targets', 'prometheus', 'thanos-sidecar']);
    expect(config(all.d2)).toEqual(['cluster-aggregates', 'fleet-targets', 'prometheus']);
  });

  test.each(['d1', 'd2', 'd3'])(
    '%s: Grafana provisions the fleet dashboards, valid against its data sources',
    (key) => {
      const p = all[key as 'd1' | 'd2' | 'd3'];
      const manifests = objects(p.globalChart);
      const uids = parse(
        manifests.find((m) => m.metadata.name === 'grafana-datasources')!.data['datasources.yaml'],
      ).datasources.map((d: Obj) => d.uid);
      const dashboards = manifests.find((m) => m.metadata.name === 'grafana-dashboards-thanos-fleet') as Obj;
      expect(Object.keys(dashboards.data)).toEqual(['fleet-overview.json', 'thanos-components.json']);
      for (const json of Object.values(dashboards.data as Record<string, string>)) {
        expect(dashboardProblems(JSON.parse(json), uids)).toEqual([]);
      }
    },
  );

  test('selfMonitoring: false emits no ServiceMonitor, PrometheusRule or dashboard, and app clusters keep their rules', () => {
    const app = new App();
    const d1 = new ThanosHierarchical(app, 'd1', { ...thanosBase, selfMonitoring: false });
    const kinds = [d1.globalChart, ...Object.values(d1.regionCharts)].flatMap((c) =>
      objects(c).map((m) => m.kind),
    );
    expect(kinds.filter((k) => k === 'ServiceMonitor' || k === 'PrometheusRule')).toEqual([]);
    expect(objects(d1.globalChart).some((m) => m.metadata.name.startsWith('grafana-dashboard'))).toBe(false);
  });

  test('each part has its own switch', () => {
    const d1 = new ThanosHierarchical(new App(), 'd1', {
      ...thanosBase,
      selfMonitoring: { rules: false, dashboards: false, labels: { release: 'kube-prometheus' } },
    });
    const manifests = objects(d1.globalChart);
    expect(manifests.some((m) => m.kind === 'PrometheusRule')).toBe(false);
    expect(manifests.some((m) => m.metadata.name.startsWith('grafana-dashboard'))).toBe(false);
    const monitors = manifests.filter((m) => m.kind === 'ServiceMonitor');
    expect(monitors.length).toBeGreaterThan(0);
    expect(monitors.every((m) => m.metadata.labels.release === 'kube-prometheus')).toBe(true);
  });

  test('a selfMonitoring that is neither an object nor false, or a scraper without pod labels, is refused', () => {
    const bad = thrown(
      () => new ThanosHierarchical(new App(), 'd1', { ...thanosBase, selfMonitoring: true as never }),
    );
    expect(bad.code).toBe(ErrorCode.INVALID_VALUE);
    expect(bad.message).toBe(
      "ThanosHierarchical 'd1': 'selfMonitoring' must be an object or false (got true); write selfMonitoring: false to turn it off, or e.g. { dashboards: false }",
    );
    const wide = thrown(
      () =>
        new ThanosHierarchical(new App(), 'd1', {
          ...thanosBase,
          selfMonitoring: { scraper: { namespace: 'monitoring', podLabels: {} } },
        }),
    );
    expect(wide.code).toBe(ErrorCode.INVALID_VALUE);
    expect(wide.message).toContain(
      "'selfMonitoring.scraper' must name a namespace and at least one pod label",
    );
  });
});

describeWithShared('fleet self-monitoring objects against the prometheus-operator 0.93 CRDs', () => {
  test('every ServiceMonitor and PrometheusRule of D1–D4 is valid', () => {
    const all = patterns();
    let n = 0;
    for (const p of Object.values(all)) {
      for (const chart of [p.globalChart, ...Object.values(p.regionCharts)]) {
        for (const m of objects(chart).filter((o) => o.apiVersion === 'monitoring.coreos.com/v1')) {
          expect([m.metadata.name, validateCustomResource(m as never)]).toEqual([m.metadata.name, undefined]);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(20);
  });
});
