import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A CA and one certificate it signed, for localhost / 127.0.0.1 (server and client use), as PEM. */
export interface TestCertificates extends Record<string, string> {
  readonly 'ca.crt': string;
  readonly 'tls.crt': string;
  readonly 'tls.key': string;
}

let cached: TestCertificates | undefined;

/** Whether openssl is on the PATH. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Generates (once per test file) a throw-away CA and a localhost certificate with openssl. */
export function testCertificates(): TestCertificates {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'oc-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    run(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=test-ca',
    );
    writeFileSync(
      join(dir, 'ext.cnf'),
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n',
    );
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'tls.key',
      '-out',
      'tls.csr',
      '-subj',
      '/CN=localhost',
    );
    run(
      'x509',
      '-req',
      '-in',
      'tls.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'tls.crt',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    );
    cached = {
      'ca.crt': readFileSync(join(dir, 'ca.crt'), 'utf8'),
      'tls.crt': readFileSync(join(dir, 'tls.crt'), 'utf8'),
      'tls.key': readFileSync(join(dir, 'tls.key'), 'utf8'),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
