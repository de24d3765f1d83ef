import { ListenAddress, TelemetryConfig } from './types';

/**
 * Ports of Jaeger 2.20.0. Receivers and the health check bind to localhost unless told otherwise, so every
 * endpoint this library writes names its host explicitly.
 */
export const JAEGER_PORTS = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  queryHttp: 16686,
  queryGrpc: 16685,
  samplingHttp: 5778,
  samplingGrpc: 5779,
  metrics: 8888,
  health: 13133,
} as const;

/** Jaeger's images run as this UID (`jaegertracing/jaeger` and its index tools). */
export const JAEGER_UID = 10001;

/** The address every Jaeger server binds to in a pod: all interfaces. */
export const LISTEN_HOST = '0.0.0.0';

/** The path of the `healthcheckv2` status endpoint (v2 mode). 200 when running, 503 while starting or stopping. */
export const HEALTH_STATUS_PATH = '/status';

/** Where the config file is mounted in every Jaeger container. */
export const CONFIG_DIR = '/etc/jaeger';
export const CONFIG_FILE = 'config.yaml';

/** Renders `host:port`. */
export function listen(port: number, host: string = LISTEN_HOST): string {
  return `${host}:${port}`;
}

/** Parses `host:port` back; the config object is the source of ports, so this is how ports are derived. */
export function parseListen(endpoint: string): ListenAddress {
  const at = endpoint.lastIndexOf(':');
  return { host: endpoint.slice(0, at), port: Number(endpoint.slice(at + 1)) };
}

/**
 * How the collector names its metrics for Prometheus, written out because its default moved: up to
 * v0.151 an explicit reader without these keys added `_total` to counters; from v0.152 the collector fills in
 * `without_type_suffix: true` and drops it (open-telemetry/opentelemetry-collector@v0.155.0, the version Jaeger
 * v2.20.0's go.mod pins: service/telemetry/otelconftelemetry/internal/migration/v0.3.0.go applyPrometheusDefaults;
 * CHANGELOG.md v0.152.0 #13867). Counters keep `_total` (what Prometheus conventions, Jaeger's own mixin
 * monitoring/jaeger-mixin/dashboard-for-grafana.json and this library's rules use); units and scope info stay out
 * as the collector's defaults have them (`{span}` would otherwise become a suffix).
 */
export const PROMETHEUS_NAMING = {
  without_type_suffix: false,
  without_units: true,
  without_scope_info: true,
} as const;

/** `service.telemetry`: metrics pulled by Prometheus on 8888 on all interfaces, logs at the given level. */
export function telemetry(serviceName: string, logLevel: TelemetryConfig['logs']['level']): TelemetryConfig {
  return {
    resource: { 'service.name': serviceName },
    metrics: {
      level: 'detailed',
      readers: [
        {
          pull: {
            exporter: { prometheus: { host: LISTEN_HOST, port: JAEGER_PORTS.metrics, ...PROMETHEUS_NAMING } },
          },
        },
      ],
    },
    logs: { level: logLevel },
  };
}

/** The `healthcheckv2` extension in v2 mode, its HTTP status endpoint on all interfaces. */
export function healthCheckExtension(): Record<string, unknown> {
  return {
    use_v2: true,
    http: {
      endpoint: listen(JAEGER_PORTS.health),
      status: { enabled: true, path: HEALTH_STATUS_PATH },
    },
  };
}

/** The OTLP receiver on gRPC 4317 and HTTP 4318, both on all interfaces. */
export function otlpReceiver(): Record<string, unknown> {
  return {
    protocols: {
      grpc: { endpoint: listen(JAEGER_PORTS.otlpGrpc) },
      http: { endpoint: listen(JAEGER_PORTS.otlpHttp) },
    },
  };
}

/** The reference design's batch settings. */
export const DEFAULT_BATCH = { sendBatchSize: 1024, timeout: '5s', sendBatchMaxSize: 2048 } as const;

/** The `batch` processor. */
export function batchProcessor(batch: {
  readonly sendBatchSize: number;
  readonly timeout: string;
  readonly sendBatchMaxSize: number;
}): Record<string, unknown> {
  return {
    send_batch_size: batch.sendBatchSize,
    timeout: batch.timeout,
    send_batch_max_size: batch.sendBatchMaxSize,
  };
}

/** Share of the memory limit the limiter keeps for spikes. */
export const MEMORY_LIMITER_SPIKE_FRACTION = 0.2;

/**
 * The `memory_limiter` processor, from the memory the container is given: it refuses data at `limitMib` (the
 * container's memory request; the reference design: 1024 MiB for a 1 Gi collector) and starts garbage collection 20%
 * below. The container's memory limit sits above the request, so the limiter acts before the kernel's OOM killer.
 */
export function memoryLimiterProcessor(limitMib: number): Record<string, unknown> {
  return {
    check_interval: '1s',
    limit_mib: limitMib,
    spike_limit_mib: Math.floor(limitMib * MEMORY_LIMITER_SPIKE_FRACTION),
  };
}
