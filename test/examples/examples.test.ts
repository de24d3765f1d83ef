import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Yaml } from 'cdk8s';
import { parse } from 'yaml';
import { danglingReferences, unknownKeys } from '../support/jaeger';
import { EXAMPLES, FLEET_EXAMPLES } from '../../examples/registry';
import { fleetHierarchical } from '../../examples/fleet-hierarchical';
import { exampleManifests } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { describeWithShared } from '../support/shared';
import { isBuiltIn, validateBuiltIn, validateCustomResource } from '../support/validate';
import { synthExamplesTo } from '../support/manifests';

const charts = exampleManifests();
const all = [...charts.values()].flat();
const fleetCharts = exampleManifests(FLEET_EXAMPLES);

/** A chart's YAML, as cdk8s writes it; stringified once per chart (the tests below compare it several times). */
const yamls = new Map<string, string>();
const yamlOf = (chartId: string): string => {
  if (!yamls.has(chartId)) yamls.set(chartId, Yaml.stringify(...charts.get(chartId)!));
  return yamls.get(chartId)!;
};

/** The golden charts that hold a Jaeger config. */
/**
 * One golden file per kind of chart: every example's, but of each small fleet only the first application cluster
 * and the first region (the others differ only by their identity, asserted below instead of kept as 24 more files).
 */
const GOLDEN = [...charts.keys()].filter(
  (id) => !/-small-(cluster-00[2-9]|monitoring-region-[b-z])$/.test(id),
);

const JAEGER_CHARTS = [
  'jaeger-all-in-one-memory',
  'jaeger-all-in-one-badger',
  'jaeger-direct',
  'jaeger-direct-opensearch',
  'jaeger-kafka',
  // The Kafka examples' stand-in ingester runs Jaeger with its own config.
  'kafka-production',
  'kafka-dev',
];

