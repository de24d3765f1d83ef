// `--receive.limits-config` at its edges: the exact file text (keys present only when set, tenants in name order,
// long lines kept whole), every count's prop in its error, the head-series rule for the default tenant, and the
// meta-monitoring URL pattern at both ends. Written from the surviving mutants of the first mutation run of
// lib/thanos/config (issue #18). Field names: thanos-io/thanos@v0.42.4 pkg/receive/limiter_config.go
// (`write.global.max_concurrency`, `meta_monitoring_url`, `default`, `tenants`, `request.size_bytes_limit`,
// `series_limit`, `samples_limit`, `head_series_limit`).
import { ErrorCode } from '../../lib/core';
import { buildReceiveLimitsConfig } from '../../lib/thanos/config';
import { expectConstructError } from '../support/errors';

const ctx = { construct: 'Test', path: 't' };
const build = (limits: unknown) => buildReceiveLimitsConfig(limits as never, ctx, 'limits');
const COUNT =
  'must be a whole number of at least 0 (0 is unlimited) (got %s); give a count, or leave it out to inherit';
const countError = (prop: string, got: string) => `Test 't': '${prop}' ${COUNT.replace('%s', got)}`;
const URL_PROBLEM =
  "must be an http(s) URL with a host (Thanos refuses one without scheme or host) (got %s); e.g. 'http://thanos-query.monitoring.svc.cluster.local:10902'";
const urlError = (got: string) => `Test 't': 'limits.metaMonitoringUrl' ${URL_PROBLEM.replace('%s', got)}`;

describe('the limits file text', () => {
  test('no limits: unlimited concurrency (0, limiter_config.go), an empty default, no tenants and no URL', () => {
    expect(build({})).toBe(['write:', '  global:', '    max_concurrency: 0', '  default: {}', ''].join('\n'));
  });

  test('a default request limit without a head-series limit, tenants in name order whatever the order given', () => {
    expect(
      build({
        default: { request: { series: 1000 } },
        tenants: { zeta: { request: { samples: 5 } }, alpha: { request: { sizeBytes: 1024 } } },
      }),
    ).toBe(
      [
        'write:',
        '  global:',
        '    max_concurrency: 0',
        '  default:',
        '    request:',
        '      series_limit: 1000',
        '  tenants:',
        '    alpha:',
        '      request:',
        '        size_bytes_limit: 1024',
        '    zeta:',
        '      request:',
        '        samples_limit: 5',
        '',
      ].join('\n'),
    );
  });

  test('a long meta-monitoring URL that YAML must quote stays on one line', () => {
    // A path ending in ':' is a valid URL (Go's net/url parses it) that YAML cannot write plain; the yaml library
    // folds a quoted scalar at 80 columns unless told not to.
    const url = 'http://thanos-query-frontend.observability-global.svc.cluster.local:10902/api/v1:';
    expect(build({ metaMonitoringUrl: url })).toBe(
      [
        'write:',
        '  global:',
        '    max_concurrency: 0',
        `    meta_monitoring_url: "${url}"`,
        '  default: {}',
        '',
      ].join('\n'),
    );
  });
});

describe('counts name their own prop', () => {
  test.each([
    [{ default: { request: { sizeBytes: -1 } } }, 'limits.default.request.sizeBytes', '-1'],
    [{ default: { request: { series: 1.5 } } }, 'limits.default.request.series', '1.5'],
    [{ default: { request: { samples: '10' } } }, 'limits.default.request.samples', '"10"'],
    [{ metaMonitoringUrl: 'http://q:9090', default: { headSeries: -5 } }, 'limits.default.headSeries', '-5'],
    [{ maxConcurrency: -1 }, 'limits.maxConcurrency', '-1'],
    [{ tenants: { acme: { request: { series: 0.5 } } } }, 'limits.tenants.acme.request.series', '0.5'],
  ])('%j is refused as %s', (limits, prop, got) => {
    expectConstructError(() => build(limits), countError(prop, got), ErrorCode.INVALID_VALUE);
  });
});

describe('head-series limits need the meta-monitoring URL', () => {
  const HEAD =
    "is ignored by Thanos without a meta-monitoring URL to read the head series from (pkg/receive/limiter_config.go AreHeadSeriesLimitsConfigured) (got %s); set limits.metaMonitoringUrl to a query API holding the receivers' prometheus_tsdb_head_series, or drop headSeries";

  test("on the default tenant (limiter_config.go AreHeadSeriesLimitsConfigured reads the default's limit too)", () => {
    expectConstructError(
      () => build({ default: { headSeries: 1000 } }),
      `Test 't': 'limits.default.headSeries' ${HEAD.replace('%s', '["default"]')}`,
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('on tenants: the first by name is named, every one is listed', () => {
    expectConstructError(
      () => build({ tenants: { zeta: { headSeries: 1 }, alpha: { headSeries: 2 } } }),
      `Test 't': 'limits.tenants.alpha.headSeries' ${HEAD.replace('%s', '["tenants.alpha","tenants.zeta"]')}`,
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});

describe('the meta-monitoring URL', () => {
  // pkg/receive/limiter_config.go parses it with Go's url.Parse and refuses a URL without scheme or host.
  test.each([
    // a scheme in front of http: the pattern is anchored at the start
    ['git+https://thanos-query:10902'],
    // a port that is not a number: the pattern is anchored at the end
    ['http://thanos-query:api'],
    ['https://'],
    // control characters, which Go's url.Parse refuses ("invalid control character in URL")
    ['http://thanos-query:10902/api\u0001'],
    ['http://thanos\u007fquery:10902'],
  ])('%j is refused', (url) => {
    expectConstructError(
      () => build({ metaMonitoringUrl: url }),
      urlError(JSON.stringify(url)),
      ErrorCode.INVALID_VALUE,
    );
  });

  test.each([
    // no port: the scheme's (80 or 443)
    ['http://thanos-query.monitoring.svc'],
    // a path of several characters
    ['https://thanos-query.monitoring.svc:10902/prometheus/api'],
  ])('%s is accepted as is', (url) => {
    expect(build({ metaMonitoringUrl: url })).toContain(`\n    meta_monitoring_url: ${url}\n`);
  });
});
