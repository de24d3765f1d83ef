import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { stringifyManifests } from './manifest-yaml';

/**
 * The objects of one chart, as `chart.toJson()` returns them, in the same order. `chart.toJson()` validates and
 * resolves the dependencies of the whole app on every call, so calling it once per chart is quadratic in the
 * number of charts (a 1000-cluster fleet has 1000 charts); this renders one chart alone. The app must hold no
 * construct dependencies ({@link hasConstructDependencies}), whose resolution is the part it skips.
 */
export function chartManifests(chart: Chart): Record<string, unknown>[] {
  return new DependencyGraph(chart.node)
    .topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map((o) => o.toJson() as Record<string, unknown>);
}

/** Whether any construct of the app declares a dependency, or a chart nests another (cdk8s then reorders). */
export function hasConstructDependencies(app: App): boolean {
  return app.node
    .findAll()
    .some(
      (c: IConstruct) =>
        c.node.dependencies.length > 0 || (Chart.isChart(c) && c.node.children.some(Chart.isChart)),
    );
}

/** Runs every construct's validations once, failing as cdk8s does. */
export function validateApp(app: App): void {
  const errors = app.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0)
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Writes one `<chart>.k8s.yaml` per chart to the app's outdir, byte for byte what `app.synth()` writes, in time
 * linear in the size of the app (see {@link chartManifests}) and written by {@link stringifyManifests}. Apps with construct dependencies, or with an output
 * type other than a file per chart, go through `app.synth()`. Returns the files written.
 */
export function synthesizeApp(app: App): string[] {
  const charts = app.charts;
  const file = (chart: Chart) => join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`);
  if (app.yamlOutputType !== YamlOutputType.FILE_PER_CHART || hasConstructDependencies(app)) {
    app.synth();
    return app.yamlOutputType === YamlOutputType.FILE_PER_CHART ? charts.map(file) : [];
  }
  validateApp(app);
  mkdirSync(app.outdir, { recursive: true });
  for (const chart of charts) writeFileSync(file(chart), stringifyManifests(chartManifests(chart)), 'utf8');
  return charts.map(file);
}
