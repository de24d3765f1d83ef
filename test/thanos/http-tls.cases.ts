import { parse } from 'yaml';
import { Grafana } from '../../lib/grafana';
import {
  ThanosCompactor,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosRuler,
  ThanosStore,
} from '../../lib/thanos';
import { ErrorCode } from '../../lib/core';
import { only, synth } from '../support/manifests';
import { args, fixture, thrown } from './support';

type Obj = Record<string, any>;

// Issue 17, finding 4: TLS on the in-cluster HTTP endpoints of Thanos, as an option, and every client speaking it.

const HOST = (name: string) => `${name}.monitoring.svc.cluster.local`;
const tls = { secretName: 'query-http-tls' };
const ruleGroups = [{ name: 'g', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }];
const adminPassword = { name: 'grafana-admin', key: 'password' };

function build(withTls: boolean) {
  const { chart, objectStorage } = fixture();
  const query = new ThanosQuery(chart, 'query', {
    endpoints: [{ address: 'dnssrv+_grpc._tcp.store.monitoring.svc.cluster.local' }],
    httpTls: withTls ? tls : undefined,
    monitoring: { serviceMonitor: true },
  });
  const frontend = new ThanosQueryFrontend(chart, 'frontend', {
    query,
    httpTls: withTls ? { secretName: 'frontend-http-tls', caSecretName: 'http-ca' } : undefined,
  });
  new ThanosRuler(chart, 'ruler', { objectStorage, queries: [query], ruleGroups });
  new Grafana(chart, 'grafana', {
    dataSources: [
      { name: 'Thanos', source: frontend },
      { name: 'Querier', source: query },
    ],
    adminPassword,
  });
  return synth(chart);
}
const container = (o: Obj) => o.spec.template.spec.containers[0];
const volume = (o: Obj, name: string) => o.spec.template.spec.volumes.find((v: Obj) => v.name === name);
const mount = (o: Obj, name: string) => container(o).volumeMounts.find((m: Obj) => m.name === name);

