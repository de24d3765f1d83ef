// lib/core/network-policy.ts on its own: the peers, the egress rules an address or URL becomes, and the two
// NetworkPolicy objects, each asserted whole (toStrictEqual) with literal values. The constructs' tests check which
// data paths each workload opens; these check what one rule is.
import {
  addressEgress,
  anyPodPeer,
  defaultDenyPolicy,
  defaultMetricsScrapers,
  externalPeers,
  hostEgress,
  isClusterLocalHost,
  networkPolicy,
  podPeer,
  serviceNamespaceOf,
  uniqueRules,
  urlEgress,
} from '../../lib/core/network-policy';
import { DNS_EGRESS_RULE } from '../support/policy';
import { objectsBuiltBy } from '../support/manifests';

// every address outside the cluster's pods but the metadata services (169.254.169.254, fd00:ec2::254)
const EXTERNAL = [
  { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } },
  { ipBlock: { cidr: '::/0', except: ['fe80::/10', 'fd00:ec2::254/128'] } },
];
const inNamespace = (name: string) => [
  { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } },
];

describe('peers', () => {
  test('pods by label, in the own namespace or a named one; a copy of the selector', () => {
    const selector = { app: 'x' };
    const own = podPeer(selector);
    expect(own).toStrictEqual({ podSelector: { matchLabels: { app: 'x' } } });
    expect(own.podSelector!.matchLabels).not.toBe(selector);
    expect(podPeer(selector, 'storage')).toStrictEqual({
      podSelector: { matchLabels: { app: 'x' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'storage' } },
    });
  });

  test('any pod of any namespace: an empty namespace selector', () => {
    expect(anyPodPeer()).toStrictEqual({ namespaceSelector: {} });
  });

  test('outside the cluster: all of IPv4 and IPv6 but the metadata ranges, unless opted in', () => {
    expect(externalPeers()).toStrictEqual(EXTERNAL);
    expect(externalPeers({ allowMetadataService: false })).toStrictEqual(EXTERNAL);
    expect(externalPeers({ allowMetadataService: true })).toStrictEqual([
      { ipBlock: { cidr: '0.0.0.0/0', except: undefined } },
      { ipBlock: { cidr: '::/0', except: undefined } },
    ]);
  });

  test("the default metrics scrapers: Prometheus pods of the policy's namespace", () => {
    expect(defaultMetricsScrapers()).toStrictEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
    ]);
  });
});

describe('host names', () => {
  test.each([
    ['minio.storage.svc', 'storage'],
    ['minio.storage.svc.cluster.local', 'storage'],
    ['dns+thanos-store.monitoring.svc.k8s.example', 'monitoring'],
    ['dnssrvnoa+_grpc._tcp.thanos-store.monitoring.svc', 'monitoring'],
    ['MinIO.Storage.SVC', 'storage'],
    ['minio.storage', undefined],
    ['s3.amazonaws.com', undefined],
    ['minio', undefined],
  ])('the Service namespace of %s: %s', (host, namespace) => {
    expect(serviceNamespaceOf(host)).toBe(namespace);
  });

  test.each([
    ['minio.storage.svc.cluster.local', true],
    ['dns+thanos-store.monitoring.svc', true],
    ['minio', true],
    ['localhost', true],
    ['127.0.0.1', true],
    ['dns+127.0.0.1', true],
    ['dns+LOCALHOST', true],
    ['s3.amazonaws.com', false],
    ['10.0.0.1', false],
    ['dns+remote.example.com', false],
    ['host127.example.com', false],
  ])('%s is inside the cluster or the pod: %s', (host, local) => {
    expect(isClusterLocalHost(host)).toBe(local);
  });
});

