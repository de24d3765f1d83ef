import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeApp } from '../../lib';
import { benchApp, measureModel } from '../../scripts/bench';

// `npm run bench` is not part of CI; this keeps the app it measures valid as the constructs' rules tighten.
// No timing here: the benchmark itself measures.
describe('npm run bench', () => {
  test('its D1 app constructs and synthesizes (at 3 clusters)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'oc-bench-test-'));
    try {
      synthesizeApp(benchApp(3, outdir));
      // One chart per cluster, one per region, one global.
      expect(readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml'))).toHaveLength(3 + 1 + 1);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('its model row runs the capacity model (no timing checked)', () => {
    expect(measureModel(1)).toMatchObject({ model: 'capacity', calls: 5 });
  });
});
