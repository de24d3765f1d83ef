import {
  JAEGER_PORTS,
  batchProcessor,
  healthCheckExtension,
  listen,
  memoryLimiterProcessor,
  otlpReceiver,
  telemetry,
} from './common';
import { KafkaClientOptions, KafkaReceiverOptions, kafkaExporter, kafkaReceiver } from './kafka';
import { JaegerConfig } from './types';

/** Names of the storage backends in role configs. */
export const STORAGE_NAMES = { primary: 'primary', archive: 'archive' } as const;

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
type Batch = { readonly sendBatchSize: number; readonly timeout: string; readonly sendBatchMaxSize: number };

/** The storage exporter: writes to the primary backend, retrying while the storage is unavailable. */
function storageExporter(): Record<string, unknown> {
  return { trace_storage: STORAGE_NAMES.primary, retry_on_failure: { enabled: true } };
}

/** Inputs of {@link buildCollectorConfig}. */
export interface CollectorConfigOptions {
  /** Where spans go: the storage backend (direct) or a Kafka topic (buffered). */
  readonly output:
    | { readonly kind: 'storage'; readonly backend: Record<string, unknown> }
    | { readonly kind: 'kafka'; readonly kafka: KafkaClientOptions };
  readonly samplingStrategiesFile: string;
  readonly samplingReloadInterval: string;
  readonly memoryLimitMib: number;
  readonly batch: Batch;
  readonly logLevel: LogLevel;
}

/**
 * The write side: OTLP in, memory limiter and batch, out to storage or Kafka; remote sampling from a strategies
 * file; no query API.
 */
export function buildCollectorConfig(options: CollectorConfigOptions): JaegerConfig {
  const toStorage = options.output.kind === 'storage';
  const extensions: Record<string, unknown> = {};
  if (options.output.kind === 'storage') {
    extensions.jaeger_storage = { backends: { [STORAGE_NAMES.primary]: options.output.backend } };
  }
  extensions.remote_sampling = {
    file: { path: options.samplingStrategiesFile, reload_interval: options.samplingReloadInterval },
    http: { endpoint: listen(JAEGER_PORTS.samplingHttp) },
    grpc: { endpoint: listen(JAEGER_PORTS.samplingGrpc) },
  };
  extensions.healthcheckv2 = healthCheckExtension();
  return {
    service: {
      extensions: Object.keys(extensions),
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'batch'],
          exporters: [toStorage ? 'jaeger_storage_exporter' : 'kafka'],
        },
      },
      telemetry: telemetry('jaeger-collector', options.logLevel),
    },
    extensions,
    receivers: { otlp: otlpReceiver() },
    processors: {
      memory_limiter: memoryLimiterProcessor(options.memoryLimitMib),
      batch: batchProcessor(options.batch),
    },
    exporters:
      options.output.kind === 'storage'
        ? { jaeger_storage_exporter: storageExporter() }
        : { kafka: kafkaExporter(options.output.kafka) },
  };
}

/** Inputs of {@link buildQueryConfig}. */
export interface QueryConfigOptions {
  readonly backend: Record<string, unknown>;
  /** A second backend the UI archives traces to. */
  readonly archiveBackend?: Record<string, unknown>;
  /** UI base path; empty for `/`. */
  readonly basePath: string;
  /** Path of the UI config file (JSON), when the UI is configured. */
  readonly uiConfigFile?: string;
  readonly logLevel: LogLevel;
  /** Directory holding `tls.crt` and `tls.key`: the UI/HTTP API and the gRPC API then serve TLS. */
  readonly tlsDir?: string;
}

/**
 * The read side: the query UI and API over the storage, no span intake. A collector config needs a pipeline, so
 * the query runs the no-op receiver and exporter, as Jaeger's own query-only config does.
 */
