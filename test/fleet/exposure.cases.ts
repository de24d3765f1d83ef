import { expectErrorCode } from '../support/error-code';
// Issue 10 defects 3 and 4 (and issue 17's internal load balancers): every replica reachable, exposure controllable,
// DNS names bound to the names the endpoint files use, no unauthenticated HTTP outside a cluster without opt-in.
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import {
  EXTERNAL_DNS_HOSTNAME_ANNOTATIONS,
  ErrorCode,
  INTERNAL_LOAD_BALANCER_ANNOTATIONS,
  PrometheusFederation,
  PrometheusWithSidecar,
  ThanosHierarchical,
  ThanosHybrid,
  chartManifests,
  splitFleet,
} from '../../lib';
import { Manifest, only, synth, testChart } from '../support/manifests';
import { FLEET_TEST_TLS } from '../support/fleet';
import { constructErrorOf, expectConstructError } from '../support/errors';

const objectStorage = {
  kind: 's3' as const,
  bucket: 'thanos',
  endpoint: 'minio.example.com:9000',
};
const domain = 'monitoring.example.com';
const tls = FLEET_TEST_TLS;
type Any = Manifest & Record<string, any>;
const objects = (chart: Chart | undefined) => chartManifests(chart as Chart) as unknown as Any[];
const all = (app: App) => app.charts.flatMap((c) => objects(c)) as (Manifest & Record<string, any>)[];
const endpointHosts = (chart: Chart | undefined) =>
  (
    parse(only(objects(chart), 'ConfigMap', 'thanos-query-endpoints').data['endpoints.yaml']).endpoints as {
      address: string;
    }[]
  )
    .map((e) => e.address)
    .filter((a) => !a.startsWith('dns+'))
    .map((a) => a.replace(/:\d+$/, ''));
const hostname = (service: Any) =>
  (service.metadata as any).annotations?.['external-dns.alpha.kubernetes.io/hostname'] as string | undefined;
const loadBalancers = (app: App) =>
  all(app).filter((m) => m.kind === 'Service' && m.spec.type === 'LoadBalancer');

describe('each Prometheus replica is reachable (defect 3)', () => {
  const app = new App();
  const d1 = new ThanosHierarchical(app, 'd1', {
    fleet: splitFleet(4, 2),
    domain,
    objectStorage,
    grafana: false,
    tls,
  });

  test('one LoadBalancer per replica, selecting its pod by name', () => {
    const services = objects(d1.appClusterCharts['cluster-001']).filter(
      (m) => m.kind === 'Service' && (m as any).spec.type === 'LoadBalancer',
    ) as (Manifest & Record<string, any>)[];
    expect(
      services.map((s) => [s.metadata.name, s.spec.selector['statefulset.kubernetes.io/pod-name']]),
    ).toEqual([
      ['prometheus-0-grpc', 'prometheus-0'],
      ['prometheus-1-grpc', 'prometheus-1'],
    ]);
  });

  test('the regional querier lists both replicas of every pair and deduplicates on the replica label', () => {
    expect(endpointHosts(d1.regionCharts['region-a'])).toEqual([
      'thanos-sidecar-0.cluster-001.monitoring.example.com',
      'thanos-sidecar-1.cluster-001.monitoring.example.com',
      'thanos-sidecar-0.cluster-002.monitoring.example.com',
      'thanos-sidecar-1.cluster-002.monitoring.example.com',
    ]);
    const args = only(objects(d1.regionCharts['region-a']), 'Deployment', 'thanos-query').spec.template.spec
      .containers[0].args as string[];
    expect(args).toContain('--query.replica-label=prometheus_replica');
  });
});

