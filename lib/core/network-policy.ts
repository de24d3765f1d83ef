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
        ports: toPorts(rule.ports),
      })),
      egress: egress?.map((rule) => ({
        to: rule.peers.length > 0 ? [...rule.peers] : undefined,
        ports: toPorts(rule.ports),
      })),
    },
  });
}
