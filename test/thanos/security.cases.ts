import { Testing } from 'cdk8s';
import { thanosReadPath } from '../../examples/thanos-read-path';
import { PrometheusWithSidecar } from '../../lib/prometheus';
import {
  DEFAULT_ADMIN_OPERATIONS,
  ThanosObjectStorage,
  ThanosCompactor,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosReceive,
  ThanosRuler,
  ThanosStore,
} from '../../lib/thanos';
import { ErrorCode } from '../../lib/core';
import { Manifest, synth } from '../support/manifests';
import { args, fixture, thrown } from './support';

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
          if (peer.ipBlock?.cidr === '0.0.0.0/0') expect(peer.ipBlock.except).toContain('169.254.0.0/16'); // the metadata service, 169.254.169.254
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

describe('plaintext to addresses outside the cluster (client side)', () => {
  test('a querier refuses a non-local endpoint without TLS unless allowPlaintextExposure', () => {
    const { chart } = fixture();
    const e = thrown(
      () =>
        new ThanosQuery(chart, 'query', {
          endpoints: [{ address: 'thanos-query.region-a.example.com:10901' }],
        }),
    );
    expect(e.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(e.message).toContain(
      "ThanosQuery 'test/query': 'endpoints[0].tls' is missing for an endpoint outside the cluster",
    );
    expect(
      () =>
        new ThanosQuery(chart, 'private', {
          endpoints: [{ address: 'thanos-query.region-a.example.com:10901' }],
          allowPlaintextExposure: true,
        }),
    ).not.toThrow();
    expect(
      () => new ThanosQuery(chart, 'local', { endpoints: [{ address: 'dns+store.monitoring.svc:10901' }] }),
    ).not.toThrow();
  });

  test('object storage refuses plain HTTP to an endpoint outside the cluster unless allowPlaintextExposure', () => {
    const { chart } = fixture();
    const storage = {
      kind: 's3' as const,
      bucket: 'thanos',
      endpoint: 'minio.example.com:9000',
      insecure: true,
    };
    const e = thrown(() => new ThanosObjectStorage(chart, 'remote', { storage }));
    expect(e.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(e.message).toBe(
      "ThanosObjectStorage 'test/remote': 'storage.insecure' sends credentials and blocks in plain HTTP to an endpoint outside the cluster (got \"minio.example.com:9000\"); drop insecure (the S3 client then uses HTTPS), or set allowPlaintextExposure: true on a private network",
    );
    expect(
      () => new ThanosObjectStorage(chart, 'private', { storage, allowPlaintextExposure: true }),
    ).not.toThrow();
  });

  test('Prometheus refuses plain-HTTP remote write to another cluster unless allowPlaintextExposure', () => {
    const { chart } = fixture();
    const props = {
      externalLabels: { cluster: 'app-001', region: 'a' },
      thanosSidecar: false,
      remoteWrite: {
        target: { remoteWriteUrl: 'http://receive.example.com:19291/api/v1/receive' },
      },
    };
    const e = thrown(() => new PrometheusWithSidecar(chart, 'prometheus', props));
    expect(e.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(e.prop).toBe('remoteWrite.url');
  });

  test('the thanos-global example reads its regional querier over TLS and its bucket over HTTPS', () => {
    const app = Testing.app();
    const chart = thanosReadPath(app);
    const manifests = synth(chart);
    const secret = manifests.find((m) => m.kind === 'Secret') as Record<string, any>;
    expect(secret.stringData['objstore.yml']).toContain('insecure: false');
    const endpoints = manifests.find(
      (m) => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-endpoints'),
    ) as Record<string, any>;
    expect(endpoints.data['endpoints.yaml']).toContain('tls_config');
  });
});
