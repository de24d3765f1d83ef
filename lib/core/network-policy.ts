import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** A port a rule opens, by number (or named container port) and protocol. */
export interface PolicyPort {
  readonly port: number | string;
  readonly protocol?: 'TCP' | 'UDP';
}

/** Traffic allowed from some peers to some ports (ingress) or to some peers on some ports (egress). */
export interface PolicyRule {
  /** The other side. An empty list means any peer. */
  readonly peers: readonly k8s.NetworkPolicyPeer[];
  /** An empty list means every port. */
  readonly ports: readonly PolicyPort[];
}

/** Options of {@link networkPolicy}. */
export interface NetworkPolicyOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The pods the policy isolates. */
  readonly podSelector: Record<string, string>;
  /** Allowed ingress. Everything else into the pods is denied. */
  readonly ingress: readonly PolicyRule[];
  /**
   * Allowed egress. When set, the pods are isolated for egress too, and DNS to the cluster resolver is allowed
   * on top of these rules.
   * @default egress is not restricted
   */
  readonly egress?: readonly PolicyRule[];
}

/** The peer "pods with these labels", in the policy's own namespace or in the named one. */
export function podPeer(selector: Record<string, string>, namespace?: string): k8s.NetworkPolicyPeer {
  return namespace === undefined
    ? { podSelector: { matchLabels: { ...selector } } }
    : {
        podSelector: { matchLabels: { ...selector } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
      };
}

/** The peer "any pod in any namespace" (traffic from outside the cluster is not included). */
export function anyPodPeer(): k8s.NetworkPolicyPeer {
  return { namespaceSelector: {} };
}

/**
 * The link-local range, where clouds serve instance metadata and credentials (169.254.169.254 on AWS, GCP and Azure).
 * A pod that can reach it can often take the node's identity; egress there is denied unless a prop opts in.
 */
export const LINK_LOCAL_CIDR = '169.254.0.0/16';
/** The IPv6 link-local range, and the IPv6 address of the EC2 instance metadata service. */
export const LINK_LOCAL_CIDR_V6 = 'fe80::/10';
export const EC2_METADATA_V6_CIDR = 'fd00:ec2::254/128';

/** Options of {@link externalPeers}. */
export interface ExternalPeerOptions {
  /** Let the pods reach the link-local range (the cloud's instance metadata service). @default false */
  readonly allowMetadataService?: boolean;
}

/**
 * Peers "any address outside the cluster's pods": every IPv4 and IPv6 address except, unless opted in, the
 * link-local ranges of the metadata services. Used where the far side is a host name the library cannot resolve
 * (object storage, a load balancer in another cluster); the rule that uses it still narrows the ports.
 */
export function externalPeers(options: ExternalPeerOptions = {}): k8s.NetworkPolicyPeer[] {
  const open = options.allowMetadataService ?? false;
  return [
    { ipBlock: { cidr: '0.0.0.0/0', except: open ? undefined : [LINK_LOCAL_CIDR] } },
    { ipBlock: { cidr: '::/0', except: open ? undefined : [LINK_LOCAL_CIDR_V6, EC2_METADATA_V6_CIDR] } },
  ];
}

/** `<service>.<namespace>.svc[.<cluster domain>]`: the namespace of an in-cluster Service name. */
const SERVICE_HOST =
  /^(?:[a-z0-9_]([-a-z0-9_]*[a-z0-9])?\.)+?([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.[a-z0-9.-]+)?$/;

/** Thanos's service-discovery prefixes (`dns+`, `dnssrv+`, `dnssrvnoa+`) in front of an address. */
const SD_PREFIX = /^(dns|dnssrv|dnssrvnoa)\+/;

/** The namespace of an in-cluster Service host name (`minio.storage.svc.cluster.local` → `storage`), if it is one. */
export function serviceNamespaceOf(host: string): string | undefined {
  const match = SERVICE_HOST.exec(host.replace(SD_PREFIX, '').toLowerCase());
  return match ? match[2] : undefined;
}

/**
 * Whether a host is inside the cluster or the pod: a Service name (`name.namespace.svc[.domain]`), a single-label
 * name (resolved in the pod's own namespace), `localhost` or a loopback address. Anything else crosses networks the
 * cluster does not control.
 */
export function isClusterLocalHost(host: string): boolean {
  const bare = host.replace(SD_PREFIX, '');
  // `localhost` is a single label
  return serviceNamespaceOf(bare) !== undefined || !bare.includes('.') || bare.startsWith('127.');
}

/**
 * Egress to `host:port`: to the pods of that namespace when the host is an in-cluster Service name, else to
 * {@link externalPeers} (never the metadata range unless opted in), on that port only.
 */
export function hostEgress(host: string, port: number, options: ExternalPeerOptions = {}): PolicyRule {
  const namespace = serviceNamespaceOf(host);
  return {
    peers:
      namespace === undefined
        ? externalPeers(options)
        : [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } }],
    ports: [{ port }],
  };
}

