import { RelabelRule, ScrapeJob } from './prometheus-config';

/*
 * The scrape set of a cluster Prometheus. Upstream facts, prometheus/prometheus@v3.13.2 (the pinned image is v3.13.3,
 * a tag the local mirror does not hold; v3.13.2 is the nearest one read):
 * - discovery/kubernetes/node.go buildNode: a node target's `__address__` is the node's address (InternalIP first)
 *   and the kubelet port from the node's status (`daemonEndpoints.kubeletEndpoint.port`, 10250), `instance` its name.
 * - discovery/kubernetes/pod.go: `__meta_kubernetes_pod_ip`, `_pod_name`, `_pod_phase`; `__address__` is
 *   `<pod IP>:<container port>` per declared port, the bare pod IP for a pod without ports.
 * - discovery/kubernetes/kubernetes.go addObjectAnnotationsAndLabels: an annotation `prometheus.io/scrape` becomes
 *   `__meta_kubernetes_<role>_annotation_prometheus_io_scrape` (label names sanitized), on pods and, for the
 *   endpointslice role, on the Service (endpointslice.go addServiceLabels).
 * - model/relabel/relabel.go: regexes are anchored; `replace` leaves the target unchanged when the regex does not
 *   match; source labels are joined with `;`.
 * - scrape/scrape.go sync: targets whose labels end up equal are scraped once, so the per-port targets of a pod whose
 *   address the port annotation rewrites collapse into one.
 * The kubelet authorizes `/metrics` and `/metrics/*` as the `metrics` subresource of nodes
 * (https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/), so the kubelet jobs need `get` on
 * `nodes/metrics` and nothing broader (no `nodes/proxy`, which the API-server proxy route would need).
 */

/** How the kubelet's serving certificate is checked. */
export type KubeletTlsVerification = 'cluster-ca' | 'skip-verify';

/** The kubelet's serving certificate is verified against the cluster CA unless the user opts out. */
export const DEFAULT_KUBELET_TLS_VERIFICATION: KubeletTlsVerification = 'cluster-ca';

/** The annotations the pod and service jobs honour (the common `prometheus.io/*` convention). */
export const SCRAPE_ANNOTATIONS = {
  scrape: 'prometheus.io/scrape',
  port: 'prometheus.io/port',
  path: 'prometheus.io/path',
  scheme: 'prometheus.io/scheme',
} as const;

export interface ClusterScrapeJobsOptions {
  /** Scrape the Thanos sidecar next to Prometheus. @default true */
  readonly thanosSidecar?: boolean;
  /** The kubelet's HTTP port and Prometheus's own: scraped on localhost. */
  readonly prometheusPort?: number;
  readonly sidecarHttpPort?: number;
  /**
   * `skip-verify` for clusters whose kubelets serve self-signed certificates (kubeadm without
   * `serverTLSBootstrap`): the token is then sent to an unverified server. @default DEFAULT_KUBELET_TLS_VERIFICATION
   */
  readonly kubeletTls?: KubeletTlsVerification;
  /** Namespaces whose annotated pods and services are scraped. @default every namespace */
  readonly namespaces?: readonly string[];
  /**
   * The client certificate Prometheus presents to itself when its web port requires mutual TLS (`webTls`).
   * @default plain HTTP
   */
  readonly prometheusClientCertificate?: { readonly certFile: string; readonly keyFile: string };
}

const meta = (role: 'pod' | 'service', annotation: string) =>
  `__meta_kubernetes_${role}_annotation_${annotation.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/** Keep annotated targets and honour their port, path and scheme annotations. */
function annotationRules(role: 'pod' | 'service'): RelabelRule[] {
  const port = meta(role, SCRAPE_ANNOTATIONS.port);
  return [
    { action: 'keep', source_labels: [meta(role, SCRAPE_ANNOTATIONS.scrape)], regex: 'true' },
    // The annotated port replaces the declared one: a bare IPv6 (a pod without ports), `<IPv4>[:<port>]`,
    // `[<IPv6>]:<port>`. Each regex matches only its form, so at most one applies.
    {
      source_labels: ['__address__', port],
      regex: '([0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:.]*);(\\d+)',
      target_label: '__address__',
      replacement: '[$1]:$2',
    },
    {
      source_labels: ['__address__', port],
      regex: '([^:\\[\\]]+)(?::\\d+)?;(\\d+)',
      target_label: '__address__',
      replacement: '$1:$2',
    },
    {
      source_labels: ['__address__', port],
      regex: '\\[(.+)\\]:\\d+;(\\d+)',
      target_label: '__address__',
      replacement: '[$1]:$2',
    },
    {
      source_labels: [meta(role, SCRAPE_ANNOTATIONS.path)],
      regex: '(.+)',
      target_label: '__metrics_path__',
      replacement: '$1',
    },
    {
      source_labels: [meta(role, SCRAPE_ANNOTATIONS.scheme)],
      regex: '(https?)',
      target_label: '__scheme__',
      replacement: '$1',
    },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], regex: '(.+)', target_label: 'pod' },
  ];
}

/**
 * What a cluster Prometheus scrapes by default: itself and its Thanos sidecar (on localhost, so each replica of an
 * HA pair scrapes its own pod), the kubelet and cAdvisor on every node (service-account token, `nodes/metrics`),
 * and pods and services annotated `prometheus.io/scrape: "true"` (with `prometheus.io/port`, `/path`, `/scheme`).
 * The discovery RBAC is derived from these jobs' roles, so extending or replacing them changes it too.
 */
export function clusterScrapeJobs(options: ClusterScrapeJobsOptions = {}): ScrapeJob[] {
  const kubeletTls = options.kubeletTls ?? DEFAULT_KUBELET_TLS_VERIFICATION;
  const kubelet = (jobName: string, metricsPath: string | undefined): ScrapeJob => ({
    jobName,
    kubernetes: { role: 'node' },
    scheme: 'https',
    metricsPath,
    serviceAccountCredentials: true,
    insecureSkipVerify: kubeletTls === 'skip-verify' ? true : undefined,
    relabelConfigs: [{ source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' }],
  });
  const namespaces = options.namespaces;
  return [
    {
      jobName: 'prometheus',
      staticTargets: [`localhost:${options.prometheusPort ?? 9090}`],
      ...(options.prometheusClientCertificate
        ? {
            scheme: 'https' as const,
            clientCertificate: options.prometheusClientCertificate,
            // Its own pod over loopback: the serving certificate names the external host, not localhost.
            insecureSkipVerify: true,
          }
        : {}),
    },
    ...((options.thanosSidecar ?? true)
      ? [{ jobName: 'thanos-sidecar', staticTargets: [`localhost:${options.sidecarHttpPort ?? 10902}`] }]
      : []),
    kubelet('kubelet', undefined),
    kubelet('cadvisor', '/metrics/cadvisor'),
    {
      jobName: 'kubernetes-pods',
      kubernetes: { role: 'pod', namespaces },
      relabelConfigs: [
        // Completed and failed pods keep their IP in the API for a while; nothing listens there any more.
        { action: 'drop', source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed' },
        ...annotationRules('pod'),
      ],
    },
    {
      jobName: 'kubernetes-services',
      kubernetes: { role: 'endpointslice', namespaces },
      relabelConfigs: [
        ...annotationRules('service'),
        { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
      ],
    },
  ];
}
