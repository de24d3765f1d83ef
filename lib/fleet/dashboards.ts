import { Dashboard, DashboardPanel } from '../grafana';

/**
 * The uid of the fleet Grafana's Thanos data source (the global querier), which the fleet's dashboards reference.
 * Every series of the fleet is read through it: the application clusters' own (with their `cluster` and `region`
 * external labels) and, once the monitoring clusters' Prometheus ships its data into the fleet, the components'.
 */
export const FLEET_DATASOURCE_UID = 'thanos';
/** The Grafana folder of the fleet's dashboards. */
export const FLEET_DASHBOARD_FOLDER = 'Thanos fleet';

const RATE = '[$__rate_interval]';
const C = 'cluster=~"$cluster"';

function panel(
  title: string,
  expr: string | string[],
  options: {
    unit?: string;
    legend?: string | string[];
    type?: DashboardPanel['type'];
    width?: number;
    description?: string;
  } = {},
): DashboardPanel {
  const exprs = Array.isArray(expr) ? expr : [expr];
  const legend = options.legend;
  const legends: (string | undefined)[] = Array.isArray(legend) ? legend : exprs.map(() => legend);
  return {
    title,
    type: options.type,
    unit: options.unit,
    width: options.width,
    description: options.description,
    targets: exprs.map((e, i) => ({
      expr: e,
      ...(legends[i] !== undefined ? { legendFormat: legends[i] } : {}),
    })),
  };
}

/** Fleet overview: coverage of clusters and regions, targets up, ingestion, query latency, firing alerts. */
export const FLEET_OVERVIEW_DASHBOARD: Dashboard = {
  uid: 'fleet-overview',
  title: 'Fleet overview',
  datasourceUid: FLEET_DATASOURCE_UID,
  folder: FLEET_DASHBOARD_FOLDER,
  tags: ['thanos', 'fleet'],
  variables: [{ name: 'region', label: 'region', metric: 'up{job="prometheus"}' }],
  rows: [
    {
      title: 'Coverage',
      panels: [
        panel(
          'Clusters reporting',
          'count(count by (cluster) (up{job="prometheus", region=~"$region"} == 1))',
          {
            type: 'stat',
            width: 6,
            description:
              'Application and monitoring clusters whose Prometheus is up, as the global querier sees them.',
          },
        ),
        panel(
          'Regions reporting',
          'count(count by (region) (up{job="prometheus", region=~"$region"} == 1))',
          {
            type: 'stat',
            width: 6,
          },
        ),
        panel('Targets up per region', 'sum by (region) (up{region=~"$region"})', { legend: '{{region}}' }),
        panel('Targets down per cluster', 'count by (region, cluster) (up{region=~"$region"} == 0)', {
          legend: '{{region}} {{cluster}}',
          type: 'table',
          width: 24,
        }),
      ],
    },
    {
      title: 'Ingestion',
      panels: [
        panel(
          'Samples appended per region',
          `sum by (region) (rate(prometheus_tsdb_head_samples_appended_total{job="prometheus", region=~"$region"}${RATE}))`,
          { unit: 'short', legend: '{{region}}' },
        ),
        panel(
          'Blocks uploaded per region (sidecars, 1h)',
          'sum by (region) (increase(thanos_shipper_uploads_total{job="thanos-sidecar", region=~"$region"}[1h]))',
          { legend: '{{region}}', width: 24 },
        ),
        panel(
          'Head series per region',
          'sum by (region) (prometheus_tsdb_head_series{job="prometheus", region=~"$region"})',
          {
            legend: '{{region}}',
          },
        ),
      ],
    },
    {
      title: 'Queries',
      panels: [
        panel(
          'Query latency p99 (global and regional queriers)',
          `histogram_quantile(0.99, sum by (cluster, handler, le) (rate(http_request_duration_seconds_bucket{job="thanos-query", handler=~"query|query_range"}${RATE})))`,
          { unit: 's', legend: '{{cluster}} {{handler}}' },
        ),
        panel(
          'Query rate',
          `sum by (cluster, handler) (rate(http_requests_total{job="thanos-query", handler=~"query|query_range"}${RATE}))`,
          { unit: 'reqps', legend: '{{cluster}} {{handler}}' },
        ),
      ],
    },
    {
      title: 'Alerts',
      panels: [
        panel(
          'Firing alerts by cluster',
          'sum by (region, cluster, alertname) (ALERTS{alertstate="firing", region=~"$region"})',
          {
            type: 'table',
            width: 24,
            description: 'Includes the alerts every application cluster evaluates on its own Prometheus.',
          },
        ),
      ],
    },
  ],
};

