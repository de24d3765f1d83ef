// The output side of lib/core/placement.ts and lib/core/http-exposure.ts, asserted field by field (toStrictEqual:
// a key set to undefined is not the same as no key): what a mirror registry does to each kind of image reference,
// how a role's placement merges over the shared one, the pod template an operator gets, and the Ingress and
// HTTPRoute objects with their URLs.
import { createHttpExposure, HttpExposure } from '../../lib/core/http-exposure';
import { mergePlacement, operatorPodPlacement, withRegistry } from '../../lib/core/placement';
import { objectsBuiltBy } from '../support/manifests';

const ctx = { construct: 'Test', path: 'chart/x' };
const toleration = { key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' };

describe('withRegistry', () => {
  test.each([
    // a Docker Hub image without a namespace: no registry part, the whole reference moves under the mirror
    ['nginx:1.27', 'mirror.example.com/nginx:1.27'],
    ['busybox', 'mirror.example.com/busybox'],
    // a Docker Hub image with a namespace: its first part has no '.', ':' and is not localhost
    ['grafana/grafana:12.1.0', 'mirror.example.com/grafana/grafana:12.1.0'],
    // a registry host, a registry with a port, localhost: replaced
    ['quay.io/thanos/thanos:v0.42.4', 'mirror.example.com/thanos/thanos:v0.42.4'],
    ['registry:5000/team/app:1', 'mirror.example.com/team/app:1'],
    ['localhost/x:1', 'mirror.example.com/x:1'],
  ])('%s → %s', (image, moved) => {
    expect(withRegistry(image, 'mirror.example.com')).toBe(moved);
  });

  test('no mirror: the image is unchanged', () => {
    expect(withRegistry('quay.io/thanos/thanos:v0.42.4', undefined)).toBe('quay.io/thanos/thanos:v0.42.4');
  });
});

describe('mergePlacement', () => {
  test("a role's fields replace the shared ones field by field; fields neither sets are absent, not undefined", () => {
    const merged = mergePlacement(
      { nodeSelector: { pool: 'shared' }, tolerations: [toleration] },
      { nodeSelector: { pool: 'ssd' }, priorityClassName: 'critical' },
    );
    expect(merged).toStrictEqual({
      nodeSelector: { pool: 'ssd' },
      tolerations: [toleration],
      priorityClassName: 'critical',
    });
  });

  test('one side missing: the other, as given', () => {
    const only = { podLabels: { team: 'a' } };
    expect(mergePlacement(undefined, only)).toBe(only);
    expect(mergePlacement(only, undefined)).toBe(only);
    expect(mergePlacement(undefined, undefined)).toBeUndefined();
  });
});

describe('operatorPodPlacement', () => {
  test('no placement: nothing', () => {
    expect(operatorPodPlacement(undefined, ctx, { nodeSelectorAsAffinity: true })).toBeUndefined();
  });

  test('only tolerations: no pod metadata, a spec with tolerations alone', () => {
    expect(
      operatorPodPlacement({ tolerations: [toleration] }, ctx, { nodeSelectorAsAffinity: false }),
    ).toStrictEqual({ metadata: undefined, spec: { tolerations: [toleration] } });
  });

  test('pod labels and annotations each land in the metadata on their own', () => {
    expect(
      operatorPodPlacement({ podAnnotations: { a: '1' } }, ctx, { nodeSelectorAsAffinity: false }),
    ).toStrictEqual({ metadata: { annotations: { a: '1' } }, spec: {} });
    expect(
      operatorPodPlacement({ podLabels: { team: 'x' } }, ctx, { nodeSelectorAsAffinity: false }),
    ).toStrictEqual({
      metadata: { labels: { team: 'x' } },
      spec: {},
    });
  });

  test('every field: pull Secrets become references, the node selector stays where the template has one', () => {
    const placement = {
      nodeSelector: { pool: 'kafka' },
      tolerations: [toleration],
      priorityClassName: 'critical',
      imagePullSecrets: ['pull-a', 'pull-b'],
      podLabels: { team: 'x' },
      podAnnotations: { a: '1' },
    };
    expect(operatorPodPlacement(placement, ctx, { nodeSelectorAsAffinity: false })).toStrictEqual({
      metadata: { labels: { team: 'x' }, annotations: { a: '1' } },
      spec: {
        nodeSelector: { pool: 'kafka' },
        tolerations: [toleration],
        priorityClassName: 'critical',
        imagePullSecrets: [{ name: 'pull-a' }, { name: 'pull-b' }],
      },
    });
  });

  test('a node selector as affinity (Strimzi) is added to every required term the user gave', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'arch', operator: 'In', values: ['arm64'] }] }, {}],
        },
      },
    };
    const result = operatorPodPlacement({ nodeSelector: { pool: 'kafka' }, affinity }, ctx, {
      nodeSelectorAsAffinity: true,
    });
    const pool = { key: 'pool', operator: 'In', values: ['kafka'] };
    expect(result).toStrictEqual({
      metadata: undefined,
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'arch', operator: 'In', values: ['arm64'] }, pool] },
                { matchExpressions: [pool] },
              ],
            },
          },
        },
      },
    });
  });
});

