import { App } from 'cdk8s';
import {
  ErrorCode,
  ThanosHierarchical,
  ThanosReceive,
  ThanosReceiveFleet,
  chartManifests,
  splitFleet,
} from '../../lib';
import { fixture, thrown } from '../thanos/support';
import { Manifest } from '../support/manifests';

type Obj = Record<string, any>;

const objectStorage = {
  kind: 's3' as const,
  bucket: 'thanos',
  endpoint: 'minio.example.com:9000',
};
const grafana = { adminPassword: { name: 'grafana-admin', key: 'password' } };
const domain = 'monitoring.example.com';

function d1(extra: Record<string, unknown> = {}) {
  return new ThanosHierarchical(new App(), 'd1', {
    fleet: splitFleet(4, 2),
    domain,
    objectStorage,
    grafana: { ...grafana, replicas: 1 },
    tls: { secretName: 'fleet-tls', queryClientCaSecretName: 'fleet-query-client-ca' },
    ...extra,
  } as never);
}

const objects = (chart: unknown) => chartManifests(chart as never) as unknown as (Manifest & Obj)[];

describe('fleet default-deny', () => {
  test('every chart of the fleet denies what its workloads do not open, unless told otherwise', () => {
    const fleet = d1();
    const charts = [
      fleet.globalChart,
      ...Object.values(fleet.regionCharts),
      ...Object.values(fleet.appClusterCharts),
    ];
    for (const chart of charts) {
      const deny = objects(chart).find(
        (m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'default-deny',
      );
      expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      // Every workload has an egress policy of its own, so default-deny leaves its data paths open.
      for (const w of objects(chart).filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet')) {
        const labels = w.spec.template.metadata.labels;
        const own = objects(chart).find(
          (p) =>
            p.kind === 'NetworkPolicy' &&
            p.spec.policyTypes.includes('Egress') &&
            Object.keys(p.spec.podSelector.matchLabels ?? {}).length > 0 &&
            Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v),
        );
        expect(own).toBeDefined();
      }
    }
    const open = d1({ defaultDeny: false });
    expect(objects(open.globalChart).some((m) => m.metadata.name === 'default-deny')).toBe(false);
  });
});

const args = (m: Obj) => m.spec.template.spec.containers as Obj[];
const volumesOf = (m: Obj) => m.spec.template.spec.volumes as Obj[];

