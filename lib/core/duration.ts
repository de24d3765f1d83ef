import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_DURATION = /^(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$/;
const PROMETHEUS = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;
const PART = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g;

/**
 * Parses a Go duration (`6h`, `1h30m`, `90s`) into milliseconds. Go has no day unit: write days as hours (`48h`).
 * Zero and negative durations are rejected: every duration the library takes is a window or an interval.
 */
export function parseDuration(value: string, context: ErrorContext, prop: string): number {
  const ms = GO_DURATION.test(value)
    ? [...value.matchAll(PART)].reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit as string], 0)
    : NaN;
  if (!(ms > 0)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'is not a positive Go duration',
      value,
      fix: "write a number with a unit (ms, s, m, h), e.g. '90s', '1h30m' or '48h' for two days",
    });
  }
  return ms;
}

/** Checks a Go `time.Duration` string (`30s`, `1h30m`; no days). */
export function checkGoDuration(value: string, context: ErrorContext, prop: string): string {
  if (!GO_DURATION.test(value)) {
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
