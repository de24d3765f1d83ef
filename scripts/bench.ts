// `npm run bench`: synthesis time and memory of the reference design's D1 pattern at 50, 200 and 1000 application
// clusters, the capacity model's time per call, and `plan` at 1000 clusters, measured outside the tests (no timed
// assertions there). Each size runs in a fresh Node process so its peak RSS
// is its own; each prints one JSON line. The ratio of the 1000 to the 200 run goes to stderr.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App } from 'cdk8s';
import { FLEET_DOMAIN, FLEET_GRAFANA, FLEET_TLS, fleetBucket } from '../examples/fleet-common';
import {
  ThanosHierarchical,
  metricsCapacity,
  monthlyCost,
  splitFleet,
  synthesizeApp,
  tracingCapacity,
} from '../lib';
import { runCli } from '../lib/cli/program';

const SIZES = [50, 200, 1000];

/** The measured app: D1 with the fleet examples' bucket, Grafana and TLS, `clusters` clusters in regions of 50. */
export function benchApp(clusters: number, outdir: string): App {
  const app = new App({ outdir });
  new ThanosHierarchical(app, 'd1', {
    fleet: splitFleet(clusters, 50),
    domain: FLEET_DOMAIN,
    objectStorage: fleetBucket('thanos-bench'),
    grafana: FLEET_GRAFANA,
    tls: FLEET_TLS,
  });
  return app;
}

function measure(clusters: number): void {
  const outdir = mkdtempSync(join(tmpdir(), 'oc-bench-'));
  try {
    const started = process.hrtime.bigint();
    const app = benchApp(clusters, outdir);
    synthesizeApp(app);
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const objects = app.node.findAll().filter((c) => ApiObject.isApiObject(c)).length;
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(
      JSON.stringify({
        pattern: 'hierarchical',
        clusters,
        objects,
        wallSeconds: Number(wallSeconds.toFixed(3)),
        peakRssMB,
      }),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The capacity model alone: every pattern at 1000 clusters and the tracing model, repeated, per call. */
export function measureModel(repeats = 200): { model: string; calls: number; msPerCall: number } {
  const patterns = ['hierarchical', 'receive', 'hybrid', 'federation'] as const;
  const started = process.hrtime.bigint();
  for (let i = 0; i < repeats; i++) {
    for (const p of patterns) monthlyCost(metricsCapacity(p, { clusters: 1000 }));
    tracingCapacity({ tracesPerSecond: 12_000 });
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const calls = repeats * (patterns.length + 1);
  return { model: 'capacity', calls, msPerCall: Number((ms / calls).toFixed(3)) };
}

/** `plan --pattern hierarchical --clusters 1000 --format json`, in process (it synthesizes every chart). */
function measurePlan(): void {
  const started = process.hrtime.bigint();
  let bytes = 0;
  const code = runCli(['plan', '--pattern', 'hierarchical', '--clusters', '1000', '--format', 'json'], {
    stdout: (t) => (bytes += t.length),
    stderr: () => undefined,
    writeFile: () => undefined,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    JSON.stringify({
      command: 'plan --clusters 1000',
      exitCode: code,
      bytes,
      wallSeconds: Number(wallSeconds.toFixed(3)),
      peakRssMB,
    }),
  );
}

const arg = process.argv[2];
if (require.main !== module) {
  // imported (by the test that keeps the benchmark's app constructible): measure nothing
} else if (arg === 'model') {
  console.log(JSON.stringify(measureModel()));
} else if (arg === 'plan') {
  measurePlan();
} else if (arg !== undefined) {
  measure(Number(arg));
} else {
  const results: Record<number, number> = {};
  for (const clusters of SIZES) {
    const line = execFileSync(process.execPath, [__filename, String(clusters)], { encoding: 'utf8' });
    process.stdout.write(line);
    results[clusters] = JSON.parse(line).wallSeconds;
  }
  for (const extra of ['model', 'plan']) {
    process.stdout.write(execFileSync(process.execPath, [__filename, extra], { encoding: 'utf8' }));
  }
  process.stderr.write(
    `1000 clusters took ${(results[1000]! / results[200]!).toFixed(2)}× the time of 200 (linear: ≤ 5.5×)\n`,
  );
}
