import { expectErrorCode } from '../support/error-code';
import { ErrorCode } from '../../lib/core';
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import {
  PrometheusFederation,
  ThanosHierarchical,
  ThanosHybrid,
  ThanosReceiveFleet,
  chartManifests,
  splitFleet,
} from '../../lib';
import { expectConstructError } from '../support/errors';
import { Manifest, only } from '../support/manifests';
import { FLEET_TEST_TLS } from '../support/fleet';

const objectStorage = {
  kind: 's3' as const,
  bucket: 'thanos',
  endpoint: 'minio.example.com:9000',
};
const grafana = {
  adminPassword: { name: 'grafana-admin', key: 'password' },
  databaseUrl: { name: 'grafana-db', key: 'url' },
};
const domain = 'monitoring.example.com';
const tls = FLEET_TEST_TLS;

const objects = (chart: Chart | undefined) => chartManifests(chart as Chart) as unknown as Manifest[];
const args = (m: Manifest & Record<string, any>) => m.spec.template.spec.containers[0].args as string[];

describe("ThanosHierarchical (D1) at the reference design's scale", () => {
  const app = new App();
  const d1 = new ThanosHierarchical(app, 'd1', {
    fleet: splitFleet(200),
    domain,
    objectStorage,
    grafana,
    tls,
  });
  const report = d1.sizingReport();

  // The reference design's roles total 44.5 / 89 (global 20.5 / 41); the query-frontend (2 × 500m/1Gi) and the three
  // memcached caches (3 × 2 pods × 550m/1280Mi), which it leaves out, add 1 + 3.3 cores and 2 + 7.5 GiB.
  test("the reference design's totals: global 20.5 cores / 41 Gi, each region 6 / 12, total 44.5 / 89, plus frontend and caches", () => {
    expect(report.charts.map((c) => [c.name, c.cpuCores, c.memoryGiB])).toEqual([
      ['monitoring-global', 20.5 + 1 + 3.3, 41 + 2 + 7.5],
      ['monitoring-region-a', 6, 12],
      ['monitoring-region-b', 6, 12],
      ['monitoring-region-c', 6, 12],
      ['monitoring-region-d', 6, 12],
    ]);
    expect(report.totals).toEqual({ cpuCores: 44.5 + 4.3, memoryGiB: 89 + 9.5 });
    const reference = report.charts
      .flatMap((c) => c.roles)
      .filter((r) => r.role !== 'memcached/cache' && r.role !== 'thanos/query-frontend');
    expect(reference.reduce((n, r) => n + r.cpuCores, 0)).toBe(44.5);
    // The model's $2,511.65 for the reference roles (the reference design's ~$2,500) plus one $125 node for the
    // frontend and caches' limits.
    expect(report.monthlyCostUsd).toBe(2637);
  });

  test("the global roles are the reference design's D1: query 3×2/4, store 10×1/2, compactor 3×1/2, ruler 1×0.5/1, Grafana 2×0.5/1", () => {
    const global = report.charts[0]?.roles.map((r) => [r.role, r.pods, r.cpuCores, r.memoryGiB]);
    expect(global).toEqual([
      ['grafana/dashboards', 2, 1, 2],
      // Not in the reference design: index, bucket and results caches, 2 pods each.
      ['memcached/cache', 6, 3.3, 7.5],
      ['thanos/compact', 3, 3, 6],
      ['thanos/query', 3, 6, 12],
      ['thanos/query-frontend', 2, 1, 2],
      ['thanos/rule', 1, 0.5, 1],
      ['thanos/store', 10, 10, 20],
    ]);
    expect(report.charts[1]?.roles.map((r) => [r.role, r.pods, r.cpuCores, r.memoryGiB])).toEqual([
      ['thanos/query', 2, 4, 8],
      ['thanos/store', 2, 2, 4],
    ]);
  });

  test('one chart per target cluster; application clusters apart from the totals', () => {
    expect(app.charts).toHaveLength(205);
    expect(report.clusters).toBe(200);
    expect(report.appClusterFootprint).toEqual({ cpuCores: 2.5, memoryGiB: 9 });
    expect(report.appClustersTotal).toEqual({ cpuCores: 500, memoryGiB: 1800 });
  });

  test("a regional querier's endpoint file lists exactly its region's sidecars, both replicas of each pair", () => {
    const cm = only(objects(d1.regionCharts['region-b']), 'ConfigMap', 'thanos-query-endpoints');
    const all = parse(cm.data['endpoints.yaml']).endpoints.map((e: any) => e.address);
    expect(all[0]).toBe('dns+thanos-store.monitoring.svc.cluster.local:10901');
    const addresses = all.filter((a: string) => a.startsWith('thanos-sidecar-'));
    expect([all.length, addresses.length]).toEqual([101, 100]);
    expect(addresses.slice(0, 2)).toEqual([
      'thanos-sidecar-0.cluster-051.monitoring.example.com:10901',
      'thanos-sidecar-1.cluster-051.monitoring.example.com:10901',
    ]);
    expect(addresses[99]).toBe('thanos-sidecar-1.cluster-100.monitoring.example.com:10901');
    expect(addresses.every((a: string) => /cluster-(0[5-9][0-9]|100)\./.test(a))).toBe(true);
  });

  test('the global querier lists the regional queriers and the store shards, and deduplicates on the replica label', () => {
    const chart = objects(d1.globalChart);
    const addresses = parse(
      only(chart, 'ConfigMap', 'thanos-query-endpoints').data['endpoints.yaml'],
    ).endpoints.map((e: any) => e.address);
    expect(addresses.filter((a: string) => a.startsWith('thanos-query.'))).toEqual(
      ['a', 'b', 'c', 'd'].map((r) => `thanos-query.region-${r}.monitoring.example.com:10901`),
    );
    expect(addresses.filter((a: string) => a.includes('thanos-store'))).toHaveLength(5);
    expect(args(only(chart, 'Deployment', 'thanos-query'))).toContain(
      '--query.replica-label=prometheus_replica',
    );
  });

  test('external labels come from the fleet model: cluster, region and the replica label', () => {
    const config = parse(
      only(objects(d1.appClusterCharts['cluster-123']), 'ConfigMap', 'prometheus-config').data[
        'prometheus.yml'
      ],
    );
    expect(config.global.external_labels).toEqual({
      cluster: 'cluster-123',
      region: 'region-c',
      prometheus_replica: '${POD_NAME}',
    });
  });

  test('regional stores serve recent blocks of their region, the global gateways everything older', () => {
    const regional = args(only(objects(d1.regionCharts['region-a']), 'StatefulSet', 'thanos-store'));
    expect(regional).toContain('--min-time=-14d');
    expect(regional.some((a) => a.includes('region-a'))).toBe(true);
    const global = args(only(objects(d1.globalChart), 'StatefulSet', 'thanos-store-0'));
    expect(global).toContain('--max-time=-14d');
  });

  test('the compactor shards by cluster and merges the HA replicas', () => {
    const compactors = objects(d1.globalChart).filter(
      (m) => m.kind === 'StatefulSet' && m.metadata.name.startsWith('thanos-compact'),
    );
    expect(compactors).toHaveLength(3);
    expect(args(compactors[0] as any)).toEqual(
      expect.arrayContaining([
        '--deduplication.replica-label=prometheus_replica',
        '--deduplication.func=penalty',
      ]),
    );
  });
});

