import { Chart, Testing } from 'cdk8s';
import { ErrorCode } from '../../lib/core';
import { Grafana } from '../../lib/grafana';
import { synth } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { thrown } from '../thanos/support';

type Obj = Record<string, any>;

function grafana(extra: Record<string, unknown> = {}) {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
  new Grafana(chart, 'grafana', {
    dataSources: [
      { name: 'Thanos', source: { httpUrl: 'http://thanos-query.monitoring.svc.cluster.local:10902' } },
    ],
    adminPassword: { name: 'grafana-admin', key: 'password' },
    databaseUrl: { name: 'grafana-db', key: 'url' },
    replicas: 2,
    ...extra,
  });
  const manifests = synth(chart);
  const deployment = manifests.find((m) => m.kind === 'Deployment') as Obj;
  const policy = manifests.find((m) => m.kind === 'NetworkPolicy') as Obj;
  return { manifests, pod: deployment.spec.template.spec, policy };
}

describe('Grafana secrets', () => {
  test('the admin password and database URL are files (GF_*__FILE), never environment values', () => {
    const { pod, manifests } = grafana();
    const env = pod.containers[0].env as Obj[];
    expect(env.some((e) => e.valueFrom?.secretKeyRef)).toBe(false);
    expect(env).toContainEqual({
      name: 'GF_SECURITY_ADMIN_PASSWORD__FILE',
      value: '/etc/grafana/secrets/gf-security-admin-password/value',
    });
    expect(env).toContainEqual({
      name: 'GF_DATABASE_URL__FILE',
      value: '/etc/grafana/secrets/gf-database-url/value',
    });
    const secretVolumes = (pod.volumes as Obj[]).filter((v) => v.secret);
    expect(secretVolumes).toHaveLength(2);
    for (const v of secretVolumes) expect(v.secret.defaultMode).toBe(0o440);
    expect(policyViolations(manifests)).toEqual([]);
  });

  test('the admin user is a prop, or a Secret key', () => {
    const named = grafana({ adminUser: 'ops-admin' }).pod.containers[0].env as Obj[];
    expect(named).toContainEqual({ name: 'GF_SECURITY_ADMIN_USER', value: 'ops-admin' });
    const secret = grafana({ adminUser: { name: 'grafana-admin', key: 'user' } }).pod.containers[0]
      .env as Obj[];
    expect(secret).toContainEqual({
      name: 'GF_SECURITY_ADMIN_USER__FILE',
      value: '/etc/grafana/secrets/gf-security-admin-user/value',
    });
    const e = thrown(() => grafana({ adminUser: 'bad name' }));
    expect(e.code).toBe(ErrorCode.INVALID_VALUE);
    expect(e.message).toContain("Grafana 'test/grafana': 'adminUser' is not a login name");
  });

  test('the data emptyDir has a size limit', () => {
    const { pod } = grafana();
    const data = (pod.volumes as Obj[]).find((v) => v.name === 'data')!;
    expect(data.emptyDir.sizeLimit).toBe('1Gi');
  });
});

describe('Grafana NetworkPolicy', () => {
  test('the UI is not open to every pod by default; users widen it', () => {
    const { policy } = grafana();
    for (const rule of policy.spec.ingress) {
      expect(rule.from).toBeDefined();
      for (const peer of rule.from) expect(peer).not.toEqual({ namespaceSelector: {} });
    }
    const widened = grafana({
      users: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
    }).policy;
    expect(widened.spec.ingress[0].from).toContainEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
    });
  });

  test('egress reaches the data sources and the database but never the metadata service (SSRF)', () => {
    const { policy } = grafana();
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 10902, protocol: 'TCP' }],
    });
    for (const rule of policy.spec.egress) {
      expect(rule.to).toBeDefined();
      for (const peer of rule.to) {
        if (peer.ipBlock?.cidr === '0.0.0.0/0') expect(peer.ipBlock.except).toContain('169.254.0.0/16'); // the metadata service, 169.254.169.254
      }
    }
  });
});

