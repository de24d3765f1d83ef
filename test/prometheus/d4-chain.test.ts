// Issue 10 "Real binaries": the D4 chain application cluster → region → global runs as three real Prometheus
// servers on 127.0.0.1, from the synthesized configs, over the mutual TLS the pattern sets up. A series scraped in the
// application cluster must reach the global Prometheus with its `cluster` and `region` labels and without the
// replica label.
//
// What the rewritten copies change, and why (everything else is the synthesized file):
// - targets: load-balancer host names and `localhost:9090` become the loopback ports of the three servers;
// - mounted paths (/etc/prometheus/...) point into a temp dir, with a throw-away CA and certificate from openssl
//   standing in for the fleet-tls Secret;
// - global, job and evaluation intervals become 1s so the data climbs the chain within seconds;
// - jobs with kubernetes_sd_configs are dropped: Debian's 2.42 build has no Kubernetes discovery;
// - `--enable-feature=expand-external-labels` is added: 2.42 expands `${POD_NAME}` in external labels only with it,
//   3.x always (prometheus/prometheus@v3.13.2 config/config.go), and POD_NAME is set as the pod would have it.
import { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { parse, stringify } from 'yaml';
import { PrometheusFederation, chartManifests, fleetFromRegions } from '../../lib';
import {
  ClientTls,
  describeWithPrometheus,
  freePort,
  getLoopback,
  pollUntil,
  startPrometheus,
} from '../support/prometheus-binary';
import { testCertificates } from '../support/tls';

const DOMAIN = 'monitoring.example.com';

interface Server {
  readonly name: string;
  readonly port: number;
  readonly dir: string;
  readonly tls: boolean;
}

/** The synthesized Prometheus of a chart: its ConfigMap files and the container's args. */
function synthesized(chart: Chart | undefined): { files: Record<string, string>; args: string[] } {
  const objects = chartManifests(chart as Chart) as unknown as Record<string, any>[];
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prometheus-config');
  const set = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'prometheus');
  return { files: configMap!.data, args: set!.spec.template.spec.containers[0].args };
}

/** The loopback copy of a prometheus.yml (see the header for what changes). */
function rewriteConfig(yaml: string, server: Server, hosts: Record<string, string>): string {
  const config = parse(
    yaml
      .split('/etc/prometheus/rules')
      .join(join(server.dir, 'rules'))
      .replace(/\/etc\/prometheus\/([a-z-]+)\/([a-z.]+)/g, (_m, volume: string, file: string) =>
        join(server.dir, volume, file),
      ),
  );
  config.global.scrape_interval = '1s';
  config.global.evaluation_interval = '1s';
  config.scrape_configs = (config.scrape_configs as Record<string, any>[])
    .filter((job) => job.kubernetes_sd_configs === undefined)
    .map((job) => ({
      ...job,
      ...(job.scrape_interval ? { scrape_interval: '1s' } : {}),
      static_configs: job.static_configs.map((sc: { targets: string[] }) => ({
        targets: sc.targets.map((t) => {
          if (t === 'localhost:9090') return `127.0.0.1:${server.port}`;
          const target = hosts[t];
          if (target === undefined) throw new Error(`no loopback server for target ${t}`);
          return target;
        }),
      })),
    }));
  return stringify(config);
}

/** The container args with the loopback paths and port. */
function rewriteArgs(args: readonly string[], server: Server): string[] {
  return [
    ...args.map((arg) => {
      const [flag] = arg.split('=');
      switch (flag) {
        case '--config.file':
          return `${flag}=${join(server.dir, 'prometheus.yml')}`;
        case '--storage.tsdb.path':
          return `${flag}=${join(server.dir, 'data')}`;
        case '--web.listen-address':
          return `${flag}=127.0.0.1:${server.port}`;
        case '--web.config.file':
          return `${flag}=${join(server.dir, 'web.yml')}`;
        default:
          return arg;
      }
    }),
    '--enable-feature=expand-external-labels',
  ];
}

