import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import {
  ErrorCode,
  ThanosHierarchical,
  ThanosHybrid,
  ThanosReceiveFleet,
  chartManifests,
  splitFleet,
} from '../../lib';
import { expectConstructError } from '../support/errors';
import { FLEET_TEST_TLS } from '../support/fleet';
import { Manifest, only } from '../support/manifests';

// Issue 14: the query-frontend and memcached caches in D1–D3.
const objectStorage = { kind: 's3' as const, bucket: 'thanos', endpoint: 'minio.example.com:9000' };
const grafana = {
  adminPassword: { name: 'grafana-admin', key: 'password' },
  databaseUrl: { name: 'grafana-db', key: 'url' },
};
const common = { domain: 'monitoring.example.com', tls: FLEET_TEST_TLS, objectStorage, grafana };
const objects = (chart: Chart) => chartManifests(chart) as unknown as (Manifest & Record<string, any>)[];
const args = (m: Manifest & Record<string, any>) => m.spec.template.spec.containers[0].args as string[];
const flag = (argv: readonly string[], name: string) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const PATTERNS = {
  hierarchical: (app: App, props = {}) =>
    new ThanosHierarchical(app, 'd', { fleet: splitFleet(4), ...common, ...props }),
  receive: (app: App, props = {}) =>
    new ThanosReceiveFleet(app, 'd', { fleet: splitFleet(4), ...common, ...props }),
  hybrid: (app: App, props = {}) => new ThanosHybrid(app, 'd', { fleet: splitFleet(4), ...common, ...props }),
};

describe.each(Object.keys(PATTERNS) as (keyof typeof PATTERNS)[])('%s: frontend and caches', (pattern) => {
  const fleet = PATTERNS[pattern](new App());
  const global = objects(fleet.globalChart);
  const frontend = only(global, 'Deployment', 'thanos-query-frontend');

  test('a query-frontend in front of the global querier: split 24h, 5 retries, results and labels in memcached', () => {
    const argv = args(frontend);
    expect(flag(argv, 'query-frontend.downstream-url')).toBe(
      'http://thanos-query.monitoring.svc.cluster.local:10902',
    );
    expect(flag(argv, 'query-range.split-interval')).toBe('24h');
    expect(flag(argv, 'query-range.max-retries-per-request')).toBe('5');
    expect(flag(argv, 'labels.response-cache-config-file')).toBeDefined();
    const cache = parse(only(global, 'ConfigMap', 'thanos-query-frontend-cache').data['response-cache.yaml']);
    expect(cache.type).toBe('MEMCACHED');
    expect(cache.config.addresses).toEqual([
      'dnssrv+_memcached._tcp.memcached-results.monitoring.svc.cluster.local',
    ]);
  });

  test("Grafana's data source is the frontend", () => {
    const sources = parse(only(global, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']);
    expect(sources.datasources.map((d: any) => d.url)).toEqual([
      'http://thanos-query-frontend.monitoring.svc.cluster.local:10902',
    ]);
  });

  test('the store gateways use the index and bucket caches', () => {
    for (const sts of global.filter(
      (m) => m.kind === 'StatefulSet' && m.metadata.name.startsWith('thanos-store'),
    )) {
      const argv = args(sts);
      expect(parse(flag(argv, 'index-cache.config') ?? '').config.addresses).toEqual([
        'dnssrv+_memcached._tcp.memcached-index.monitoring.svc.cluster.local',
      ]);
      expect(parse(flag(argv, 'store.caching-bucket.config') ?? '').config.addresses).toEqual([
        'dnssrv+_memcached._tcp.memcached-bucket.monitoring.svc.cluster.local',
      ]);
    }
  });

  test('NetworkPolicies: querier HTTP from exactly the frontend (and the ruler in D1) and Prometheus', () => {
    const http = only(global, 'NetworkPolicy', 'thanos-query').spec.ingress.find((r: any) =>
      r.ports.some((p: any) => p.port === 10902),
    );
    const peers = http.from.map((p: any) => p.podSelector.matchLabels);
    expect(peers).toEqual([
      { 'app.kubernetes.io/name': 'thanos', 'app.kubernetes.io/component': 'query-frontend' },
      ...(pattern === 'hierarchical'
        ? [{ 'app.kubernetes.io/name': 'thanos', 'app.kubernetes.io/component': 'rule' }]
        : []),
      { 'app.kubernetes.io/name': 'prometheus' },
    ]);
    // Grafana → frontend, frontend → memcached-results, memcached-results ← frontend only.
    const fe = only(global, 'NetworkPolicy', 'thanos-query-frontend');
    expect(fe.spec.ingress[0].from[0].podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'grafana',
    });
    expect(
      fe.spec.egress.some(
        (r: any) =>
          r.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/instance'] === 'memcached-results' &&
          r.ports[0].port === 11211,
      ),
    ).toBe(true);
    expect(only(global, 'NetworkPolicy', 'memcached-results').spec.ingress[0].from).toEqual([
      {
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'thanos',
            'app.kubernetes.io/component': 'query-frontend',
          },
        },
      },
    ]);
    expect(
      only(global, 'NetworkPolicy', 'memcached-index').spec.ingress[0].from[0].podSelector.matchLabels,
    ).toEqual({ 'app.kubernetes.io/name': 'thanos', 'app.kubernetes.io/component': 'store' });
  });

  test('the capacity model sizes the frontend and the three caches, so plan and cost include them', () => {
    const keys = fleet.capacity.targets[0]?.roles.map((r) => r.key) ?? [];
    expect(keys).toEqual(
      expect.arrayContaining(['queryFrontend', 'indexCache', 'bucketCache', 'resultsCache']),
    );
    const pods = Object.fromEntries((fleet.capacity.targets[0]?.roles ?? []).map((r) => [r.key, r.pods]));
    expect(pods.indexCache).toBe(
      global.filter((m) => m.kind === 'StatefulSet' && m.metadata.name === 'memcached-index')[0]?.spec
        .replicas,
    );
  });
});