describe('cross-cluster exposure (defect 4)', () => {
  test('every load balancer carries an external-dns name, equal to the names the endpoint files use', () => {
    const app = new App();
    const d1 = new ThanosHierarchical(app, 'd1', {
      fleet: splitFleet(4, 2),
      domain,
      objectStorage,
      grafana: false,
      tls,
    });
    const published = loadBalancers(app).map(hostname);
    expect(published.every((h) => h !== undefined)).toBe(true);
    const regionalTargets = ['region-a', 'region-b'].flatMap((r) => endpointHosts(d1.regionCharts[r]));
    const globalTargets = endpointHosts(d1.globalChart);
    expect(new Set([...regionalTargets, ...globalTargets])).toEqual(new Set(published));
    for (const service of loadBalancers(app)) {
      for (const key of EXTERNAL_DNS_HOSTNAME_ANNOTATIONS)
        expect((service.metadata as any).annotations[key]).toBe(hostname(service));
    }
  });

  test.each(['aws', 'gcp', 'azure'] as const)(
    'exposure.internalLoadBalancer %s and source ranges reach every load balancer of D1 and D3',
    (cloud) => {
      const exposure = { internalLoadBalancer: cloud, loadBalancerSourceRanges: ['10.0.0.0/8'] };
      for (const make of [
        (app: App) =>
          new ThanosHierarchical(app, 'd1', {
            fleet: splitFleet(4, 2),
            domain,
            objectStorage,
            grafana: false,
            tls,
            exposure,
          }),
        (app: App) =>
          new ThanosHybrid(app, 'd3', {
            fleet: splitFleet(4, 2),
            domain,
            objectStorage,
            grafana: false,
            tls,
            exposure,
          }),
      ]) {
        const app = new App();
        make(app);
        const lbs = loadBalancers(app);
        expect(lbs.length).toBeGreaterThan(0);
        for (const service of lbs) {
          expect((service.metadata as any).annotations).toMatchObject(
            INTERNAL_LOAD_BALANCER_ANNOTATIONS[cloud],
          );
          expect(service.spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
        }
      }
    },
  );

  test('the internal-LB annotations per cloud', () => {
    expect(INTERNAL_LOAD_BALANCER_ANNOTATIONS).toEqual({
      aws: {
        'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      },
      gcp: { 'networking.gke.io/load-balancer-type': 'Internal' },
      azure: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
    });
  });

  test('D3: the receivers publish the name their remote-write URL uses', () => {
    const app = new App();
    const d3 = new ThanosHybrid(app, 'd3', {
      fleet: splitFleet(4, 2),
      domain,
      objectStorage,
      grafana: false,
      tls,
    });
    const router = only(objects(d3.regionCharts['region-a']), 'Service', 'thanos-receive-router');
    expect(hostname(router)).toBe('thanos-receive.region-a.monitoring.example.com');
    expect(d3.regions['region-a']?.receive.externalRemoteWriteUrl).toContain(`//${hostname(router)}:`);
  });

  test('bad exposures are typed errors naming the prop', () => {
    const base = { externalLabels: { cluster: 'c', region: 'r' }, thanosSidecar: false };
    const onClusterIp = constructErrorOf(
      () =>
        new PrometheusWithSidecar(testChart(), 'p', { ...base, webService: { internalLoadBalancer: 'aws' } }),
    );
    expect(onClusterIp.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(onClusterIp.message).toContain("'webService.internalLoadBalancer'");
    // lib/core/exposure.ts checkServiceExposure (the fleet's exposure, a LoadBalancer): INVALID_VALUE
    expectConstructError(
      () =>
        new ThanosHierarchical(new App(), 'd1', {
          fleet: splitFleet(2),
          domain,
          objectStorage,
          grafana: false,
          tls,
          exposure: { loadBalancerSourceRanges: ['10.0.0.0'] },
        }),
      "ThanosHierarchical 'd1': 'exposure.loadBalancerSourceRanges' holds something that is not a CIDR (got \"10.0.0.0\"); write e.g. '10.0.0.0/8'",
      ErrorCode.INVALID_VALUE,
    );
    expectErrorCode(
      () =>
        new ThanosHierarchical(new App(), 'd1', {
          fleet: splitFleet(2),
          domain,
          objectStorage,
          grafana: false,
          tls,
          exposure: { internalLoadBalancer: 'oracle' as 'aws' },
        }),
      ErrorCode.INVALID_VALUE,
      'exposure.internalLoadBalancer',
      "ThanosHierarchical 'd1': 'exposure.internalLoadBalancer' is not a cloud the library knows the internal load-balancer annotations of (got \"oracle\"); use one of ",
    );
  });
});

describe('D4: no unauthenticated Prometheus HTTP API outside a cluster (defect 4)', () => {
  test('without tls the pattern needs the opt-in whose name says what it opens', () => {
    const error = constructErrorOf(
      () => new PrometheusFederation(new App(), 'd4', { fleet: splitFleet(4, 2), domain }),
    );
    expect(error.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(error.message).toContain("'allowUnauthenticatedFederation'");
    // The generic plain-text opt-in of the StoreAPI does not open the HTTP API.
    expectErrorCode(
      () =>
        new PrometheusFederation(new App(), 'd4', {
          fleet: splitFleet(4, 2),
          domain,
          allowPlaintextExposure: true,
        }),
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      'allowUnauthenticatedFederation',
      /allowUnauthenticatedFederation/,
    );
  });

  test('with tls: the web ports require client certificates, the federating servers present theirs', () => {
    const app = new App();
    const d4 = new PrometheusFederation(app, 'd4', {
      fleet: splitFleet(4, 2),
      domain,
      tls,
      exposure: { internalLoadBalancer: 'gcp' },
    });
    const cluster = objects(d4.appClusterCharts['cluster-001']);
    const config = only(cluster, 'ConfigMap', 'prometheus-config').data;
    expect(parse(config['web.yml'])).toEqual({
      tls_server_config: {
        cert_file: '/etc/prometheus/web-tls/tls.crt',
        key_file: '/etc/prometheus/web-tls/tls.key',
        client_auth_type: 'RequireAndVerifyClientCert',
        client_ca_file: '/etc/prometheus/web-tls/ca.crt',
      },
    });
    const pod = only(cluster, 'StatefulSet').spec.template.spec;
    expect(pod.containers[0].args).toContain('--web.config.file=/etc/prometheus/web.yml');
    expect(pod.containers[0].readinessProbe.exec.command).toEqual([
      '/bin/promtool',
      'check',
      'ready',
      '--url=https://localhost:9090',
      '--http.config.file=/etc/prometheus/probe-client.yml',
    ]);
    expect(pod.volumes).toContainEqual({
      name: 'web-tls',
      secret: { secretName: 'fleet-tls', defaultMode: 0o440 },
    });
    const self = parse(config['prometheus.yml']).scrape_configs.find((j: any) => j.job_name === 'prometheus');
    expect(self).toMatchObject({
      scheme: 'https',
      tls_config: { cert_file: '/etc/prometheus/web-tls/tls.crt' },
    });
    const web = only(cluster, 'Service', 'prometheus-web');
    expect(hostname(web)).toBe('prometheus.cluster-001.monitoring.example.com');
    expect((web.metadata as any).annotations).toMatchObject(INTERNAL_LOAD_BALANCER_ANNOTATIONS.gcp);
    const regional = parse(
      only(objects(d4.regionCharts['region-a']), 'ConfigMap', 'prometheus-config').data['prometheus.yml'],
    );
    const federate = regional.scrape_configs.find((j: any) => j.job_name === 'federate-clusters');
    expect(federate).toMatchObject({
      scheme: 'https',
      tls_config: {
        ca_file: '/etc/prometheus/federation-tls/ca.crt',
        cert_file: '/etc/prometheus/federation-tls/tls.crt',
        key_file: '/etc/prometheus/federation-tls/tls.key',
      },
    });
    expect(federate.static_configs[0].targets[0]).toBe('prometheus.cluster-001.monitoring.example.com:9090');
    expect(d4.prometheus['cluster-001']?.externalHttpUrl).toBe(
      'https://prometheus.cluster-001.monitoring.example.com:9090',
    );
  });

  test('a component exposing its web port needs mutual TLS or the explicit opt-in', () => {
    const base = { externalLabels: { cluster: 'c', region: 'r' }, thanosSidecar: false };
    const error = constructErrorOf(
      () => new PrometheusWithSidecar(testChart(), 'p', { ...base, webService: { type: 'LoadBalancer' } }),
    );
    expect(error.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(error.message).toContain('allowUnauthenticatedWebExposure');
    expectErrorCode(
      () =>
        new PrometheusWithSidecar(testChart(), 'p', {
          ...base,
          webService: { type: 'LoadBalancer' },
          webTls: { secretName: 's' },
        }),
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      'webService',
      /clientAuth: true/,
    );
    const chart = testChart();
    new PrometheusWithSidecar(chart, 'p', {
      ...base,
      webService: { type: 'LoadBalancer' },
      allowUnauthenticatedWebExposure: true,
    });
    expect(only(synth(chart), 'Service', 'p-web').spec.type).toBe('LoadBalancer');
    // lib/prometheus/prometheus-with-sidecar.ts: INCOMPATIBLE_PROPS on 'webTls' while the sidecar runs
    expectConstructError(
      () =>
        new PrometheusWithSidecar(testChart(), 'p', {
          externalLabels: base.externalLabels,
          webTls: { secretName: 's' },
        }),
      'PrometheusWithSidecar \'test/p\': \'webTls\' puts TLS on the web port the Thanos sidecar reads over plain HTTP (got {"secretName":"s"}); expose the sidecar StoreAPI with grpcTls instead, or set thanosSidecar: false',
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});

describe('D4: the web port admits exactly the declared source ranges', () => {
  test('source ranges become the NetworkPolicy peers, and the Service keeps client addresses', () => {
    const app = new App();
    const d4 = new PrometheusFederation(app, 'd4', {
      fleet: splitFleet(4, 2),
      domain,
      tls,
      exposure: { internalLoadBalancer: 'azure', loadBalancerSourceRanges: ['10.20.0.0/16'] },
    });
    const cluster = objects(d4.appClusterCharts['cluster-001']);
    const policy = only(cluster, 'NetworkPolicy', 'prometheus');
    expect(policy.spec.ingress[0]).toEqual({
      from: [{ ipBlock: { cidr: '10.20.0.0/16' } }],
      ports: [{ port: 9090, protocol: 'TCP' }],
    });
    const web = only(cluster, 'Service', 'prometheus-web');
    expect(web.spec).toMatchObject({
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['10.20.0.0/16'],
    });
  });
});