describe('Grafana serverTls (HTTPS on port 3000)', () => {
  test('without serverTls Grafana serves plain HTTP as before', () => {
    const { manifests, pod } = grafana({ monitoring: { serviceMonitor: true } });
    const env = pod.containers[0].env as Obj[];
    expect(env.some((e) => (e.name as string).startsWith('GF_SERVER_'))).toBe(false);
    expect(pod.containers[0].readinessProbe.httpGet.scheme).toBe('HTTP');
    const monitor = manifests.find((m) => m.kind === 'ServiceMonitor') as Obj;
    expect(monitor.spec.endpoints[0].scheme).toBe('http');
    expect(monitor.spec.endpoints[0].tlsConfig).toBeUndefined();
  });

  test('serverTls sets protocol, cert and key, mounts the Secret 0440, probes and scrapes over HTTPS', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
    const g = new Grafana(chart, 'grafana', {
      dataSources: [
        { name: 'Thanos', source: { httpUrl: 'http://thanos-query.monitoring.svc.cluster.local:10902' } },
      ],
      adminPassword: { name: 'grafana-admin', key: 'password' },
      serverTls: { secretName: 'grafana-tls', caSecretName: 'monitoring-ca' },
      monitoring: { serviceMonitor: true },
    });
    const manifests = synth(chart);
    const pod = (manifests.find((m) => m.kind === 'Deployment') as Obj).spec.template.spec;
    const container = pod.containers[0];
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'GF_SERVER_PROTOCOL', value: 'https' },
        { name: 'GF_SERVER_CERT_FILE', value: '/etc/grafana/server-tls/tls.crt' },
        { name: 'GF_SERVER_CERT_KEY', value: '/etc/grafana/server-tls/tls.key' },
      ]),
    );
    const volume = (pod.volumes as Obj[]).find((v) => v.name === 'server-tls')!;
    expect(volume.secret).toEqual({
      secretName: 'grafana-tls',
      defaultMode: 0o440, // owner and group read (288)
      items: [
        { key: 'tls.crt', path: 'tls.crt' },
        { key: 'tls.key', path: 'tls.key' },
      ],
    });
    expect(container.volumeMounts).toContainEqual({
      name: 'server-tls',
      mountPath: '/etc/grafana/server-tls',
      readOnly: true,
    });
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(container[probe].httpGet).toMatchObject({ path: '/api/health', port: 'http', scheme: 'HTTPS' });
    }
    const monitor = manifests.find((m) => m.kind === 'ServiceMonitor') as Obj;
    expect(monitor.spec.endpoints[0]).toMatchObject({
      scheme: 'https',
      tlsConfig: {
        ca: { secret: { name: 'monitoring-ca', key: 'ca.crt' } },
        serverName: 'grafana.monitoring.svc.cluster.local',
      },
    });
    expect(g.url).toBe('https://grafana.monitoring.svc.cluster.local:3000');
    expect(g.endpoints.grafana).toBe(g.url);
    expect(policyViolations(manifests)).toEqual([]);
  });

  test('an exposure on a TLS Grafana is refused: the Ingress or HTTPRoute would call it in plain text', () => {
    const e = thrown(() =>
      grafana({
        serverTls: { secretName: 'grafana-tls' },
        exposure: { kind: 'ingress', host: 'grafana.example.com', tls: { secretName: 'public-tls' } },
      }),
    );
    expect(e.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(e.message).toContain("Grafana 'test/grafana': 'exposure' cannot be set together with serverTls");
  });

  test('a serverTls without a valid Secret name is refused, also from JavaScript', () => {
    for (const bad of [{}, { secretName: 'Bad_Name' }, { secretName: 'ok', caSecretName: 3 }]) {
      const e = thrown(() => grafana({ serverTls: bad }));
      expect(e.code).toBe(ErrorCode.INVALID_NAME);
      expect(e.message).toContain("Grafana 'test/grafana': 'serverTls.");
    }
  });
});