export function buildQueryConfig(options: QueryConfigOptions): JaegerConfig {
  const backends: Record<string, unknown> = { [STORAGE_NAMES.primary]: options.backend };
  const storage: Record<string, string> = { traces: STORAGE_NAMES.primary };
  if (options.archiveBackend) {
    backends[STORAGE_NAMES.archive] = options.archiveBackend;
    storage.traces_archive = STORAGE_NAMES.archive;
  }
  const query: Record<string, unknown> = {
    storage,
    http: { endpoint: listen(JAEGER_PORTS.queryHttp) },
    grpc: { endpoint: listen(JAEGER_PORTS.queryGrpc) },
  };
  if (options.basePath !== '') query.base_path = options.basePath;
  addQueryTls(query, options.tlsDir);
  if (options.uiConfigFile) query.ui = { config_file: options.uiConfigFile };
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['nop'], processors: [], exporters: ['nop'] } },
      telemetry: telemetry('jaeger-query', options.logLevel),
    },
    extensions: {
      jaeger_storage: { backends },
      jaeger_query: query,
      healthcheckv2: healthCheckExtension(),
    },
    receivers: { nop: {} },
    processors: {},
    exporters: { nop: {} },
  };
}

/** Inputs of {@link buildIngesterConfig}. */
export interface IngesterConfigOptions {
  readonly backend: Record<string, unknown>;
  readonly kafka: KafkaReceiverOptions;
  readonly memoryLimitMib: number;
  readonly batch: Batch;
  readonly logLevel: LogLevel;
}

/**
 * Kafka in, storage out. With `markAfterPipeline`: no batch processor (a batch would acknowledge messages before they are
 * exported) and offsets marked after the pipeline returned. Jaeger's search-engine writer still returns before its
 * bulk indexer has written anything (jaegertracing/jaeger@v2.20.0 internal/storage/v2/elasticsearch/tracestore/core/
 * writer.go), so this covers ingester crashes before the hand-off, not storage failures.
 */
export function buildIngesterConfig(options: IngesterConfigOptions): JaegerConfig {
  const processors: Record<string, unknown> = {
    memory_limiter: memoryLimiterProcessor(options.memoryLimitMib),
  };
  if (!options.kafka.markAfterPipeline) processors.batch = batchProcessor(options.batch);
  return {
    service: {
      extensions: ['jaeger_storage', 'healthcheckv2'],
      pipelines: {
        traces: {
          receivers: ['kafka'],
          processors: Object.keys(processors),
          exporters: ['jaeger_storage_exporter'],
        },
      },
      telemetry: telemetry('jaeger-ingester', options.logLevel),
    },
    extensions: {
      jaeger_storage: { backends: { [STORAGE_NAMES.primary]: options.backend } },
      healthcheckv2: healthCheckExtension(),
    },
    receivers: { kafka: kafkaReceiver(options.kafka) },
    processors,
    exporters: { jaeger_storage_exporter: storageExporter() },
  };
}

/**
 * TLS on `jaeger_query`'s servers: `http` and `grpc` are OTel confighttp/configgrpc ServerConfigs whose `tls` is a
 * configtls.ServerConfig (`cert_file`, `key_file`) (jaegertracing/jaeger@v2.20.0
 * cmd/jaeger/internal/extension/jaegerquery/internal/flags.go `QueryOptions.HTTP`/`GRPC`;
 * open-telemetry/opentelemetry-collector config/confighttp/server.go `ServerConfig.TLS`, read unpinned; the go.mod
 * pins confighttp v0.155.0 and configtls v1.61.0). TLS needs the separate HTTP and gRPC ports used here
 * (jaeger@v2.20.0 cmd/jaeger/internal/extension/jaegerquery/internal/server.go `NewServer`).
 */
export function addQueryTls(query: Record<string, unknown>, tlsDir: string | undefined): void {
  if (tlsDir === undefined) return;
  const tls = { cert_file: `${tlsDir}/tls.crt`, key_file: `${tlsDir}/tls.key` };
  query.http = { ...(query.http as object), tls };
  query.grpc = { ...(query.grpc as object), tls };
}
