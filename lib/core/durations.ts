import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';

const GO = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const PROMETHEUS = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;

/** Checks a Go `time.Duration` string (`30s`, `1h30m`; no days). */
export function checkGoDuration(value: string, context: ErrorContext, prop: string): string {
  if (!GO.test(value)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'is not a Go duration',
      value,
      fix: "write a number with a unit (ms, s, m, h), e.g. '30s', '5m' or '24h'",
    });
  }
  return value;
}

/**
 * Checks a Prometheus duration (`model.Duration`: units y, w, d, h, m, s, ms, largest first, e.g. `15d`, `1h30m`),
 * which Prometheus and Thanos use for retention and scrape settings. `0` alone is allowed.
 */
export function checkPrometheusDuration(value: string, context: ErrorContext, prop: string): string {
  if (value === '' || (value !== '0' && !PROMETHEUS.test(value))) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'is not a Prometheus duration',
      value,
      fix: "write a number with a unit (ms, s, m, h, d, w, y), largest unit first, e.g. '30s', '15d' or '1y'",
    });
  }
  return value;
}