describe('fleet mTLS authorises, not only authenticates', () => {
  test('D1: sidecars and regional queriers trust only the query-client CA', () => {
    const fleet = d1();
    const app = objects(Object.values(fleet.appClusterCharts)[0]);
    const sts = app.find((m) => m.kind === 'StatefulSet')!;
    const sidecar = args(sts).find((c) => c.name === 'thanos-sidecar')!;
    expect(sidecar.args).toContain('--grpc-server-tls-client-ca=/etc/thanos/grpc-client-ca/ca.crt');
    expect(volumesOf(sts)).toContainEqual({
      name: 'grpc-client-ca',
      secret: { secretName: 'fleet-query-client-ca', defaultMode: 0o440 },
    });
    const region = objects(Object.values(fleet.regionCharts)[0]);
    const query = region.find((m) => m.kind === 'Deployment' && m.metadata.name === 'thanos-query')!;
    expect(args(query)[0]!.args.find((a: string) => a.startsWith('--grpc-server-tls-client-ca='))).toMatch(
      /client-ca\/ca\.crt$/,
    );
    expect(volumesOf(query).map((v) => v.secret?.secretName)).toContain('fleet-query-client-ca');
  });

  test('D2: receivers trust only the remote-write CA and take the tenant from the certificate', () => {
    const fleet = new ThanosReceiveFleet(new App(), 'd2', {
      fleet: splitFleet(2, 2),
      domain,
      objectStorage,
      grafana: false,
      tls: { secretName: 'fleet-tls', remoteWriteClientCaSecretName: 'fleet-remote-write-client-ca' },
    });
    const router = objects(fleet.globalChart).find(
      (m) => m.kind === 'Deployment' && m.metadata.name === 'thanos-receive-router',
    )!;
    const a = args(router)[0]!.args as string[];
    expect(a).toContain('--receive.tenant-certificate-field=commonName');
    expect(a.find((x) => x.startsWith('--remote-write.server-tls-client-ca='))).toMatch(
      /client-ca\/ca\.crt$/,
    );
    expect(volumesOf(router).map((v) => v.secret?.secretName)).toContain('fleet-remote-write-client-ca');
  });

  test('one CA for every direction is an explicit opt-in', () => {
    const e = thrown(() => d1({ tls: { secretName: 'fleet-tls' } }));
    expect(e.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(e.message).toContain("ThanosHierarchical 'd1': 'tls.queryClientCaSecretName' is missing");
    expect(() => d1({ tls: { secretName: 'fleet-tls', sharedClientCa: true } })).not.toThrow();
  });

  test('a tenant from the certificate needs client certificates', () => {
    const { chart, objectStorage: bucket } = fixture();
    const e = thrown(
      () =>
        new ThanosReceive(chart, 'receive', { objectStorage: bucket, tenantCertificateField: 'commonName' }),
    );
    expect(e.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(e.prop).toBe('tenantCertificateField');
  });
});

describe('bucket credentials per role', () => {
  const roles = {
    reader: { secretName: 'bucket-reader' },
    uploader: { secretName: 'bucket-uploader' },
    compactor: { secretName: 'bucket-compactor', sharedCredentialsFileKey: 'credentials' },
  };
  const secretsOf = (m: Obj) =>
    m.spec.template.spec.containers
      .flatMap((c: Obj) => c.env ?? [])
      .map((e: Obj) => e.valueFrom?.secretKeyRef?.name)
      .concat(m.spec.template.spec.volumes.map((v: Obj) => v.secret?.secretName))
      .filter((n: unknown) => typeof n === 'string' && n.startsWith('bucket-'));

  test('D1: stores read, sidecars and the ruler upload, only the compactor holds the deleting credential', () => {
    const fleet = d1({ objectStorage: { ...objectStorage }, bucketCredentials: roles });
    const workloads = [
      ...objects(fleet.globalChart),
      ...objects(Object.values(fleet.regionCharts)[0]),
      ...objects(Object.values(fleet.appClusterCharts)[0]),
    ].filter((m) => m.kind === 'StatefulSet');
    const by = (name: string) => [
      ...new Set(workloads.filter((w) => w.metadata.name.startsWith(name)).flatMap(secretsOf)),
    ];
    expect(by('thanos-store')).toEqual(['bucket-reader']);
    expect(by('thanos-rule')).toEqual(['bucket-uploader']);
    expect(by('prometheus')).toEqual(['bucket-uploader']);
    expect(by('thanos-compact')).toEqual(['bucket-compactor']);
    const holders = workloads
      .filter((w) => secretsOf(w).includes('bucket-compactor'))
      .map((w) => w.metadata.name);
    expect(holders.every((n) => n.startsWith('thanos-compact'))).toBe(true);
  });

  test('the compactor reads its credential from a file, not the environment', () => {
    const fleet = d1({ bucketCredentials: roles });
    const compactor = objects(fleet.globalChart).find(
      (m) => m.kind === 'StatefulSet' && m.metadata.name.startsWith('thanos-compact'),
    )!;
    const env = compactor.spec.template.spec.containers[0].env as Obj[];
    expect(env).toContainEqual({
      name: 'AWS_SHARED_CREDENTIALS_FILE',
      value: '/etc/thanos/objstore-credentials/credentials',
    });
    expect(env.some((e) => e.name === 'AWS_SECRET_ACCESS_KEY')).toBe(false);
    expect(compactor.spec.template.spec.volumes).toContainEqual({
      name: 's3-credentials',
      secret: {
        secretName: 'bucket-compactor',
        defaultMode: 0o440,
        items: [{ key: 'credentials', path: 'credentials' }],
      },
    });
  });

  test('one credential for every role is an explicit opt-in', () => {
    const shared = { ...objectStorage, credentials: { secretName: 'minio' } };
    const e = thrown(() => d1({ objectStorage: shared }));
    expect(e.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(e.prop).toBe('bucketCredentials');
    expect(() => d1({ objectStorage: shared, sharedBucketCredentials: true })).not.toThrow();
  });
});
