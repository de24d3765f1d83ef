import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:https';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { describeWith, probeResults } from './prerequisites';

/** Whether the real Prometheus server (Debian package `prometheus`, 2.42 here) runs (probed once per jest run). */
export const HAS_PROMETHEUS = probeResults().prometheus.status === 'ok';

/**
 * `describe` when the prometheus binary works. Missing: skipped with a message, but failing in CI (CI=true), since
 * `.ci/run` installs it. Installed but failing its probe: fails everywhere (test/support/prerequisites.ts).
 */
export function describeWithPrometheus(name: string, body: () => void): void {
  describeWith('prometheus', name, body);
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