describe('createHttpExposure', () => {
  const target = {
    namespace: 'tracing',
    name: 'jaeger-query',
    labels: { 'app.kubernetes.io/name': 'jaeger' },
    serviceName: 'jaeger-query',
    servicePort: 16686,
    ownLogin: false,
  };
  const expose = (exposure: HttpExposure, basePath?: string) => {
    let url = '';
    const [object] = objectsBuiltBy((chart) => {
      url = createHttpExposure(chart, 'ui', exposure, { ...target, basePath }).url;
    });
    return { url, object: object! };
  };

  test('an Ingress with TLS and annotations: https URL, the TLS host, the annotations copied', () => {
    const { url, object } = expose({
      kind: 'ingress',
      host: 'jaeger.example.com',
      tls: { secretName: 'ui-tls' },
      access: 'authenticated-by-proxy',
      ingressClassName: 'nginx',
      annotations: { 'nginx.ingress.kubernetes.io/auth-url': 'https://auth.example.com' },
    });
    expect(url).toBe('https://jaeger.example.com');
    expect(object.metadata).toStrictEqual({
      name: 'jaeger-query',
      namespace: 'tracing',
      labels: { 'app.kubernetes.io/name': 'jaeger' },
      annotations: { 'nginx.ingress.kubernetes.io/auth-url': 'https://auth.example.com' },
    });
    expect(object.spec.ingressClassName).toBe('nginx');
    expect(object.spec.tls).toStrictEqual([{ hosts: ['jaeger.example.com'], secretName: 'ui-tls' }]);
    expect(object.spec.rules[0].http.paths[0]).toStrictEqual({
      path: '/',
      pathType: 'Prefix',
      backend: { service: { name: 'jaeger-query', port: { number: 16686 } } },
    });
  });

  test('a plaintext Ingress under a base path: an http URL with the path, no TLS, no annotations', () => {
    const { url, object } = expose(
      { kind: 'ingress', host: 'jaeger.example.com', allowPlaintext: true, access: 'open' },
      '/jaeger',
    );
    expect(url).toBe('http://jaeger.example.com/jaeger');
    expect(object.metadata.annotations).toBeUndefined();
    expect(object.spec.tls).toBeUndefined();
    expect(object.spec.rules[0].http.paths[0].path).toBe('/jaeger');
  });

  test('an HTTPRoute: https URL; the parent namespace only when given', () => {
    const gateway = { name: 'public', sectionName: 'https' };
    const inOwn = expose(
      { kind: 'httpRoute', host: 'jaeger.example.com', gateway, access: 'open' },
      '/jaeger',
    );
    expect(inOwn.url).toBe('https://jaeger.example.com/jaeger');
    expect(inOwn.object.metadata).toStrictEqual({
      name: 'jaeger-query',
      namespace: 'tracing',
      labels: { 'app.kubernetes.io/name': 'jaeger' },
    });
    expect(inOwn.object.spec).toStrictEqual({
      parentRefs: [{ name: 'public', sectionName: 'https' }],
      hostnames: ['jaeger.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/jaeger' } }],
          backendRefs: [{ name: 'jaeger-query', port: 16686 }],
        },
      ],
    });
    const shared = expose({
      kind: 'httpRoute',
      host: 'jaeger.example.com',
      gateway: { ...gateway, namespace: 'gateways' },
      access: 'open',
    });
    expect(shared.url).toBe('https://jaeger.example.com');
    expect(shared.object.spec.parentRefs).toStrictEqual([
      { name: 'public', namespace: 'gateways', sectionName: 'https' },
    ]);
  });
});