/** Thanos components: per component request rates, errors and latency; compactor progress; store series; receive. */
export const THANOS_COMPONENTS_DASHBOARD: Dashboard = {
  uid: 'thanos-components',
  title: 'Thanos components',
  datasourceUid: FLEET_DATASOURCE_UID,
  folder: FLEET_DASHBOARD_FOLDER,
  tags: ['thanos'],
  variables: [{ name: 'cluster', label: 'cluster', metric: 'up{job=~"thanos-.*"}' }],
  rows: [
    {
      title: 'Query',
      panels: [
        panel(
          'Requests by handler and code',
          `sum by (handler, code) (rate(http_requests_total{job="thanos-query", ${C}}${RATE}))`,
          {
            unit: 'reqps',
            legend: '{{handler}} {{code}}',
            width: 8,
          },
        ),
        panel(
          'Error ratio',
          `sum by (handler) (rate(http_requests_total{job="thanos-query", ${C}, code=~"5.."}${RATE})) / sum by (handler) (rate(http_requests_total{job="thanos-query", ${C}}${RATE}))`,
          { unit: 'percentunit', legend: '{{handler}}', width: 8 },
        ),
        panel(
          'Latency p50 / p99',
          [
            `histogram_quantile(0.5, sum by (handler, le) (rate(http_request_duration_seconds_bucket{job="thanos-query", ${C}, handler=~"query|query_range"}${RATE})))`,
            `histogram_quantile(0.99, sum by (handler, le) (rate(http_request_duration_seconds_bucket{job="thanos-query", ${C}, handler=~"query|query_range"}${RATE})))`,
          ],
          { unit: 's', legend: ['p50 {{handler}}', 'p99 {{handler}}'], width: 8 },
        ),
        panel(
          'Connected StoreAPI endpoints',
          `sum by (cluster, store_type) (thanos_store_nodes_grpc_connections{job="thanos-query", ${C}})`,
          {
            legend: '{{cluster}} {{store_type}}',
            width: 24,
          },
        ),
      ],
    },
    {
      title: 'Store gateway',
      panels: [
        panel(
          'gRPC requests by code',
          `sum by (grpc_code) (rate(grpc_server_handled_total{job="thanos-store", ${C}}${RATE}))`,
          {
            unit: 'reqps',
            legend: '{{grpc_code}}',
            width: 8,
          },
        ),
        panel(
          'Series fetch p99',
          `histogram_quantile(0.99, sum by (le) (rate(thanos_bucket_store_series_get_all_duration_seconds_bucket{job="thanos-store", ${C}}${RATE})))`,
          { unit: 's', width: 8 },
        ),
        panel(
          'Items fetched per second by type',
          `sum by (data_type) (rate(thanos_bucket_store_series_data_fetched_sum{job="thanos-store", ${C}}${RATE}))`,
          { legend: '{{data_type}}', width: 8 },
        ),
        panel(
          'Blocks queried per second',
          `sum(rate(thanos_bucket_store_series_blocks_queried_sum{job="thanos-store", ${C}}${RATE}))`,
          {
            width: 24,
          },
        ),
      ],
    },
    {
      title: 'Compactor',
      panels: [
        panel('Halted', `max by (pod) (thanos_compact_halted{job="thanos-compact", ${C}})`, {
          legend: '{{pod}}',
          width: 6,
        }),
        panel(
          'Compactions to do',
          `sum by (pod) (thanos_compact_todo_compactions{job="thanos-compact", ${C}})`,
          {
            legend: '{{pod}}',
            width: 6,
          },
        ),
        panel(
          'Compactions and failures',
          [
            `sum by (pod) (rate(thanos_compact_group_compactions_total{job="thanos-compact", ${C}}${RATE}))`,
            `sum by (pod) (rate(thanos_compact_group_compactions_failures_total{job="thanos-compact", ${C}}${RATE}))`,
          ],
          { legend: ['done {{pod}}', 'failed {{pod}}'], width: 6 },
        ),
        panel(
          'Iterations and blocks deleted (1h)',
          [
            `sum by (pod) (increase(thanos_compact_iterations_total{job="thanos-compact", ${C}}[1h]))`,
            `sum by (pod) (increase(thanos_compact_blocks_cleaned_total{job="thanos-compact", ${C}}[1h]))`,
          ],
          { legend: ['iterations {{pod}}', 'deleted {{pod}}'], width: 6 },
        ),
      ],
    },
    {
      title: 'Receive',
      panels: [
        panel(
          'Replications by result',
          `sum by (result) (rate(thanos_receive_replications_total{job="thanos-receive", ${C}}${RATE}))`,
          {
            unit: 'reqps',
            legend: '{{result}}',
            width: 8,
          },
        ),
        panel(
          'Forward requests by result',
          `sum by (result) (rate(thanos_receive_forward_requests_total{job="thanos-receive", ${C}}${RATE}))`,
          { unit: 'reqps', legend: '{{result}}', width: 8 },
        ),
        panel(
          'Requests refused over the head series limit',
          `sum by (tenant) (rate(thanos_receive_head_series_limited_requests_total{job="thanos-receive", ${C}}${RATE}))`,
          { unit: 'reqps', legend: '{{tenant}}', width: 8 },
        ),
      ],
    },
    {
      title: 'Ruler and bucket',
      panels: [
        panel(
          'Rule evaluation failures and partial responses',
          [
            `sum by (rule_group) (rate(prometheus_rule_evaluation_failures_total{job="thanos-rule", ${C}}${RATE}))`,
            `sum(rate(thanos_rule_evaluation_with_warnings_total{job="thanos-rule", ${C}}${RATE}))`,
          ],
          { legend: ['failed {{rule_group}}', 'partial'] },
        ),
        panel(
          'Bucket operations and failures by component',
          [
            `sum by (job, operation) (rate(thanos_objstore_bucket_operations_total{${C}}${RATE}))`,
            `sum by (job, operation) (rate(thanos_objstore_bucket_operation_failures_total{${C}}${RATE}))`,
          ],
          { unit: 'reqps', legend: ['{{job}} {{operation}}', 'failed {{job}} {{operation}}'] },
        ),
      ],
    },
  ],
};

/** The dashboards a fleet's Grafana provisions. */
export function fleetDashboards(): Dashboard[] {
  return [FLEET_OVERVIEW_DASHBOARD, THANOS_COMPONENTS_DASHBOARD];
}
