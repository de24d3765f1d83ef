import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { request } from 'node:https';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';

/** Whether the real Prometheus server (Debian package `prometheus`, 2.42 on this machine) is on the PATH. */
export const HAS_PROMETHEUS = spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * `describe` when the prometheus binary is installed. Without it: in CI (CI=true) the block fails, since
 * `.ci/run` installs it; elsewhere it is skipped with a message saying how to run it.
 */
export function describeWithPrometheus(name: string, body: () => void): void {
  if (HAS_PROMETHEUS) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => {
      test('the prometheus binary is installed', () => {
        throw new Error(
          'prometheus is missing in CI: .ci/run installs the Debian package prometheus before npm test',
        );
      });
    });
  } else {
    describe.skip(
      `${name} (skipped: the prometheus binary is not installed; apt-get install prometheus to run it)`,
      body,
    );
  }
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

/** Client TLS for a loopback HTTPS request. */
export interface ClientTls {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** GET a loopback URL; resolves with status and body, never rejects (a refused connection is status 0). */
export function getLoopback(url: string, tls?: ClientTls): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const done = (res: import('node:http').IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    };
    const req = url.startsWith('https:')
      ? request(url, { ...tls, method: 'GET', timeout: 2000 }, done)
      : httpGet(url, { timeout: 2000 }, done);
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Polls `probe` every 250 ms until it returns a value or `deadline` (epoch ms) passes; then returns undefined. */
export async function pollUntil<T>(
  deadline: number,
  probe: () => Promise<T | undefined>,
): Promise<T | undefined> {
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

/** Starts `prometheus` with `args` and `env`, keeping its output for error messages. */
export function startPrometheus(
  args: readonly string[],
  env: Record<string, string>,
): { process: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn('prometheus', [...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return { process: child, output: () => output };
}
