import { ResolvedMetricsLoad } from '../../capacity';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';
import { DEFAULT_REMOTE_WRITE_QUEUE } from '../../prometheus';
import { ReceiveLimits, ReceiveTenantLimits } from '../../thanos';

/**
 * How far a request may exceed the application clusters' remote-write batch before the receivers refuse it: twice.
 * Prometheus sends at most `max_samples_per_send` samples per request (2000: prometheus/prometheus@v3.14.0
 * config/config.go `DefaultQueueConfig.MaxSamplesPerSend`, which DEFAULT_REMOTE_WRITE_QUEUE keeps), so a request
 * carries at most that many series and samples; metadata goes in requests of its own (`DefaultMetadataConfig`, also
 * 2000). The headroom covers a writer tuned up to twice the batch.
 */
export const REQUEST_LIMIT_HEADROOM = 2;
/**
 * Uncompressed bytes of one series entry of a remote-write request (its labels and one sample). Assumption, not a
 * measurement: 2 KiB, generous for Kubernetes series (tens of labels of tens of bytes). The receivers check the size of
 * the decompressed body too (thanos-io/thanos@v0.42.4 pkg/receive/handler.go).
 */
export const REMOTE_WRITE_BYTES_PER_SERIES = 2048;
/**
 * Head-series headroom of a tenant over what the capacity model expects of it: 1.5 (assumption: churn and growth
 * between two reviews of the sizing). The receivers count a tenant's head series summed over every ingestor, so each
 * replicated copy counts: the limit is active series × Prometheus writers × replication factor × this.
 */
export const HEAD_SERIES_HEADROOM = 1.5;
/**
 * Seconds one write request is in flight: 0.1, the "average of 100ms remote write time" prometheus/prometheus@v3.14.0
 * config/config.go assumes for its queue defaults. With twice the requests a router receives per second times this,
 * the write gate (`max_concurrency`) never queues at the modelled load.
 */
export const REMOTE_WRITE_SECONDS_PER_REQUEST = 0.1;

/** The fleet's receive limits: the model's defaults, with overrides. */
export interface FleetReceiveLimits {
  /**
   * A query API holding the receivers' `prometheus_tsdb_head_series` by `tenant` (a Prometheus that scrapes them);
   * the head-series limits are written only with it, since Thanos ignores them without. @default none
   */
  readonly metaMonitoringUrl?: string;
  /** @default from the model (see REQUEST_LIMIT_HEADROOM and REMOTE_WRITE_SECONDS_PER_REQUEST) */
  readonly maxConcurrency?: number;
  /** Replaces the model's default limits field by field. @default the model's */
  readonly default?: ReceiveTenantLimits;
  /** Per-tenant overrides, by application cluster name (the tenant each cluster writes as). @default none */
  readonly tenants?: Readonly<Record<string, ReceiveTenantLimits>>;
}

/**
 * The receive limits of one hashring serving `clusters` application clusters through `routers` routers, derived from
 * the capacity model's load; `tenants` are the names the writers use (their cluster names).
 */
export function fleetReceiveLimits(
  load: ResolvedMetricsLoad,
  scope: { readonly clusters: number; readonly routers: number; readonly tenants: readonly string[] },
  options: FleetReceiveLimits,
  context: ErrorContext,
): ReceiveLimits {
  const batch = DEFAULT_REMOTE_WRITE_QUEUE.maxSamplesPerSend ?? 2000;
  const perRequest = batch * REQUEST_LIMIT_HEADROOM;
  const samplesPerSecond =
    (load.activeSeriesPerCluster * scope.clusters * load.prometheusReplicas) / load.scrapeIntervalSeconds;
  const requestsPerSecond = samplesPerSecond / scope.routers / batch;
  const maxConcurrency = Math.ceil(
    requestsPerSecond * REMOTE_WRITE_SECONDS_PER_REQUEST * REQUEST_LIMIT_HEADROOM,
  );
  const headSeries = Math.ceil(
    load.activeSeriesPerCluster *
      load.prometheusReplicas *
      load.receiveReplicationFactor *
      HEAD_SERIES_HEADROOM,
  );
  checkReceiveLimitTenants(options, scope.tenants, context);
  const withMeta = options.metaMonitoringUrl !== undefined;
  return {
    maxConcurrency: options.maxConcurrency ?? maxConcurrency,
    metaMonitoringUrl: options.metaMonitoringUrl,
    default: {
      request: {
        sizeBytes: perRequest * REMOTE_WRITE_BYTES_PER_SERIES,
        series: perRequest,
        samples: perRequest,
        ...options.default?.request,
      },
      ...(withMeta ? { headSeries } : {}),
      ...(options.default?.headSeries !== undefined ? { headSeries: options.default.headSeries } : {}),
    },
    tenants: options.tenants,
  };
}

/** Per-tenant overrides must name tenants that write: the application clusters. */
export function checkReceiveLimitTenants(
  options: FleetReceiveLimits | false | undefined,
  tenants: readonly string[],
  context: ErrorContext,
): void {
  if (options === false || options === undefined) return;
  const known = new Set(tenants);
  for (const tenant of Object.keys(options.tenants ?? {})) {
    if (!known.has(tenant)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.DANGLING_REFERENCE,
        prop: `receiveLimits.tenants.${tenant}`,
        problem: 'names no application cluster of the fleet, so no writer uses that tenant',
        value: tenant,
        fix: `use a cluster name, e.g. '${tenants[0] ?? 'cluster-001'}'`,
      });
    }
  }
}
