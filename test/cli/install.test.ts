import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * What a new user gets from `npm pack` / `npm publish` / a git install: npm runs the `prepare` script of a git
 * dependency and of `npm pack`, so the tarball must carry the compiled library, its typings and the bin even when
 * built from a clean checkout that has never run `npm run build`.
 */
const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The files git tracks: what a fresh clone holds. */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(ROOT, f)));
}

/** A copy of the tracked tree (no build/, no dist/) with the project's node_modules linked in. */
function freshClone(into: string): void {
  for (const file of trackedFiles()) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(ROOT, file), join(into, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'), 'dir');
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The files of the README's consumer project: each fenced block after a `<!-- consumer-file: NAME -->` marker. */
function consumerFiles(readme: string): Map<string, string> {
  const block = /<!-- consumer-file: ([\w.-]+) -->\n\n?```\w+\n([\s\S]*?)```/g;
  return new Map([...readme.matchAll(block)].map((m) => [m[1] as string, m[2] as string]));
}

describe('installing the package as a user does', () => {
  let scratch: string;
  let tarball: string;
  let packedFiles: string[];

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'oc-install-'));
    const clone = join(scratch, 'clone');
    freshClone(clone);
    // `npm pack` runs `prepare` (the build) in a tree that has no build/ yet: as for a git dependency.
    const packed = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', scratch], clone)) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = join(scratch, packed[0]!.filename);
    packedFiles = packed[0]!.files.map((f) => f.path);
  }, 120_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('the tarball of a fresh clone holds the compiled entry points, their typings and the bin', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'build/lib/index.js',
        'build/lib/index.d.ts',
        'build/lib/pulumi/index.js',
        'build/lib/pulumi/index.d.ts',
        'build/lib/cli/main.js',
      ]),
    );
    // Nothing of the examples, tests or scripts is shipped.
    expect(
      packedFiles.filter((f) => !f.startsWith('build/lib/') && !['package.json', 'README.md'].includes(f)),
    ).toEqual([]);
  });

  test('a scratch project installs the tarball, synthesizes a chart with it and runs the bin', () => {
    const project = join(scratch, 'consumer');
    mkdirSync(project);
    // The peers a cdk8s user installs next to the library, and the TypeScript and Node typings the README's consumer
    // project compiles with, at the versions this project is tested with: one `npm install`, from npm's local cache
    // (filled by `npm ci`), falling back to the registry.
    const version = (name: string) => require(`${name}/package.json`).version as string;
    const pinned = (names: string[]) => Object.fromEntries(names.map((name) => [name, version(name)]));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify(
        {
          name: 'consumer',
          version: '1.0.0',
          private: true,
          dependencies: {
            'observability-constructs': `file:${tarball}`,
            ...pinned(['cdk8s', 'cdk8s-plus-28', 'constructs']),
          },
          devDependencies: pinned(['typescript', '@types/node']),
        },
        null,
        2,
      ),
    );
    run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund'], project);

    // The consumer project of the README's install section, file for file, compiled with the TypeScript range the
    // README names.
    const files = consumerFiles(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect([...files.keys()].sort()).toEqual(['main.ts', 'tsconfig.json']);
    for (const [name, text] of files) writeFileSync(join(project, name), text);
    run(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc')], project);
    const out = run(process.execPath, ['main.js'], project);
    expect(out).toContain('OTLP gRPC: http://jaeger.tracing.svc.cluster.local:4317');
    const yaml = readFileSync(join(project, 'dist', 'tracing.k8s.yaml'), 'utf8');
    expect(yaml).toContain('kind: Deployment');
    expect(yaml.startsWith('apiVersion: v1\nkind: Namespace\n')).toBe(true);
    expect(yaml).toContain('image: jaegertracing/jaeger:');

    const bin = join(project, 'node_modules', '.bin', 'observability-constructs');
    expect(existsSync(bin)).toBe(true);
    const plan = run(
      bin,
      ['plan', '--pattern', 'hierarchical', '--clusters', '20', '--format', 'json'],
      project,
    );
    expect(JSON.parse(plan)).toEqual(expect.objectContaining({ pattern: 'hierarchical' }));
  }, 120_000);
});
