import { App, Chart } from 'cdk8s';
import {
  ErrorCode,
  Grafana,
  JaegerAllInOne,
  ObservabilityConstructError,
  ThanosQuery,
  chartManifests,
} from '../../lib';
import { validateBuiltIn } from '../support/validate';

type Obj = { apiVersion: string; kind: string; metadata: any; spec: any };
const objects = (chart: Chart) => chartManifests(chart) as unknown as Obj[];
const chart = () => new Chart(new App(), 'c', { namespace: 'monitoring' });
const adminPassword = { name: 'grafana-admin', key: 'password' };
const dataSources = [
  { name: 'Thanos', source: { httpUrl: 'http://query.monitoring.svc.cluster.local:10902' } },
];
const endpoints = [{ address: 'store.monitoring.svc.cluster.local:10901' }];

function errorOf(fn: () => unknown): ObservabilityConstructError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ObservabilityConstructError);
    return e as ObservabilityConstructError;
  }
  throw new Error('expected an ObservabilityConstructError');
}

describe('UIs exposed through an Ingress or a Gateway API HTTPRoute, opt-in, with TLS', () => {
  test('Grafana behind an Ingress with TLS: a valid networking.k8s.io/v1 Ingress to the Service port', () => {
    const c = chart();
    const grafana = new Grafana(c, 'grafana', {
      adminPassword,
      dataSources,
      exposure: {
        kind: 'ingress',
        host: 'grafana.example.com',
        ingressClassName: 'nginx',
        tls: { secretName: 'grafana-tls' },
      },
    });
    const ingress = objects(c).find((o) => o.kind === 'Ingress')!;
    expect(validateBuiltIn(ingress as any)).toBeUndefined();
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['grafana.example.com'], secretName: 'grafana-tls' }],
      rules: [
        {
          host: 'grafana.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'grafana', port: { number: 3000 } } },
              },
            ],
          },
        },
      ],
    });
    expect(grafana.externalUrl).toBe('https://grafana.example.com');
  });

  test('Thanos Query behind an HTTPRoute on the HTTPS listener of a Gateway (Gateway API v1)', () => {
    const c = chart();
    const query = new ThanosQuery(c, 'query', {
      endpoints,
      exposure: {
        kind: 'httpRoute',
        host: 'thanos.example.com',
        gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' },
        access: 'authenticated-by-proxy',
      },
    });
    const route = objects(c).find((o) => o.kind === 'HTTPRoute')!;
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata.namespace).toBe('monitoring');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['thanos.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ name: 'query', port: 10902 }],
        },
      ],
    });
    expect(query.externalUrl).toBe('https://thanos.example.com');
  });

  test('the Jaeger UI routes its base path', () => {
    const c = chart();
    const jaeger = new JaegerAllInOne(c, 'jaeger', {
      basePath: '/jaeger',
      exposure: {
        kind: 'ingress',
        host: 'tools.example.com',
        tls: { secretName: 'tools-tls' },
        access: 'open',
      },
    });
    const ingress = objects(c).find((o) => o.kind === 'Ingress')!;
    expect(ingress.spec.rules[0].http.paths[0]).toEqual({
      path: '/jaeger',
      pathType: 'Prefix',
      backend: { service: { name: 'jaeger', port: { number: 16686 } } },
    });
    expect(jaeger.externalUrl).toBe('https://tools.example.com/jaeger');
  });

  test.each([
    [
      'a UI without login and no access decision',
      () =>
        new ThanosQuery(chart(), 'query', {
          endpoints,
          exposure: { kind: 'ingress', host: 'q.example.com', tls: { secretName: 't' } },
        }),
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      'exposure.access',
    ],
    [
      'an Ingress without TLS',
      () =>
        new Grafana(chart(), 'grafana', {
          adminPassword,
          dataSources,
          exposure: { kind: 'ingress', host: 'g.example.com' },
        }),
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      'exposure.tls',
    ],
    [
      'an HTTPRoute without the HTTPS listener',
      () =>
        new Grafana(chart(), 'grafana', {
          adminPassword,
          dataSources,
          exposure: { kind: 'httpRoute', host: 'g.example.com', gateway: { name: 'public' } },
        } as any),
      ErrorCode.INVALID_VALUE,
      'exposure.gateway.sectionName',
    ],
    [
      'an IP address as host',
      () =>
        new Grafana(chart(), 'grafana', {
          adminPassword,
          dataSources,
          exposure: { kind: 'ingress', host: '10.0.0.1', tls: { secretName: 't' } },
        }),
      ErrorCode.INVALID_NAME,
      'exposure.host',
    ],
    [
      'a path other than the UI base path',
      () =>
        new JaegerAllInOne(chart(), 'jaeger', {
          basePath: '/jaeger',
          exposure: {
            kind: 'ingress',
            host: 'j.example.com',
            tls: { secretName: 't' },
            access: 'open',
            path: '/',
          },
        }),
      ErrorCode.INCOMPATIBLE_PROPS,
      'exposure.path',
    ],
    [
      'an unknown kind',
      () =>
        new Grafana(chart(), 'grafana', {
          adminPassword,
          dataSources,
          exposure: { kind: 'route', host: 'g.example.com' },
        } as any),
      ErrorCode.INVALID_VALUE,
      'exposure.kind',
    ],
  ])('%s is refused', (_what, build, code, prop) => {
    const error = errorOf(build);
    expect(error.code).toBe(code);
    expect(error.prop).toBe(prop);
  });

  test('nothing is exposed unless asked', () => {
    const c = chart();
    new Grafana(c, 'grafana', { adminPassword, dataSources });
    new ThanosQuery(c, 'query', { endpoints });
    expect(objects(c).filter((o) => ['Ingress', 'HTTPRoute'].includes(o.kind))).toEqual([]);
  });
});
