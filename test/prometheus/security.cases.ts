import { PrometheusWithSidecar } from '../../lib/prometheus';
import { only, synth } from '../support/manifests';
import { fixture } from '../thanos/support';

type Obj = Record<string, any>;

function policy(extra: Record<string, unknown> = {}): Obj {
  const { chart, objectStorage } = fixture();
  new PrometheusWithSidecar(chart, 'prometheus', {
    externalLabels: { cluster: 'app-001', region: 'a' },
    objectStorage,
    ...extra,
  });
  return only(synth(chart), 'NetworkPolicy') as Obj;
}

describe('PrometheusWithSidecar NetworkPolicy', () => {
  test('9090 admits the designed clients of the namespace, not every pod of the cluster', () => {
    const p = policy();
    const web = p.spec.ingress.find((r: Obj) => r.ports.some((x: Obj) => x.port === 9090));
    expect(web.from).not.toContainEqual({ namespaceSelector: {} });
    expect(web.from).toContainEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
    });
    for (const peer of web.from) expect(peer.namespaceSelector).toBeUndefined();
  });

  test('egress reaches scrape targets but never the metadata range unless opted in', () => {
    const p = policy();
    expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const blocks = p.spec.egress.flatMap((r: Obj) => r.to ?? []).filter((x: Obj) => x.ipBlock);
    // every address but the link-local block of the metadata service (169.254.169.254)
    expect(blocks).toContainEqual({ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } });
    const open = policy({ networkPolicy: { allowMetadataService: true } });
    const openBlocks = open.spec.egress.flatMap((r: Obj) => r.to ?? []).filter((x: Obj) => x.ipBlock);
    expect(openBlocks).toContainEqual({ ipBlock: { cidr: '0.0.0.0/0' } });
  });
});
