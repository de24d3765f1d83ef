// The Jaeger config builders (lib/jaeger/config: all-in-one.ts, roles.ts) called directly, their output checked
// value by value. Expected values are literals; each names where it comes from: Jaeger's own configs and config
// structs at the pinned tag (jaegertracing/jaeger@v2.20.0), the OpenTelemetry collector components' READMEs
// (open-telemetry/opentelemetry-collector-contrib, read unpinned), or the reason for our own choice.
import {
  AllInOneConfigOptions,
  CollectorConfigOptions,
  IngesterConfigOptions,
  JaegerConfig,
  QueryConfigOptions,
  buildAllInOneConfig,
  buildCollectorConfig,
  buildIngesterConfig,
  buildQueryConfig,
} from '../../lib/jaeger/config';
import { danglingReferences, unknownKeys } from '../support/jaeger';

/** Two distinguishable storage backends (the builders pass them through untouched). */
const BACKEND = { memory: { max_traces: 1111 } };
const ARCHIVE = { memory: { max_traces: 2222 } };
const BATCH = { sendBatchSize: 100, timeout: '2s', sendBatchMaxSize: 200 };
const KAFKA = {
  brokers: ['kafka-0:9092'],
  topic: 'spans',
  encoding: 'otlp_proto' as const,
};

const allInOne = (options: Partial<AllInOneConfigOptions> = {}): JaegerConfig =>
  buildAllInOneConfig({
    storage: { kind: 'memory', maxTraces: 5000 },
    samplingStrategiesFile: '/etc/jaeger/sampling/strategies.json',
    samplingReloadInterval: '30s',
    memoryLimitMib: 1000,
    batch: BATCH,
    basePath: '',
    logLevel: 'warn',
    ...options,
  });

const collector = (options: Partial<CollectorConfigOptions> = {}): JaegerConfig =>
  buildCollectorConfig({
    output: { kind: 'storage', backend: BACKEND },
    samplingStrategiesFile: '/etc/jaeger/sampling/strategies.json',
    samplingReloadInterval: '45s',
    memoryLimitMib: 1000,
    batch: BATCH,
    logLevel: 'info',
    ...options,
  });

const query = (options: Partial<QueryConfigOptions> = {}): JaegerConfig =>
  buildQueryConfig({ backend: BACKEND, basePath: '', logLevel: 'info', ...options });

const ingester = (options: Partial<IngesterConfigOptions> = {}): JaegerConfig =>
  buildIngesterConfig({
    backend: BACKEND,
    kafka: { ...KAFKA, groupId: 'jaeger-ingester', markAfterPipeline: false },
    memoryLimitMib: 1000,
    batch: BATCH,
    logLevel: 'info',
    ...options,
  });

const ext = (config: JaegerConfig, name: string) => config.extensions[name] as Record<string, unknown>;

/**
 * The traces pipeline's processors: `memory_limiter` first, as the memory limiter's README requires ("should be
 * the first processor defined in the pipeline (immediately after the receivers)", so refusals reach the receivers
 * as backpressure: open-telemetry/opentelemetry-collector processor/memorylimiterprocessor/README.md), then `batch`,
 * which only buffers what the limiter accepted.
 */
const LIMITER_THEN_BATCH = ['memory_limiter', 'batch'];

/**
 * The storage exporter's retry: jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/exporters/storageexporter/factory.go
 * `createDefaultConfig` turns the collector's retry OFF (`cfg.Enabled = false`), so a role writing to a remote
 * search cluster must switch it on or drop every batch written while the cluster is unavailable.
 */
const STORAGE_EXPORTER = { trace_storage: 'primary', retry_on_failure: { enabled: true } };

