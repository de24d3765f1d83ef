import { tmpdir } from 'node:os';
import { App, Chart } from 'cdk8s';
import { EXAMPLES, buildExamplesApp } from '../../examples/registry';
import {
  JaegerAllInOne,
  ObservabilityChart,
  ThanosHierarchical,
  chartManifests,
  splitFleet,
} from '../../lib';
import { FLEET_TEST_TLS } from '../support/fleet';

/** Kinds that live outside any namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'StorageClass',
]);

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** The namespaces an object list uses that no Namespace object before them creates. */
function namespacesUsedBeforeCreated(objects: readonly Obj[]): string[] {
  const created = new Set<string>();
  const missing: string[] = [];
  for (const o of objects) {
    if (o.kind === 'Namespace') created.add(o.metadata.name);
    else if (!CLUSTER_SCOPED.has(o.kind) && !created.has(o.metadata.namespace ?? 'default'))
      missing.push(`${o.kind}/${o.metadata.name} in ${o.metadata.namespace}`);
  }
  return missing;
}

describe('charts create their namespace, first in their file', () => {
  test('every example file, applied alone to a fresh cluster, creates its namespace before using it', () => {
    // Each chart's objects in the order of its file: synthesizeApp writes chartManifests byte for byte as cdk8s's
    // app.synth() does (test/examples/examples.test.ts), without writing and parsing back 3,000 objects.
    const app = buildExamplesApp(tmpdir(), EXAMPLES);
    expect(app.charts.length).toBeGreaterThan(10);
    for (const chart of app.charts) {
      const file = chart.node.path;
      const objects = chartManifests(chart) as Obj[];
      expect({ file, first: objects[0]?.kind }).toEqual({ file, first: 'Namespace' });
      expect({ file, missing: namespacesUsedBeforeCreated(objects) }).toEqual({ file, missing: [] });
    }
  });

  test('the Namespace is cluster-scoped and carries no namespace of its own', () => {
    const chart = new ObservabilityChart(new App(), 'tracing', { namespace: 'tracing' });
    new JaegerAllInOne(chart, 'jaeger', { storage: { kind: 'memory' } });
    const [first] = chartManifests(chart) as Obj[];
    expect(first).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'tracing', labels: { 'app.kubernetes.io/managed-by': 'observability-constructs' } },
    });
  });

  test('opt out with createNamespace: false (a chart) or createNamespaces: false (a fleet)', () => {
    const chart = new ObservabilityChart(new App(), 'tracing', {
      namespace: 'tracing',
      createNamespace: false,
    });
    new JaegerAllInOne(chart, 'jaeger', { storage: { kind: 'memory' } });
    expect((chartManifests(chart) as Obj[]).filter((o) => o.kind === 'Namespace')).toEqual([]);

    const props = {
      fleet: splitFleet(2),
      domain: 'monitoring.example.com',
      objectStorage: { kind: 's3', bucket: 'thanos', endpoint: 'minio:9000' },
      grafana: false,
      tls: FLEET_TEST_TLS,
    } as const;
    const kinds = (c: Chart) => (chartManifests(c) as Obj[]).map((o) => o.kind);
    const withNs = new ThanosHierarchical(new App(), 'd1', props);
    for (const c of [withNs.globalChart, ...Object.values(withNs.appClusterCharts)]) {
      expect(kinds(c)[0]).toBe('Namespace');
    }
    const without = new ThanosHierarchical(new App(), 'd1', { ...props, createNamespaces: false });
    expect(kinds(without.globalChart)).not.toContain('Namespace');
  });
});
