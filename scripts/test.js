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

const CHECKS = [
  ['typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.json']],
  ['eslint', 'eslint', ['.']],
  ['prettier', 'prettier', ['--check', '.']],
];
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

void Promise.all([jest(process.argv.slice(2)), Promise.all(CHECKS.map(check))]).then(([tests, checks]) => {
  process.stdout.write(tests.output);
  process.exitCode = tests.ok && checks.every(Boolean) ? 0 : 1;
});
