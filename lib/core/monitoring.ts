import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

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
  readonly path?: string;
  readonly monitoring: MonitoringOptions;
  /** Scrape over HTTPS, verifying the server with a CA from a Secret of the namespace. @default plain HTTP */
  readonly tls?: {
    readonly caSecret: { readonly name: string; readonly key: string };
    readonly serverName: string;
  };
}

/** A prometheus-operator ServiceMonitor for one metrics port of one Service. */
export function serviceMonitor(scope: Construct, id: string, options: ServiceMonitorOptions): ApiObject {
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
                },
              }
            : {}),
        },
      ],
    },
  });
}
