// The parts of the Jaeger configs (lib/jaeger/config: search.ts, kafka.ts, ports.ts, common.ts) called directly,
// their output checked value by value. Expected values are literals; each names where it comes from.
import {
  JaegerConfig,
  SearchBackendOptions,
  buildCollectorConfig,
  buildQueryConfig,
  buildSearchBackend,
  containerPorts,
  healthCheckExtension,
  healthEndpoint,
  kafkaExporter,
  kafkaReceiver,
  listeningPorts,
  memoryLimiterProcessor,
  parseListen,
  policyPorts,
  telemetry,
} from '../../lib/jaeger/config';
import { unknownKeys } from '../support/jaeger';

const search = (options: Partial<SearchBackendOptions> = {}) =>
  buildSearchBackend({
    engine: 'elasticsearch',
    serverUrls: ['https://es:9200'],
    indexPrefix: 'prod',
    shards: 3,
    replicas: 1,
    rotation: { kind: 'periodic' },
    createMappings: true,
    maxSpanAge: '168h',
    ...options,
  });

const backendOf = (out: Record<string, unknown>, engine = 'elasticsearch') =>
  out[engine] as Record<string, unknown>;
const indicesOf = (out: Record<string, unknown>) => backendOf(out).indices as Record<string, unknown>;

describe('buildSearchBackend', () => {
  test('periodic: a dated index per day for each of the four index kinds', () => {
    const out = search();
    // jaegertracing/jaeger@v2.20.0 internal/storage/elasticsearch/config/config_rotation.go PeriodicRotation:
    // `date_layout` "2006-01-02" (daily) with `rollover_frequency` "day", which must match the layout's
    // granularity. Written out so the index cleaner's daily indices and the reader agree whatever the defaults.
    const index = {
      shards: 3,
      replicas: 1,
      rotation: { periodic: { date_layout: '2006-01-02', rollover_frequency: 'day' } },
    };
    expect(backendOf(out)).toStrictEqual({
      server_urls: ['https://es:9200'],
      indices: { index_prefix: 'prod', spans: index, services: index, dependencies: index, sampling: index },
      create_mappings: true,
      max_span_age: '168h',
    });
    expect(unknownKeys({ extensions: { jaeger_storage: { backends: { primary: out } } } })).toStrictEqual([]);
  });

  test("manual rollover: the read/write aliases es-rollover manages, with Jaeger's default alias names", () => {
    // config_rotation.go ManualRolloverRotation: read_alias/write_alias default to `<prefix>read`/`<prefix>write`,
    // the names es-rollover creates; an empty object selects the rotation with those defaults, as Jaeger's own
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/config-elasticsearch-manual-rollover.yaml writes it.
    const indices = indicesOf(search({ rotation: { kind: 'manualRollover' } }));
    expect((indices.spans as Record<string, unknown>).rotation).toStrictEqual({ manual_rollover: {} });
    expect((indices.sampling as Record<string, unknown>).rotation).toStrictEqual({ manual_rollover: {} });
  });

  test('auto rollover: the ILM policy name is embedded', () => {
    // config_rotation.go AutoRolloverRotation `policy_name`.
    const indices = indicesOf(search({ rotation: { kind: 'autoRollover', policyName: 'jaeger-ilm' } }));
    expect((indices.services as Record<string, unknown>).rotation).toStrictEqual({
      auto_rollover: { policy_name: 'jaeger-ilm' },
    });
  });

  test('the engine names the backend key (one struct for both engines)', () => {
    expect(Object.keys(search({ engine: 'opensearch' }))).toStrictEqual(['opensearch']);
  });

  // jaegertracing/jaeger@v2.20.0 internal/storage/elasticsearch/config/config.go Authentication (`basic`,
  // `bearer_token`, `api_key`), BasicAuthentication (`username`, `password_file`, `reload_interval`, default 0 = read
  // once) and TokenAuthentication (`file_path`, `reload_interval`). 1m: a rotated Secret is picked up within a
  // minute of the kubelet updating the mounted file, without a restart.
  test.each([
    [
      { kind: 'basic' as const, username: 'jaeger', passwordFile: '/s/password' },
      { basic: { username: 'jaeger', password_file: '/s/password', reload_interval: '1m' } },
    ],
    [
      { kind: 'bearerToken' as const, tokenFile: '/s/token' },
      { bearer_token: { file_path: '/s/token', reload_interval: '1m' } },
    ],
    [
      { kind: 'apiKey' as const, apiKeyFile: '/s/key' },
      { api_key: { file_path: '/s/key', reload_interval: '1m' } },
    ],
  ])('auth %o is written as files re-read every minute', (auth, expected) => {
    expect(backendOf(search({ auth })).auth).toStrictEqual(expected);
  });

  test('tls only with a CA file, and then exactly the CA', () => {
    expect('tls' in backendOf(search())).toBe(false);
    expect('auth' in backendOf(search())).toBe(false);
    // config.go Configuration.TLS is a configtls.ClientConfig: `ca_file`.
    expect(backendOf(search({ caFile: '/ca/ca.crt' })).tls).toStrictEqual({ ca_file: '/ca/ca.crt' });
  });
});

