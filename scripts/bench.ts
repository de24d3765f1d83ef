// `npm run bench`, measured outside the tests (no timed assertions there), one JSON line per measure: the machine and
// its load; whole processes (median of 3, wall and CPU seconds): loading the library, `plan` at 200 and 1000
// clusters, the kube-thanos component set, and kube-thanos's own jsonnet when a `jsonnet` binary and its sources are
// here; synthesis time, CPU and memory of the hierarchical pattern at 50, 200 and 1000 application clusters, each in
// a fresh Node process so its peak RSS is its own (the median of three); the capacity model's time per call. On a shared machine compare
// CPU seconds: wall time there measures the other processes too. The 1000/200 CPU ratio goes to stderr.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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
import { jsonnetRun, kubeThanosSources, wholeProcess } from './bench-process';

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

/** CPU seconds (user + system) this process has used. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function measure(clusters: number): void {
  const outdir = mkdtempSync(join(tmpdir(), 'oc-bench-'));
  try {
    const started = process.hrtime.bigint();
    const cpuStarted = cpuSeconds();
    const app = benchApp(clusters, outdir);
    synthesizeApp(app);
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds() - cpuStarted;
    const objects = app.node.findAll().filter((c) => ApiObject.isApiObject(c)).length;
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(
      JSON.stringify({
        measure: `synth hierarchical ${clusters} (in process)`,
        pattern: 'hierarchical',
        clusters,
        objects,
        wallSeconds: round(wallSeconds),
        cpuSeconds: round(cpu),
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

function round(seconds: number): number {
  return Number(seconds.toFixed(3));
}

/** The machine the numbers were taken on, and how busy it was (load average over 1 minute). */
function machine(): Record<string, unknown> {
  return {
    measure: 'machine',
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
    node: process.version,
  };
}

const BUILD = join(__dirname, '..');
const CLI = join(BUILD, 'lib', 'cli', 'main.js');

/** Every whole-process measure: the median of `runs` runs, wall and CPU of the child process. */
function wholeProcessMeasures(runs: number): void {
  const rows: [string, string, string[]][] = [
    [
      'load (require the library)',
      process.execPath,
      ['-e', `require(${JSON.stringify(join(BUILD, 'lib'))})`],
    ],
    [
      'plan hierarchical 200',
      process.execPath,
      [CLI, 'plan', '--pattern', 'hierarchical', '--clusters', '200'],
    ],
    [
      'plan hierarchical 1000',
      process.execPath,
      [CLI, 'plan', '--pattern', 'hierarchical', '--clusters', '1000'],
    ],
    [
      'kube-thanos set (read path + receive)',
      process.execPath,
      [join(BUILD, 'scripts', 'bench-kube-thanos.js')],
    ],
  ];
  let kubeThanos: { wallSeconds: number; cpuSeconds: number | null } | undefined;
  for (const [measure, command, args] of rows) {
    const { stdout, ...result } = wholeProcess(command, args, runs);
    const extra = measure.startsWith('kube-thanos') ? (JSON.parse(stdout) as { objects: number }) : {};
    if (measure.startsWith('kube-thanos')) kubeThanos = result;
    console.log(JSON.stringify({ measure, runs, ...result, ...extra }));
  }
  const sources = kubeThanosSources();
  if (typeof sources === 'string') {
    console.log(JSON.stringify({ measure: 'jsonnet kube-thanos all', available: false, reason: sources }));
    return;
  }
  const jsonnet = jsonnetRun(sources, runs);
  if ('reason' in jsonnet) {
    console.log(
      JSON.stringify({ measure: 'jsonnet kube-thanos all', available: false, reason: jsonnet.reason }),
    );
    return;
  }
  console.log(JSON.stringify({ measure: 'jsonnet kube-thanos all', available: true, runs, ...jsonnet }));
  console.log(
    JSON.stringify({
      measure: 'kube-thanos set vs jsonnet (times faster)',
      wall: Number((jsonnet.wallSeconds / kubeThanos!.wallSeconds).toFixed(2)),
      cpu:
        jsonnet.cpuSeconds !== null && kubeThanos!.cpuSeconds
          ? Number((jsonnet.cpuSeconds / kubeThanos!.cpuSeconds).toFixed(2))
          : null,
    }),
  );
}

const arg = process.argv[2];
if (require.main !== module) {
  // imported (by the test that keeps the benchmark's app constructible): measure nothing
} else if (arg === 'model') {
  console.log(JSON.stringify({ measure: 'capacity model (per call)', ...measureModel() }));
} else if (arg !== undefined) {
  measure(Number(arg));
} else {
  console.log(JSON.stringify(machine()));
  wholeProcessMeasures(3);
  const results: Record<number, number> = {};
  for (const clusters of SIZES) {
    // the median of three fresh processes, like the whole-process measures: one run on a shared VM is noise
    const runs = [0, 1, 2]
      .map(() => execFileSync(process.execPath, [__filename, String(clusters)], { encoding: 'utf8' }))
      .map((line) => JSON.parse(line) as { wallSeconds: number; cpuSeconds: number })
      .sort((a, b) => a.wallSeconds - b.wallSeconds);
    const median = runs[1]!;
    console.log(
      JSON.stringify({
        ...median,
        runs: runs.length,
        wallSecondsRange: [runs[0]!.wallSeconds, runs[2]!.wallSeconds],
      }),
    );
    results[clusters] = median.cpuSeconds;
  }
  process.stdout.write(execFileSync(process.execPath, [__filename, 'model'], { encoding: 'utf8' }));
  process.stderr.write(
    `1000 clusters took ${(results[1000]! / results[200]!).toFixed(2)}× the CPU time of 200 (linear: ≤ 5.5×)\n`,
  );
  console.log(JSON.stringify({ ...machine(), measure: 'machine (after)' }));
}
