// `npm run bench`: synthesis speed and memory, measured outside the tests (no timed assertions there).
// Each case runs in a fresh Node process so its peak RSS is its own; prints one JSON line per case.
import { execFileSync } from 'node:child_process';
import { App } from 'cdk8s';
import { EXAMPLES } from '../examples/registry';

const ROUNDS = 20;

function measure(index: number): void {
  const build = EXAMPLES[index];
  if (!build) throw new Error(`no example ${index}`);
  let objects = 0;
  let name = '';
  const started = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) {
    const app = new App({ outdir: '/dev/null' });
    const built = build(app);
    name = (Array.isArray(built) ? built : [built]).map((c) => c.node.id).join('+');
    objects = app.charts.reduce((n, c) => n + c.toJson().length, 0);
    app.synthYaml();
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9 / ROUNDS;
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    JSON.stringify({ example: name, objects, wallSeconds: Number(wallSeconds.toFixed(4)), peakRssMB }),
  );
}

const arg = process.argv[2];
if (arg !== undefined) {
  measure(Number(arg));
} else {
  for (let i = 0; i < EXAMPLES.length; i++) {
    process.stdout.write(execFileSync(process.execPath, [__filename, String(i)], { encoding: 'utf8' }));
  }
}
