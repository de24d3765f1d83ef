import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { stringifyManifests } from './manifest-yaml';
import { renderApiObject } from './render';

/**
 * The objects of one chart, as `chart.toJson()` returns them, in the same order. `chart.toJson()` validates and
 * resolves the dependencies of the whole app on every call, so calling it once per chart is quadratic in the
 * number of charts (a 1000-cluster fleet has 1000 charts); this renders one chart alone. The app must hold no
 * construct dependencies ({@link hasConstructDependencies}), whose resolution is the part it skips. Each object
 * is rendered by {@link renderApiObject}, which returns what its `toJson()` returns.
 */
export function chartManifests(chart: Chart): Record<string, unknown>[] {
  return chartApiObjects(chart).map(renderApiObject);
}

/** The API objects of one chart, in the order {@link chartManifests} renders them. */
export function chartApiObjects(chart: Chart): ApiObject[] {
  return topology(chart.node.findAll(), chart).filter(
    (c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart,
  );
}

/**
 * `new DependencyGraph(scope.node).topology()` for the constructs `scope.node.findAll()` returned, without building
 * the graph when none of them declares a dependency. The graph then lists its vertices in the order of an object
 * keyed by construct path (cdk8s@2.70.106 lib/dependency.js): array-index paths first, ascending, then the others
 * in `findAll()` order. Only top-level ids can be array indices (deeper paths hold a `/`), and `findAll()` already
 * lists those first, since constructs keys children by id the same way (constructs@10.8.1 lib/construct.js
 * `children`): the order is `findAll()`'s. Building the graph costs as much as rendering the objects.
 */
function topology(all: IConstruct[], scope: IConstruct): IConstruct[] {
  return all.some((c) => c.node.dependencies.length > 0) ? new DependencyGraph(scope.node).topology() : all;
}

/** Whether any construct of the app declares a dependency, or a chart nests another (cdk8s then reorders). */
export function hasConstructDependencies(app: App, all: IConstruct[] = app.node.findAll()): boolean {
  return all.some(
    (c: IConstruct) =>
      c.node.dependencies.length > 0 || (Chart.isChart(c) && c.node.children.some(Chart.isChart)),
  );
}

/** Runs every construct's validations once, failing as cdk8s does. */
export function validateApp(app: App, all: IConstruct[] = app.node.findAll()): void {
  const errors = all.flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0)
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Writes one `<chart>.k8s.yaml` per chart to the app's outdir, byte for byte what `app.synth()` writes, in time
 * linear in the size of the app (see {@link chartManifests}) and written by {@link stringifyManifests}. Apps with construct dependencies, or with an output
 * type other than a file per chart, go through `app.synth()`. Returns the files written.
 */
export function synthesizeApp(app: App): string[] {
  // `app.charts`, without building the dependency graph of the whole app when there is none
  const all = app.node.findAll();
  const charts = topology(all, app).filter((c): c is Chart => c instanceof Chart);
  const file = (chart: Chart) => join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`);
  if (app.yamlOutputType !== YamlOutputType.FILE_PER_CHART || hasConstructDependencies(app, all)) {
    app.synth();
    return app.yamlOutputType === YamlOutputType.FILE_PER_CHART ? charts.map(file) : [];
  }
  validateApp(app, all);
  mkdirSync(app.outdir, { recursive: true });
  // The objects of every chart in one pass over the app's constructs, not chartManifests() per chart (a walk of each
  // chart and a Chart.of() per construct: 6 % of synthesis at 1000 clusters). Without nested charts (checked above)
  // an object's chart is its nearest one, and the app's order is each chart's order.
  const objects = new Map<Chart, ApiObject[]>(charts.map((c) => [c, []]));
  for (const c of all) if (ApiObject.isApiObject(c)) objects.get(Chart.of(c))?.push(c);
  for (const chart of charts) {
    const manifests = (objects.get(chart) ?? []).map(renderApiObject);
    writeFileSync(file(chart), stringifyManifests(manifests), 'utf8');
  }
  return charts.map(file);
}