describe("ThanosReceiveFleet (D2) at the reference design's scale", () => {
  const d2 = new ThanosReceiveFleet(new App(), 'd2', {
    fleet: splitFleet(200),
    domain,
    objectStorage,
    grafana,
    tls,
  });
  const report = d2.sizingReport();

  test("the reference design's roles hold exactly 31 cores / 62 Gi: receive 10×2/4, query 3×2/4, store 5×1/2", () => {
    const seedRoles = report.roles.filter((r) =>
      ['thanos/receive', 'thanos/query', 'thanos/store'].includes(r.role),
    );
    expect(seedRoles.map((r) => [r.role, r.pods, r.cpuCores, r.memoryGiB])).toEqual([
      ['thanos/query', 3, 6, 12],
      ['thanos/receive', 10, 20, 40],
      ['thanos/store', 5, 5, 10],
    ]);
    expect(seedRoles.reduce((n, r) => n + r.cpuCores, 0)).toBe(31);
    expect(seedRoles.reduce((n, r) => n + r.memoryGiB, 0)).toBe(62);
  });

  test('plus the compactor the bucket needs and Grafana: 33 cores / 66 Gi, and the frontend and caches: +4.3 / 9.5', () => {
    expect(report.charts.map((c) => c.name)).toEqual(['monitoring-global']);
    expect(report.totals).toEqual({ cpuCores: 33 + 4.3, memoryGiB: 66 + 9.5 });
  });

  test('application clusters remote-write to the receivers with their cluster as tenant, without a sidecar', () => {
    const chart = objects(d2.appClusterCharts['cluster-007']);
    const config = parse(only(chart, 'ConfigMap', 'prometheus-config').data['prometheus.yml']);
    expect(config.remote_write[0].url).toBe(
      'https://thanos-receive.monitoring-global.monitoring.example.com:19291/api/v1/receive',
    );
    expect(config.remote_write[0].headers).toEqual({ 'THANOS-TENANT': 'cluster-007' });
    expect(only(chart, 'StatefulSet').spec.template.spec.containers.map((c: any) => c.name)).toEqual([
      'prometheus',
    ]);
  });
});

