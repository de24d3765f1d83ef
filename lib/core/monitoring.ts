import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
// The rule model lives with the Prometheus config builders; core only renders it into the operator's CRD. The import
// is of functions called at construction time, so the module cycle (rules.ts reads core's errors) is harmless.
import { RuleGroup, checkRuleGroups, ruleGroupObjects } from '../prometheus/config/rules';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';

/**
 * How a construct is scraped. The prometheus-operator CRDs must be installed for `serviceMonitor`; the library never
 * assumes they are.
 */
export interface MonitoringOptions {
  /**
   * Emit a `monitoring.coreos.com/v1` ServiceMonitor for the construct's metrics port. Only set this when the
   * prometheus-operator (0.93 or compatible) is installed in the target cluster.
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Scrape interval of the ServiceMonitor.
   * @default DEFAULT_SCRAPE_INTERVAL
   */
  readonly interval?: string;
  /**
   * Extra labels on the ServiceMonitor, e.g. the `release` label a Prometheus selects ServiceMonitors by.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * The `job` label of every scraped series, whatever the Service is called: the Services of one component's shards
   * (`thanos-store-0` … `thanos-store-4`) then scrape as one job, which alerts and dashboards select by.
   * @default the Service's name (prometheus-operator's own default)
   */
  readonly job?: string;
  /**
   * Labels with fixed values on every scraped series (the fleet sets `cluster` and `region`), attached by relabeling
   * so they hold whichever Prometheus scrapes. @default none
   */
  readonly staticLabels?: Readonly<Record<string, string>>;
}

/** Scrape interval of emitted ServiceMonitors unless the user sets one. */
export const DEFAULT_SCRAPE_INTERVAL = '30s';

/** Options of {@link serviceMonitor}. */
export interface ServiceMonitorOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Labels of the Service to scrape. */
  readonly serviceSelector: Record<string, string>;
  /** The name of the Service port that serves metrics. */
  readonly portName: string;
  /**
   * Scrape only through the Service of this name, when other Services (a LoadBalancer for other clusters, say)
   * carry the same labels and port: each would otherwise be a second scrape of the same pods. @default every
   * Service the selector matches
   */
  readonly serviceName?: string;
  readonly path?: string;
  readonly monitoring: MonitoringOptions;
  /** Scrape over HTTPS, verifying the server with a CA from a Secret of the namespace. @default plain HTTP */
  readonly tls?: {
    readonly caSecret: { readonly name: string; readonly key: string };
    readonly serverName: string;
    /**
     * A Secret of the namespace whose `tls.crt` and `tls.key` Prometheus presents, for a server that requires
     * client certificates. @default no client certificate
     */
    readonly clientCertificateSecret?: string;
  };
}

/** The error context of an object about to be created as `id` under `scope`. */
function childContext(scope: Construct, id: string, construct: string): ErrorContext {
  return { construct, path: scope.node.path === '' ? id : `${scope.node.path}/${id}` };
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The relabelings that set `job` and the static labels. prometheus-operator runs an endpoint's `relabelings` after
 * the ones it generates (which set `job` from the Service), so these win (the `relabelings` description of
 * monitoring.coreos.com_servicemonitors.yaml, prometheus-operator 0.93.0: "The Operator automatically adds
 * relabelings for a few standard Kubernetes fields"; the original job name stays in `__tmp_prometheus_job_name`).
 */
export function monitoringRelabelings(
  monitoring: MonitoringOptions,
  context: ErrorContext,
): Record<string, string>[] {
  const fixed: [string, string][] = [
    ...(monitoring.job !== undefined ? [['job', monitoring.job] as [string, string]] : []),
    ...Object.entries(monitoring.staticLabels ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  ];
  return fixed.map(([label, value]) => {
    if (!LABEL_NAME.test(label) || label.startsWith('__')) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_NAME,
        prop: 'monitoring.staticLabels',
        problem: 'has a name that is not a Prometheus label name (or is reserved, starting with __)',
        value: label,
        fix: "use letters, digits and '_', e.g. { cluster: 'monitoring-global' }",
      });
    }
    if (typeof value !== 'string' || value === '') {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop:
          label === 'job' && monitoring.job !== undefined
            ? 'monitoring.job'
            : `monitoring.staticLabels.${label}`,
        problem: 'must be a non-empty string',
        value,
        fix: "give the label's value, e.g. 'thanos-store'",
      });
    }
    // `$` would start a capture-group reference in the replacement.
    return { action: 'replace', targetLabel: label, replacement: value.split('$').join('$$') };
  });
}

/** A prometheus-operator ServiceMonitor for one metrics port of one Service (or of a component's shard Services). */
export function serviceMonitor(scope: Construct, id: string, options: ServiceMonitorOptions): ApiObject {
  const relabelings = [
    // The Service name of a target, a meta label of the operator's endpoints discovery.
    ...(options.serviceName !== undefined
      ? [{ action: 'keep', sourceLabels: ['__meta_kubernetes_service_name'], regex: options.serviceName }]
      : []),
    ...monitoringRelabelings(options.monitoring, childContext(scope, id, 'ServiceMonitor')),
  ];
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: { ...options.labels, ...(options.monitoring.labels ?? {}) },
    },
    spec: {
      selector: { matchLabels: { ...options.serviceSelector } },
      namespaceSelector: { matchNames: [options.namespace] },
      endpoints: [
        {
          port: options.portName,
          path: options.path ?? '/metrics',
          interval: options.monitoring.interval ?? DEFAULT_SCRAPE_INTERVAL,
          scheme: options.tls ? 'https' : 'http',
          // prometheus-operator's SafeTLSConfig: `ca` from a Secret key, `serverName` for the certificate check.
          ...(options.tls
            ? {
                tlsConfig: {
                  ca: { secret: { ...options.tls.caSecret } },
                  serverName: options.tls.serverName,
                  ...(options.tls.clientCertificateSecret !== undefined
                    ? {
                        cert: { secret: { name: options.tls.clientCertificateSecret, key: 'tls.crt' } },
                        keySecret: { name: options.tls.clientCertificateSecret, key: 'tls.key' },
                      }
                    : {}),
                },
              }
            : {}),
          ...(relabelings.length > 0 ? { relabelings } : {}),
        },
      ],
    },
  });
}

/** Options of {@link prometheusRule}. */
export interface PrometheusRuleOptions {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the object, e.g. the `release` label a Prometheus selects rules by. */
  readonly labels: Record<string, string>;
  /** The rule groups, checked like every rule file of the library (names, durations, expressions). */
  readonly groups: readonly RuleGroup[];
}

/**
 * A prometheus-operator `PrometheusRule` (monitoring.coreos.com/v1) holding rule groups; the Prometheus of the
 * cluster that selects it evaluates them. Needs the operator's CRDs (0.93 or compatible) in the target cluster.
 */
export function prometheusRule(scope: Construct, id: string, options: PrometheusRuleOptions): ApiObject {
  const groups = checkRuleGroups(options.groups, childContext(scope, id, 'PrometheusRule'), 'groups');
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    spec: { groups: ruleGroupObjects(groups) },
  });
}
