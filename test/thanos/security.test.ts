import {
  DEFAULT_ADMIN_OPERATIONS,
  ThanosCompactor,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosReceive,
  ThanosRuler,
  ThanosStore,
} from '../../lib/thanos';
import { LINK_LOCAL_CIDR } from '../../lib/core';
import { Manifest, synth } from '../support/manifests';
import { args, fixture } from './support';

type Obj = Record<string, any>;

function policies(manifests: Manifest[]): Obj[] {
  return manifests.filter((m) => m.kind === 'NetworkPolicy') as Obj[];
}

function readPath() {
  const { chart, objectStorage } = fixture();
  const store = new ThanosStore(chart, 'store', { objectStorage });
  const query = new ThanosQuery(chart, 'query', { stores: [store] });
  new ThanosQueryFrontend(chart, 'frontend', { query });
  new ThanosCompactor(chart, 'compact', { objectStorage });
  new ThanosRuler(chart, 'ruler', {
    objectStorage,
    queries: [query],
    ruleGroups: [{ name: 'g', rules: [{ record: 'a:b', expr: 'up' }] }],
  });
  new ThanosReceive(chart, 'receive', { objectStorage });
  return synth(chart);
}

describe('Thanos admin operations (block deletion from the web UI)', () => {
  test('are off by default on compactor and store, with CORS headers off (thanos-io/thanos@v0.42.4)', () => {
    expect(DEFAULT_ADMIN_OPERATIONS).toBe(false);
    const { chart, objectStorage } = fixture();
    const compactor = new ThanosCompactor(chart, 'compact', { objectStorage });
    const store = new ThanosStore(chart, 'store', { objectStorage });
    for (const sts of [compactor.shards[0]!.statefulSet, store.shards[0]!.statefulSet]) {
      const a = args(sts.toJson());
      expect(a).toContain('--disable-admin-operations');
      expect(a).toContain('--web.disable-cors');
    }
  });

  test('a component opts in on its own', () => {
    const { chart, objectStorage } = fixture();
    const compactor = new ThanosCompactor(chart, 'compact', { objectStorage, adminOperations: true });
    const store = new ThanosStore(chart, 'store', { objectStorage });
    expect(args(compactor.shards[0]!.statefulSet.toJson())).not.toContain('--disable-admin-operations');
    expect(args(store.shards[0]!.statefulSet.toJson())).toContain('--disable-admin-operations');
  });
});

describe('Thanos NetworkPolicies', () => {
  test('no ingress or egress peer is "any namespace" (any pod could label itself and pass)', () => {
    for (const p of policies(readPath())) {
      for (const rule of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
        for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
          const ns = peer.namespaceSelector;
          if (ns !== undefined) expect(Object.keys(ns.matchLabels ?? {})).not.toHaveLength(0);
        }
      }
    }
  });

  test('port 10902 admits only the scrapers and the designed clients, never every pod', () => {
    const manifests = readPath();
    const byName = (name: string) => policies(manifests).find((p) => p.metadata.name === name)!;
    const http = (p: Obj) =>
      p.spec.ingress
        .filter((r: Obj) => r.ports.some((x: Obj) => x.port === 10902))
        .flatMap((r: Obj) => r.from);
    expect(http(byName('compact'))).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
    ]);
    const query = http(byName('query'));
    expect(query).toContainEqual({
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'thanos', 'app.kubernetes.io/component': 'query-frontend' },
      },
    });
    expect(query).toContainEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } } });
    for (const p of policies(manifests)) {
      for (const rule of p.spec.ingress.filter((r: Obj) => r.ports.some((x: Obj) => x.port === 10902))) {
        expect(rule.from).not.toBeUndefined();
      }
    }
  });

  test('every Thanos workload is egress-isolated, and the metadata range is never reachable', () => {
    const manifests = readPath();
    const ps = policies(manifests);
    expect(ps.length).toBeGreaterThanOrEqual(6);
    for (const p of ps) {
      expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      for (const rule of p.spec.egress) {
        for (const peer of rule.to ?? []) {
          if (peer.ipBlock?.cidr === '0.0.0.0/0') expect(peer.ipBlock.except).toContain(LINK_LOCAL_CIDR);
        }
        // A rule without peers would allow every destination.
        expect(rule.to).not.toBeUndefined();
      }
    }
  });

  test('the bucket is reached on its endpoint only: an in-cluster MinIO by namespace and port', () => {
    const { chart, objectStorage } = fixture();
    new ThanosCompactor(chart, 'compact', { objectStorage });
    const [policy] = policies(synth(chart));
    expect(policy!.spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'storage' } } }],
      ports: [{ port: 9000, protocol: 'TCP' }],
    });
  });
});
