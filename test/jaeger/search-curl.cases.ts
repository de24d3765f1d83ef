import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  JaegerSearchStorage,
  SearchClientPlumbing,
  externalSearch,
  searchCurl,
  searchCurlEnv,
} from '../../lib';
import { synth, testChart } from '../support/manifests';

const hasCurl = existsSync('/usr/bin/curl') || existsSync('/usr/local/bin/curl');
const dir = mkdtempSync(join(tmpdir(), 'search-curl-'));

/** Runs the pipeline against a loopback server; resolves with the Authorization header it received. */
async function authorizationSeen(search: SearchClientPlumbing, env: Record<string, string>): Promise<string> {
  let seen = '';
  const server = createServer((req, res) => {
    seen = req.headers.authorization ?? '';
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(
        '/bin/sh',
        ['-c', `set -eu\n${searchCurl(search, `--max-time 5 'http://127.0.0.1:${port}/'`)}`],
        { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 10_000 },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  } finally {
    server.close();
  }
  return seen;
}

function plumbing(auth: SearchClientPlumbing['auth']): SearchClientPlumbing {
  return {
    connection: externalSearch({ engine: 'elasticsearch', serverUrls: ['http://127.0.0.1'] }),
    volumes: [],
    env: [],
    toolEnv: [
      { name: 'ES_USERNAME', value: 'jaeger' },
      { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'es', key: 'password' } } },
    ],
    auth,
    secrets: [],
  };
}

(hasCurl ? describe : describe.skip)(
  'curl gets credentials from the Secret files on stdin, not from env or argv',
  () => {
    test('basic auth, with a password that needs quoting', async () => {
      const password = 'p"a\\ss w0rd';
      const file = join(dir, 'password');
      writeFileSync(file, password);
      const search = plumbing({ kind: 'basic', username: 'jaeger', passwordFile: file });
      const seen = await authorizationSeen(search, { ES_USERNAME: 'jaeger' });
      expect(seen).toBe(`Basic ${Buffer.from(`jaeger:${password}`).toString('base64')}`);
      expect(searchCurl(search, '')).not.toContain(password);
      expect(searchCurlEnv(search).map((e) => e.name)).toEqual(['ES_USERNAME']);
    });

    test('a bearer token', async () => {
      const file = join(dir, 'token');
      writeFileSync(file, 'tok-123');
      const seen = await authorizationSeen(plumbing({ kind: 'bearerToken', tokenFile: file }), {});
      expect(seen).toBe('Bearer tok-123');
    });
  },
);

test('the ILM init curl container carries no password in its environment', () => {
  const chart = testChart('tracing');
  new JaegerSearchStorage(chart, 'jaeger', {
    connection: externalSearch({
      engine: 'elasticsearch',
      serverUrls: ['https://es.example.com:9200'],
      auth: { kind: 'basic', username: 'jaeger', password: { name: 'es', key: 'password' } },
    }),
    lifecycle: { mode: 'ilm' },
  });
  const job = synth(chart).find((o) => o.kind === 'Job') as any;
  const curl = job.spec.template.spec.initContainers[0];
  expect(curl.env.map((e: any) => e.name)).toEqual(['ES_USERNAME']);
  expect(curl.command[2]).toContain('curl -K -');
  expect(curl.command[2]).toContain('< /etc/jaeger/search/password');
});
