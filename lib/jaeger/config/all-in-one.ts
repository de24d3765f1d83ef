import {
  CONFIG_DIR,
  JAEGER_PORTS,
  batchProcessor,
  healthCheckExtension,
  listen,
  memoryLimiterProcessor,
  otlpReceiver,
  telemetry,
} from './common';
import { JaegerConfig } from './types';
import { addQueryTls } from './roles';

/** The name of the one storage backend of an all-in-one process. */
export const PRIMARY_STORAGE = 'primary';

/** Storage of an all-in-one process. */
export type AllInOneStorageConfig =
  | { readonly kind: 'memory'; readonly maxTraces: number }
  | { readonly kind: 'badger'; readonly directory: string; readonly spanTtl: string };

/** Inputs of {@link buildAllInOneConfig}; the construct resolves them from its props. */
export interface AllInOneConfigOptions {
  readonly storage: AllInOneStorageConfig;
  /** Path of the sampling strategies file inside the container. */
  readonly samplingStrategiesFile: string;
  /** How often Jaeger re-reads the strategies file, e.g. `1m`. */
  readonly samplingReloadInterval: string;
  /** The memory at which the memory limiter refuses data, in MiB. */
  readonly memoryLimitMib: number;
  readonly batch: {
    readonly sendBatchSize: number;
    readonly timeout: string;
    readonly sendBatchMaxSize: number;
  };
  /** UI base path, e.g. `/jaeger`; empty for `/`. */
  readonly basePath: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Directory holding `tls.crt` and `tls.key`: the UI/HTTP API and the gRPC API then serve TLS. */
  readonly tlsDir?: string;
}

function storageBackend(storage: AllInOneStorageConfig): Record<string, unknown> {
  if (storage.kind === 'memory') return { memory: { max_traces: storage.maxTraces } };
  return {
    badger: {
      directories: { keys: `${storage.directory}/keys`, values: `${storage.directory}/values` },
      ephemeral: false,
      ttl: { spans: storage.spanTtl },
    },
  };
}

/**
 * The Jaeger 2.20.0 config of an all-in-one process: OTLP in, memory limiter and batch, one storage backend that
 * the query UI/API reads from, file-based remote sampling, health check and metrics, every server on all
 * interfaces.
 */
export function buildAllInOneConfig(options: AllInOneConfigOptions): JaegerConfig {
  const query: Record<string, unknown> = {
    storage: { traces: PRIMARY_STORAGE },
    http: { endpoint: listen(JAEGER_PORTS.queryHttp) },
    grpc: { endpoint: listen(JAEGER_PORTS.queryGrpc) },
  };
  if (options.basePath !== '') query.base_path = options.basePath;
  addQueryTls(query, options.tlsDir);
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'remote_sampling', 'healthcheckv2'],
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'batch'],
          exporters: ['jaeger_storage_exporter'],
        },
      },
      telemetry: telemetry('jaeger', options.logLevel),
    },
    extensions: {
      jaeger_storage: { backends: { [PRIMARY_STORAGE]: storageBackend(options.storage) } },
      jaeger_query: query,
      remote_sampling: {
        file: { path: options.samplingStrategiesFile, reload_interval: options.samplingReloadInterval },
        http: { endpoint: listen(JAEGER_PORTS.samplingHttp) },
        grpc: { endpoint: listen(JAEGER_PORTS.samplingGrpc) },
      },
      healthcheckv2: healthCheckExtension(),
    },
    receivers: { otlp: otlpReceiver() },
    processors: {
      memory_limiter: memoryLimiterProcessor(options.memoryLimitMib),
      batch: batchProcessor(options.batch),
    },
    exporters: { jaeger_storage_exporter: { trace_storage: PRIMARY_STORAGE } },
  };
}

/** Where the sampling strategies file is mounted. */
export const SAMPLING_DIR = `${CONFIG_DIR}/sampling`;
export const SAMPLING_FILE = 'strategies.json';
