// lib/core/monitoring.ts on its own: the ServiceMonitor every component gets, asserted whole with literal values
// (prometheus-operator monitoring.coreos.com/v1 ServiceMonitor: endpoints[].port, path, interval, scheme,
// tlsConfig with ca / cert / keySecret from Secrets, relabelings), and where its errors point.
import { App, Chart } from 'cdk8s';
import { ErrorCode } from '../../lib';
import { monitoringRelabelings, serviceMonitor, ServiceMonitorOptions } from '../../lib/core/monitoring';
import { expectErrorCode } from '../support/error-code';
import { objectsBuiltBy } from '../support/manifests';

type Json = Record<string, any>;

const options: ServiceMonitorOptions = {
  name: 'thanos-store',
  namespace: 'monitoring',
  labels: { app: 'store' },
  serviceSelector: { app: 'store', metrics: 'yes' },
  portName: 'http',
  monitoring: {},
};

function monitor(extra: Partial<ServiceMonitorOptions>): Json {
  return objectsBuiltBy((chart) => serviceMonitor(chart, 'sm', { ...options, ...extra }))[0]!;
}

describe('serviceMonitor', () => {
  test('the defaults: /metrics every 30 s over HTTP, the Service selector, its own namespace, no relabeling', () => {
    expect(monitor({})).toStrictEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'thanos-store', namespace: 'monitoring', labels: { app: 'store' } },
      spec: {
        selector: { matchLabels: { app: 'store', metrics: 'yes' } },
        namespaceSelector: { matchNames: ['monitoring'] },
        endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }],
      },
    });
  });

  test('every option: labels for the Prometheus that selects it, path, interval, TLS with a client certificate, relabelings', () => {
    const object = monitor({
      path: '/internal/metrics',
      serviceName: 'thanos-store-0',
      monitoring: {
        interval: '15s',
        labels: { release: 'kube-prometheus' },
        job: 'thanos-store',
        staticLabels: { zone: 'b', cluster: 'eu-1' },
      },
      tls: {
        caSecret: { name: 'ca', key: 'ca.crt' },
        serverName: 'thanos-store.monitoring.svc',
        clientCertificateSecret: 'scraper-tls',
      },
    });
    expect(object.metadata.labels).toStrictEqual({ app: 'store', release: 'kube-prometheus' });
    expect(object.spec.endpoints).toStrictEqual([
      {
        port: 'http',
        path: '/internal/metrics',
        interval: '15s',
        scheme: 'https',
        tlsConfig: {
          ca: { secret: { name: 'ca', key: 'ca.crt' } },
          serverName: 'thanos-store.monitoring.svc',
          cert: { secret: { name: 'scraper-tls', key: 'tls.crt' } },
          keySecret: { name: 'scraper-tls', key: 'tls.key' },
        },
        relabelings: [
          { action: 'keep', sourceLabels: ['__meta_kubernetes_service_name'], regex: 'thanos-store-0' },
          { action: 'replace', targetLabel: 'job', replacement: 'thanos-store' },
          // static labels in name order
          { action: 'replace', targetLabel: 'cluster', replacement: 'eu-1' },
          { action: 'replace', targetLabel: 'zone', replacement: 'b' },
        ],
      },
    ]);
  });

  test('TLS without a client certificate: only the CA and the server name', () => {
    const object = monitor({ tls: { caSecret: { name: 'ca', key: 'ca.crt' }, serverName: 's' } });
    expect(object.spec.endpoints[0].tlsConfig).toStrictEqual({
      ca: { secret: { name: 'ca', key: 'ca.crt' } },
      serverName: 's',
    });
  });

  test("a bad static label is reported at the ServiceMonitor's path", () => {
    const app = new App();
    const chart = new Chart(app, 'fleet');
    const e = expectErrorCode(
      () => serviceMonitor(chart, 'sm', { ...options, monitoring: { staticLabels: { zone: '' } } }),
      ErrorCode.INVALID_VALUE,
      'monitoring.staticLabels.zone',
      'must be a non-empty string',
    );
    expect(e.path).toBe('fleet/sm');
    expect(e.construct).toBe('ServiceMonitor');
    expect(e.fix).toBe("give the label's value, e.g. 'thanos-store'");
    // at the root of the tree the path is the id alone
    const atRoot = expectErrorCode(
      () => serviceMonitor(app, 'sm', { ...options, monitoring: { job: '' } }),
      ErrorCode.INVALID_VALUE,
      'monitoring.job',
      'must be a non-empty string',
    );
    expect(atRoot.path).toBe('sm');
  });
});

describe('monitoringRelabelings', () => {
  const ctx = { construct: 'Test', path: 'x' };

  test('an empty job names monitoring.job; a static label called job names its own entry', () => {
    expectErrorCode(
      () => monitoringRelabelings({ job: '' }, ctx),
      ErrorCode.INVALID_VALUE,
      'monitoring.job',
      'non-empty',
    );
    expectErrorCode(
      () => monitoringRelabelings({ staticLabels: { job: '' } }, ctx),
      ErrorCode.INVALID_VALUE,
      'monitoring.staticLabels.job',
      'non-empty',
    );
    expectErrorCode(
      () => monitoringRelabelings({ job: 'ok', staticLabels: { team: 7 as never } }, ctx),
      ErrorCode.INVALID_VALUE,
      'monitoring.staticLabels.team',
      'non-empty',
    );
  });

  test('a $ in a value is written $$, so Prometheus does not read it as a capture group', () => {
    expect(monitoringRelabelings({ staticLabels: { price: 'a$1' } }, ctx)).toStrictEqual([
      { action: 'replace', targetLabel: 'price', replacement: 'a$$1' },
    ]);
  });
});
