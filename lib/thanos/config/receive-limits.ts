import { stringifyYaml as stringify } from '../../core/manifest-yaml';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';

/**
 * Limits of one remote-write request (thanos-io/thanos@v0.42.4 pkg/receive/limiter_config.go `requestLimitsConfig`:
 * `size_bytes_limit`, `series_limit`, `samples_limit`; 0 or less is unlimited, pkg/receive/request_limiter.go). The
 * size applies to the compressed body and again to the decompressed one (pkg/receive/handler.go `receiveHTTP`); a
 * request over a limit is refused with 413, which Prometheus does not retry.
 */
export interface ReceiveRequestLimits {
  readonly sizeBytes?: number;
  readonly series?: number;
  readonly samples?: number;
}

/** One tenant's limits (`head_series_limit` and `request`); unset fields fall back to the default tenant's. */
export interface ReceiveTenantLimits {
  readonly request?: ReceiveRequestLimits;
  /** Active (head) series the tenant may hold across the hashring. Needs `metaMonitoringUrl`. */
  readonly headSeries?: number;
}

/** The receivers' `--receive.limits-config` (pkg/receive/limiter_config.go `RootLimitsConfig`, key `write`). */
export interface ReceiveLimits {
  /** Concurrent write requests one router handles (`write.global.max_concurrency`; 0 = unlimited). */
  readonly maxConcurrency?: number;
  /**
   * A Prometheus-compatible query API that holds the receivers' own `prometheus_tsdb_head_series` by `tenant`: the
   * head-series limits are enforced only with it (`AreHeadSeriesLimitsConfigured` needs `meta_monitoring_url`).
   */
  readonly metaMonitoringUrl?: string;
  /** Every tenant's limits unless overridden (`write.default`). */
  readonly default?: ReceiveTenantLimits;
  /** Per-tenant overrides by tenant name (`write.tenants`). */
  readonly tenants?: Readonly<Record<string, ReceiveTenantLimits>>;
}

function count(value: unknown, context: ErrorContext, prop: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'must be a whole number of at least 0 (0 is unlimited)',
      value,
      fix: 'give a count, or leave it out to inherit',
    });
  }
  return value;
}

function tenantConfig(
  limits: ReceiveTenantLimits,
  context: ErrorContext,
  prop: string,
): Record<string, unknown> {
  const request = {
    size_bytes_limit: count(limits.request?.sizeBytes, context, `${prop}.request.sizeBytes`),
    series_limit: count(limits.request?.series, context, `${prop}.request.series`),
    samples_limit: count(limits.request?.samples, context, `${prop}.request.samples`),
  };
  const defined = Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined));
  const head = count(limits.headSeries, context, `${prop}.headSeries`);
  return {
    ...(Object.keys(defined).length > 0 ? { request: defined } : {}),
    ...(head !== undefined ? { head_series_limit: head } : {}),
  };
}

/** Renders and checks `--receive.limits-config`. */
export function buildReceiveLimitsConfig(limits: ReceiveLimits, context: ErrorContext, prop: string): string {
  const url = limits.metaMonitoringUrl;
  // An http(s) URL with a host, as pkg/receive/limiter_config.go requires after Go's `url.Parse`, which also refuses
  // ASCII control characters (net/url `stringContainsCTLByte`: below 0x20, and 0x7f).
  if (
    url !== undefined &&
    // eslint-disable-next-line no-control-regex -- the control characters are what it refuses
    !/^https?:\/\/[^/:\s\x00-\x1f\x7f]+(:[0-9]+)?(\/[^\s\x00-\x1f\x7f]*)?$/.test(url)
  ) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.metaMonitoringUrl`,
      problem: 'must be an http(s) URL with a host (Thanos refuses one without scheme or host)',
      value: url,
      fix: "e.g. 'http://thanos-query.monitoring.svc.cluster.local:10902'",
    });
  }
  const tenants = Object.entries(limits.tenants ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const withHead = [
    ...(limits.default?.headSeries ? ['default'] : []),
    ...tenants.filter(([, t]) => t.headSeries).map(([name]) => `tenants.${name}`),
  ];
  if (url === undefined && withHead.length > 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: `${prop}.${withHead[0]}.headSeries`,
      problem:
        'is ignored by Thanos without a meta-monitoring URL to read the head series from (pkg/receive/limiter_config.go AreHeadSeriesLimitsConfigured)',
      value: withHead,
      fix: `set ${prop}.metaMonitoringUrl to a query API holding the receivers' prometheus_tsdb_head_series, or drop headSeries`,
    });
  }
  return stringify(
    {
      write: {
        global: {
          max_concurrency: count(limits.maxConcurrency ?? 0, context, `${prop}.maxConcurrency`),
          ...(url !== undefined ? { meta_monitoring_url: url } : {}),
        },
        default: tenantConfig(limits.default ?? {}, context, `${prop}.default`),
        ...(tenants.length > 0
          ? {
              tenants: Object.fromEntries(
                tenants.map(([name, t]) => [name, tenantConfig(t, context, `${prop}.tenants.${name}`)]),
              ),
            }
          : {}),
      },
    },
    { lineWidth: 0 },
  );
}
