import { Chart, Testing } from 'cdk8s';
import { ErrorCode } from '../../lib/core';
import { Dashboard, Grafana, GrafanaProps } from '../../lib/grafana';
import { errorTable } from './table';

// Throw sites of lib/grafana (grafana.ts, dashboard.ts), smallest inputs.
const { INVALID_VALUE, INCOMPATIBLE_PROPS, INVALID_NAME, DANGLING_REFERENCE } = ErrorCode;
const thanos = {
  name: 'Thanos',
  source: { httpUrl: 'http://thanos-query.monitoring.svc.cluster.local:10902' },
};
const grafana = (props: Partial<GrafanaProps>) => () =>
  new Grafana(new Chart(Testing.app(), 'test', { namespace: 'monitoring' }), 'grafana', {
    dataSources: [thanos],
    adminPassword: { name: 'grafana-admin', key: 'password' },
    ...props,
  });
const board: Dashboard = {
  uid: 'b',
  title: 'B',
  datasourceUid: 'thanos',
  rows: [{ title: 'r', panels: [{ title: 'p', targets: [{ expr: 'up' }] }] }],
};
const withBoard = (d: object) => grafana({ dashboards: [{ ...board, ...d } as Dashboard] });
const panel = (p: object) =>
  withBoard({ rows: [{ title: 'r', panels: [{ title: 'p', targets: [{ expr: 'up' }], ...p }] }] });

describe('lib/grafana/grafana.ts', () => {
  errorTable([
    {
      site: 'two replicas without a database (edge: 2)',
      run: grafana({ replicas: 2 }),
      code: INCOMPATIBLE_PROPS,
      prop: 'databaseUrl',
      message: 'is required with 2 replicas',
    },
    {
      site: 'no data source',
      run: grafana({ dataSources: [] }),
      code: INVALID_VALUE,
      prop: 'dataSources',
      message: 'must list at least one data source',
    },
    {
      site: 'exposure with serverTls',
      run: grafana({
        serverTls: { secretName: 'grafana-tls' },
        exposure: {
          kind: 'ingress',
          host: 'grafana.example.com',
          tls: { secretName: 'public-tls' },
        } as never,
      }),
      code: INCOMPATIBLE_PROPS,
      prop: 'exposure',
      message: 'cannot be set together with serverTls',
    },
    {
      site: 'admin user that is not a login name',
      run: grafana({ adminUser: 'admin user' }),
      code: INVALID_VALUE,
      prop: 'adminUser',
      message: 'is not a login name',
    },
    {
      site: 'a data source uid Grafana rejects',
      run: grafana({ dataSources: [{ ...thanos, uid: 'a b' }] }),
      code: INVALID_VALUE,
      prop: 'dataSources[0].uid',
      message: 'is not a Grafana uid',
    },
    {
      site: 'two data sources with one uid',
      run: grafana({ dataSources: [thanos, { ...thanos, name: 'Other', uid: 'thanos' }] }),
      code: INVALID_VALUE,
      prop: 'dataSources[1].uid',
      message: 'is the uid of another data source',
    },
    {
      site: 'two dashboards with one uid',
      run: grafana({ dashboards: [board, board] }),
      code: INVALID_VALUE,
      prop: 'dashboards[1].uid',
      message: 'is the uid of another dashboard',
    },
    {
      site: 'a dashboard on an unprovisioned data source',
      run: withBoard({ datasourceUid: 'loki' }),
      code: DANGLING_REFERENCE,
      prop: 'dashboards[0].datasourceUid',
      message: 'names no provisioned data source (uids: thanos)',
    },
    {
      site: 'serverTls Secret name',
      run: grafana({ serverTls: { secretName: 'Bad_Name' } }),
      code: INVALID_NAME,
      prop: 'serverTls.secretName',
      message: 'must name a Secret of the namespace',
    },
    {
      site: 'grafana.ts: a CA Secret name with an empty DNS label (a..b), which Kubernetes refuses',
      run: grafana({ serverTls: { secretName: 'grafana-tls', caSecretName: 'a..b' } }),
      code: INVALID_NAME,
      prop: 'serverTls.caSecretName',
      message: 'must name a Secret of the namespace',
    },
  ]);
});

describe('lib/grafana/dashboard.ts', () => {
  errorTable([
    {
      site: 'dashboard uid',
      run: withBoard({ uid: 'a b' }),
      code: INVALID_VALUE,
      prop: 'dashboards[0].uid',
      message: 'is not a Grafana dashboard uid',
    },
    {
      site: 'dashboard data source uid',
      run: withBoard({ datasourceUid: 'a b' }),
      code: INVALID_VALUE,
      prop: 'dashboards[0].datasourceUid',
      message: 'is not a data source uid',
    },
    {
      site: 'variable without a name',
      run: withBoard({ variables: [{ name: '1x', label: 'cluster', metric: 'up' }] }),
      code: INVALID_VALUE,
      prop: 'dashboards[0].variables[0]',
      message: 'needs a variable name and a label name',
    },
    {
      site: 'panel width (edge: 25)',
      run: panel({ width: 25 }),
      code: INVALID_VALUE,
      prop: 'dashboards[0].rows[0].panels[0].width',
      message: 'must be a whole number from 1 to 24',
    },
    {
      site: 'panel without query',
      run: panel({ targets: [] }),
      code: INVALID_VALUE,
      prop: 'dashboards[0].rows[0].panels[0].targets',
      message: 'is empty',
    },
  ]);
});