describe('ThanosHybrid (D3) and PrometheusFederation (D4)', () => {
  test('D3: per region a hashring of 3 and a querier; a global querier over the regions and the bucket', () => {
    const d3 = new ThanosHybrid(new App(), 'd3', {
      fleet: splitFleet(200),
      domain,
      objectStorage,
      grafana,
      tls,
    });
    const region = objects(d3.regionCharts['region-a']);
    expect(only(region, 'StatefulSet', 'thanos-receive-ingestor').spec.replicas).toBe(3);
    expect(only(region, 'Deployment', 'thanos-query').spec.replicas).toBe(2);
    const global = parse(
      only(objects(d3.globalChart), 'ConfigMap', 'thanos-query-endpoints').data['endpoints.yaml'],
    ).endpoints.map((e: any) => e.address);
    expect(global.filter((a: string) => a.startsWith('thanos-query.'))).toHaveLength(4);
    expect(d3.sizingReport().charts).toHaveLength(5);
  });

  test('D4: regions federate their clusters, the global one the regions; no object storage anywhere', () => {
    const app = new App();
    const d4 = new PrometheusFederation(app, 'd4', {
      fleet: splitFleet(200),
      domain,
      allowUnauthenticatedFederation: true,
    });
    const regional = parse(
      only(objects(d4.regionCharts['region-d']), 'ConfigMap', 'prometheus-config').data['prometheus.yml'],
    );
    const job = regional.scrape_configs.find((j: any) => j.job_name === 'federate-clusters');
    expect(job.honor_labels).toBe(true);
    expect(job.metrics_path).toBe('/federate');
    expect(job.params).toEqual({ 'match[]': ['{__name__=~"cluster:.*"}'] });
    expect(job.static_configs[0].targets).toHaveLength(50);
    expect(job.static_configs[0].targets[0]).toBe('prometheus.cluster-151.monitoring.example.com:9090');
    expect(job.metric_relabel_configs).toEqual([{ action: 'labeldrop', regex: 'prometheus_replica' }]);
    const all = app.charts.flatMap((c) => objects(c));
    expect(all.some((m) => m.kind === 'Secret')).toBe(false);
    expect(JSON.stringify(all)).not.toContain('objstore');
    // 5 clusters × (2 nodes × $125 + $50) = the reference design's $1,500, plus $21 of federation scrapes.
    expect(d4.sizingReport().monthlyCostUsd).toBe(1521);
  });

  test('D4: an empty match[] is an error', () => {
    expectConstructError(
      () =>
        new PrometheusFederation(new App(), 'd4', {
          fleet: splitFleet(4, 2),
          domain,
          clusterMatch: [],
          allowUnauthenticatedFederation: true,
        }),
      "PrometheusWithSidecar 'monitoring-region-a/prometheus': 'federation[0].match' is empty, and /federate returns nothing without a selector (got []); give series selectors, e.g. '{__name__=~\"cluster:.*\"}'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('fleet pattern errors', () => {
  test('endpoints exposed between clusters without TLS, unless the network is declared private', () => {
    expectConstructError(
      () => new ThanosHierarchical(new App(), 'd1', { fleet: splitFleet(2), domain, objectStorage, grafana }),
      "ThanosHierarchical 'd1': 'tls' is missing: the pattern exposes StoreAPI and remote-write endpoints to the other clusters (got undefined); give the fleet's mutual-TLS Secret, tls: { secretName: 'fleet-tls' }, or set allowPlaintextExposure: true on a private network",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
    expectConstructError(
      () => new ThanosReceiveFleet(new App(), 'd2', { fleet: splitFleet(2), domain, objectStorage, grafana }),
      "ThanosReceiveFleet 'd2': 'tls' is missing: the pattern exposes StoreAPI and remote-write endpoints to the other clusters (got undefined); give the fleet's mutual-TLS Secret, tls: { secretName: 'fleet-tls' }, or set allowPlaintextExposure: true on a private network",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
    expect(
      () =>
        new ThanosHierarchical(new App(), 'd1', {
          fleet: splitFleet(2),
          domain,
          objectStorage,
          grafana,
          allowPlaintextExposure: true,
        }),
    ).not.toThrow();
  });

  test('a scope other than the App', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    expectConstructError(
      () =>
        new ThanosHierarchical(chart as unknown as App, 'd1', {
          fleet: splitFleet(2),
          domain,
          objectStorage,
          grafana,
        }),
      'ThanosHierarchical \'c/d1\': \'scope\' must be the App: the pattern creates one chart per target cluster next to it (got "c"); pass the App, e.g. new ThanosHierarchical(app, "fleet", {...})',
      ErrorCode.INVALID_VALUE,
    );
  });
  test('a domain that is not one', () => {
    expectConstructError(
      () =>
        new ThanosHierarchical(new App(), 'd1', {
          fleet: splitFleet(2),
          domain: 'local',
          objectStorage,
          grafana,
        }),
      "ThanosHierarchical 'd1': 'domain' must be a DNS domain with at least two labels (got \"local\"); use the domain your load balancers' names live under, e.g. 'monitoring.example.com'",
      ErrorCode.INVALID_NAME,
    );
  });
  test('two fleets on one bucket: their stores and compactors would act on the same blocks', () => {
    const app = new App();
    new ThanosHierarchical(app, 'a', {
      fleet: splitFleet(2),
      domain,
      objectStorage,
      grafana,
      tls,
      chartPrefix: 'a',
    });
    expectErrorCode(
      () =>
        new ThanosHierarchical(app, 'b', {
          fleet: splitFleet(2, 50, { commonLabels: { fleet: 'b' } }),
          domain,
          objectStorage,
          grafana,
          tls,
          chartPrefix: 'b',
        }),
      ErrorCode.INCOMPATIBLE_PROPS,
      'sharding',
      /overlaps the store shard 'a-monitoring-region-a\/store'/,
    );
  });
  test('Grafana HA without a shared database', () => {
    expectConstructError(
      () =>
        new ThanosHierarchical(new App(), 'd1', {
          fleet: splitFleet(2),
          domain,
          objectStorage,
          grafana: { adminPassword: grafana.adminPassword },
          tls,
        }),
      "Grafana 'monitoring-global/grafana': 'databaseUrl' is required with 2 replicas: each pod's own SQLite would hold its own sessions (got undefined); give a Secret key holding a postgres:// or mysql:// URL, e.g. { name: 'grafana-db', key: 'url' }",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});