/**
 * Egress to a `host:port` address, optionally prefixed `dns+` (every address behind the name, same port) or
 * `dnssrv+`/`dnssrvnoa+` (ports from SRV records: every port of the peers).
 */
export function addressEgress(address: string, options: ExternalPeerOptions = {}): PolicyRule {
  const srv = /^dnssrv(noa)?\+/.test(address);
  // split always gives at least one part
  const [host, port] = address.replace(SD_PREFIX, '').split(':') as [string, string?];
  const rule = hostEgress(host, Number(port), options);
  return srv || port === undefined ? { peers: rule.peers, ports: [] } : rule;
}

/** Egress to the host and port of a URL (`http://host:port/...`, default ports by scheme, `dns+` prefixes allowed). */
export function urlEgress(url: string, options: ExternalPeerOptions = {}): PolicyRule {
  const match = /^((?:dns|dnssrv|dnssrvnoa)\+)?(https?):\/\/([^/:]+)(?::([0-9]+))?/.exec(url);
  if (!match) return { peers: externalPeers(options), ports: [] };
  const [, prefix, scheme, host, port] = match;
  const address = `${prefix ?? ''}${host}:${port ?? (scheme === 'https' ? 443 : 80)}`;
  return addressEgress(address, options);
}

/** Rules with the same peers and ports once. */
export function uniqueRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The labels of the pods that scrape metrics unless a component is told otherwise: Prometheus servers (this
 * library's `PrometheusWithSidecar` and prometheus-operator's both label their pods `app.kubernetes.io/name:
 * prometheus`; the operator's are its StatefulSet's pod selector labels, prometheus-operator/prometheus-operator
 * pkg/prometheus statefulset code, read unpinned), in the component's own namespace. A Prometheus elsewhere is named
 * in the component's `metricsScrapers`.
 */
export const DEFAULT_METRICS_SCRAPER_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': 'prometheus',
};

/** The default metrics scrapers: Prometheus pods in the policy's own namespace. */
export function defaultMetricsScrapers(): k8s.NetworkPolicyPeer[] {
  return [podPeer({ ...DEFAULT_METRICS_SCRAPER_LABELS })];
}

/** The address NodeLocal DNSCache listens on, on every node. */
export const NODE_LOCAL_DNS_ADDRESS = '169.254.20.10';

/**
 * DNS, which egress-isolated pods need to resolve Service names: the cluster resolver's pods (`k8s-app: kube-dns`
 * in kube-system, the label CoreDNS and kube-dns deployments share) and NodeLocal DNSCache where it runs.
 */
export const DNS_EGRESS: PolicyRule = {
  peers: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
    { ipBlock: { cidr: `${NODE_LOCAL_DNS_ADDRESS}/32` } },
  ],
  ports: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ],
};

function toPorts(ports: readonly PolicyPort[]): k8s.NetworkPolicyPort[] {
  return ports.map((p) => ({
    port:
      typeof p.port === 'number' ? k8s.IntOrString.fromNumber(p.port) : k8s.IntOrString.fromString(p.port),
    protocol: p.protocol ?? 'TCP',
  }));
}

/** Options of {@link defaultDenyPolicy}. */
export interface DefaultDenyOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/**
 * A NetworkPolicy that selects every pod of a namespace and allows nothing in or out: in a namespace the library
 * owns, only the data paths the per-workload policies open remain.
 */
export function defaultDenyPolicy(
  scope: Construct,
  id: string,
  options: DefaultDenyOptions,
): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}

/** A NetworkPolicy that allows only the given data paths into (and, optionally, out of) the selected pods. */
export function networkPolicy(
  scope: Construct,
  id: string,
  options: NetworkPolicyOptions,
): k8s.KubeNetworkPolicy {
  const egress = options.egress === undefined ? undefined : [...options.egress, DNS_EGRESS];
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    spec: {
      podSelector: { matchLabels: { ...options.podSelector } },
      policyTypes: egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'],
      ingress: options.ingress.map((rule) => ({
        from: rule.peers.length > 0 ? [...rule.peers] : undefined,
        ports: rule.ports.length > 0 ? toPorts(rule.ports) : undefined,
      })),
      egress: egress?.map((rule) => ({
        to: rule.peers.length > 0 ? [...rule.peers] : undefined,
        ports: rule.ports.length > 0 ? toPorts(rule.ports) : undefined,
      })),
    },
  });
}
