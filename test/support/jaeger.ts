import { JaegerConfig } from '../../lib/jaeger';

/** A leaf key: any scalar or list value. */
const LEAF = true;
/** Any key under this node (names the user chooses: storage backends, pipelines). */
const ANY_NAME = '*';

type KeyTree = { readonly [key: string]: KeyTree | typeof LEAF };

const SERVER = { endpoint: LEAF } as const;
/**
 * jaeger_query's `http`/`grpc` servers with TLS: confighttp/configgrpc `ServerConfig.tls` is a configtls.ServerConfig
 * with `cert_file`/`key_file` (jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/jaegerquery/internal/
 * flags.go; open-telemetry/opentelemetry-collector config/confighttp/server.go, read unpinned).
 */
const QUERY_SERVER = { endpoint: LEAF, tls: { cert_file: LEAF, key_file: LEAF } } as const;
const TLS_CLIENT = {
  ca_file: LEAF,
  cert_file: LEAF,
  key_file: LEAF,
  insecure: LEAF,
  server_name_override: LEAF,
} as const;
const RELOADING_FILE = { file_path: LEAF, from_context: LEAF, reload_interval: LEAF } as const;
/**
 * One index's options: jaegertracing/jaeger@v2.20.0 internal/storage/elasticsearch/config/config.go (IndexOptions,
 * with the legacy `date_layout`/`rollover_frequency` beside `rotation`) and config_rotation.go (the four rotations).
 */
const INDEX = {
  shards: LEAF,
  replicas: LEAF,
  priority: LEAF,
  date_layout: LEAF,
  rollover_frequency: LEAF,
  rotation: {
    periodic: { date_layout: LEAF, rollover_frequency: LEAF },
    manual_rollover: { read_alias: LEAF, write_alias: LEAF },
    auto_rollover: { read_alias: LEAF, write_alias: LEAF, policy_name: LEAF },
    data_stream: { policy_name: LEAF, policy_file: LEAF, read_alias: LEAF },
  },
} as const;
/** Basic, bearer-token and API-key authentication of the search backends (escfg.Authentication). */
const SEARCH_AUTH = {
  basic: { username: LEAF, password: LEAF, password_file: LEAF, reload_interval: LEAF },
  bearer_token: RELOADING_FILE,
  api_key: RELOADING_FILE,
} as const;
/** The Elasticsearch/OpenSearch backend (one struct for both engines). */
const SEARCH_BACKEND: KeyTree = {
  server_urls: LEAF,
  auth: SEARCH_AUTH,
  tls: TLS_CLIENT,
  indices: { index_prefix: LEAF, spans: INDEX, services: INDEX, dependencies: INDEX, sampling: INDEX },
  create_mappings: LEAF,
  max_span_age: LEAF,
  max_doc_count: LEAF,
  bulk_processing: { max_bytes: LEAF, workers: LEAF, flush_interval: LEAF },
};
const RETRY = {
  enabled: LEAF,
  initial_interval: LEAF,
  randomization_factor: LEAF,
  multiplier: LEAF,
  max_interval: LEAF,
  max_elapsed_time: LEAF,
} as const;
/** Kafka client keys shared by the contrib exporter and receiver. */
const KAFKA_CLIENT = {
  brokers: LEAF,
  protocol_version: LEAF,
  client_id: LEAF,
  tls: TLS_CLIENT,
  auth: { sasl: { username: LEAF, password: LEAF, mechanism: LEAF } },
} as const;

/**
 * The configuration keys Jaeger 2.20.0 accepts, for the components this library writes. Facts from Jaeger's
 * config structs at 2.20.0 (`jaeger_query`, `jaeger_storage` memory and badger, `remote_sampling`,
 * `jaeger_storage_exporter`) and the OpenTelemetry collector components it bundles (`otlp` receiver, `batch`,
 * `memory_limiter`, `healthcheckv2`, `service.telemetry`). A key outside this tree makes Jaeger refuse to start.
 */
