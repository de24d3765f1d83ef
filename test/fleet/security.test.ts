import { App } from 'cdk8s';
import { ThanosHierarchical, chartManifests, splitFleet } from '../../lib';
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
