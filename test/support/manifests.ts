import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { buildExamplesApp } from '../../examples/registry';

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

/** Every example chart's objects, by chart id. */
export function exampleManifests(): Map<string, Manifest[]> {
  const app = buildExamplesApp();
  return new Map(app.charts.map((chart) => [chart.node.id, chart.toJson() as Manifest[]]));
}

/** Synthesizes every example into `outdir` exactly as `cdk8s synth` does; returns file name → contents. */
export function synthExamplesTo(outdir: string): Map<string, string> {
  const app = buildExamplesApp(outdir);
  app.synth();
  return new Map(
    readdirSync(outdir)
      .sort()
      .map((file) => [file, readFileSync(join(outdir, file), 'utf8')]),
  );
}

/** A fresh chart for unit tests. */
export function testChart(namespace = 'observability'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
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