export const JAEGER_2_20_KEYS: KeyTree = {
  service: {
    extensions: LEAF,
    pipelines: { [ANY_NAME]: { receivers: LEAF, processors: LEAF, exporters: LEAF } },
    telemetry: {
      resource: { [ANY_NAME]: LEAF },
      // The Prometheus reader's naming switches: open-telemetry/opentelemetry-collector@v0.155.0
      // service/telemetry/otelconftelemetry/internal/migration/testdata/v0.3.0_metrics_prom_explicit.yaml.
      metrics: {
        level: LEAF,
        readers: {
          pull: {
            exporter: {
              prometheus: {
                host: LEAF,
                port: LEAF,
                without_type_suffix: LEAF,
                without_units: LEAF,
                without_scope_info: LEAF,
              },
            },
          },
        },
      },
      logs: { level: LEAF },
    },
  },
  extensions: {
    healthcheckv2: {
      use_v2: LEAF,
      http: { endpoint: LEAF, status: { enabled: LEAF, path: LEAF }, config: { enabled: LEAF, path: LEAF } },
      grpc: SERVER,
    },
    jaeger_query: {
      storage: { traces: LEAF, traces_archive: LEAF, metrics: LEAF },
      base_path: LEAF,
      ui: { config_file: LEAF, assets_path: LEAF, log_access: LEAF },
      bearer_token_propagation: LEAF,
      max_clock_skew_adjust: LEAF,
      max_trace_size: LEAF,
      enable_tracing: LEAF,
      http: QUERY_SERVER,
      grpc: QUERY_SERVER,
      // jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/jaegerquery/internal/flags.go (AIConfig,
      // OTLPProxyConfig).
      ai: { agent_url: LEAF, enable_mcp: LEAF },
      otlp_proxy: { target: LEAF },
    },
    jaeger_storage: {
      backends: {
        [ANY_NAME]: {
          memory: { max_traces: LEAF },
          elasticsearch: SEARCH_BACKEND,
          opensearch: SEARCH_BACKEND,
          badger: {
            directories: { keys: LEAF, values: LEAF },
            ephemeral: LEAF,
            ttl: { spans: LEAF },
            consistency: LEAF,
            maintenance_interval: LEAF,
            metrics_update_interval: LEAF,
            read_only: LEAF,
          },
        },
      },
      // jaegertracing/jaeger@v2.20.0 cmd/internal/storageconfig/config.go (MetricBackend; prometheus from
      // internal/config/promcfg/config.go, squashed, plus `auth`). ClickHouse is out of scope (see below).
      metric_backends: {
        [ANY_NAME]: {
          prometheus: {
            endpoint: LEAF,
            connect_timeout: LEAF,
            tls: TLS_CLIENT,
            token_file_path: LEAF,
            token_override_from_context: LEAF,
            metric_namespace: LEAF,
            latency_unit: LEAF,
            normalize_calls: LEAF,
            normalize_duration: LEAF,
            extra_query_parameters: LEAF,
            auth: SEARCH_AUTH,
          },
          elasticsearch: SEARCH_BACKEND,
          opensearch: SEARCH_BACKEND,
        },
      },
    },
    remote_sampling: {
      file: { path: LEAF, reload_interval: LEAF, default_sampling_probability: LEAF },
      // jaegertracing/jaeger@v2.20.0 cmd/jaeger/internal/extension/remotesampling/config.go (AdaptiveConfig) with
      // internal/sampling/samplingstrategy/adaptive/options.go squashed in.
      adaptive: {
        sampling_store: LEAF,
        target_samples_per_second: LEAF,
        delta_tolerance: LEAF,
        calculation_interval: LEAF,
        aggregation_buckets: LEAF,
        calculation_buckets: LEAF,
        calculation_delay: LEAF,
        initial_sampling_probability: LEAF,
        min_sampling_probability: LEAF,
        min_samples_per_second: LEAF,
        leader_lease_refresh_interval: LEAF,
        follower_lease_refresh_interval: LEAF,
      },
      http: SERVER,
      grpc: SERVER,
    },
  },
  receivers: {
    otlp: { protocols: { grpc: SERVER, http: SERVER } },
    nop: {},
    kafka: {
      ...KAFKA_CLIENT,
      traces: { topics: LEAF, encoding: LEAF },
      group_id: LEAF,
      initial_offset: LEAF,
      message_marking: { after: LEAF, on_error: LEAF, on_permanent_error: LEAF },
      error_backoff: {
        enabled: LEAF,
        initial_interval: LEAF,
        max_interval: LEAF,
        multiplier: LEAF,
        randomization_factor: LEAF,
        max_elapsed_time: LEAF,
      },
    },
  },
  processors: {
    batch: { send_batch_size: LEAF, timeout: LEAF, send_batch_max_size: LEAF },
    memory_limiter: {
      check_interval: LEAF,
      limit_mib: LEAF,
      spike_limit_mib: LEAF,
      limit_percentage: LEAF,
      spike_limit_percentage: LEAF,
    },
  },
  exporters: {
    jaeger_storage_exporter: { trace_storage: LEAF, retry_on_failure: RETRY },
    nop: {},
    kafka: {
      ...KAFKA_CLIENT,
      traces: { topic: LEAF, encoding: LEAF },
      partition_traces_by_id: LEAF,
      producer: { required_acks: LEAF, compression: LEAF, max_message_bytes: LEAF },
      retry_on_failure: RETRY,
    },
  },
};

/** Every key path of `value` that is not in `tree`. Lists of objects are walked element by element. */
export function unknownKeys(value: unknown, tree: KeyTree = JAEGER_2_20_KEYS, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => unknownKeys(v, tree, path));
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const node = tree[key] ?? tree[ANY_NAME];
    const at = path === '' ? key : `${path}.${key}`;
    if (node === undefined) out.push(at);
    else if (node !== LEAF) out.push(...unknownKeys(child, node, at));
  }
  return out;
}

/**
 * Internal consistency of a Jaeger config: every component a pipeline names is defined, every extension the
 * service enables is defined, every storage name referenced is a backend.
 */
export function danglingReferences(config: JaegerConfig): string[] {
  const problems: string[] = [];
  for (const [name, pipeline] of Object.entries(config.service.pipelines)) {
    for (const r of pipeline.receivers) if (!(r in config.receivers)) problems.push(`${name}: receiver ${r}`);
    for (const p of pipeline.processors)
      if (!(p in config.processors)) problems.push(`${name}: processor ${p}`);
    for (const e of pipeline.exporters) if (!(e in config.exporters)) problems.push(`${name}: exporter ${e}`);
  }
  for (const e of config.service.extensions) if (!(e in config.extensions)) problems.push(`extension ${e}`);
  const backends = Object.keys(
    ((config.extensions.jaeger_storage as { backends?: object } | undefined)?.backends ?? {}) as object,
  );
  const refs: string[] = [];
  const query = config.extensions.jaeger_query as { storage?: Record<string, string> } | undefined;
  // `storage.metrics` names a metric backend, not a trace backend.
  if (query?.storage?.traces) refs.push(query.storage.traces);
  if (query?.storage?.traces_archive) refs.push(query.storage.traces_archive);
  const exporter = config.exporters.jaeger_storage_exporter as { trace_storage?: string } | undefined;
  if (exporter?.trace_storage) refs.push(exporter.trace_storage);
  for (const ref of refs) if (!backends.includes(ref)) problems.push(`storage ${ref}`);
  return problems;
}
