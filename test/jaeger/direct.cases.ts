import { parse } from 'yaml';
import {
  EckElasticsearch,
  JaegerDirect,
  JaegerDirectProps,
  SearchConnection,
  externalSearch,
  jaegerProfile,
} from '../../lib';
import { ErrorCode } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { danglingReferences, unknownKeys } from '../support/jaeger';
import { Manifest, only, synth, testChart } from '../support/manifests';
import { policyViolations } from '../support/policy';

const external: SearchConnection = externalSearch({
  engine: 'elasticsearch',
  serverUrls: ['https://es.example.com:9200'],
  auth: { kind: 'basic', username: 'jaeger', password: { name: 'es', key: 'password' } },
  ca: { name: 'es-ca', key: 'ca.crt' },
});

function build(props: Partial<JaegerDirectProps> = {}) {
  const chart = testChart('tracing');
  const jaeger = new JaegerDirect(chart, 'jaeger', { storage: { connection: external }, ...props });
  const objects = synth(chart);
  const config = (name: string) => parse(only(objects, 'ConfigMap', `${name}-config`).data['config.yaml']);
  return { jaeger, objects, config };
}

const names = (objects: Manifest[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

describe("JaegerDirect defaults (the reference design's medium profile on external Elasticsearch, periodic indices)", () => {
  const { jaeger, objects, config } = build();

  test('collector and query are separate Deployments with their own autoscalers; the cleaner keeps 30 days', () => {
    expect(names(objects).sort()).toEqual(
      [
        'ConfigMap/jaeger-collector-config',
        'ConfigMap/jaeger-collector-sampling',
        'ConfigMap/jaeger-query-config',
        'ConfigMap/jaeger-query-ui',
        'CronJob/jaeger-es-index-cleaner',
        'CronJob/jaeger-es-index-settings',
        'Deployment/jaeger-collector',
        'Deployment/jaeger-query',
        'HorizontalPodAutoscaler/jaeger-collector',
        'HorizontalPodAutoscaler/jaeger-query',
        'NetworkPolicy/jaeger-collector',
        'NetworkPolicy/jaeger-es-index-cleaner',
        'NetworkPolicy/jaeger-es-index-settings',
        'NetworkPolicy/jaeger-query',
        'PodDisruptionBudget/jaeger-collector',
        'PodDisruptionBudget/jaeger-query',
        'Service/jaeger-collector',
        'Service/jaeger-query',
      ].sort(),
    );
    expect(policyViolations(objects)).toEqual([]);
  });

  test('collector 2 × 500m/1Gi, query 2 × 1/2Gi (never one in a replicated profile), each autoscaled to three times that', () => {
    const collector = only(objects, 'HorizontalPodAutoscaler', 'jaeger-collector');
    const query = only(objects, 'HorizontalPodAutoscaler', 'jaeger-query');
    expect([collector.spec.minReplicas, collector.spec.maxReplicas]).toEqual([2, 6]);
    expect([query.spec.minReplicas, query.spec.maxReplicas]).toEqual([2, 6]);
    expect(collector.spec.metrics[0].resource).toEqual({
      name: 'cpu',
      target: { type: 'Utilization', averageUtilization: 70 },
    });
    const requests = (d: string) =>
      only(objects, 'Deployment', d).spec.template.spec.containers[0].resources.requests;
    expect(requests('jaeger-collector')).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(requests('jaeger-query')).toEqual({ cpu: '1', memory: '2Gi' });
  });

  test('both roles share one storage backend: same URLs, index prefix, shards, replicas, rotation', () => {
    const c = config('jaeger-collector').extensions.jaeger_storage.backends.primary;
    const q = config('jaeger-query').extensions.jaeger_storage.backends.primary;
    expect(c).toEqual(q);
    expect(c.elasticsearch.indices.index_prefix).toBe('jaeger');
    expect(c.elasticsearch.indices.spans).toEqual({
      shards: 5,
      replicas: 1,
      rotation: { periodic: { date_layout: '2006-01-02', rollover_frequency: 'day' } },
    });
    expect(c.elasticsearch.auth).toEqual({
      basic: { username: 'jaeger', password_file: '/etc/jaeger/search/password', reload_interval: '1m' },
    });
    expect(c.elasticsearch.tls).toEqual({ ca_file: '/etc/jaeger/search/ca.crt' });
    expect(c.elasticsearch.create_mappings).toBe(true);
    expect(c.elasticsearch.max_span_age).toBe('720h');
  });

  test('configs carry only 2.20.0 keys and no dangling names', () => {
    for (const role of ['jaeger-collector', 'jaeger-query']) {
      expect(unknownKeys(config(role))).toEqual([]);
      expect(danglingReferences(config(role))).toEqual([]);
    }
  });

  test('the collector writes, the query reads: no query API on the collector, no intake on the query', () => {
    const collector = config('jaeger-collector');
    const query = config('jaeger-query');
    expect(collector.service.extensions).toEqual(['jaeger_storage', 'remote_sampling', 'healthcheckv2']);
    expect(collector.service.pipelines.traces.exporters).toEqual(['jaeger_storage_exporter']);
    // The memory limiter first, so it refuses data before the batch buffers it (the collector's processor order,
    // before only in the golden files).
    expect(collector.service.pipelines.traces.processors).toEqual(['memory_limiter', 'batch']);
    expect(query.service.extensions).toEqual(['jaeger_storage', 'jaeger_query', 'healthcheckv2']);
    expect(query.service.pipelines.traces).toEqual({
      receivers: ['nop'],
      processors: [],
      exporters: ['nop'],
    });
    const ports = (svc: string) => only(objects, 'Service', svc).spec.ports.map((p: any) => p.name);
    expect(ports('jaeger-collector')).toEqual([
      'otlp-grpc',
      'otlp-http',
      'sampling-http',
      'sampling-grpc',
      'metrics',
    ]);
    expect(ports('jaeger-query')).toEqual(['query-http', 'query-grpc', 'metrics']);
  });

  test('credentials come only from the referenced Secrets, declared external', () => {
    const deployment = only(objects, 'Deployment', 'jaeger-collector');
    expect(
      deployment.spec.template.metadata.annotations['observability-constructs.io/external-references'],
    ).toBe('Secret/es,Secret/es-ca');
    expect(JSON.stringify(objects)).not.toMatch(/"password":/);
  });

  test('the external engine is reached by host and port (see egress.cases.ts); ingress only on the designed ports', () => {
    const collector = only(objects, 'NetworkPolicy', 'jaeger-collector');
    expect(collector.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(collector.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual([
      4317, 4318, 5778, 5779, 8888,
    ]);
    const query = only(objects, 'NetworkPolicy', 'jaeger-query');
    expect(query.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual([
      16686, 16685, 8888,
    ]);
  });

  test('the cleaner deletes daily indices older than the retention with the same credentials', () => {
    const cleaner = only(objects, 'CronJob', 'jaeger-es-index-cleaner');
    const container = cleaner.spec.jobTemplate.spec.template.spec.containers[0];
    expect(cleaner.spec.schedule).toBe('55 23 * * *');
    expect(cleaner.spec.concurrencyPolicy).toBe('Forbid');
    expect(container.image).toBe('jaegertracing/jaeger-es-index-cleaner:2.20.0');
    expect(container.args).toEqual([
      '30',
      'https://es.example.com:9200',
      '--index-prefix=jaeger',
      '--es.tls.enabled=true',
      '--es.tls.ca=/etc/jaeger/search/ca.crt',
    ]);
    expect(container.env).toEqual([
      { name: 'ES_USERNAME', value: 'jaeger' },
      { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'es', key: 'password' } } },
    ]);
  });

  test('endpoints', () => {
    expect(jaeger.endpoints).toEqual({
      otlpGrpc: 'http://jaeger-collector.tracing.svc.cluster.local:4317',
      otlpHttp: 'http://jaeger-collector.tracing.svc.cluster.local:4318',
      samplingHttp: 'http://jaeger-collector.tracing.svc.cluster.local:5778',
      query: 'http://jaeger-query.tracing.svc.cluster.local:16686',
    });
  });
});

describe('JaegerDirect options', () => {
  test('the large profile: collector 5, query 3', () => {
    const { objects } = build({ profile: 'large' });
    expect(only(objects, 'HorizontalPodAutoscaler', 'jaeger-collector').spec.minReplicas).toBe(5);
    expect(only(objects, 'HorizontalPodAutoscaler', 'jaeger-query').spec.minReplicas).toBe(3);
  });

  test('roles scale independently; maxReplicas = replicas turns autoscaling off', () => {
    const { objects } = build({
      collector: { replicas: 4, maxReplicas: 20 },
      query: { replicas: 2, maxReplicas: 2 },
    });
    expect(only(objects, 'HorizontalPodAutoscaler', 'jaeger-collector').spec.maxReplicas).toBe(20);
    expect(
      objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'jaeger-query'),
    ).toBe(false);
    expect(only(objects, 'Deployment', 'jaeger-query').spec.replicas).toBe(2);
    expect(only(objects, 'Deployment', 'jaeger-collector').spec.replicas).toBeUndefined();
  });

  test('in-cluster ECK: HTTPS URL, elastic user and CA from ECK Secrets, egress only to the ES pods', () => {
    const chart = testChart('tracing');
    const es = new EckElasticsearch(chart, 'es');
    new JaegerDirect(chart, 'jaeger', { storage: { connection: es.connection } });
    const objects = synth(chart);
    const backend = parse(only(objects, 'ConfigMap', 'jaeger-collector-config').data['config.yaml'])
      .extensions.jaeger_storage.backends.primary.elasticsearch;
    expect(backend.server_urls).toEqual(['https://es-es-http.tracing.svc:9200']);
    const volume = only(objects, 'Deployment', 'jaeger-query').spec.template.spec.volumes.find(
      (v: any) => v.name === 'search-credentials',
    );
    expect(volume.projected.sources.map((s: any) => s.secret.name)).toEqual([
      'es-es-elastic-user',
      'es-es-http-certs-public',
    ]);
    const policy = only(objects, 'NetworkPolicy', 'jaeger-query');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress[0]).toEqual({
      to: [
        {
          podSelector: { matchLabels: { 'elasticsearch.k8s.elastic.co/cluster-name': 'es' } },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tracing' } },
        },
      ],
      ports: [{ port: 9200, protocol: 'TCP' }],
    });
    const es8 = only(objects, 'Elasticsearch');
    expect(es8.spec.version).toBe('8.19.23');
    expect(es8.spec.nodeSets[0].count).toBe(3);
  });

  test('ILM: one Job creates the reference design policy and runs es-rollover init with it; no cron jobs', () => {
    const { objects, config } = build({ storage: { connection: external, lifecycle: { mode: 'ilm' } } });
    // Only the settings job, which applies the refresh interval; Elasticsearch rolls over and deletes itself.
    expect(objects.filter((o) => o.kind === 'CronJob').map((o) => o.metadata.name)).toEqual([
      'jaeger-es-index-settings',
    ]);
    const job = only(objects, 'Job');
    // The name carries a hash of the pod template: a Job's template is immutable, so a changed Job gets a new name.
    expect(job.metadata.name).toMatch(/^jaeger-es-ilm-init-[0-9a-f]{8}$/);
    expect(job.spec.ttlSecondsAfterFinished).toBe(7 * 24 * 3600);
    const pod = job.spec.template.spec;
    expect(pod.initContainers[0].command[2]).toContain(
      "'https://es.example.com:9200/_ilm/policy/jaeger-ilm-policy'",
    );
    expect(pod.containers[0].args).toEqual([
      'init',
      'https://es.example.com:9200',
      '--index-prefix=jaeger',
      '--adaptive-sampling=true',
      '--shards=5',
      '--replicas=1',
      '--es.use-ilm=true',
      '--es.ilm-policy-name=jaeger-ilm-policy',
      '--es.tls.enabled=true',
      '--es.tls.ca=/etc/jaeger/search/ca.crt',
    ]);
    const policy = JSON.parse(only(objects, 'ConfigMap', 'jaeger-ilm-policy').data['policy.json']);
    expect(policy.policy.phases.delete.min_age).toBe('30d');
    const backend = config('jaeger-collector').extensions.jaeger_storage.backends.primary.elasticsearch;
    expect(backend.indices.spans.rotation).toEqual({ auto_rollover: { policy_name: 'jaeger-ilm-policy' } });
    expect(backend.create_mappings).toBe(false);
    expect(backend.max_span_age).toBe('720h');
  });

  test('manual rollover: init Job, rollover, lookback and cleaner CronJobs', () => {
    const { objects } = build({
      storage: { connection: external, lifecycle: { mode: 'manualRollover', retentionDays: 7 } },
    });
    expect(
      names(objects)
        .filter((n) => /Job\//.test(n))
        .sort(),
    ).toEqual([
      'CronJob/jaeger-es-index-cleaner',
      'CronJob/jaeger-es-index-settings',
      'CronJob/jaeger-es-lookback',
      'CronJob/jaeger-es-rollover',
      expect.stringMatching(/^Job\/jaeger-es-rollover-init-[0-9a-f]{8}$/),
    ]);
    const args = (name: string) =>
      only(objects, 'CronJob', name).spec.jobTemplate.spec.template.spec.containers[0].args;
    expect(args('jaeger-es-rollover')).toContain('--conditions={"max_age":"1d","max_size":"50gb"}');
    expect(args('jaeger-es-lookback')).toEqual(
      expect.arrayContaining(['lookback', '--unit=days', '--unit-count=7']),
    );
    expect(args('jaeger-es-index-cleaner')).toEqual(expect.arrayContaining(['7', '--rollover=true']));
  });

  test('archive storage: a second backend, the UI archive button on', () => {
    const { objects, config } = build({ storage: { connection: external, archive: true } });
    const query = config('jaeger-query');
    expect(query.extensions.jaeger_query.storage).toEqual({ traces: 'primary', traces_archive: 'archive' });
    expect(query.extensions.jaeger_storage.backends.archive.elasticsearch.indices.index_prefix).toBe(
      'jaeger-archive',
    );
    expect(JSON.parse(only(objects, 'ConfigMap', 'jaeger-query-ui').data['config.json'])).toEqual({
      archiveEnabled: true,
      dependencies: { menuEnabled: false },
    });
    expect(config('jaeger-collector').extensions.jaeger_storage.backends.archive).toBeUndefined();
  });

  test('the dependencies job: spark on Elasticsearch with a trust store built from the CA', () => {
    const { objects } = build({ storage: { connection: external, dependencies: {} } });
    const job = only(objects, 'CronJob', 'jaeger-spark-dependencies');
    const pod = job.spec.jobTemplate.spec.template.spec;
    // The trust store's password is made up per run, never a constant such as 'changeit'.
    const init = pod.initContainers[0].command[2] as string;
    expect(init).toContain('head -c 32 /dev/urandom | base64 > /tmp/truststore.pass');
    expect(init).toContain('-storepass:file /tmp/truststore.pass');
    expect(JSON.stringify(pod)).not.toContain('changeit');
    expect(pod.containers[0].image).toBe(
      'ghcr.io/jaegertracing/spark-dependencies/spark-dependencies:v0.7.2-elasticsearch8',
    );
    // The password comes from the mounted Secret file, not from a secretKeyRef in the pod's environment.
    expect(pod.containers[0].command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(pod.containers[0].command[2]).toContain('ES_PASSWORD="$(cat /etc/jaeger/search/password)"');
    expect(pod.containers[0].command[2]).toContain('exec /entrypoint.sh "$@"');
    expect(pod.containers[0].env.map((e: any) => e.name)).not.toContain('ES_PASSWORD');
    expect(pod.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'ES_NODES', value: 'https://es.example.com:9200' },
        { name: 'ES_INDEX_PREFIX', value: 'jaeger' },
      ]),
    );
    const ui = JSON.parse(only(objects, 'ConfigMap', 'jaeger-query-ui').data['config.json']);
    expect(ui.dependencies.menuEnabled).toBe(true);
  });

  test('ServiceMonitors for both roles and a PrometheusRule with the write-path alerts', () => {
    const { objects } = build({ monitoring: { serviceMonitor: true, labels: { release: 'kps' } } });
    expect(objects.filter((o) => o.kind === 'ServiceMonitor').map((o) => o.metadata.name)).toEqual([
      'jaeger-collector',
      'jaeger-query',
    ]);
    const rule = only(objects, 'PrometheusRule');
    expect(rule.metadata.labels?.release).toBe('kps');
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual([
      'JaegerRefusedSpans',
      'JaegerSpansDropped',
      'JaegerExporterQueueNearFull',
      'JaegerStorageWriteErrors',
    ]);
  });

  test('the profile helper agrees with the pattern', () => {
    expect(jaegerProfile(5000).collector?.replicas).toBe(2);
    expect(jaegerProfile(5000).query?.replicas).toBe(2);
  });
});

