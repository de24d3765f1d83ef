// lib/core/synth.ts on its own: synthesizeApp writes what `app.synth()` writes (cdk8s@2.70.106 lib/app.js: one
// `<chart><outputFileExtension>` per chart, charts in dependency order, validation errors as
// "Validation failed with the following errors:\n  [<path>] <message>"), and the chart helpers return what
// `chart.toJson()` returns. Each test compares with cdk8s itself, or with literal file names and objects.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import {
  chartApiObjects,
  chartManifests,
  hasConstructDependencies,
  synthesizeApp,
  validateApp,
} from '../../lib/core/synth';
import { filesIn } from '../support/manifests';

const outdir = () => mkdtempSync(join(tmpdir(), 'synth-'));

/** A ConfigMap named `name` in `scope`. */
const configMap = (scope: Construct, name: string, data: Record<string, string> = {}) =>
  new ApiObject(scope, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

/** The same app built twice: once for synthesizeApp, once for cdk8s's own synth. */
function both(
  build: (app: App) => void,
  props: { yamlOutputType?: YamlOutputType; outputFileExtension?: string } = {},
) {
  const ours = new App({ outdir: outdir(), ...props });
  const theirs = new App({ outdir: outdir(), ...props });
  build(ours);
  build(theirs);
  return { ours, theirs };
}

describe('synthesizeApp', () => {
  test('one file per chart, named after the chart, each with its own objects, the bytes cdk8s writes', () => {
    const { ours, theirs } = both((app) => {
      const a = new Chart(app, 'alpha', { namespace: 'a' });
      configMap(a, 'one', { k: 'v' });
      configMap(a, 'two');
      configMap(new Chart(app, 'beta'), 'three', { multi: 'line 1\nline 2\n' });
      new Chart(app, 'empty');
    });
    expect(synthesizeApp(ours)).toStrictEqual([
      join(ours.outdir, 'alpha.k8s.yaml'),
      join(ours.outdir, 'beta.k8s.yaml'),
      join(ours.outdir, 'empty.k8s.yaml'),
    ]);
    theirs.synth();
    expect(filesIn(ours.outdir)).toStrictEqual(filesIn(theirs.outdir));
    expect(filesIn(ours.outdir).get('beta.k8s.yaml')).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\ndata:\n  multi: |\n    line 1\n    line 2\n',
    );
    expect(filesIn(ours.outdir).get('empty.k8s.yaml')).toBe('');
  });

  test('the output file extension of the app', () => {
    const { ours } = both((app) => configMap(new Chart(app, 'c'), 'x'), { outputFileExtension: '.yml' });
    expect(synthesizeApp(ours)).toStrictEqual([join(ours.outdir, 'c.yml')]);
    expect(readdirSync(ours.outdir)).toStrictEqual(['c.yml']);
  });

  test('charts with dependencies go through cdk8s: dependency order, the same files', () => {
    const { ours, theirs } = both((app) => {
      const first = new Chart(app, 'first');
      const second = new Chart(app, 'second');
      configMap(first, 'a');
      configMap(second, 'b');
      first.addDependency(second);
    });
    // the chart depended on comes first
    expect(synthesizeApp(ours)).toStrictEqual([
      join(ours.outdir, 'second.k8s.yaml'),
      join(ours.outdir, 'first.k8s.yaml'),
    ]);
    theirs.synth();
    expect(filesIn(ours.outdir)).toStrictEqual(filesIn(theirs.outdir));
  });

  test('a nested chart goes through cdk8s too (its objects are also in its parent file)', () => {
    const { ours, theirs } = both((app) => {
      const outer = new Chart(app, 'outer');
      configMap(outer, 'a');
      configMap(new Chart(outer, 'inner'), 'b');
    });
    expect(synthesizeApp(ours)).toStrictEqual([
      join(ours.outdir, 'outer.k8s.yaml'),
      expect.stringMatching(/\/outer-inner-[0-9a-f]{8}\.k8s\.yaml$/),
    ]);
    theirs.synth();
    expect(filesIn(ours.outdir)).toStrictEqual(filesIn(theirs.outdir));
  });

  test.each([YamlOutputType.FILE_PER_APP, YamlOutputType.FILE_PER_RESOURCE])(
    'other output types (%p) are written by cdk8s and return no chart files',
    (yamlOutputType) => {
      const { ours, theirs } = both((app) => configMap(new Chart(app, 'c'), 'x'), { yamlOutputType });
      expect(synthesizeApp(ours)).toStrictEqual([]);
      theirs.synth();
      expect(filesIn(ours.outdir)).toStrictEqual(filesIn(theirs.outdir));
      expect(filesIn(ours.outdir).size).toBeGreaterThan(0);
    },
  );

  test('validation errors fail as cdk8s fails, and nothing is written', () => {
    const app = new App({ outdir: join(outdir(), 'out') });
    const chart = new Chart(app, 'c');
    configMap(chart, 'x').node.addValidation({ validate: () => ['first', 'second'] });
    chart.node.addValidation({ validate: () => ['third'] });
    const message =
      'Validation failed with the following errors:\n  [c] third\n  [c/x] first\n  [c/x] second';
    expect(() => synthesizeApp(app)).toThrow(new Error(message));
    expect(() => readdirSync(app.outdir)).toThrow(/ENOENT/);
    expect(() => validateApp(app)).toThrow(new Error(message));
    expect(() => app.synth()).toThrow(new Error(message));
  });

  test('the output directory is created with its parents', () => {
    const app = new App({ outdir: join(outdir(), 'a', 'b') });
    configMap(new Chart(app, 'c'), 'x');
    expect(synthesizeApp(app)).toStrictEqual([join(app.outdir, 'c.k8s.yaml')]);
  });
});

