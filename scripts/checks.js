// The static checks of `npm test` side by side: the type-check (`npm run typecheck`) and the two halves of
// `npm run lint` (eslint, prettier --check). Each is one single-threaded process, so run one after the other they
// kept one of the two cores of the CI machine idle for their whole time (~18 s). Each check's output is printed
// whole when it ends; the exit status is non-zero if any check failed.
/* global __dirname */
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const CHECKS = [
  ['typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.json']],
  ['eslint', 'eslint', ['.']],
  ['prettier', 'prettier', ['--check', '.']],
];

function run([label, command, args]) {
  const start = process.hrtime.bigint();
  const seconds = () => (Number(process.hrtime.bigint() - start) / 1e9).toFixed(1);
  return new Promise((resolve) => {
    const child = spawn(bin(command), args, { cwd: root, shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) =>
      resolve({ label, status: 1, output: `${output}${error.message}\n`, seconds: seconds() }),
    );
    child.on('close', (status) => resolve({ label, status, output, seconds: seconds() }));
  });
}

void Promise.all(CHECKS.map(run)).then((results) => {
  for (const { label, status, output, seconds } of results) {
    const verdict = status === 0 ? 'ok' : `FAILED (exit ${status})`;
    process.stdout.write(`> ${label}: ${verdict} in ${seconds} s\n${output}`);
  }
  process.exitCode = results.every((r) => r.status === 0) ? 0 : 1;
});