describe('OTLP senders outside the pod network', () => {
  test('node and client ranges are admitted to the OTLP and sampling ports only when named', () => {
    const rule = (objects: Manifest[]) =>
      (only(objects, 'NetworkPolicy', 'jaeger-collector') as any).spec.ingress[0];
    expect(rule(build().objects).from).toEqual([{ namespaceSelector: {} }]);
    const widened = rule(build({ collector: { otlpSourceCidrs: ['10.0.0.0/16', '2001:db8::/64'] } }).objects);
    expect(widened.from).toEqual([
      { namespaceSelector: {} },
      { ipBlock: { cidr: '10.0.0.0/16' } },
      { ipBlock: { cidr: '2001:db8::/64' } },
    ]);
    expect(widened.ports.map((p: any) => p.port)).toEqual([4317, 4318, 5778, 5779]);
  });

  test('a range that is not a CIDR is an error', () => {
    const error = expectConstructError(
      () => build({ collector: { otlpSourceCidrs: ['10.0.0.0'] } }),
      "JaegerCollector 'test/jaeger/collector': 'otlpSourceCidrs[0]' is not a CIDR range (got \"10.0.0.0\"); write an address and prefix length, e.g. '10.0.0.0/16' or '2001:db8::/64'",
      ErrorCode.INVALID_VALUE,
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
  });
});

describe('JaegerDirect errors', () => {
  const fails = (props: Partial<JaegerDirectProps>, message: string, code: ErrorCode) =>
    expectConstructError(() => build(props), message, code);

  test('memory storage in a multi-replica pattern', () => {
    fails(
      { storage: { kind: 'memory' } as never },
      "JaegerDirect 'test/jaeger': 'storage' is memory storage, which lives inside one process and cannot be shared by separate collectors and queries (got \"memory\"); use JaegerAllInOne for memory or badger storage, or give an Elasticsearch/OpenSearch connection",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a connection that is not a search engine', () => {
    fails(
      { storage: { connection: { kind: 'badger' } as never } },
      "JaegerSearchStorage 'test/jaeger/storage': 'connection' must be an Elasticsearch or OpenSearch connection: collectors and queries in separate pods need shared storage (got \"badger\"); pass eck.connection or externalSearch({...}); for memory or badger storage use JaegerAllInOne",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('unreplicated indices in the large profile without opt-in; allowed with it', () => {
    fails(
      { profile: 'large', storage: { connection: external, replicas: 0 } },
      "JaegerDirect 'test/jaeger': 'storage.replicas' is 0 in the large profile: losing one search node would lose spans (got 0); keep at least 1 replica (as the reference design does), or set allowUnreplicatedIndices: true to accept the risk",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
    expect(() =>
      build({
        profile: 'large',
        storage: { connection: external, replicas: 0 },
        allowUnreplicatedIndices: true,
      }),
    ).not.toThrow();
  });

  test('a credentials Secret without a key', () => {
    fails(
      {
        storage: {
          connection: {
            ...external,
            auth: { kind: 'basic', username: 'u', password: { name: 'es', key: '' } },
          },
        },
      },
      "JaegerSearchStorage 'test/jaeger/storage': 'connection.auth.password.key' must name a key of Secret 'es' (got \"\"); add the key that holds the value, e.g. { name: 'es-credentials', key: 'password' }",
      ErrorCode.DANGLING_REFERENCE,
    );
  });

  test('a literal password', () => {
    fails(
      {
        storage: {
          connection: { ...external, auth: { kind: 'basic', username: 'u', password: 'hunter2' as never } },
        },
      },
      "JaegerSearchStorage 'test/jaeger/storage': 'connection.auth.password' is a literal credential (got \"<redacted>\"); store it in a Secret and pass { name: '<secret>', key: '<key>' }",
      ErrorCode.LITERAL_SECRET,
    );
  });

  test('archive storage without UI support, and the UI archive without storage', () => {
    fails(
      { storage: { connection: external, archive: true }, query: { ui: { archiveEnabled: false } } },
      "JaegerQuery 'test/jaeger/query': 'ui.archiveEnabled' is false although the storage keeps an archive: archived traces could not be reached from the UI (got false); leave ui.archiveEnabled unset, or drop archive from the storage",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    fails(
      { query: { ui: { archiveEnabled: true } } },
      "JaegerQuery 'test/jaeger/query': 'ui.archiveEnabled' is true but the storage keeps no archive: the UI would offer a button that fails (got true); set archive: true on the storage",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a bearer token reaches the periodic cleaner as --es.token-file (es-index-cleaner v2.20.0 reads it)', () => {
    const { objects } = build({
      storage: {
        connection: { ...external, auth: { kind: 'bearerToken', token: { name: 't', key: 'token' } } },
      },
    });
    const cleaner = only(objects, 'CronJob', 'jaeger-es-index-cleaner');
    expect(cleaner.spec.jobTemplate.spec.template.spec.containers[0].args).toContain(
      '--es.token-file=/etc/jaeger/search/token',
    );
  });

  test('no server URL, and one without scheme', () => {
    fails(
      { storage: { connection: { ...external, serverUrls: [] } } },
      "JaegerSearchStorage 'test/jaeger/storage': 'connection.serverUrls' must list at least one server (got []); give the URL of the cluster's HTTP endpoint, e.g. 'https://elasticsearch.example.com:9200'",
      ErrorCode.INVALID_VALUE,
    );
    fails(
      { storage: { connection: { ...external, serverUrls: ['es:9200'] } } },
      "JaegerSearchStorage 'test/jaeger/storage': 'connection.serverUrls[0]' is not an http(s) URL (got \"es:9200\"); write it with scheme, host and port, e.g. 'https://elasticsearch.example.com:9200'",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('maxReplicas below replicas, and shards below 1', () => {
    fails(
      { collector: { replicas: 4, maxReplicas: 2 } },
      "JaegerCollector 'test/jaeger/collector': 'maxReplicas' must be a whole number not below replicas 4 (got 2); set it to at least 4, or equal to replicas to turn autoscaling off",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    fails(
      { storage: { connection: external, shards: 0 } },
      "JaegerSearchStorage 'test/jaeger/storage': 'shards' must be a whole number of at least 1 (got 0); the reference design uses 5 shards and 1 replica",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('an index prefix Jaeger would mangle', () => {
    fails(
      { storage: { connection: external, indexPrefix: 'Jaeger-' } },
      "JaegerSearchStorage 'test/jaeger/storage': 'indexPrefix' must be lower case letters, digits and inner dashes (got \"Jaeger-\"); use e.g. 'jaeger' (Jaeger adds the '-' before its index names)",
      ErrorCode.INVALID_NAME,
    );
  });

  test('the dependencies job with an API key, or on Elasticsearch 10', () => {
    fails(
      {
        storage: {
          connection: { ...external, auth: { kind: 'apiKey', apiKey: { name: 'k', key: 'k' } } },
          dependencies: {},
        },
      },
      'JaegerSearchStorage \'test/jaeger/storage\': \'dependencies\' needs Elasticsearch 7, 8 or 9 or OpenSearch with basic auth or none: spark-dependencies reads only a user name and password (got {"engine":"elasticsearch","auth":"apiKey"}); leave dependencies out, use basic auth, or pass an image for your engine in dependencies.image',
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    fails(
      { storage: { connection: { ...external, majorVersion: 10 }, dependencies: {} } },
      'JaegerSearchStorage \'test/jaeger/storage\': \'dependencies\' needs Elasticsearch 7, 8 or 9 or OpenSearch with basic auth or none: spark-dependencies reads only a user name and password (got {"engine":"elasticsearch","majorVersion":10,"auth":"basic"}); leave dependencies out, use basic auth, or pass an image for your engine in dependencies.image',
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});