describe('examples', () => {
  test('there are example charts to check', () => {
    expect([...charts.keys()]).toEqual(
      expect.arrayContaining([
        'jaeger-all-in-one-memory',
        'jaeger-all-in-one-badger',
        'kafka-production',
        'kafka-dev',
      ]),
    );
  });

  describe.each([...charts.entries()])('%s', (_chartId, manifests) => {
    test('every built-in object validates against the Kubernetes schema', () => {
      const errors = manifests
        .filter((m) => isBuiltIn(m.apiVersion))
        .map((m) => [`${m.kind} ${m.metadata.name}`, validateBuiltIn(m)] as const)
        .filter(([, error]) => error !== undefined);
      expect(errors).toEqual([]);
    });

    test('follows the policy every construct inherits', () => {
      expect(policyViolations(manifests)).toEqual([]);
    });

    test('object names are unique per kind and namespace', () => {
      const keys = manifests.map(
        (m) => `${m.apiVersion}/${m.kind}/${m.metadata.namespace}/${m.metadata.name}`,
      );
      expect(new Set(keys).size).toBe(keys.length);
    });
  });

  describe.each(GOLDEN)('%s', (chartId) => {
    test('matches its golden manifest (review with `npx jest -u` and read the diff)', () => {
      expect(yamlOf(chartId)).toMatchSnapshot();
    });
  });

  describe.each(['d1', 'd2', 'd3', 'd4'])('the %s small fleet', (prefix) => {
    // examples/fleet-*.ts: six application clusters, 001-003 in region-a and 004-006 in region-b.
    const small = (id: string) => yamlOf(`${prefix}-small-${id}`);
    const normalized = (id: string, region: string) =>
      small(id)
        .split(id)
        .join('cluster-001')
        .split(region)
        .join('region-a')
        .replace(/config-hash: [0-9a-f]{16}/g, 'config-hash: <hash>');
    test.each([
      ['cluster-002', 'region-a'],
      ['cluster-003', 'region-a'],
      ['cluster-004', 'region-b'],
      ['cluster-005', 'region-b'],
      ['cluster-006', 'region-b'],
    ])('%s is cluster-001 but for its name, its region and its config hashes', (id, region) => {
      expect(small(id)).not.toBe(small('cluster-001'));
      expect(normalized(id, region)).toBe(normalized('cluster-001', 'region-a'));
    });
  });

  describe('Jaeger configs', () => {
    const jaegerConfigs = [...charts.entries()].flatMap(([chartId, manifests]) =>
      manifests
        .filter(
          (m) =>
            m.kind === 'ConfigMap' &&
            m.metadata.labels?.['app.kubernetes.io/name'] === 'jaeger' &&
            (m as any).data?.['config.yaml'],
        )
        .map((cm) => [`${chartId} ${cm.metadata.name}`, parse((cm as any).data['config.yaml'])] as const),
    );
    test('the charts that run Jaeger are exactly the Jaeger examples', () => {
      expect([...new Set(jaegerConfigs.map(([name]) => name.split(' ')[0]))]).toEqual(JAEGER_CHARTS);
    });
    test.each(jaegerConfigs)(
      '%s uses only keys Jaeger 2.20.0 accepts and defines every name it references',
      (_name, config) => {
        expect(unknownKeys(config)).toEqual([]);
        expect(danglingReferences(config)).toEqual([]);
      },
    );
  });

  describeWithShared('custom resources validate against the CRDs in ../shared/crds', () => {
    const custom = all.filter((m) => !isBuiltIn(m.apiVersion));
    test('the examples emit custom resources to check', () => {
      expect(custom.length).toBeGreaterThan(0);
    });
    test.each(custom.map((m) => [`${m.kind} ${m.metadata.namespace}/${m.metadata.name}`, m] as const))(
      '%s',
      (_name, manifest) => {
        expect(validateCustomResource(manifest)).toBeUndefined();
      },
    );
  });

  describe('the 200-cluster fleets (too large for golden files)', () => {
    const fleetAll = [...fleetCharts.values()].flat();
    test('one chart per target cluster: 1 global, 4 regions (but D2), 200 application clusters each', () => {
      const prefixes = ['d1', 'd2', 'd3', 'd4'];
      for (const prefix of prefixes) {
        const ids = [...fleetCharts.keys()].filter((id) => id.startsWith(`${prefix}-`));
        expect([prefix, ids.length]).toEqual([prefix, prefix === 'd2' ? 201 : 205]);
      }
    });
    test('every built-in object validates against the Kubernetes schema', () => {
      const errors = fleetAll
        .filter((m) => isBuiltIn(m.apiVersion))
        .map((m) => [`${m.kind} ${m.metadata.namespace}/${m.metadata.name}`, validateBuiltIn(m)] as const)
        .filter(([, error]) => error !== undefined);
      expect(errors).toEqual([]);
    });
    test('every chart follows the policy and names each object once', () => {
      const problems = [...fleetCharts.entries()].flatMap(([id, manifests]) => {
        const keys = manifests.map(
          (m) => `${m.apiVersion}/${m.kind}/${m.metadata.namespace}/${m.metadata.name}`,
        );
        const duplicates = keys.length - new Set(keys).size;
        return [
          ...policyViolations(manifests),
          ...(duplicates > 0 ? [`${id}: ${duplicates} duplicate names`] : []),
        ].map((p) => `${id}: ${p}`);
      });
      expect(problems).toEqual([]);
    });
  });

  test('synthesis is deterministic and synthesizeApp writes byte for byte what cdk8s app.synth() writes', () => {
    // Two synths of the golden examples (the small fleets exercise the fleet code): one through synthesizeApp, one
    // through cdk8s's own app.synth(). Equal files prove both that two runs agree and that the two writers do; the
    // files also equal the manifests built a third time above for the golden files.
    const ours = mkdtempSync(join(tmpdir(), 'oc-synth-'));
    const theirs = mkdtempSync(join(tmpdir(), 'oc-synth-'));
    try {
      const a = synthExamplesTo(ours, EXAMPLES, 'synthesizeApp');
      expect([...a.keys()]).toEqual([...charts.keys()].map((id) => `${id}.k8s.yaml`).sort());
      expect(synthExamplesTo(theirs, EXAMPLES, 'app.synth')).toEqual(a);
      for (const id of charts.keys()) expect([id, a.get(`${id}.k8s.yaml`)]).toEqual([id, yamlOf(id)]);
    } finally {
      rmSync(ours, { recursive: true, force: true });
      rmSync(theirs, { recursive: true, force: true });
    }
  });

  test('a 200-cluster fleet builds the same objects twice', () => {
    // One full-scale fleet rebuilt (not all four: each is ~200 charts) against the first build above.
    const again = exampleManifests([fleetHierarchical]);
    expect(again.size).toBe(205);
    // Compared as JSON text (key order included: stricter than a deep equal, and ~1 s less than one on 205 charts).
    for (const [id, manifests] of again)
      expect([id, JSON.stringify(manifests)]).toEqual([id, JSON.stringify(fleetCharts.get(id))]);
  });
});