describe('validateApp', () => {
  test('passes without errors', () => {
    const app = new App({ outdir: outdir() });
    configMap(new Chart(app, 'c'), 'x').node.addValidation({ validate: () => [] });
    expect(() => validateApp(app)).not.toThrow();
  });
});

describe('chartManifests and chartApiObjects', () => {
  test('the objects of one chart only, in the order chart.toJson() gives, also with object dependencies', () => {
    const app = new App({ outdir: outdir() });
    const chart = new Chart(app, 'c', { namespace: 'n' });
    const a = configMap(chart, 'a');
    const b = configMap(chart, 'b');
    configMap(new Chart(app, 'other'), 'z');
    expect(chartManifests(chart)).toStrictEqual(chart.toJson());
    expect(chartApiObjects(chart)).toStrictEqual([a, b]);
    a.addDependency(b);
    expect(chartApiObjects(chart)).toStrictEqual([b, a]);
    expect(chartManifests(chart)).toStrictEqual(chart.toJson());
    expect(chartManifests(chart).map((m) => m.metadata)).toStrictEqual([
      { name: 'b', namespace: 'n' },
      { name: 'a', namespace: 'n' },
    ]);
  });

  test('objects of a nested chart are not objects of its parent', () => {
    const app = new App({ outdir: outdir() });
    const outer = new Chart(app, 'outer');
    const a = configMap(outer, 'a');
    const inner = new Chart(outer, 'inner');
    const b = configMap(inner, 'b');
    expect(chartApiObjects(outer)).toStrictEqual([a]);
    expect(chartApiObjects(inner)).toStrictEqual([b]);
  });
});

describe('hasConstructDependencies', () => {
  test('false for plain charts; true for a dependency anywhere or a nested chart', () => {
    const plain = new App({ outdir: outdir() });
    configMap(new Chart(plain, 'c'), 'x');
    expect(hasConstructDependencies(plain)).toBe(false);

    const dependent = new App({ outdir: outdir() });
    const c = new Chart(dependent, 'c');
    configMap(c, 'x').addDependency(configMap(c, 'y'));
    expect(hasConstructDependencies(dependent)).toBe(true);

    const nested = new App({ outdir: outdir() });
    new Chart(new Chart(nested, 'outer'), 'inner');
    expect(hasConstructDependencies(nested)).toBe(true);
  });
});
