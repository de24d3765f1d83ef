import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { EXAMPLES, ExampleBuilder, buildExamplesApp } from '../../examples/registry';
import { chartManifests, synthesizeApp, validateApp } from '../../lib/core';

/** A Kubernetes object as synthesized. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

/** The objects of every chart of the given examples (the golden ones by default), by chart id. */
export function exampleManifests(examples: readonly ExampleBuilder[] = EXAMPLES): Map<string, Manifest[]> {
  const app = buildExamplesApp(undefined, examples);
  validateApp(app);
  return new Map(app.charts.map((chart) => [chart.node.id, chartManifests(chart) as unknown as Manifest[]]));
}

/**
 * Synthesizes examples into `outdir` as `cdk8s synth` does (through examples/main.ts's `synthesizeApp`, or with
 * cdk8s's own `app.synth()`); returns file name → contents.
 */
export function synthExamplesTo(
  outdir: string,
  examples?: readonly ExampleBuilder[],
  how: 'synthesizeApp' | 'app.synth' = 'synthesizeApp',
): Map<string, string> {
  const app = buildExamplesApp(outdir, examples);
  if (how === 'synthesizeApp') synthesizeApp(app);
  else app.synth();
  return filesIn(outdir);
}

/** The files of a directory: name → contents, sorted by name. */
export function filesIn(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .sort()
      .map((file) => [file, readFileSync(join(dir, file), 'utf8')]),
  );
}

/** A fresh chart for unit tests. */
export function testChart(namespace = 'observability'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/**
 * The objects `build` creates in a fresh chart with no namespace of its own (so each object keeps exactly the
 * metadata it was given), for tests that read any field of them.
 */
export function objectsBuiltBy(build: (chart: Chart) => void): Record<string, any>[] {
  const chart = new Chart(Testing.app(), 'c');
  build(chart);
  return chartManifests(chart);
}

/** The objects of a chart. */
export function synth(chart: Chart): Manifest[] {
  return Testing.synth(chart) as Manifest[];
}

/** The one object of a kind (and name); fails when there is not exactly one. */
export function only(
  manifests: readonly Manifest[],
  kind: string,
  name?: string,
): Manifest & Record<string, any> {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1)
    throw new Error(`expected one ${kind}${name ? ` '${name}'` : ''}, found ${found.length}`);
  return found[0] as Manifest & Record<string, any>;
}
