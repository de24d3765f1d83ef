import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { ErrorCode, ThanosHybrid, ThanosReceiveFleet, chartManifests, splitFleet } from '../../lib';
import { ThanosReceive, buildReceiveLimitsConfig } from '../../lib/thanos';
import { expectConstructError } from '../support/errors';
import { FLEET_TEST_TLS } from '../support/fleet';
import { Manifest, only, synth } from '../support/manifests';
import { args, fixture } from './support';

const CONTEXT = { construct: 'Test', path: 't' };
const flag = (argv: readonly string[], name: string) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

describe('buildReceiveLimitsConfig', () => {
  test('the structure of thanos-io/thanos@v0.42.4 pkg/receive/limiter_config.go (write.global/default/tenants)', () => {
    const yaml = buildReceiveLimitsConfig(
      {
        maxConcurrency: 30,
        metaMonitoringUrl: 'http://thanos-query.monitoring.svc.cluster.local:10902',
        default: { request: { sizeBytes: 1024, series: 1000, samples: 10 }, headSeries: 1000 },
        tenants: { ajax: { request: { series: 50000, samples: 500 } }, acme: { headSeries: 2000 } },
      },
      CONTEXT,
      'limits',
    );
    // Field names as in pkg/receive/testdata/limits_config/good_limits.yaml at v0.42.4.
    expect(parse(yaml)).toEqual({
      write: {
        global: {
          max_concurrency: 30,
          meta_monitoring_url: 'http://thanos-query.monitoring.svc.cluster.local:10902',
        },
        default: {
          request: { size_bytes_limit: 1024, series_limit: 1000, samples_limit: 10 },
          head_series_limit: 1000,
        },
        tenants: {
          acme: { head_series_limit: 2000 },
          ajax: { request: { series_limit: 50000, samples_limit: 500 } },
        },
      },
    });
  });

  test('a head-series limit without a meta-monitoring URL (which Thanos would ignore) is a typed error', () => {
    expectConstructError(
      () => buildReceiveLimitsConfig({ tenants: { a: { headSeries: 5 } } }, CONTEXT, 'limits'),
      "Test 't': 'limits.tenants.a.headSeries' is ignored by Thanos without a meta-monitoring URL to read the head series from (pkg/receive/limiter_config.go AreHeadSeriesLimitsConfigured) (got [\"tenants.a\"]); set limits.metaMonitoringUrl to a query API holding the receivers' prometheus_tsdb_head_series, or drop headSeries",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () => buildReceiveLimitsConfig({ default: { request: { samples: -1 } } }, CONTEXT, 'limits'),
      "Test 't': 'limits.default.request.samples' must be a whole number of at least 0 (0 is unlimited) (got -1); give a count, or leave it out to inherit",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => buildReceiveLimitsConfig({ metaMonitoringUrl: 'thanos-query:10902' }, CONTEXT, 'limits'),
      "Test 't': 'limits.metaMonitoringUrl' must be an http(s) URL with a host (Thanos refuses one without scheme or host) (got \"thanos-query:10902\"); e.g. 'http://thanos-query.monitoring.svc.cluster.local:10902'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('ThanosReceive limits', () => {
  test('routers get --receive.limits-config (where the HTTP handler applies them); ingestors do not', () => {
    const { chart, objectStorage } = fixture();
    new ThanosReceive(chart, 'receive', {
      name: 'thanos-receive',
      objectStorage,
      limits: {
        maxConcurrency: 10,
        metaMonitoringUrl: 'http://meta.observability.svc:9090',
        default: { headSeries: 9 },
      },
    });
    const manifests = synth(chart);
    const router = args(only(manifests, 'Deployment', 'thanos-receive-router'));
    expect(parse(flag(router, 'receive.limits-config') ?? '').write.global.max_concurrency).toBe(10);
    expect(
      flag(args(only(manifests, 'StatefulSet', 'thanos-receive-ingestor')), 'receive.limits-config'),
    ).toBeUndefined();
    // The routers may reach the meta-monitoring API, in its namespace on its port.
    const egress = only(manifests, 'NetworkPolicy', 'thanos-receive-router').spec.egress;
    expect(egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }],
      ports: [{ port: 9090, protocol: 'TCP' }],
    });
  });
});

