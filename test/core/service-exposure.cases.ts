// lib/core/exposure.ts: what an exposure puts on a Service, asserted with literal annotations and ranges.
import { ServiceExposure, applyServiceExposure, exposureAnnotations } from '../../lib/core/exposure';
import { createService } from '../../lib/core/workload';
import { objectsBuiltBy } from '../support/manifests';

const DNS = {
  'external-dns.alpha.kubernetes.io/hostname': 'store.eu-1.example.com',
  'external-dns.kubernetes.io/hostname': 'store.eu-1.example.com',
};

describe('exposureAnnotations', () => {
  test('not exposed (no exposure, or a ClusterIP): none, whatever is asked', () => {
    expect(exposureAnnotations(undefined, 'store.eu-1.example.com')).toStrictEqual({});
    expect(exposureAnnotations({ annotations: { a: 'b' } }, 'store.eu-1.example.com')).toStrictEqual({});
    expect(
      exposureAnnotations({ type: 'ClusterIP', annotations: { a: 'b' } }, 'x.example.com'),
    ).toStrictEqual({});
  });

  test('a NodePort with an external host: the external-dns name under both prefixes', () => {
    expect(exposureAnnotations({ type: 'NodePort' }, 'store.eu-1.example.com')).toStrictEqual(DNS);
  });

  test('external-dns off, or no external host: no name', () => {
    expect(
      exposureAnnotations({ type: 'NodePort', externalDns: false }, 'store.eu-1.example.com'),
    ).toStrictEqual({});
    expect(exposureAnnotations({ type: 'NodePort', externalDns: true }, undefined)).toStrictEqual({});
  });

  test.each([
    [
      'aws',
      {
        'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      },
    ],
    ['gcp', { 'networking.gke.io/load-balancer-type': 'Internal' }],
    ['azure', { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }],
  ] as const)(
    'an internal load balancer on %s, then the name, then the user annotations, which win',
    (cloud, internal) => {
      const exposure: ServiceExposure = {
        type: 'LoadBalancer',
        internalLoadBalancer: cloud,
        annotations: { team: 'obs', 'external-dns.kubernetes.io/hostname': 'mine.example.com' },
      };
      expect(exposureAnnotations(exposure, 'store.eu-1.example.com')).toStrictEqual({
        ...internal,
        'external-dns.alpha.kubernetes.io/hostname': 'store.eu-1.example.com',
        'external-dns.kubernetes.io/hostname': 'mine.example.com',
        team: 'obs',
      });
    },
  );
});

describe('applyServiceExposure', () => {
  const exposed = (exposure: ServiceExposure | undefined) =>
    objectsBuiltBy((chart) => {
      const service = createService(chart, 's', {
        name: 'store',
        namespace: 'monitoring',
        labels: {},
        selector: { app: 'store' },
        ports: [{ name: 'grpc', port: 10901 }],
        type: exposure?.type,
      });
      applyServiceExposure(service, exposure, 'store.eu-1.example.com');
    })[0]!;

  test('annotations and source ranges land on the Service', () => {
    const service = exposed({
      type: 'LoadBalancer',
      internalLoadBalancer: 'gcp',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
    });
    expect(service.metadata.annotations).toStrictEqual({
      'networking.gke.io/load-balancer-type': 'Internal',
      ...DNS,
    });
    expect(service.spec.loadBalancerSourceRanges).toStrictEqual(['10.0.0.0/8']);
  });

  test('no exposure, or an empty range list: no annotations, no source ranges', () => {
    expect(exposed(undefined).metadata.annotations).toBeUndefined();
    const open = exposed({ type: 'LoadBalancer', loadBalancerSourceRanges: [] });
    expect('loadBalancerSourceRanges' in open.spec).toBe(false);
  });
});
