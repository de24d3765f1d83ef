import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../core';

/** One PromQL query of a panel. */
export interface DashboardTarget {
  readonly expr: string;
  /** The series' legend, with `{{label}}` placeholders. @default Grafana's (the series' labels) */
  readonly legendFormat?: string;
}

/** A panel: a time series graph or a single stat, over one or more queries. */
export interface DashboardPanel {
  readonly title: string;
  /** @default 'timeseries' */
  readonly type?: 'timeseries' | 'stat' | 'table';
  /** Grafana unit id (`s`, `reqps`, `percentunit`, `short`, `bytes`). @default 'short' */
  readonly unit?: string;
  readonly description?: string;
  readonly targets: readonly DashboardTarget[];
  /** Width in Grafana's 24-column grid. @default DEFAULT_PANEL_WIDTH */
  readonly width?: number;
}

/** A titled row of panels. */
export interface DashboardRow {
  readonly title: string;
  readonly panels: readonly DashboardPanel[];
}

/** A query variable (`$cluster`): the values of one label of one metric, multi-select with "All". */
export interface DashboardVariable {
  readonly name: string;
  /** The label whose values the variable offers. */
  readonly label: string;
  /** The metric whose series carry the label. */
  readonly metric: string;
}

/** A dashboard: rows of panels over one Prometheus-compatible data source, named by its fixed uid. */
export interface Dashboard {
  /** Grafana's dashboard uid (stable links): letters, digits, `-` and `_`, at most 40 characters. */
  readonly uid: string;
  readonly title: string;
  /** The uid of a data source Grafana provisions (`GrafanaDataSource.uid`). */
  readonly datasourceUid: string;
  /** The Grafana folder it is provisioned into. @default DEFAULT_DASHBOARD_FOLDER */
  readonly folder?: string;
  readonly tags?: readonly string[];
  readonly variables?: readonly DashboardVariable[];
  readonly rows: readonly DashboardRow[];
}

/** The folder of dashboards that name none. */
export const DEFAULT_DASHBOARD_FOLDER = 'Observability';
/** Panels take half the grid's 24 columns unless told otherwise. */
export const DEFAULT_PANEL_WIDTH = 12;
/** Height of every panel, in grid rows. */
export const PANEL_HEIGHT = 8;
/**
 * The dashboard JSON schema version written (Grafana's dashboard model, `schemaVersion`; Grafana migrates older
 * versions on load, so a too-old value is upgraded rather than rejected).
 */
export const DASHBOARD_SCHEMA_VERSION = 39;

const UID = /^[A-Za-z0-9_-]{1,40}$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks a dashboard's uid, variables and panel widths (runtime checks for JavaScript callers too). */
export function checkDashboard(dashboard: Dashboard, context: ErrorContext, prop: string): Dashboard {
  const fail = (p: string, problem: string, value: unknown, fix: string): never => {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: p,
      problem,
      value,
      fix,
    });
  };
  if (typeof dashboard.uid !== 'string' || !UID.test(dashboard.uid))
    fail(
      `${prop}.uid`,
      'is not a Grafana dashboard uid',
      dashboard.uid,
      "use up to 40 letters, digits, '-' and '_'",
    );
  if (typeof dashboard.datasourceUid !== 'string' || !UID.test(dashboard.datasourceUid))
    fail(`${prop}.datasourceUid`, 'is not a data source uid', dashboard.datasourceUid, "e.g. 'thanos'");
  (dashboard.variables ?? []).forEach((v, i) => {
    if (!VARIABLE.test(v.name) || !VARIABLE.test(v.label))
      fail(
        `${prop}.variables[${i}]`,
        'needs a variable name and a label name',
        v,
        "e.g. { name: 'cluster', label: 'cluster', metric: 'up' }",
      );
  });
  dashboard.rows.forEach((row, r) =>
    row.panels.forEach((panel, p) => {
      const width = panel.width ?? DEFAULT_PANEL_WIDTH;
      if (!Number.isInteger(width) || width < 1 || width > 24)
        fail(
          `${prop}.rows[${r}].panels[${p}].width`,
          'must be a whole number from 1 to 24',
          width,
          'use 6, 8, 12 or 24',
        );
      if (panel.targets.length === 0)
        fail(`${prop}.rows[${r}].panels[${p}].targets`, 'is empty', [], 'give at least one PromQL query');
    }),
  );
  return dashboard;
}

/**
 * Grafana's dashboard JSON model for a dashboard: row panels and their panels laid out left to right on the 24-column
 * grid, panel ids numbered from 1 in order, every panel and query on the data source of `datasourceUid`.
 */
export function dashboardJson(dashboard: Dashboard): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: dashboard.datasourceUid };
  const panels: Record<string, unknown>[] = [];
  let id = 0;
  let y = 0;
  for (const row of dashboard.rows) {
    panels.push({
      id: ++id,
      type: 'row',
      title: row.title,
      collapsed: false,
      gridPos: { h: 1, w: 24, x: 0, y },
      panels: [],
    });
    y += 1;
    let x = 0;
    for (const panel of row.panels) {
      const w = panel.width ?? DEFAULT_PANEL_WIDTH;
      if (x + w > 24) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push({
        id: ++id,
        type: panel.type ?? 'timeseries',
        title: panel.title,
        ...(panel.description !== undefined ? { description: panel.description } : {}),
        datasource,
        gridPos: { h: PANEL_HEIGHT, w, x, y },
        fieldConfig: { defaults: { unit: panel.unit ?? 'short' }, overrides: [] },
        options: {},
        targets: panel.targets.map((t, i) => ({
          refId: String.fromCharCode(65 + i),
          datasource,
          expr: t.expr,
          ...(t.legendFormat !== undefined ? { legendFormat: t.legendFormat } : {}),
        })),
      });
      x += w;
    }
    y += PANEL_HEIGHT;
  }
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    tags: [...(dashboard.tags ?? [])],
    editable: false,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    timezone: 'utc',
    templating: {
      list: (dashboard.variables ?? []).map((v) => ({
        name: v.name,
        label: v.name,
        type: 'query',
        datasource,
        query: { query: `label_values(${v.metric}, ${v.label})`, refId: `var-${v.name}` },
        definition: `label_values(${v.metric}, ${v.label})`,
        refresh: 2,
        multi: true,
        includeAll: true,
        allValue: '.*',
        current: { text: 'All', value: '$__all' },
        sort: 1,
      })),
    },
    panels,
  };
}

/** A Kubernetes-safe file name per dashboard in a ConfigMap (`<uid>.json`). */
export function dashboardFileName(dashboard: Dashboard): string {
  return `${dashboard.uid}.json`;
}

/** Options of {@link dashboardConfigMap}. */
export interface DashboardConfigMapOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly dashboards: readonly Dashboard[];
}

/** A ConfigMap holding dashboards as Grafana JSON files, one key `<uid>.json` each (uids must be unique). */
export function dashboardConfigMap(
  scope: Construct,
  id: string,
  options: DashboardConfigMapOptions,
): k8s.KubeConfigMap {
  const data: Record<string, string> = {};
  for (const d of options.dashboards)
    data[dashboardFileName(d)] = `${JSON.stringify(dashboardJson(d), null, 2)}\n`;
  return new k8s.KubeConfigMap(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    data,
  });
}
