import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Yaml } from 'cdk8s';
import { parse } from 'yaml';
import { danglingReferences, unknownKeys } from '../support/jaeger';
import { EXAMPLES, FLEET_EXAMPLES } from '../../examples/registry';
import { exampleManifests } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { describeWithShared } from '../support/shared';
import { isBuiltIn, validateBuiltIn, validateCustomResource } from '../support/validate';
import { synthExamplesTo } from '../support/manifests';

const charts = exampleManifests();
const all = [...charts.values()].flat();
const fleetCharts = exampleManifests(FLEET_EXAMPLES);

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

  describe.each([...charts.entries()])('%s', (chartId, manifests) => {
    test('matches its golden manifest (review with `npx jest -u` and read the diff)', () => {
      expect(Yaml.stringify(...manifests)).toMatchSnapshot();
    });

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

    test('every Jaeger config uses only keys Jaeger 2.20.0 accepts and defines every name it references', () => {
      const configs = manifests.filter(
        (m) =>
          m.kind === 'ConfigMap' &&
          m.metadata.labels?.['app.kubernetes.io/name'] === 'jaeger' &&
          (m as any).data?.['config.yaml'],
      );
      if (chartId.startsWith('jaeger')) expect(configs.length).toBeGreaterThan(0);
      for (const cm of configs) {
        const config = parse((cm as any).data['config.yaml']);
        expect([cm.metadata.name, unknownKeys(config)]).toEqual([cm.metadata.name, []]);
        expect([cm.metadata.name, danglingReferences(config)]).toEqual([cm.metadata.name, []]);
      }
    });

    test('object names are unique per kind and namespace', () => {
      const keys = manifests.map(
        (m) => `${m.apiVersion}/${m.kind}/${m.metadata.namespace}/${m.metadata.name}`,
      );
      expect(new Set(keys).size).toBe(keys.length);
    });
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

  test('synthesis is deterministic: two runs write byte-identical files', () => {
    const first = mkdtempSync(join(tmpdir(), 'oc-synth-'));
    const second = mkdtempSync(join(tmpdir(), 'oc-synth-'));
    try {
      const a = synthExamplesTo(first);
      const b = synthExamplesTo(second);
      expect([...a.keys()]).toEqual(
        [...charts.keys(), ...fleetCharts.keys()].map((id) => `${id}.k8s.yaml`).sort(),
      );
      expect(b).toEqual(a);
      // The files are what the golden manifests hold.
      for (const [id, manifests] of charts)
        expect(a.get(`${id}.k8s.yaml`)).toBe(Yaml.stringify(...manifests));
    } finally {
      rmSync(first, { recursive: true, force: true });
      rmSync(second, { recursive: true, force: true });
    }
  });

  test('synthesizeApp writes byte for byte what cdk8s app.synth() writes', () => {
    const ours = mkdtempSync(join(tmpdir(), 'oc-synth-'));
    const theirs = mkdtempSync(join(tmpdir(), 'oc-synth-'));
    try {
      // The golden examples only: app.synth() is quadratic in the number of charts.
      expect(synthExamplesTo(ours, EXAMPLES, 'synthesizeApp')).toEqual(
        synthExamplesTo(theirs, EXAMPLES, 'app.synth'),
      );
    } finally {
      rmSync(ours, { recursive: true, force: true });
      rmSync(theirs, { recursive: true, force: true });
    }
  });
});