describe('buildAllInOneConfig', () => {
  test("the extensions are those of Jaeger's all-in-one config without pprof, each one configured", () => {
    const config = allInOne();
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/config.yaml: [jaeger_storage, jaeger_query, remote_sampling,
    // healthcheckv2, pprof]; pprof (a debug endpoint) is left out.
    expect(config.service.extensions).toStrictEqual([
      'jaeger_storage',
      'jaeger_query',
      'remote_sampling',
      'healthcheckv2',
    ]);
    expect(Object.keys(config.extensions).sort()).toStrictEqual([...config.service.extensions].sort());
    expect(danglingReferences(config)).toStrictEqual([]);
    expect(unknownKeys(config)).toStrictEqual([]);
  });

  test('one traces pipeline: OTLP in, limiter then batch, out to the storage exporter', () => {
    const config = allInOne();
    expect(config.service.pipelines).toStrictEqual({
      traces: {
        // OTLP only: the SDKs this library targets speak OTLP (Jaeger's example adds jaeger/zipkin receivers).
        receivers: ['otlp'],
        processors: LIMITER_THEN_BATCH,
        // jaegertracing/jaeger@v2.20.0 cmd/jaeger/config.yaml: exporters [jaeger_storage_exporter].
        exporters: ['jaeger_storage_exporter'],
      },
    });
  });

  test('the query reads the backend the exporter writes, and it is the only backend', () => {
    const config = allInOne();
    // Our name for the one backend; jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/jaegerquery/
    // config.go `traces` (required) and storageexporter/config.go `trace_storage` must both name it.
    expect(ext(config, 'jaeger_query').storage).toStrictEqual({ traces: 'primary' });
    // No retry on the all-in-one's exporter: its storage (memory, badger) is in the same process.
    expect(config.exporters).toStrictEqual({ jaeger_storage_exporter: { trace_storage: 'primary' } });
    expect(ext(config, 'jaeger_storage')).toStrictEqual({
      backends: { primary: { memory: { max_traces: 5000 } } },
    });
  });

  test("query and sampling servers listen on all interfaces on Jaeger's ports", () => {
    const config = allInOne();
    // jaegertracing/jaeger@v2.20.0 ports/ports.go: QueryHTTP 16686, QueryGRPC 16685, CollectorV2SamplingHTTP 5778,
    // CollectorV2SamplingGRPC 5779; 0.0.0.0 because the collector's servers default to localhost, unreachable from
    // other pods.
    expect(ext(config, 'jaeger_query')).toStrictEqual({
      storage: { traces: 'primary' },
      http: { endpoint: '0.0.0.0:16686' },
      grpc: { endpoint: '0.0.0.0:16685' },
    });
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/remotesampling/config.go: `file.path`,
    // `file.reload_interval`, `http`, `grpc`.
    expect(ext(config, 'remote_sampling')).toStrictEqual({
      file: { path: '/etc/jaeger/sampling/strategies.json', reload_interval: '30s' },
      http: { endpoint: '0.0.0.0:5778' },
      grpc: { endpoint: '0.0.0.0:5779' },
    });
  });

  test('an empty base path writes no base_path (the UI at /); a set one is passed on', () => {
    expect('base_path' in ext(allInOne(), 'jaeger_query')).toBe(false);
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/jaegerquery/internal/flags.go `base_path`.
    expect(ext(allInOne({ basePath: '/jaeger' }), 'jaeger_query').base_path).toBe('/jaeger');
  });

  test('its telemetry names the process `jaeger` and logs at the given level', () => {
    const { telemetry } = allInOne().service;
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/config.yaml: service.telemetry.resource service.name: jaeger.
    expect(telemetry.resource).toStrictEqual({ 'service.name': 'jaeger' });
    expect(telemetry.logs).toStrictEqual({ level: 'warn' });
  });

  test('badger keeps its data in the given directory, not ephemeral, with the span TTL', () => {
    const config = allInOne({ storage: { kind: 'badger', directory: '/data', spanTtl: '72h' } });
    // jaegertracing/jaeger@v2.20.0 internal/storage/v1/badger/config.go: `directories.keys`/`values`, `ttl.spans`,
    // and `ephemeral` whose DefaultConfig is true (data in a temporary directory, lost on restart).
    expect(ext(config, 'jaeger_storage')).toStrictEqual({
      backends: {
        primary: {
          badger: {
            directories: { keys: '/data/keys', values: '/data/values' },
            ephemeral: false,
            ttl: { spans: '72h' },
          },
        },
      },
    });
  });
});

describe('buildCollectorConfig', () => {
  test('to storage: the backend is `primary`, the pipeline ends in the storage exporter with retry on', () => {
    const config = collector();
    expect(config.service.extensions).toStrictEqual(['jaeger_storage', 'remote_sampling', 'healthcheckv2']);
    expect(ext(config, 'jaeger_storage')).toStrictEqual({ backends: { primary: BACKEND } });
    expect(config.service.pipelines).toStrictEqual({
      traces: { receivers: ['otlp'], processors: LIMITER_THEN_BATCH, exporters: ['jaeger_storage_exporter'] },
    });
    expect(config.exporters).toStrictEqual({ jaeger_storage_exporter: STORAGE_EXPORTER });
    expect(danglingReferences(config)).toStrictEqual([]);
    expect(unknownKeys(config)).toStrictEqual([]);
  });

  test('to Kafka: no storage extension, the pipeline ends in the kafka exporter', () => {
    const config = collector({ output: { kind: 'kafka', kafka: KAFKA } });
    // The collector holds no storage when it writes to Kafka (the ingester does), as in jaegertracing/jaeger@v2.20.0
    // cmd/jaeger/config-kafka-collector.yaml (exporters [kafka], no jaeger_storage).
    expect(config.service.extensions).toStrictEqual(['remote_sampling', 'healthcheckv2']);
    expect(config.service.pipelines.traces.exporters).toStrictEqual(['kafka']);
    expect(Object.keys(config.exporters)).toStrictEqual(['kafka']);
    expect((config.exporters.kafka as Record<string, unknown>).brokers).toStrictEqual(['kafka-0:9092']);
    expect(danglingReferences(config)).toStrictEqual([]);
  });

  test("remote sampling serves the strategies file on Jaeger's sampling ports", () => {
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/remotesampling/config.go and ports/ports.go.
    expect(ext(collector(), 'remote_sampling')).toStrictEqual({
      file: { path: '/etc/jaeger/sampling/strategies.json', reload_interval: '45s' },
      http: { endpoint: '0.0.0.0:5778' },
      grpc: { endpoint: '0.0.0.0:5779' },
    });
  });

  test('OTLP in, the limiter from the memory given and the batch settings given, named jaeger-collector', () => {
    const config = collector();
    expect(Object.keys(config.receivers)).toStrictEqual(['otlp']);
    expect(config.processors).toStrictEqual({
      // check_interval 1s: the memory limiter README's recommended value (it has no working default, 0s);
      // spike 20% of 1000 MiB (MEMORY_LIMITER_SPIKE_FRACTION, the limiter's own default share).
      memory_limiter: { check_interval: '1s', limit_mib: 1000, spike_limit_mib: 200 },
      batch: { send_batch_size: 100, timeout: '2s', send_batch_max_size: 200 },
    });
    // Our name: the role, so the process's own telemetry tells the roles apart.
    expect(config.service.telemetry.resource).toStrictEqual({ 'service.name': 'jaeger-collector' });
  });
});

describe('buildQueryConfig', () => {
  test("the query-only shape of Jaeger's own config-query.yaml: storage, query, health; nop pipeline", () => {
    const config = query();
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/config-query.yaml: extensions [jaeger_storage, jaeger_query,
    // healthcheckv2]; receivers [nop], exporters [nop]. No processors: nothing flows through the pipeline, so the
    // example's batch would be idle.
    expect(config.service.extensions).toStrictEqual(['jaeger_storage', 'jaeger_query', 'healthcheckv2']);
    expect(config.service.pipelines).toStrictEqual({
      traces: { receivers: ['nop'], processors: [], exporters: ['nop'] },
    });
    expect(config.receivers).toStrictEqual({ nop: {} });
    expect(config.processors).toStrictEqual({});
    expect(config.exporters).toStrictEqual({ nop: {} });
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/config-query.yaml: service.name jaeger-query.
    expect(config.service.telemetry.resource).toStrictEqual({ 'service.name': 'jaeger-query' });
    expect(Object.keys(config.extensions).sort()).toStrictEqual([...config.service.extensions].sort());
    expect(danglingReferences(config)).toStrictEqual([]);
    expect(unknownKeys(config)).toStrictEqual([]);
  });

  test('without an archive backend: one backend, read as traces, no traces_archive', () => {
    const config = query();
    expect(ext(config, 'jaeger_storage')).toStrictEqual({ backends: { primary: BACKEND } });
    expect(ext(config, 'jaeger_query').storage).toStrictEqual({ traces: 'primary' });
  });

  test('with an archive backend: a second backend, read as traces_archive', () => {
    const config = query({ archiveBackend: ARCHIVE });
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/jaegerquery/config.go `traces_archive`.
    expect(ext(config, 'jaeger_storage')).toStrictEqual({ backends: { primary: BACKEND, archive: ARCHIVE } });
    expect(ext(config, 'jaeger_query').storage).toStrictEqual({
      traces: 'primary',
      traces_archive: 'archive',
    });
    expect(danglingReferences(config)).toStrictEqual([]);
  });

  test('base path and UI config file only when given', () => {
    const plain = ext(query(), 'jaeger_query');
    expect(plain).toStrictEqual({
      storage: { traces: 'primary' },
      http: { endpoint: '0.0.0.0:16686' },
      grpc: { endpoint: '0.0.0.0:16685' },
    });
    const set = ext(
      query({ basePath: '/tracing', uiConfigFile: '/etc/jaeger/ui/config.json' }),
      'jaeger_query',
    );
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/jaegerquery/internal/flags.go `base_path`,
    // `ui.config_file`.
    expect(set.base_path).toBe('/tracing');
    expect(set.ui).toStrictEqual({ config_file: '/etc/jaeger/ui/config.json' });
  });
});

describe('buildIngesterConfig', () => {
  test('Kafka in, storage out with retry on; storage and health extensions only', () => {
    const config = ingester();
    // jaegertracing/jaeger@v2.20.0 cmd/jaeger/config-kafka-ingester.yaml: receivers [kafka], exporters
    // [jaeger_storage_exporter]; its jaeger_query is left out (the query role serves reads).
    expect(config.service.extensions).toStrictEqual(['jaeger_storage', 'healthcheckv2']);
    expect(config.service.pipelines).toStrictEqual({
      traces: {
        receivers: ['kafka'],
        processors: LIMITER_THEN_BATCH,
        exporters: ['jaeger_storage_exporter'],
      },
    });
    expect(ext(config, 'jaeger_storage')).toStrictEqual({ backends: { primary: BACKEND } });
    expect(Object.keys(config.receivers)).toStrictEqual(['kafka']);
    expect((config.receivers.kafka as Record<string, unknown>).group_id).toBe('jaeger-ingester');
    expect(config.exporters).toStrictEqual({ jaeger_storage_exporter: STORAGE_EXPORTER });
    // Our name: the role (see the collector's).
    expect(config.service.telemetry.resource).toStrictEqual({ 'service.name': 'jaeger-ingester' });
    expect(Object.keys(config.extensions).sort()).toStrictEqual([...config.service.extensions].sort());
    expect(danglingReferences(config)).toStrictEqual([]);
    expect(unknownKeys(config)).toStrictEqual([]);
  });

  test('marking after the pipeline drops the batch processor: a batch would acknowledge before exporting', () => {
    const config = ingester({ kafka: { ...KAFKA, groupId: 'g', markAfterPipeline: true } });
    expect(config.service.pipelines.traces.processors).toStrictEqual(['memory_limiter']);
    expect(Object.keys(config.processors)).toStrictEqual(['memory_limiter']);
  });
});
