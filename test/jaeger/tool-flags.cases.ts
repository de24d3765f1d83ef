import {
  EckElasticsearch,
  JAEGER_INDEX_TOOLS,
  JaegerIndexTool,
  JaegerSearchStorage,
  JaegerSearchStorageProps,
  SPARK_DEPENDENCIES_ENV,
  SearchConnection,
  externalSearch,
  jaegerToolEnv,
} from '../../lib';
import { Manifest, synth, testChart } from '../support/manifests';

const basic: SearchConnection = externalSearch({
  engine: 'elasticsearch',
  serverUrls: ['https://es.example.com:9200'],
  auth: { kind: 'basic', username: 'jaeger', password: { name: 'es', key: 'password' } },
  ca: { name: 'es-ca', key: 'ca.crt' },
  majorVersion: 8,
});
const token: SearchConnection = {
  ...basic,
  auth: { kind: 'bearerToken', token: { name: 'es-token', key: 'token' } },
};
const apiKey: SearchConnection = {
  ...basic,
  auth: { kind: 'apiKey', apiKey: { name: 'es-key', key: 'key' } },
};
const openSearch: SearchConnection = { ...basic, engine: 'opensearch', majorVersion: 2 };

/** Every lifecycle, auth and engine the jobs are built for. */
const CASES: [string, (chart: ReturnType<typeof testChart>) => JaegerSearchStorageProps][] = [
  [
    'periodic, basic auth, CA, archive, dependencies',
    () => ({ connection: basic, archive: true, dependencies: {} }),
  ],
  ['periodic, bearer token', () => ({ connection: token })],
  ['periodic, API key', () => ({ connection: apiKey, archive: true })],
  [
    'manual rollover, basic auth',
    () => ({ connection: basic, lifecycle: { mode: 'manualRollover' }, dependencies: {} }),
  ],
  ['manual rollover, bearer token', () => ({ connection: token, lifecycle: { mode: 'manualRollover' } })],
  [
    'ILM, basic auth, archive',
    () => ({ connection: basic, lifecycle: { mode: 'ilm' }, archive: true, dependencies: {} }),
  ],
  ['ILM, API key', () => ({ connection: apiKey, lifecycle: { mode: 'ilm' } })],
  [
    'OpenSearch, manual rollover, dependencies',
    () => ({ connection: openSearch, lifecycle: { mode: 'manualRollover' }, dependencies: {} }),
  ],
  [
    'ECK',
    (chart) => ({
      connection: new EckElasticsearch(chart, 'es').connection,
      lifecycle: { mode: 'ilm' },
      dependencies: {},
    }),
  ],
];

interface Container {
  readonly name: string;
  readonly image: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: { readonly name: string }[];
}

function containersOf(objects: readonly Manifest[]): Container[] {
  return objects.flatMap((o) => {
    const pod =
      o.kind === 'CronJob'
        ? (o as any).spec.jobTemplate.spec.template.spec
        : o.kind === 'Job'
          ? (o as any).spec.template.spec
          : undefined;
    return pod ? [...(pod.initContainers ?? []), ...pod.containers] : [];
  });
}

/** The tool a container runs, from its image, and the argv after the executable. */
function toolOf(c: Container): { tool: JaegerIndexTool; args: string[] } | { tool: 'spark' } | undefined {
  if (c.image.includes('/jaeger-es-rollover:')) {
    const [sub, ...rest] = c.args ?? [];
    return { tool: `es-rollover ${sub}` as JaegerIndexTool, args: rest };
  }
  if (c.image.includes('/jaeger-es-index-cleaner:')) return { tool: 'es-index-cleaner', args: c.args ?? [] };
  if (c.name === 'spark-dependencies') return { tool: 'spark' };
  return undefined;
}

/** Problems of one argv against the table: unknown flags, wrong bool syntax, wrong positional count. */
function argvProblems(tool: JaegerIndexTool, args: readonly string[]): string[] {
  const spec = JAEGER_INDEX_TOOLS[tool];
  if (!spec) return [`no such tool '${tool}'`];
  const problems: string[] = [];
  const positional = args.filter((a) => !a.startsWith('--'));
  if (positional.length !== spec.positional.length)
    problems.push(`${positional.length} positional arguments, want ${spec.positional.join(' ')}`);
  for (const arg of args.filter((a) => a.startsWith('--'))) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    const kind = m ? (spec.flags as Record<string, string>)[m[1] as string] : undefined;
    if (!m) problems.push(`${arg}: write --flag=value`);
    else if (!kind) problems.push(`${arg}: not a flag of ${tool}`);
    else if (kind === 'bool' && !['true', 'false'].includes(m[2] as string))
      problems.push(`${arg}: not a bool`);
  }
  return problems;
}

describe('every auxiliary command line and environment matches the pinned tools', () => {
  test.each(CASES)('%s', (_name, props) => {
    const chart = testChart('tracing');
    const storageProps = props(chart);
    new JaegerSearchStorage(chart, 'storage', storageProps);
    const containers = containersOf(synth(chart));
    const seen = new Set<string>();
    for (const c of containers) {
      const t = toolOf(c);
      if (!t) continue;
      const env = (c.env ?? []).map((e) => e.name);
      if (t.tool === 'spark') {
        seen.add('spark');
        const engine = storageProps.connection.engine;
        const allowed: readonly string[] = SPARK_DEPENDENCIES_ENV[engine].env;
        expect([c.name, env.filter((e) => !allowed.includes(e))]).toEqual([c.name, []]);
        continue;
      }
      seen.add(t.tool);
      expect([c.name, argvProblems(t.tool, t.args)]).toEqual([c.name, []]);
      const allowed = jaegerToolEnv(t.tool);
      expect([c.name, env.filter((e) => !allowed.includes(e))]).toEqual([c.name, []]);
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  test('the checker itself: the flag the cleaner got before v2.20.0 is refused', () => {
    expect(argvProblems('es-index-cleaner', ['30', 'http://es:9200', '--es.index-prefix=jaeger'])).toEqual([
      '--es.index-prefix=jaeger: not a flag of es-index-cleaner',
    ]);
    expect(argvProblems('es-rollover init', ['http://es:9200', '--shards=5', '--es.use-ilm=yes'])).toEqual([
      '--es.use-ilm=yes: not a bool',
    ]);
  });

  test('environment names follow viper: ES_PASSWORD is --es.password', () => {
    expect(jaegerToolEnv('es-index-cleaner')).toContain('ES_PASSWORD');
    expect(jaegerToolEnv('es-rollover init')).toContain('ES_TLS_CA');
    expect(jaegerToolEnv('es-rollover init')).not.toContain('ES_PASSWORD_FILE');
  });

  test('every table entry names the files it was read from at a pinned tag', () => {
    for (const spec of [...Object.values(JAEGER_INDEX_TOOLS), ...Object.values(SPARK_DEPENDENCIES_ENV)]) {
      expect(spec.sources.length).toBeGreaterThan(0);
      for (const s of spec.sources) expect(s).toMatch(/^jaegertracing\/[a-z-]+@v\d+\.\d+\.\d+ \S+$/);
    }
  });
});