describe('Thanos HTTP TLS', () => {
  test('default: plain HTTP everywhere (no web config, HTTP probes, http:// clients)', () => {
    const objects = build(false);
    const query = only(objects, 'Deployment', 'query');
    expect(args(query).some((a) => a.startsWith('--http.config'))).toBe(false);
    expect(container(query).readinessProbe.httpGet.scheme).toBe('HTTP');
    expect(args(only(objects, 'Deployment', 'frontend'))).toContain(
      `--query-frontend.downstream-url=http://${HOST('query')}:10902`,
    );
    expect(only(objects, 'ServiceMonitor').spec.endpoints[0].scheme).toBe('http');
  });

  describe('httpTls on the querier and the frontend', () => {
    const objects = build(true);

    test('the querier serves HTTPS from a web config and the Secret mounted 0440; probes use HTTPS', () => {
      const query = only(objects, 'Deployment', 'query');
      expect(args(query)).toContain('--http.config=/etc/thanos/http/web-config.yaml');
      expect(parse(only(objects, 'ConfigMap', 'query-http-config').data['web-config.yaml'])).toEqual({
        tls_server_config: {
          cert_file: '/etc/thanos/tls/http/tls.crt',
          key_file: '/etc/thanos/tls/http/tls.key',
        },
      });
      expect(volume(query, 'http-tls').secret).toEqual({
        secretName: 'query-http-tls',
        defaultMode: 0o440,
        items: [
          { key: 'tls.crt', path: 'tls.crt' },
          { key: 'tls.key', path: 'tls.key' },
        ],
      });
      expect(mount(query, 'http-tls').mountPath).toBe('/etc/thanos/tls/http');
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        expect(container(query)[probe].httpGet.scheme).toBe('HTTPS');
      }
      expect(container(only(objects, 'Deployment', 'frontend')).readinessProbe.httpGet.scheme).toBe('HTTPS');
    });

    test('the ServiceMonitor scrapes over HTTPS, verifying the CA and the Service host', () => {
      expect(only(objects, 'ServiceMonitor').spec.endpoints[0]).toMatchObject({
        scheme: 'https',
        tlsConfig: {
          ca: { secret: { name: 'query-http-tls', key: 'ca.crt' } },
          serverName: HOST('query'),
        },
      });
    });

    test('the frontend calls the querier over HTTPS, verifying it with only the ca.crt mounted', () => {
      const frontend = only(objects, 'Deployment', 'frontend');
      const a = args(frontend);
      expect(a).toContain(`--query-frontend.downstream-url=https://${HOST('query')}:10902`);
      const tripper = a.find((x) => x.startsWith('--query-frontend.downstream-tripper-config='))!;
      expect(parse(tripper.slice(tripper.indexOf('=') + 1))).toEqual({
        tls_config: { ca_file: '/etc/thanos/tls/http-client-ca/ca.crt' },
      });
      expect(volume(frontend, 'http-client-ca').secret).toEqual({
        secretName: 'query-http-tls',
        defaultMode: 0o440,
        items: [{ key: 'ca.crt', path: 'ca.crt' }],
      });
    });

    test('the ruler reads the querier through --query.config with scheme https and the CA', () => {
      const ruler = only(objects, 'StatefulSet', 'ruler');
      const a = args(ruler);
      expect(a.some((x) => x.startsWith('--query='))).toBe(false);
      const config = a.find((x) => x.startsWith('--query.config='))!;
      expect(parse(config.slice(config.indexOf('=') + 1))).toEqual([
        {
          static_configs: [`${HOST('query')}:10902`],
          scheme: 'https',
          http_config: { tls_config: { ca_file: '/etc/thanos/tls/http-client-ca/query-http-tls/ca.crt' } },
        },
      ]);
      expect(volume(ruler, 'http-client-ca-0').secret.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
    });

    test('Grafana provisions https:// data sources with their CA read from the mounted file', () => {
      const grafana = only(objects, 'Deployment', 'grafana');
      const sources = parse(
        only(objects, 'ConfigMap', 'grafana-datasources').data['datasources.yaml'],
      ).datasources;
      expect(sources.map((s: Obj) => [s.url, s.jsonData, s.secureJsonData])).toEqual([
        [
          `https://${HOST('frontend')}:10902`,
          { tlsAuthWithCACert: true },
          { tlsCACert: '$__file{/etc/grafana/tls/http-ca/ca.crt}' },
        ],
        [
          `https://${HOST('query')}:10902`,
          { tlsAuthWithCACert: true },
          { tlsCACert: '$__file{/etc/grafana/tls/query-http-tls/ca.crt}' },
        ],
      ]);
      expect(mount(grafana, 'datasource-ca-0').mountPath).toBe('/etc/grafana/tls/http-ca');
      expect(volume(grafana, 'datasource-ca-1').secret).toEqual({
        secretName: 'query-http-tls',
        defaultMode: 0o440,
        items: [{ key: 'ca.crt', path: 'ca.crt' }],
      });
    });
  });

  test('ruler, store shards and compactor serve HTTPS through the shared StatefulSet builder', () => {
    const { chart, objectStorage } = fixture();
    const ruler = new ThanosRuler(chart, 'ruler', {
      objectStorage,
      queries: [{ httpUrl: 'http://q:10902' }],
      ruleGroups,
      httpTls: { secretName: 'ruler-http' },
    });
    new ThanosStore(chart, 'store', {
      objectStorage,
      sharding: { kind: 'hashmod', count: 2 },
      httpTls: { secretName: 'store-http' },
    });
    new ThanosCompactor(chart, 'compact', { objectStorage, httpTls: { secretName: 'compact-http' } });
    const objects = synth(chart);
    expect(ruler.httpUrl).toBe(`https://${HOST('ruler')}:10902`);
    const sets = objects.filter((o) => o.kind === 'StatefulSet');
    expect(sets.map((o) => o.metadata.name)).toEqual(['ruler', 'store-0', 'store-1', 'compact']);
    for (const set of sets) {
      expect(args(set)).toContain('--http.config=/etc/thanos/http/web-config.yaml');
      expect(container(set).livenessProbe.httpGet.scheme).toBe('HTTPS');
      expect(mount(set, 'http-tls').mountPath).toBe('/etc/thanos/tls/http');
      expect(volume(set, 'http-config').configMap.name).toBe(`${set.metadata.name}-http-config`);
    }
    expect(volume(sets[1]!, 'http-tls').secret.secretName).toBe('store-http');
  });

  test('a plain-text client of a TLS endpoint is a construction error', () => {
    const { chart } = fixture();
    const plain = { httpUrl: `http://${HOST('query')}:10902`, httpTls: tls };
    const e = thrown(() => new ThanosQueryFrontend(chart, 'frontend', { query: plain }));
    expect(e.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(e.message).toBe(
      `ThanosQueryFrontend 'test/frontend': 'query' serves HTTPS (httpTls) but is called through a plain-text http:// URL (got "http://${HOST('query')}:10902"); pass the component itself (its httpUrl is https://…), or write the URL with 'https://'`,
    );
    const g = thrown(
      () => new Grafana(chart, 'grafana', { dataSources: [{ name: 'T', source: plain }], adminPassword }),
    );
    expect(g.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(g.message).toContain("'dataSources[0].source' serves HTTPS (httpTls)");
  });

  test('an exposed querier cannot serve HTTPS: the Ingress would call it in plain text', () => {
    const { chart } = fixture();
    const e = thrown(
      () =>
        new ThanosQuery(chart, 'query', {
          endpoints: [{ address: 'store:10901' }],
          httpTls: tls,
          exposure: {
            kind: 'ingress',
            host: 'thanos.example.com',
            tlsSecretName: 'web',
            access: { kind: 'none' },
          } as never,
        }),
    );
    expect(e.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(e.message).toContain("'exposure' cannot be set together with httpTls");
  });
});