describe('caches: false', () => {
  test('no memcached; in-memory index cache and results cache; the frontend still fronts the querier', () => {
    const fleet = PATTERNS.hierarchical(new App(), { caches: false });
    const global = objects(fleet.globalChart);
    expect(global.filter((m) => m.metadata.name.startsWith('memcached'))).toEqual([]);
    const store = global.find((m) => m.kind === 'StatefulSet' && m.metadata.name.startsWith('thanos-store'));
    expect(flag(args(store as Manifest & Record<string, any>), 'index-cache-size')).toBe('250MB');
    const cache = parse(only(global, 'ConfigMap', 'thanos-query-frontend-cache').data['response-cache.yaml']);
    expect(cache.type).toBe('IN-MEMORY');
    expect(fleet.capacity.targets[0]?.roles.map((r) => r.key)).not.toContain('indexCache');
    expect(fleet.capacity.targets[0]?.roles.map((r) => r.key)).toContain('queryFrontend');
  });

  test('cache sizes reach memcached and the capacity model alike', () => {
    const fleet = PATTERNS.receive(new App(), { caches: { index: { memoryMiB: 4096 } } });
    const sts = only(objects(fleet.globalChart), 'StatefulSet', 'memcached-index');
    expect(sts.spec.template.spec.containers[0].args.slice(0, 2)).toEqual(['-m', '4096']);
    // 4096 + 410 + 64 = 4570 → 4608Mi, plus the exporter's 64Mi.
    expect(fleet.capacity.targets[0]?.roles.find((r) => r.key === 'indexCache')?.resources.memory).toBe(
      '4672Mi',
    );
  });

  test("memcached's connection limit fits every client's idle pool (100 each, thanos@v0.42.4 memcached_client.go) + 25%", () => {
    const fleet = PATTERNS.hierarchical(new App(), { sizing: { globalStore: { shards: 10, replicas: 2 } } });
    const global = objects(fleet.globalChart);
    const c = (name: string) =>
      only(global, 'StatefulSet', name).spec.template.spec.containers[0].args.slice(4, 6);
    // 20 store pods × 100 × 1.25 = 2500; the 2 frontend pods stay under memcached's default 1024.
    expect(c('memcached-index')).toEqual(['-c', '2500']);
    expect(c('memcached-results')).toEqual(['-c', '1024']);
  });

  test('sizing a cache role by resources is a typed error: the pods follow -m, so the override would be ignored', () => {
    expectConstructError(
      () =>
        PATTERNS.hierarchical(new App(), {
          sizing: { indexCache: { resources: { cpu: '1', memory: '8Gi' } } },
        }),
      'ThanosHierarchical \'d\': \'sizing.indexCache.resources\' cannot size a memcached cache: its container memory follows the cache size (-m) plus overhead, so these resources would not reach the pods (got {"cpu":"1","memory":"8Gi"}); give the cache size instead, e.g. caches: { index: { memoryMiB: 4096 } } (replicas may stay in sizing)',
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a caches value that is neither false nor sizes is a typed error', () => {
    expectConstructError(
      () => PATTERNS.hierarchical(new App(), { caches: true }),
      "ThanosHierarchical 'd': 'caches' must be false or an object of cache sizes (got true); leave it out for memcached caches at their default sizes, or give caches: false for in-memory caches",
      ErrorCode.INVALID_VALUE,
    );
  });
});
