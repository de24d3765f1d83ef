import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every TypeScript block of the README is a complete program (imports, an App, synthesis) cut whole from a file
 * that CI type-checks (`tsc --noEmit` covers examples/) and that this test runs. The consumer project of the
 * install section is compiled and run by test/cli/install.test.ts, the Pulumi program under mocks by
 * test/pulumi/bridge.test.ts.
 */
const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PROGRAMS_DIR = join(ROOT, 'examples', 'readme');

/** The TypeScript blocks of the README, each with the marker comment before it (snippet or consumer file). */
function tsBlocks(readme: string): { marker: string; code: string }[] {
  const blocks: { marker: string; code: string }[] = [];
  const fence = /(?:<!-- ((?:snippet|consumer-file): [^ ]+) -->\n\n?)?```ts\n([\s\S]*?)```/g;
  for (const m of readme.matchAll(fence)) blocks.push({ marker: m[1] ?? '', code: m[2] as string });
  return blocks;
}

/** The lines of a file outside its region markers that are code (not blank, not comments). */
function codeOutsideRegion(file: string): string[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim().startsWith('// #region '));
  const end = lines.findIndex((l) => l.trim().startsWith('// #endregion '));
  return [...lines.slice(0, start), ...lines.slice(end + 1)].filter(
    (l) => l.trim() !== '' && !l.trim().startsWith('//'),
  );
}

describe('README code blocks are complete programs', () => {
  const blocks = tsBlocks(README);

  test('every TypeScript block is a whole file: imports, an App and its synthesis, no fragment', () => {
    expect(blocks.length).toBeGreaterThan(10);
    for (const { marker, code } of blocks) {
      const where = marker || code.split('\n')[0];
      expect({ where, marked: /^(snippet: examples\/|consumer-file: )/.test(marker) }).toEqual({
        where,
        marked: true,
      });
      if (marker.startsWith('snippet: ')) {
        const file = marker.slice('snippet: '.length).split('#')[0] as string;
        expect({ where, outside: codeOutsideRegion(file) }).toEqual({ where, outside: [] });
      }
      expect({ where, imports: /^import /m.test(code) }).toEqual({ where, imports: true });
      expect({ where, app: code.includes('new App(') }).toEqual({ where, app: true });
      const synthesizes = /app\.synth\(\)|synthesizeApp\(app\)|new Cdk8sDeployment\(/.test(code);
      expect({ where, synthesizes }).toEqual({ where, synthesizes: true });
    }
  });

  const programs = readdirSync(PROGRAMS_DIR).filter((f) => f.endsWith('.ts'));

  test('every program of examples/readme is shown in the README', () => {
    for (const file of programs) expect(README).toContain(`snippet: examples/readme/${file}#`);
  });

  test.each(programs)('examples/readme/%s runs and writes charts that apply to a fresh cluster', (file) => {
    const out = mkdtempSync(join(tmpdir(), 'oc-readme-'));
    const previous = process.env.CDK8S_OUTDIR;
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      process.env.CDK8S_OUTDIR = out;
      // Each program is a different module, so requiring it runs it. The programs share this file's one load of
      // cdk8s and the library (each in a registry of its own cost ~0.3 s of CPU apiece); nothing of theirs is global:
      // each makes its own App, and the App reads CDK8S_OUTDIR when it is made (cdk8s@2.70.106 lib/app.js).
      require(join(PROGRAMS_DIR, file));
      const written = readdirSync(out).filter((f) => f.endsWith('.k8s.yaml'));
      expect(written.length).toBeGreaterThan(0);
      for (const name of written) {
        // The first object of every file is its Namespace (a string check: the fleet program writes 205 files).
        const head = readFileSync(join(out, name), 'utf8').slice(0, 40);
        expect({ name, head }).toEqual({
          name,
          head: expect.stringMatching(/^apiVersion: v1\nkind: Namespace\n/),
        });
      }
    } finally {
      log.mockRestore();
      if (previous === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = previous;
      rmSync(out, { recursive: true, force: true });
    }
  });
});