describeWithPrometheus('D4 chain on real Prometheus binaries (app → region → global)', () => {
  const processes: ChildProcess[] = [];
  const dirs: string[] = [];
  const outputs: (() => string)[] = [];
  let global: Server;
  let appPort: number;
  let clientTls: ClientTls;

  beforeAll(async () => {
    const app = new App();
    const d4 = new PrometheusFederation(app, 'd4', {
      fleet: fleetFromRegions({ 'region-a': ['cluster-001'] }),
      domain: DOMAIN,
      tls: { secretName: 'fleet-tls' },
      // The global federation takes the clusters' series too, so one scraped in the app cluster can be checked.
      regionMatch: ['{__name__=~"region:.*|cluster:.*"}'],
    });
    const certs = testCertificates();
    clientTls = { ca: certs['ca.crt'], cert: certs['tls.crt'], key: certs['tls.key'] };
    const make = async (name: string, tls: boolean): Promise<Server> => {
      const dir = mkdtempSync(join(tmpdir(), `oc-d4-${name}-`));
      dirs.push(dir);
      return { name, port: await freePort(), dir, tls };
    };
    const appServer = await make('cluster-001', true);
    appPort = appServer.port;
    const regionServer = await make('region-a', true);
    global = await make('global', false);
    const hosts = {
      [`prometheus.cluster-001.${DOMAIN}:9090`]: `127.0.0.1:${appServer.port}`,
      [`prometheus.region-a.${DOMAIN}:9090`]: `127.0.0.1:${regionServer.port}`,
    };
    const charts: [Server, Chart | undefined, string][] = [
      [appServer, d4.appClusterCharts['cluster-001'], 'prometheus-0'],
      [regionServer, d4.regionCharts['region-a'], 'prometheus-0'],
      [global, d4.globalChart, 'prometheus-1'],
    ];
    for (const [server, chart, podName] of charts) {
      const { files, args } = synthesized(chart);
      for (const volume of ['web-tls', 'federation-tls', 'rules', 'data'])
        mkdirSync(join(server.dir, volume));
      for (const volume of ['web-tls', 'federation-tls']) {
        for (const [file, pem] of Object.entries(certs)) writeFileSync(join(server.dir, volume, file), pem);
      }
      writeFileSync(
        join(server.dir, 'prometheus.yml'),
        rewriteConfig(files['prometheus.yml']!, server, hosts),
      );
      if (files['rules.yaml']) writeFileSync(join(server.dir, 'rules', 'rules.yaml'), files['rules.yaml']);
      if (files['web.yml']) {
        writeFileSync(
          join(server.dir, 'web.yml'),
          files['web.yml'].split('/etc/prometheus/web-tls').join(join(server.dir, 'web-tls')),
        );
      }
      expect(args.includes('--web.config.file=/etc/prometheus/web.yml')).toBe(server.tls);
      const started = startPrometheus(rewriteArgs(args, server), { POD_NAME: podName });
      processes.push(started.process);
      outputs.push(started.output);
    }
    const deadline = Date.now() + 20_000;
    for (const server of [appServer, regionServer, global]) {
      const scheme = server.tls ? 'https' : 'http';
      const ready = await pollUntil(deadline, async () => {
        const res = await getLoopback(`${scheme}://127.0.0.1:${server.port}/-/ready`, clientTls);
        return res.status === 200 ? true : undefined;
      });
      if (!ready) throw new Error(`${server.name} did not become ready:\n${outputs.join('\n')}`);
    }
  }, 30_000);

  afterAll(() => {
    for (const p of processes) p.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('the web ports refuse a client without a certificate', async () => {
    // Ready with the fleet certificate (beforeAll), refused at the TLS handshake without one.
    const refused = await getLoopback(`https://127.0.0.1:${appPort}/-/ready`, {
      ca: clientTls.ca,
      cert: '',
      key: '',
    });
    expect(refused.status).toBe(0);
  });

  test('a series scraped in the application cluster reaches the global Prometheus with cluster and region, without the replica label', async () => {
    const deadline = Date.now() + 30_000;
    const query = (q: string) => async () => {
      const res = await getLoopback(
        `http://127.0.0.1:${global.port}/api/v1/query?query=${encodeURIComponent(q)}`,
      );
      if (res.status !== 200) return undefined;
      const result = JSON.parse(res.body).data.result as { metric: Record<string, string> }[];
      return result.length > 0 ? result : undefined;
    };
    const clusterSeries = await pollUntil(deadline, query('cluster:up:sum'));
    if (!clusterSeries)
      throw new Error(`cluster:up:sum never reached the global Prometheus:\n${outputs.join('\n')}`);
    expect(clusterSeries.map((s) => s.metric)).toEqual([
      // `job` is the regional federation job's (honor_labels keeps the series' own labels and adds missing ones).
      { __name__: 'cluster:up:sum', cluster: 'cluster-001', job: 'federate-clusters', region: 'region-a' },
    ]);
    const regionSeries = await pollUntil(deadline, query('region:up:sum'));
    expect(regionSeries?.map((s) => s.metric)).toEqual([
      expect.objectContaining({ __name__: 'region:up:sum', region: 'region-a' }),
    ]);
    expect(regionSeries?.[0]?.metric).not.toHaveProperty('prometheus_replica');
  });
});