const objectStorage = { kind: 's3' as const, bucket: 'thanos', endpoint: 'minio.example.com:9000' };
const common = {
  domain: 'monitoring.example.com',
  tls: FLEET_TEST_TLS,
  objectStorage,
  grafana: false as const,
};
const objects = (chart: Chart) => chartManifests(chart) as unknown as (Manifest & Record<string, any>)[];

describe('fleet receive limits from the capacity model', () => {
  test('D2 defaults: requests from the Prometheus batch, concurrency from the load; no head limit without meta-monitoring', () => {
    const d2 = new ThanosReceiveFleet(new App(), 'd2', { fleet: splitFleet(200), ...common });
    const router = args(only(objects(d2.globalChart), 'Deployment', 'thanos-receive-router'));
    const limits = parse(flag(router, 'receive.limits-config') ?? '');
    // max_samples_per_send 2000 (prometheus/prometheus@v3.14.0 config/config.go DefaultQueueConfig) × headroom 2;
    // size: 4000 series × 2 KiB each uncompressed.
    expect(limits.write.default).toEqual({
      request: { size_bytes_limit: 4000 * 2048, series_limit: 4000, samples_limit: 4000 },
    });
    // 1.25 M series × 200 clusters × 2 replicas / 60 s / 2 routers / 2000 per request × 0.1 s × 2 = 416.7 → 417.
    expect(limits.write.global.max_concurrency).toBe(417);
  });

  test('with a meta-monitoring URL: head series per tenant = active series × writers × replication × 1.5; overrides per tenant', () => {
    const d2 = new ThanosReceiveFleet(new App(), 'd2', {
      fleet: splitFleet(4),
      ...common,
      receiveLimits: {
        metaMonitoringUrl: 'http://prometheus.monitoring.svc.cluster.local:9090',
        tenants: { 'cluster-002': { headSeries: 100 } },
      },
    });
    const limits = parse(
      flag(
        args(only(objects(d2.globalChart), 'Deployment', 'thanos-receive-router')),
        'receive.limits-config',
      ) ?? '',
    );
    // 1 250 000 × 2 × 3 × 1.5 (DEFAULT_METRICS_LOAD: activeSeriesPerCluster, prometheusReplicas, replication factor).
    expect(limits.write.default.head_series_limit).toBe(11_250_000);
    expect(limits.write.tenants).toEqual({ 'cluster-002': { head_series_limit: 100 } });
  });

  test('a tenant override naming no cluster is a typed error; receiveLimits: false writes none', () => {
    expectConstructError(
      () =>
        new ThanosHybrid(new App(), 'd3', {
          fleet: splitFleet(4),
          ...common,
          receiveLimits: { tenants: { 'cluster-999': { request: { samples: 1 } } } },
        }),
      "ThanosHybrid 'd3': 'receiveLimits.tenants.cluster-999' names no application cluster of the fleet, so no writer uses that tenant (got \"cluster-999\"); use a cluster name, e.g. 'cluster-001'",
      ErrorCode.DANGLING_REFERENCE,
    );
    const d2 = new ThanosReceiveFleet(new App(), 'd2', {
      fleet: splitFleet(4),
      ...common,
      receiveLimits: false,
    });
    const router = args(only(objects(d2.globalChart), 'Deployment', 'thanos-receive-router'));
    expect(flag(router, 'receive.limits-config')).toBeUndefined();
  });

  test('D3: each region limits its own tenants, with its own clusters in the concurrency', () => {
    const d3 = new ThanosHybrid(new App(), 'd3', {
      fleet: splitFleet(4),
      ...common,
      receiveLimits: { tenants: { 'cluster-001': { request: { samples: 1 } } } },
    });
    const regionCharts = Object.values(d3.regionCharts);
    const tenants = regionCharts.map(
      (c) =>
        parse(
          flag(args(only(objects(c), 'Deployment', 'thanos-receive-router')), 'receive.limits-config') ?? '',
        ).write.tenants,
    );
    expect(tenants.filter((t) => t !== undefined && Object.keys(t).length > 0)).toEqual([
      { 'cluster-001': { request: { samples_limit: 1 } } },
    ]);
  });
});
