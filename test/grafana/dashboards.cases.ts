import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ErrorCode } from '../../lib/core';
import { Dashboard, Grafana, dashboardJson } from '../../lib/grafana';
import { dashboardProblems, metricNames, promqlError } from '../support/dashboards';
import { expectConstructError } from '../support/errors';
import { synth } from '../support/manifests';
import { thrown } from '../thanos/support';

type Obj = Record<string, any>;

const DASHBOARD: Dashboard = {
  uid: 'fleet-overview',
  title: 'Fleet overview',
  datasourceUid: 'thanos',
  folder: 'Thanos fleet',
  variables: [{ name: 'cluster', label: 'cluster', metric: 'up' }],
  rows: [
    {
      title: 'Targets',
      panels: [
        { title: 'Up', targets: [{ expr: 'sum by (cluster) (up{cluster=~"$cluster"})' }] },
        {
          title: 'Rate',
          targets: [{ expr: 'sum(rate(prometheus_tsdb_head_samples_appended_total[$__rate_interval]))' }],
        },
        { title: 'Wide', width: 24, targets: [{ expr: 'count(up)' }] },
      ],
    },
  ],
};

function grafana(extra: Record<string, unknown> = {}) {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
  new Grafana(chart, 'grafana', {
    dataSources: [
      { name: 'Thanos', source: { httpUrl: 'http://thanos-query.monitoring.svc.cluster.local:10902' } },
    ],
    adminPassword: { name: 'grafana-admin', key: 'password' },
    dashboards: [DASHBOARD],
    ...extra,
  });
  return synth(chart) as Obj[];
}

