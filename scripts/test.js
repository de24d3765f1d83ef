// `npm test`: the static checks (the type-check of `npm run typecheck`, and ESLint and Prettier of `npm run lint`)
// side by side with jest, not before it. Jest's files spend part of their time waiting (the D4 chain waits ~8 s for
// three Prometheus servers, the install test for npm), and run one after the other the checks left one of the two
// cores of the CI machine idle for ~15 s. The checks run at a lower priority, so they take the CPU jest leaves
// and never hold back its slowest files, which start first (test/support/sequencer.js). Each check's output is
// printed whole when it ends, jest's progress as it runs; jest's standard output (the closing "N passed, N failed,
// N skipped" line CI counts, test/support/summary-reporter.js) is printed last, after every check. The exit status
// is non-zero if any of them failed. Extra arguments go to jest (`npm test -- test/kafka`).
/* global __dirname */
const { spawn } = require('node:child_process');
const { setPriority } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

// Each check keeps a cache in node_modules/.cache, as jest does, so a run after a small change checks only what
// changed: on this 2-core machine the three took ~29 s of CPU cold and ~7 s warm, in a run whose floor is its CPU
// time over two cores. None of the caches can hide a failure:
// - tsc's build info records each file's diagnostics and rechecks the files that import a changed one;
// - ESLint keys each file's result on its content (the content strategy, whatever the mtime says) and on a hash of
//   ESLint's version, Node's version and the resolved config (eslint@9.39.5 lib/cli-engine/lint-result-cache.js,
//   hashOfConfigFor); its rules here are per file, with no type-aware rules (eslint.config.mjs);
// - Prettier, with the same strategy named (its default, but not left to it), keys each file on its content and a
//   hash of Prettier's version, Node's version and the options, and caches only files that passed
//   (prettier@3.10.1 internal/legacy-cli.mjs, getHashOfOptions and setFormatResultsCache).
// A fresh clone (CI) has no cache and runs them in full. test/suite/check-caches.test.ts edits a file after a
// passing run and checks that each of the three fails.
/**
 * The three checks, each with its cache under `cacheDir` (node_modules/.cache for `npm test`), as
 * [label, command in node_modules/.bin, arguments], run in the project directory.
 */
function checkCommands(cacheDir) {
  return [
    [
      'typecheck',
      'tsc',
      [
        '--noEmit',
        '-p',
        'tsconfig.json',
        '--incremental',
        '--tsBuildInfoFile',
        join(cacheDir, 'tsc', 'tsconfig.tsbuildinfo'),
      ],
    ],
    [
      'eslint',
      'eslint',
      ['.', '--cache', '--cache-strategy', 'content', '--cache-location', join(cacheDir, 'eslint') + '/'],
    ],
    [
      'prettier',
      'prettier',
      [
        '--check',
        '.',
        '--cache',
        '--cache-strategy',
        'content',
        '--cache-location',
        join(cacheDir, 'prettier', 'check-cache'),
      ],
    ],
  ];
}
/** Nice value of the checks: below jest (0), so the checks run in the time jest leaves a core idle. */
const CHECK_NICENESS = 10;

function elapsed(start) {
  return (Number(process.hrtime.bigint() - start) / 1e9).toFixed(1);
}

function check([label, command, args]) {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(bin(command), args, { cwd: root, shell: process.platform === 'win32' });
    try {
      setPriority(child.pid, CHECK_NICENESS);
    } catch {
      // Not permitted here (some containers): the check runs at jest's priority, which only changes the order.
    }
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let ended = false;
    const done = (status, extra = '') => {
      // A command that cannot start emits 'error' and may emit 'close' after it: report once.
      if (ended) return;
      ended = true;
      const verdict = status === 0 ? 'ok' : `FAILED (exit ${status})`;
      process.stdout.write(`> ${label}: ${verdict} in ${elapsed(start)} s\n${output}${extra}`);
      resolve(status === 0);
    };
    child.on('error', (error) => done(1, `${error.message}\n`));
    child.on('close', (status) => done(status));
  });
}

/** Jest's progress (standard error) streams through; its standard output is returned with the verdict. */
function jest(args) {
  return new Promise((resolve) => {
    const child = spawn(bin('jest'), ['--ci', ...args], {
      cwd: root,
      stdio: ['inherit', 'pipe', 'inherit'],
      shell: process.platform === 'win32',
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ ok: false, output: `${output}jest: ${error.message}\n` }));
    child.on('close', (status) => resolve({ ok: status === 0, output }));
  });
}

if (require.main === module) {
  const checks = checkCommands(join(root, 'node_modules', '.cache')).map(check);
  void Promise.all([jest(process.argv.slice(2)), Promise.all(checks)]).then(([tests, passed]) => {
    process.stdout.write(tests.output);
    process.exitCode = tests.ok && passed.every(Boolean) ? 0 : 1;
  });
}

module.exports = { bin, checkCommands };