const KAFKA = { brokers: ['b-0:9093', 'b-1:9093'], topic: 'jaeger-spans', encoding: 'otlp_json' as const };

describe('kafkaExporter', () => {
  test('spans keyed by trace, acknowledged by every in-sync replica, lz4, retried', () => {
    // open-telemetry/opentelemetry-collector-contrib exporter/kafkaexporter/README.md: `partition_traces_by_id`
    // (default false) keys a trace's messages by its ID, so the ingester sees a trace in one partition;
    // `producer.required_acks` (default 1: the leader only) -1 waits for all in-sync replicas, so a broker loss does
    // not drop acknowledged spans; `compression` (default none) lz4, cheap on CPU; `retry_on_failure.enabled`.
    expect(kafkaExporter(KAFKA)).toStrictEqual({
      brokers: ['b-0:9093', 'b-1:9093'],
      traces: { topic: 'jaeger-spans', encoding: 'otlp_json' },
      partition_traces_by_id: true,
      producer: { required_acks: -1, compression: 'lz4' },
      retry_on_failure: { enabled: true },
    });
  });

  test('TLS with only a CA writes only the CA; a client certificate adds cert and key', () => {
    // configtls.ClientConfig keys `ca_file`, `cert_file`, `key_file` (README: `tls`).
    expect(kafkaExporter({ ...KAFKA, tls: { caFile: '/ca.crt' } }).tls).toStrictEqual({ ca_file: '/ca.crt' });
    expect(
      kafkaExporter({ ...KAFKA, tls: { caFile: '/ca.crt', certFile: '/u.crt', keyFile: '/u.key' } }).tls,
    ).toStrictEqual({ ca_file: '/ca.crt', cert_file: '/u.crt', key_file: '/u.key' });
  });

  test('SCRAM-SHA-512 with the password from the environment', () => {
    // README `auth.sasl` (`username`, `password`, `mechanism` SCRAM-SHA-512); `${env:NAME}` is the collector's
    // environment variable expansion, so the password never enters the ConfigMap.
    expect(
      kafkaExporter({ ...KAFKA, sasl: { username: 'jaeger', passwordEnv: 'KAFKA_PASSWORD' } }).auth,
    ).toStrictEqual({
      sasl: { username: 'jaeger', password: '${env:KAFKA_PASSWORD}', mechanism: 'SCRAM-SHA-512' },
    });
  });
});

describe('kafkaReceiver', () => {
  const base = { ...KAFKA, groupId: 'jaeger-ingester' };

  test('one consumer group reading from the oldest retained message, with error backoff', () => {
    const receiver = kafkaReceiver({ ...base, markAfterPipeline: false });
    // open-telemetry/opentelemetry-collector-contrib receiver/kafkareceiver/README.md: `traces.topics` (a list),
    // `group_id`, `initial_offset` (default latest: spans written before the group first committed would be
    // skipped; earliest reads them).
    expect(receiver.traces).toStrictEqual({ topics: ['jaeger-spans'], encoding: 'otlp_json' });
    expect(receiver.group_id).toBe('jaeger-ingester');
    expect(receiver.initial_offset).toBe('earliest');
    expect(receiver.brokers).toStrictEqual(['b-0:9093', 'b-1:9093']);
    expect((receiver.error_backoff as Record<string, unknown>).enabled).toBe(true);
    // README `message_marking.after` defaults to false: left out unless asked for.
    expect('message_marking' in receiver).toBe(false);
  });

  test('marking after the pipeline: after true, failed messages not marked', () => {
    // README `message_marking.after` (mark after the pipeline returned) and `on_error` false (only successfully
    // processed messages are marked; error_backoff retries the rest).
    expect(kafkaReceiver({ ...base, markAfterPipeline: true }).message_marking).toStrictEqual({
      after: true,
      on_error: false,
    });
  });
});

const collectorConfig = (): JaegerConfig =>
  buildCollectorConfig({
    output: { kind: 'storage', backend: { memory: { max_traces: 1 } } },
    samplingStrategiesFile: '/s.json',
    samplingReloadInterval: '1m',
    memoryLimitMib: 512,
    batch: { sendBatchSize: 1, timeout: '1s', sendBatchMaxSize: 2 },
    logLevel: 'info',
  });
const queryConfig = (): JaegerConfig => buildQueryConfig({ backend: {}, basePath: '', logLevel: 'info' });