describe('egress rules', () => {
  test('a Service host: its namespace on that port; any other host: outside the cluster on that port', () => {
    expect(hostEgress('minio.storage.svc', 9000)).toStrictEqual({
      peers: inNamespace('storage'),
      ports: [{ port: 9000 }],
    });
    expect(hostEgress('s3.amazonaws.com', 443)).toStrictEqual({ peers: EXTERNAL, ports: [{ port: 443 }] });
    expect(hostEgress('s3.amazonaws.com', 443, { allowMetadataService: true }).peers).toStrictEqual(
      externalPeers({ allowMetadataService: true }),
    );
  });

  test.each([
    ['thanos-store.monitoring.svc:10901', inNamespace('monitoring'), [{ port: 10901 }]],
    ['dns+thanos-store.monitoring.svc:10901', inNamespace('monitoring'), [{ port: 10901 }]],
    // SRV records carry the ports: every port of the peers
    ['dnssrv+_grpc._tcp.thanos-store.monitoring.svc', inNamespace('monitoring'), []],
    ['dnssrv+_grpc._tcp.thanos-store.monitoring.svc:10901', inNamespace('monitoring'), []],
    ['dnssrvnoa+_grpc._tcp.thanos-store.monitoring.svc:10901', inNamespace('monitoring'), []],
    ['store.example.com:10901', EXTERNAL, [{ port: 10901 }]],
    // no port: every port
    ['store.example.com', EXTERNAL, []],
  ])('the address %s', (address, peers, ports) => {
    expect(addressEgress(address)).toStrictEqual({ peers, ports });
  });

  test.each([
    ['http://thanos-query.monitoring.svc:10902/api', inNamespace('monitoring'), [{ port: 10902 }]],
    ['https://grafana.example.com', EXTERNAL, [{ port: 443 }]],
    ['http://grafana.example.com/login', EXTERNAL, [{ port: 80 }]],
    ['dns+http://thanos-query.monitoring.svc:10902', inNamespace('monitoring'), [{ port: 10902 }]],
    // the SRV prefix stays on the address: the ports come from the records
    ['dnssrv+http://_http._tcp.thanos-query.monitoring.svc', inNamespace('monitoring'), []],
    // a scheme that only ends in https (npm's git+https) is not https
    ['git+https://example.com/repo.git', EXTERNAL, []],
    // not a URL the library can read: outside the cluster, every port
    ['grpc://store.example.com:10901', EXTERNAL, []],
  ])('the URL %s', (url, peers, ports) => {
    expect(urlEgress(url)).toStrictEqual({ peers, ports });
  });

  test('the same rule twice is kept once, in first-seen order', () => {
    const a = hostEgress('minio.storage.svc', 9000);
    const b = hostEgress('s3.amazonaws.com', 443);
    expect(uniqueRules([a, b, hostEgress('minio.storage.svc', 9000), a])).toStrictEqual([a, b]);
  });
});

describe('NetworkPolicy objects', () => {
  test('default deny: every pod of the namespace, no rule in or out', () => {
    expect(
      objectsBuiltBy((c) =>
        defaultDenyPolicy(c, 'deny', { name: 'default-deny', namespace: 'tracing', labels: { a: 'b' } }),
      ),
    ).toStrictEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny', namespace: 'tracing', labels: { a: 'b' } },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
    ]);
  });

  test('ingress only: the listed rules; an empty peer or port list is left out (any peer, every port)', () => {
    const [policy] = objectsBuiltBy((c) =>
      networkPolicy(c, 'np', {
        name: 'query',
        namespace: 'monitoring',
        labels: { a: 'b' },
        podSelector: { app: 'query' },
        ingress: [
          { peers: [anyPodPeer()], ports: [{ port: 10902 }, { port: 'grpc', protocol: 'UDP' }] },
          { peers: [], ports: [] },
        ],
      }),
    );
    expect(policy).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'query', namespace: 'monitoring', labels: { a: 'b' } },
      spec: {
        podSelector: { matchLabels: { app: 'query' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: {} }],
            ports: [
              { port: 10902, protocol: 'TCP' },
              { port: 'grpc', protocol: 'UDP' },
            ],
          },
          {},
        ],
      },
    });
  });

  test('with egress: the listed rules and DNS to the cluster resolver and NodeLocal DNSCache', () => {
    const [policy] = objectsBuiltBy((c) =>
      networkPolicy(c, 'np', {
        name: 'query',
        namespace: 'monitoring',
        labels: {},
        podSelector: { app: 'query' },
        ingress: [],
        egress: [hostEgress('minio.storage.svc', 9000), { peers: [], ports: [] }],
      }),
    );
    const spec = (policy as { spec: Record<string, unknown> }).spec;
    expect(spec.policyTypes).toStrictEqual(['Ingress', 'Egress']);
    expect(spec.ingress).toStrictEqual([]);
    expect(spec.egress).toStrictEqual([
      { to: inNamespace('storage'), ports: [{ port: 9000, protocol: 'TCP' }] },
      {},
      DNS_EGRESS_RULE,
    ]);
  });
});
