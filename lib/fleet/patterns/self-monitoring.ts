import { k8s } from 'cdk8s-plus-28';
import {
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  checkPrometheusDuration,
  podPeer,
} from '../../core';

/**
 * How the fleet's monitoring clusters (global and regional charts) monitor themselves through prometheus-operator
 * (0.93 or compatible): a ServiceMonitor per component, the alert rules as PrometheusRules, dashboards in Grafana.
 * The application clusters are left alone: their Prometheus scrapes itself and its sidecar (the default scrape
 * set), and those series reach the fleet through the sidecar or remote write.
 */
export interface FleetSelfMonitoring {
  /** A ServiceMonitor for every component of the monitoring clusters. @default true */
  readonly serviceMonitors?: boolean;
  /** The fleet's alert rules as PrometheusRules in the charts where the components run. @default true */
  readonly rules?: boolean;
  /** The fleet's dashboards in the global Grafana (when it has one). @default true */
  readonly dashboards?: boolean;
  /** Labels on every ServiceMonitor and PrometheusRule (the `release` label your Prometheus selects). @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Scrape interval of the ServiceMonitors. @default DEFAULT_SCRAPE_INTERVAL */
  readonly interval?: string;
  /**
   * The prometheus-operator Prometheus that scrapes the components: its namespace and pod labels, admitted to the
   * components' metrics ports by their NetworkPolicies (and nothing wider).
   * @default DEFAULT_FLEET_SCRAPER
   */
  readonly scraper?: FleetScraper;
}

/** The pods that scrape the monitoring clusters' components. */
export interface FleetScraper {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/**
 * prometheus-operator's Prometheus pods in `monitoring` (kube-prometheus's namespace): the operator labels them
 * `app.kubernetes.io/name: prometheus` (see DEFAULT_METRICS_SCRAPER_LABELS).
 */
export const DEFAULT_FLEET_SCRAPER: FleetScraper = {
  namespace: 'monitoring',
  podLabels: { 'app.kubernetes.io/name': 'prometheus' },
};

/** The `region` label of the global chart's targets (the label the federation pattern's global Prometheus carries). */
export const GLOBAL_REGION_LABEL = 'global';

/** Self-monitoring with every default filled in; `undefined` when it is off. */
export interface ResolvedSelfMonitoring {
  readonly serviceMonitors: boolean;
  readonly rules: boolean;
  readonly dashboards: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly interval?: string;
  readonly scraper: FleetScraper;
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Checks the `selfMonitoring` prop (also for JavaScript callers) and fills in the defaults. */
export function resolveSelfMonitoring(
  value: FleetSelfMonitoring | false | undefined,
  context: ErrorContext,
): ResolvedSelfMonitoring | undefined {
  if (value === false) return undefined;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'selfMonitoring',
      problem: 'must be an object or false',
      value,
      fix: 'write selfMonitoring: false to turn it off, or e.g. { dashboards: false }',
    });
  }
  const options = value ?? {};
  if (options.interval !== undefined)
    checkPrometheusDuration(options.interval, context, 'selfMonitoring.interval');
  const scraper = options.scraper ?? DEFAULT_FLEET_SCRAPER;
  for (const [key, v] of Object.entries({ ...(options.labels ?? {}), ...scraper.podLabels })) {
    if (!LABEL_KEY.test(key) || typeof v !== 'string') {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_NAME,
        prop: key in (options.labels ?? {}) ? 'selfMonitoring.labels' : 'selfMonitoring.scraper.podLabels',
        problem: 'has a key that is not a Kubernetes label key, or a value that is not a string',
        value: { [key]: v },
        fix: "e.g. { release: 'kube-prometheus' }",
      });
    }
  }
  if (
    Object.keys(scraper.podLabels).length === 0 ||
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(scraper.namespace)
  ) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'selfMonitoring.scraper',
      problem:
        'must name a namespace and at least one pod label, so only that Prometheus reaches the metrics ports',
      value: scraper,
      fix: "e.g. { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }",
    });
  }
  return {
    serviceMonitors: options.serviceMonitors ?? true,
    rules: options.rules ?? true,
    dashboards: options.dashboards ?? true,
    labels: { ...(options.labels ?? {}) },
    interval: options.interval,
    scraper,
  };
}

/** The NetworkPolicy peer of the scraper: its pods, in its namespace (the fleet's own namespace needs no selector). */
export function scraperPeer(scraper: FleetScraper, fleetNamespace: string): k8s.NetworkPolicyPeer {
  return podPeer(
    { ...scraper.podLabels },
    scraper.namespace === fleetNamespace ? undefined : scraper.namespace,
  );
}