describe('ports read back from the config', () => {
  test('parseListen splits host and port at the last colon', () => {
    expect(parseListen('0.0.0.0:4317')).toStrictEqual({ host: '0.0.0.0', port: 4317 });
    expect(parseListen('[::]:16686')).toStrictEqual({ host: '[::]', port: 16686 });
  });

  test('the query listens on query, metrics and health ports only (its nop receiver opens none)', () => {
    // Ports: jaegertracing/jaeger@v2.20.0 ports/ports.go (QueryHTTP 16686, QueryGRPC 16685); 8888 the collector's
    // metrics and 13133 the health check, as in Jaeger's cmd/jaeger/config-query.yaml and the healthcheckv2 README.
    expect(listeningPorts(queryConfig())).toStrictEqual({
      otlpGrpc: undefined,
      otlpHttp: undefined,
      queryHttp: 16686,
      queryGrpc: 16685,
      samplingHttp: undefined,
      samplingGrpc: undefined,
      metrics: 8888,
      health: 13133,
    });
    expect(containerPorts(queryConfig())).toStrictEqual([
      { name: 'query-http', port: 16686 },
      { name: 'query-grpc', port: 16685 },
      { name: 'metrics', port: 8888 },
      { name: 'health', port: 13133 },
    ]);
  });

  test('policyPorts keeps only the asked ports the process listens on', () => {
    // The collector has OTLP (4317, OpenTelemetry's OTLP/gRPC port) but no query API.
    expect(policyPorts(collectorConfig(), 'otlpGrpc', 'queryHttp')).toStrictEqual([{ port: 4317 }]);
    expect(policyPorts(queryConfig(), 'otlpGrpc', 'otlpHttp')).toStrictEqual([]);
  });

  test('no metrics reader: no metrics port', () => {
    const config = queryConfig();
    const noReaders = {
      ...config,
      service: {
        ...config.service,
        telemetry: { ...config.service.telemetry, metrics: { level: 'none' as const, readers: [] } },
      },
    };
    expect(listeningPorts(noReaders).metrics).toBeUndefined();
  });

  test('the health endpoint is the configured status path, /status when none is set', () => {
    const config = queryConfig();
    const withPath = (healthcheckv2: unknown): JaegerConfig => ({
      ...config,
      extensions: { ...config.extensions, healthcheckv2 },
    });
    expect(healthEndpoint(withPath({ use_v2: true, http: { status: { path: '/healthz' } } }))).toStrictEqual({
      portName: 'health',
      path: '/healthz',
    });
    // `http:` with no value, as Jaeger's own configs write it (jaegertracing/jaeger@v2.20.0 cmd/jaeger/config.yaml),
    // parses to null; the healthcheckv2 README: the status endpoint is at `/status` by default.
    expect(healthEndpoint(withPath({ use_v2: true, http: null }))).toStrictEqual({
      portName: 'health',
      path: '/status',
    });
  });
});

describe('common parts', () => {
  test('the health check runs in v2 mode with its status endpoint on 13133 on all interfaces', () => {
    // open-telemetry/opentelemetry-collector-contrib extension/healthcheckv2extension/README.md: `use_v2: true` is
    // needed for the v2 services; `http.status.enabled`/`path`; endpoint default localhost:13133, unreachable for
    // the kubelet's probes, hence 0.0.0.0.
    expect(healthCheckExtension()).toStrictEqual({
      use_v2: true,
      http: { endpoint: '0.0.0.0:13133', status: { enabled: true, path: '/status' } },
    });
  });

  test('telemetry: the service name as resource, detailed metrics pulled on 8888, the log level', () => {
    const t = telemetry('jaeger-x', 'debug');
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/config.yaml: resource service.name, metrics level detailed, a
    // Prometheus pull reader on 0.0.0.0:8888.
    expect(t.resource).toStrictEqual({ 'service.name': 'jaeger-x' });
    expect(t.metrics.level).toBe('detailed');
    expect(t.metrics.readers[0].pull.exporter.prometheus.host).toBe('0.0.0.0');
    expect(t.metrics.readers[0].pull.exporter.prometheus.port).toBe(8888);
    expect(t.logs).toStrictEqual({ level: 'debug' });
  });

  test('the memory limiter checks every second and keeps 20% (rounded down) for spikes', () => {
    // processor/memorylimiterprocessor/README.md: `check_interval` has no usable default (0s) and 1s is the
    // recommended value; `spike_limit_mib` defaults to 20% of `limit_mib`. 1023 × 0.2 = 204.6 → 204 whole MiB.
    expect(memoryLimiterProcessor(1023)).toStrictEqual({
      check_interval: '1s',
      limit_mib: 1023,
      spike_limit_mib: 204,
    });
  });
});
