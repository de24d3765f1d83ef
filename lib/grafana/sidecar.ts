import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ErrorContext } from '../core';
import { Dashboard, checkDashboard, dashboardConfigMap } from './dashboard';

/**
 * The label a Grafana dashboard sidecar collects ConfigMaps by: the grafana Helm chart's defaults
 * (`sidecar.dashboards.label: grafana_dashboard`, `labelValue: "1"`, grafana/helm-charts charts/grafana/values.yaml,
 * read unpinned), which kube-prometheus-stack's Grafana uses too. A Grafana of this library does not need it: pass
 * the same {@link Dashboard} to its `dashboards` prop instead.
 */
export const GRAFANA_SIDECAR_DASHBOARD_LABELS: Readonly<Record<string, string>> = { grafana_dashboard: '1' };
/**
 * The data source uid dashboards for a foreign Grafana reference unless told otherwise: kube-prometheus-stack
 * provisions its Prometheus data source with uid `prometheus` (its values.yaml `grafana.sidecar.datasources.uid`,
 * read unpinned). Set it to your own data source's uid.
 */
export const DEFAULT_SIDECAR_DATASOURCE_UID = 'prometheus';

/** What a construct without a Grafana of its own does with its dashboards. */
export interface SidecarDashboardOptions {
  /** Emit the ConfigMap. @default true (with `serviceMonitor`) */
  readonly enabled?: boolean;
  /** The uid of the Prometheus data source in the Grafana that loads them. @default DEFAULT_SIDECAR_DATASOURCE_UID */
  readonly datasourceUid?: string;
  /** Labels the sidecar selects by. @default GRAFANA_SIDECAR_DASHBOARD_LABELS */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A ConfigMap of dashboard JSON labelled for a Grafana dashboard sidecar (which watches ConfigMaps with the label and
 * writes their files into Grafana's provisioning directory), in the construct's own namespace.
 */
export function sidecarDashboardConfigMap(
  scope: Construct,
  id: string,
  options: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
    readonly sidecar: SidecarDashboardOptions;
    readonly dashboards: readonly Dashboard[];
    /** Where errors point: the construct and the prop of the sidecar options. */
    readonly context: ErrorContext;
    readonly prop: string;
  },
): k8s.KubeConfigMap {
  // A bad data source uid (or a dashboard built wrong) fails here, naming the user's prop.
  options.dashboards.forEach((d) => checkDashboard(d, options.context, options.prop));
  return dashboardConfigMap(scope, id, {
    name: options.name,
    namespace: options.namespace,
    labels: { ...options.labels, ...(options.sidecar.labels ?? GRAFANA_SIDECAR_DASHBOARD_LABELS) },
    dashboards: options.dashboards,
  });
}
