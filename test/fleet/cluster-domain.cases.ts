import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import {
  ErrorCode,
  Grafana,
  PrometheusFederation,
  ThanosHierarchical,
  ThanosHybrid,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosReceiveFleet,
  chartManifests,
  splitFleet,
} from '../../lib';

import { Manifest, only, synth, testChart } from '../support/manifests';
import { FLEET_TEST_TLS } from '../support/fleet';
import { constructErrorOf, expectConstructError } from '../support/errors';

// Issue 10 defect 8: the cluster DNS domain reaches every in-cluster address, in components and patterns.
const clusterDomain = 'k8s.example';
const objectStorage = {
  kind: 's3' as const,
  bucket: 'thanos',
  endpoint: 'minio.example.com:9000',
};
const grafana = {
  adminPassword: { name: 'grafana-admin', key: 'password' },
  databaseUrl: { name: 'grafana-db', key: 'url' },
};
const common = {
  domain: 'monitoring.example.com',
  tls: FLEET_TEST_TLS,
  clusterDomain,
};
const objects = (chart: Chart | undefined) => chartManifests(chart as Chart) as unknown as Manifest[];
const all = (app: App) => app.charts.flatMap((c) => objects(c));
const args = (m: Manifest & Record<string, any>) => m.spec.template.spec.containers[0].args as string[];
const endpointFile = (chart: Chart | undefined, name = 'thanos-query-endpoints') =>
  parse(only(objects(chart), 'ConfigMap', name).data['endpoints.yaml']).endpoints.map(
    (e: { address: string }) => e.address,
  ) as string[];

describe('clusterDomain (issue 10 defect 8)', () => {
  test('D1: local endpoints, endpoint files, the ruler query URL and the Grafana data source use it', () => {
    const app = new App();
    const d1 = new ThanosHierarchical(app, 'd1', { fleet: splitFleet(4), objectStorage, grafana, ...common });
    const regional = endpointFile(d1.regionCharts['region-a']);
    expect(regional[0]).toBe(`dns+thanos-store.monitoring.svc.${clusterDomain}:10901`);
    expect(endpointFile(d1.globalChart)).toContain(`dns+thanos-rule.monitoring.svc.${clusterDomain}:10901`);
    const ruler = only(objects(d1.globalChart), 'StatefulSet', 'thanos-rule');
    expect(args(ruler)).toContain(`--query=thanos-query.monitoring.svc.${clusterDomain}:10902`);
    const datasources = only(objects(d1.globalChart), 'ConfigMap', 'grafana-datasources');
    // Grafana reads through the query-frontend, which forwards to the global querier.
    expect(JSON.stringify(datasources.data)).toContain(
      `http://thanos-query-frontend.monitoring.svc.${clusterDomain}:10902`,
    );
    expect(args(only(objects(d1.globalChart), 'Deployment', 'thanos-query-frontend'))).toContain(
      `--query-frontend.downstream-url=http://thanos-query.monitoring.svc.${clusterDomain}:10902`,
    );
    expect(d1.caches?.index.addresses).toEqual([
      `dnssrv+_memcached._tcp.memcached-index.monitoring.svc.${clusterDomain}`,
    ]);
    expect(d1.grafana?.url).toBe(`http://grafana.monitoring.svc.${clusterDomain}:3000`);
    expect(d1.prometheus['cluster-001']?.httpUrl).toBe(
      `http://prometheus.monitoring.svc.${clusterDomain}:9090`,
    );
    expect(JSON.stringify(all(app))).not.toContain('cluster.local');
  });

  test('D2: the hashring, the remote-write URL and the querier endpoints use it', () => {
    const app = new App();
    const d2 = new ThanosReceiveFleet(app, 'd2', { fleet: splitFleet(4), objectStorage, grafana, ...common });
    const hashring = only(objects(d2.globalChart), 'ConfigMap', 'thanos-receive-hashring');
    const endpoints = JSON.parse(hashring.data['hashrings.json'])[0].endpoints;
    expect(JSON.stringify(endpoints)).toContain(
      `.thanos-receive-ingestor.monitoring.svc.${clusterDomain}:10901`,
    );
    expect(d2.receive.remoteWriteUrl).toContain(`thanos-receive-router.monitoring.svc.${clusterDomain}:`);
    expect(JSON.stringify(all(app))).not.toContain('cluster.local');
  });

  test('D3 and D4 carry no cluster.local either', () => {
    const d3 = new App();
    new ThanosHybrid(d3, 'd3', { fleet: splitFleet(4), objectStorage, grafana, ...common });
    expect(JSON.stringify(all(d3))).not.toContain('cluster.local');
    const d4 = new App();
    const federation = new PrometheusFederation(d4, 'd4', {
      fleet: splitFleet(4),
      ...common,
      allowUnauthenticatedFederation: true,
    });
    expect(federation.global.httpUrl).toBe(`http://prometheus.monitoring.svc.${clusterDomain}:9090`);
    expect(JSON.stringify(all(d4))).not.toContain('cluster.local');
  });

  test("the query frontend's downstream URL follows its querier's domain", () => {
    const chart = testChart();
    const query = new ThanosQuery(chart, 'query', {
      name: 'thanos-query',
      clusterDomain,
      endpoints: [{ address: 'thanos-store.storage.svc.cluster.local:10901' }],
    });
    const frontend = new ThanosQueryFrontend(chart, 'frontend', {
      name: 'thanos-frontend',
      query,
      clusterDomain,
    });
    const deployment = only(synth(chart), 'Deployment', 'thanos-frontend');
    expect(args(deployment)).toContain(
      `--query-frontend.downstream-url=http://thanos-query.observability.svc.${clusterDomain}:10902`,
    );
    expect(frontend.httpUrl).toBe(`http://thanos-frontend.observability.svc.${clusterDomain}:10902`);
  });

  test('defaults to cluster.local', () => {
    const chart = testChart();
    const query = new ThanosQuery(chart, 'query', {
      name: 'thanos-query',
      endpoints: [{ address: 'thanos-store.storage.svc.cluster.local:10901' }],
    });
    expect(query.httpUrl).toBe('http://thanos-query.observability.svc.cluster.local:10902');
    const g = new Grafana(chart, 'grafana', {
      dataSources: [{ name: 'Thanos', source: query }],
      adminPassword: { name: 'a', key: 'b' },
    });
    expect(g.url).toBe('http://grafana.observability.svc.cluster.local:3000');
  });

  test('a bad domain is a typed error naming the prop', () => {
    const error = constructErrorOf(
      () => new ThanosQuery(testChart(), 'query', { clusterDomain: '.cluster.local' }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
    expect(error.message).toContain('test/query');
    expect(error.message).toContain('clusterDomain');
    expect(error.message).toContain('.cluster.local');
    expect(error.message).toContain("e.g. 'cluster.local'");
    // lib/core/cluster-domain.ts resolveClusterDomain (through the fleet pattern base): INVALID_NAME
    expectConstructError(
      () =>
        new ThanosHierarchical(new App(), 'd1', {
          fleet: splitFleet(2),
          objectStorage,
          grafana,
          ...common,
          clusterDomain: 'Cluster_Local',
        }),
      "ThanosHierarchical 'd1': 'clusterDomain' must be the DNS domain of the cluster: DNS labels joined by dots, without a leading or trailing dot (got \"Cluster_Local\"); use the kubelet's clusterDomain, e.g. 'cluster.local'",
      ErrorCode.INVALID_NAME,
    );
  });
});
