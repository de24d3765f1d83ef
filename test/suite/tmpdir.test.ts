import { tmpdir } from 'node:os';
import { Testing } from 'cdk8s';

// cdk8s's Testing.app() leaves a directory in os.tmpdir() per call; the run's global setup points os.tmpdir() at a
// directory of its own, which its teardown removes (test/support/tmpdir-global-setup.js).
test('temporary directories of the tests go to the run’s own directory, not to the system’s', () => {
  const runDir = process.env.OC_TEST_TMPDIR;
  expect(runDir).toMatch(/oc-jest-/);
  expect(tmpdir()).toBe(runDir);
  expect(Testing.app().outdir.startsWith(`${runDir}/cdk8s.outdir.`)).toBe(true);
});