describe('Grafana dashboards', () => {
  test('data sources get a fixed uid, from the name unless given', () => {
    const cm = grafana().find((m) => m.metadata.name === 'grafana-datasources') as Obj;
    expect(parse(cm.data['datasources.yaml']).datasources[0].uid).toBe('thanos');
    const other = grafana({
      dataSources: [{ name: 'Thanos', uid: 'global', source: { httpUrl: 'http://q:10902' } }],
      dashboards: [],
    }).find((m) => m.metadata.name === 'grafana-datasources') as Obj;
    expect(parse(other.data['datasources.yaml']).datasources[0].uid).toBe('global');
  });

  test('one ConfigMap per folder, mounted where the file provider reads, and the provider file', () => {
    const manifests = grafana();
    const dashboards = manifests.find((m) => m.metadata.name === 'grafana-dashboards-thanos-fleet') as Obj;
    expect(Object.keys(dashboards.data)).toEqual(['fleet-overview.json']);
    expect(JSON.parse(dashboards.data['fleet-overview.json']).uid).toBe('fleet-overview');
    const providers = manifests.find((m) => m.metadata.name === 'grafana-dashboard-providers') as Obj;
    // Grafana's dashboard provider file format (administration/provisioning, "Dashboards").
    expect(parse(providers.data['dashboards.yaml'])).toEqual({
      apiVersion: 1,
      providers: [
        {
          name: 'thanos-fleet',
          folder: 'Thanos fleet',
          folderUid: 'thanos-fleet',
          type: 'file',
          disableDeletion: true,
          allowUiUpdates: false,
          updateIntervalSeconds: 60,
          options: { path: '/etc/grafana/dashboards/thanos-fleet', foldersFromFilesStructure: false },
        },
      ],
    });
    const pod = (manifests.find((m) => m.kind === 'Deployment') as Obj).spec.template.spec;
    const mounts = pod.containers[0].volumeMounts as Obj[];
    const volumes = pod.volumes as Obj[];
    const mountOf = (cm: string) => {
      const volume = volumes.find((v) => v.configMap?.name === cm) as Obj;
      return mounts.find((m) => m.name === volume.name)?.mountPath;
    };
    expect(mountOf('grafana-dashboards-thanos-fleet')).toBe('/etc/grafana/dashboards/thanos-fleet');
    expect(mountOf('grafana-dashboard-providers')).toBe('/etc/grafana/provisioning/dashboards');
  });

  test('a dashboard on a data source that is not provisioned fails with DANGLING_REFERENCE', () => {
    const e = thrown(() => grafana({ dashboards: [{ ...DASHBOARD, datasourceUid: 'prometheus' }] }));
    expect(e.code).toBe(ErrorCode.DANGLING_REFERENCE);
    expect(e.message).toBe(
      "Grafana 'test/grafana': 'dashboards[0].datasourceUid' names no provisioned data source (uids: thanos) (got \"prometheus\"); use the uid of one of dataSources, or set that data source's uid",
    );
  });

  test('two dashboards with one uid, or two data sources with one uid, are refused', () => {
    // lib/grafana/grafana.ts checkDashboards and checkDataSourceUids: INVALID_VALUE
    expectConstructError(
      () => grafana({ dashboards: [DASHBOARD, DASHBOARD] }),
      "Grafana 'test/grafana': 'dashboards[1].uid' is the uid of another dashboard (got \"fleet-overview\"); give every dashboard its own uid",
      ErrorCode.INVALID_VALUE,
    );
    const twice = { name: 'Thanos', source: { httpUrl: 'http://q:10902' } };
    expectConstructError(
      () => grafana({ dataSources: [twice, twice], dashboards: [] }),
      "Grafana 'test/grafana': 'dataSources[1].uid' is the uid of another data source (got \"thanos\"); give each data source its own uid of up to 40 letters, digits, '-' and '_', e.g. 'thanos'",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('a panel wider than the grid is refused', () => {
    const wide = {
      ...DASHBOARD,
      rows: [{ title: 'r', panels: [{ title: 'p', width: 25, targets: [{ expr: 'up' }] }] }],
    };
    // lib/grafana/dashboard.ts checkDashboard: INVALID_VALUE
    expectConstructError(
      () => grafana({ dashboards: [wide] }),
      "Grafana 'test/grafana': 'dashboards[0].rows[0].panels[0].width' must be a whole number from 1 to 24 (got 25); use 6, 8, 12 or 24",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('the JSON lays panels out on the 24-column grid with unique ids', () => {
    const json = dashboardJson(DASHBOARD) as Obj;
    expect(json.panels.map((p: Obj) => [p.id, p.type, p.gridPos])).toEqual([
      [1, 'row', { h: 1, w: 24, x: 0, y: 0 }],
      [2, 'timeseries', { h: 8, w: 12, x: 0, y: 1 }],
      [3, 'timeseries', { h: 8, w: 12, x: 12, y: 1 }],
      [4, 'timeseries', { h: 8, w: 24, x: 0, y: 9 }],
    ]);
    expect(dashboardProblems(json, ['thanos'])).toEqual([]);
  });
});

describe('the dashboard checks (test/support/dashboards.ts) can fail', () => {
  test('a query that does not parse, an unknown data source and a repeated panel id are reported', () => {
    const json = dashboardJson(DASHBOARD) as Obj;
    json.panels[1].targets[0].expr = 'sum(rate(up[5m])';
    json.panels[2].id = 2;
    expect(dashboardProblems(json, ['other'])).toEqual(
      expect.arrayContaining([
        expect.stringContaining("panel 2 'Up' A: syntax error"),
        "panel 'Rate': id 2 is not unique",
        "panel 4 A: data source uid 'thanos' is not provisioned",
      ]),
    );
  });

  test('Grafana variables are substituted before parsing; metric names come from the parse tree', () => {
    expect(promqlError('rate(x{cluster=~"$cluster"}[$__rate_interval])')).toBeUndefined();
    expect(promqlError('rate(x[5m]')).toMatch(/^syntax error/);
    expect(metricNames('sum(rate(a_total[5m])) / on (job) b + {__name__="c"} and sum(d{job="x"})')).toEqual([
      'a_total',
      'b',
      'c',
      'd',
    ]);
  });
});
