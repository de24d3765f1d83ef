import { ErrorCode } from '../../lib/core';
import { Memcached, memcachedContainerMemoryMiB } from '../../lib/memcached';
import { expectConstructError } from '../support/errors';
import { only, synth, testChart } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { isBuiltIn, validateBuiltIn } from '../support/validate';

const STORE = { podSelector: { matchLabels: { 'app.kubernetes.io/component': 'store' } } };

function build(props: Partial<ConstructorParameters<typeof Memcached>[2]> = {}) {
  const chart = testChart('monitoring');
  const cache = new Memcached(chart, 'cache', { name: 'memcached-index', clients: [STORE], ...props });
  return { cache, manifests: synth(chart) };
}

describe('Memcached', () => {
  test('a StatefulSet behind a headless Service whose SRV name Thanos discovers', () => {
    const { cache, manifests } = build({ clusterDomain: 'k8s.internal' });
    const service = only(manifests, 'Service');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports.map((p: any) => [p.name, p.port])).toEqual([
      ['memcached', 11211],
      ['metrics', 9150],
    ]);
    // SRV names of a headless Service: _<port name>._<protocol>.<service>.<namespace>.svc.<domain>.
    expect(cache.addresses).toEqual(['dnssrv+_memcached._tcp.memcached-index.monitoring.svc.k8s.internal']);
    const sts = only(manifests, 'StatefulSet');
    expect(sts.spec.serviceName).toBe('memcached-index');
    expect(sts.spec.replicas).toBe(2);
  });

  test('-m, -I and -c from the props, memory request = limit = -m + 10% + 64Mi, rounded up to 64Mi', () => {
    const { manifests, cache } = build({ memoryMiB: 2048, maxItemSizeMiB: 2, maxConnections: 4096 });
    const [memcached, exporter] = only(manifests, 'StatefulSet').spec.template.spec.containers;
    expect(memcached.image).toBe('memcached:1.6.45');
    expect(memcached.args).toEqual(['-m', '2048', '-I', '2m', '-c', '4096', '-p', '11211', '-U', '0']);
    // 2048 + ceil(204.8) + 64 = 2317 → 37 × 64 = 2368 (the written-down overhead assumption).
    expect(memcached.resources.requests.memory).toBe('2368Mi');
    expect(memcached.resources.limits.memory).toBe('2368Mi');
    // 1024 + 103 + 64 = 1191 → 19 × 64 = 1216.
    expect(memcachedContainerMemoryMiB(1024)).toBe(1216);
    expect(cache.maxItemSize).toBe('2MiB');
    expect(exporter.image).toBe('quay.io/prometheus/memcached-exporter:v0.16.0');
    expect(exporter.args).toEqual(['--memcached.address=127.0.0.1:11211']);
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9150, protocol: 'TCP' }]);
  });

  test('defaults: memcached 1024 MiB, 1 MiB items, 1024 connections', () => {
    const [memcached] = only(build().manifests, 'StatefulSet').spec.template.spec.containers;
    expect(memcached.args.slice(0, 6)).toEqual(['-m', '1024', '-I', '1m', '-c', '1024']);
  });

  test('restricted pods as the image user 11211, TCP probes, PDB and spread, valid objects', () => {
    const { manifests } = build({ monitoring: { serviceMonitor: true } });
    const pod = only(manifests, 'StatefulSet').spec.template.spec;
    expect(pod.securityContext.runAsUser).toBe(11211);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    for (const c of pod.containers) {
      expect(c.livenessProbe.tcpSocket).toBeDefined();
      expect(c.readinessProbe.tcpSocket).toBeDefined();
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    }
    expect(pod.topologySpreadConstraints).toHaveLength(2);
    expect(only(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    expect(policyViolations(manifests)).toEqual([]);
    for (const m of manifests.filter((x) => isBuiltIn(x.apiVersion)))
      expect([m.kind, validateBuiltIn(m)]).toEqual([m.kind, undefined]);
    const monitor = only(manifests, 'ServiceMonitor');
    expect(monitor.spec.endpoints[0].port).toBe('metrics');
  });

  test('NetworkPolicy: the cache port from the clients only, the exporter from the scrapers only, no egress', () => {
    const policy = only(build().manifests, 'NetworkPolicy');
    expect(policy.spec.ingress).toEqual([
      { from: [STORE], ports: [{ port: 11211, protocol: 'TCP' }] },
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ port: 9150, protocol: 'TCP' }],
      },
    ]);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    // Only DNS out.
    expect(policy.spec.egress).toHaveLength(1);
    expect(policy.spec.egress[0].ports.map((p: any) => p.port)).toEqual([53, 53]);
  });

  test('bad sizes and missing clients are typed errors at construction', () => {
    expectConstructError(
      () => build({ memoryMiB: 64, maxItemSizeMiB: 64 }),
      "Memcached 'test/cache': 'maxItemSizeMiB' must be at most half of memoryMiB (64) and at most 1024, or memcached exits at start-up (got 64); lower maxItemSizeMiB or raise memoryMiB",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () => build({ clients: [] }),
      "Memcached 'test/cache': 'clients' must name at least one peer: the pods that use the cache (got []); e.g. clients: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'store' } } }]",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => build({ memoryMiB: 1.5 }),
      "Memcached 'test/cache': 'memoryMiB' must be a whole number of at least 2 (got 1.5); give the cache memory (-m) in MiB, e.g. 1024",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('deterministic', () => {
    expect(JSON.stringify(build().manifests)).toBe(JSON.stringify(build().manifests));
  });
});
