import { FlagSpec, FlagTable, ThanosSubcommand } from './types';

/** The Thanos release the flag table describes. */
export const THANOS_FLAGS_VERSION = 'v0.42.4';

const BOOL: FlagSpec = { kind: 'bool' };
const VALUE: FlagSpec = { kind: 'value' };
const REPEATABLE: FlagSpec = { kind: 'repeatable' };

function flags(kind: FlagSpec, ...names: string[]): Record<string, FlagSpec> {
  return Object.fromEntries(names.map((name) => [name, kind]));
}

function deprecated(kind: FlagSpec, replacement: string, ...names: string[]): Record<string, FlagSpec> {
  return Object.fromEntries(names.map((name) => [name, { ...kind, deprecated: replacement }]));
}

// Flag groups, as Thanos registers them. `--help` and `--version` exist on every subcommand but make the process
// print and exit, so they are not flags a server can be started with and are left out.

/** Application flags every subcommand prints. */
const GLOBAL = {
  ...flags(
    VALUE,
    'log.level',
    'log.format',
    'tracing.config-file',
    'tracing.config',
    'auto-gomemlimit.ratio',
  ),
  ...flags(BOOL, 'enable-auto-gomemlimit'),
};

/** The HTTP server (metrics, probes, UI/API) of every subcommand. */
const HTTP = flags(VALUE, 'http-address', 'http-grace-period', 'http.config');

/** The gRPC (StoreAPI) server of query, store, sidecar, rule and receive. Ciphers and curves are v0.42.0. */
const GRPC_SERVER = {
  ...flags(
    VALUE,
    'grpc-address',
    'grpc-server-tls-cert',
    'grpc-server-tls-key',
    'grpc-server-tls-client-ca',
    'grpc-server-tls-min-version',
    'grpc-server-max-connection-age',
    'grpc-grace-period',
  ),
  ...flags(REPEATABLE, 'grpc-server-tls-ciphers', 'grpc-server-tls-curves'),
};

const STORE_LIMITS = flags(VALUE, 'store.limits.request-series', 'store.limits.request-samples');
const OBJSTORE = flags(VALUE, 'objstore.config-file', 'objstore.config');
const REQUEST_LOGGING = flags(VALUE, 'request.logging-config-file', 'request.logging-config');
const SELECTOR_RELABEL = flags(VALUE, 'selector.relabel-config-file', 'selector.relabel-config');
const WEB_PREFIX = flags(VALUE, 'web.external-prefix', 'web.prefix-header');
const WEB = { ...flags(VALUE, 'web.route-prefix'), ...WEB_PREFIX, ...flags(BOOL, 'web.disable-cors') };

const SD_CONFIG = 'use --endpoint.sd-config-file (or --endpoint.sd-config) with an endpoints list';
const CLIENT_CONFIG =
  "set 'client_config' per endpoint or 'default_client_config' in the --endpoint.sd-config file (deprecated after v0.43.0)";

/**
 * `thanos query`. Source: thanos-io/thanos@003eb7a2740086dcdad8ee9e9061f8b771ff1335 docs/components/query.md
 * (`thanos query --help`, v0.42 development, after #8594), plus `--grpc-server-tls-ciphers`/`-curves` (#8730,
 * #8770, v0.42.0 changelog).
 */
const QUERY: FlagTable = {
  ...GLOBAL,
  ...HTTP,
  ...GRPC_SERVER,
  ...deprecated(BOOL, CLIENT_CONFIG, 'grpc-client-tls-secure', 'grpc-client-tls-skip-verify'),
  ...deprecated(
    VALUE,
    CLIENT_CONFIG,
    'grpc-client-tls-cert',
    'grpc-client-tls-key',
    'grpc-client-tls-ca',
    'grpc-client-server-name',
    'grpc-compression',
    'grpc-client-tls-min-version',
  ),
  ...WEB,
  ...flags(
    VALUE,
    'query.timeout',
    'query.promql-engine',
    'query.mode',
    'query.max-concurrent',
    'query.lookback-delta',
    'query.max-concurrent-select',
    'deduplication.func',
    'query.metadata.default-time-range',
    'query.active-query-path',
    'query.default-evaluation-interval',
    'query.default-step',
    'store.response-timeout',
    'alert.query-url',
    'query.tenant-header',
    'query.default-tenant-id',
    'query.tenant-certificate-field',
    'query.tenant-label-name',
    'store.sd-dns-interval',
    'store.unhealthy-timeout',
    'endpoint.sd-config-file',
    'endpoint.sd-config',
    'endpoint.sd-config-reload-interval',
  ),
  ...flags(
    BOOL,
    'query.enable-x-functions',
    'query.auto-downsampling',
    'query.partial-response',
    'query.enforce-tenancy',
  ),
  ...flags(
    REPEATABLE,
    'query.conn-metric.label',
    'query.replica-label',
    'query.partition-label',
    'selector-label',
    'enable-feature',
    'query.telemetry.request-duration-seconds-quantiles',
    'query.telemetry.request-samples-quantiles',
    'query.telemetry.request-series-seconds-quantiles',
  ),
  ...SELECTOR_RELABEL,
  ...REQUEST_LOGGING,
  ...deprecated(
    REPEATABLE,
    SD_CONFIG,
    'store.sd-files',
    'endpoint',
    'endpoint-group',
    'endpoint-strict',
    'endpoint-group-strict',
  ),
  ...deprecated(VALUE, 'use --endpoint.sd-config-reload-interval', 'store.sd-interval'),
  ...STORE_LIMITS,
};

/**
 * `thanos query-frontend`. Source: `registerQueryFrontend` in cmd/thanos/query_frontend.go (stored file id
 * 1348444954, about v0.32) and the help in docs/components/query-frontend.md
 * @d4da79cf905741d139374d71a947687ffdb6f0f6; checked against the release notes of v0.38.0 to v0.42.4, which add
 * `--enable-feature` (#8245, v0.39.0) and remove nothing. The release notes of v0.33 to v0.37 could not be read.
 */
const QUERY_FRONTEND: FlagTable = {
  ...GLOBAL,
  ...HTTP,
  ...flags(BOOL, 'web.disable-cors'),
  ...flags(
    BOOL,
    'query-range.align-range-with-step',
    'query-range.request-downsampled',
    'query-range.partial-response',
    'labels.partial-response',
    'query-frontend.compress-responses',
    // Found missing by test/thanos/flags-upstream.test.ts against thanos-io/thanos@v0.42.4
    // docs/components/query-frontend.md.
    'query-frontend.enable-x-functions',
    'query-frontend.force-query-stats',
  ),
  ...flags(
    VALUE,
    'query-range.split-interval',
    'query-range.min-split-interval',
    'query-range.max-split-interval',
    'query-range.horizontal-shards',
    'query-range.max-retries-per-request',
    'query-range.max-query-length',
    'query-range.max-query-parallelism',
    'query-range.response-cache-max-freshness',
    'query-range.response-cache-config-file',
    'query-range.response-cache-config',
    'labels.split-interval',
    'labels.max-retries-per-request',
    'labels.max-query-parallelism',
    'labels.response-cache-max-freshness',
    'labels.default-time-range',
    'labels.response-cache-config-file',
    'labels.response-cache-config',
    'cache-compression-type',
    'query-frontend.downstream-url',
    'query-frontend.downstream-tripper-config-file',
    'query-frontend.downstream-tripper-config',
    'query-frontend.log-queries-longer-than',
    'query-frontend.vertical-shards',
    // Found missing against thanos-io/thanos@v0.42.4 docs/components/query-frontend.md.
    'query.max-retries-per-request',
    'query-frontend.slow-query-logs-user-header',
  ),
  ...flags(REPEATABLE, 'query-frontend.org-id-header', 'query-frontend.forward-header', 'enable-feature'),
  ...REQUEST_LOGGING,
};

/**
 * `thanos store`. Source: docs/components/store.md, stored file id 2598154463 (`thanos store --help` with
 * `journald`, so v0.41/v0.42 development), plus ciphers/curves (v0.42.0), and `--objstore-parquet.config(-file)`, which
 * thanos-io/thanos@v0.42.4 docs/components/store.md lists.
 */
const STORE: FlagTable = {
  ...GLOBAL,
  ...HTTP,
  ...GRPC_SERVER,
  ...STORE_LIMITS,
  ...OBJSTORE,
  ...flags(VALUE, 'objstore-parquet.config-file', 'objstore-parquet.config'),
  ...SELECTOR_RELABEL,
  ...WEB_PREFIX,
  ...REQUEST_LOGGING,
  ...flags(
    VALUE,
    'data-dir',
    'index-cache-size',
    'index-cache.config-file',
    'index-cache.config',
    'chunk-pool-size',
    'store.grpc.downloaded-bytes-limit',
    'store.grpc.series-max-concurrency',
    'sync-block-duration',
    'block-discovery-strategy',
    'block-sync-concurrency',
    'block-meta-fetch-concurrency',
    'min-time',
    'max-time',
    'consistency-delay',
    'ignore-deletion-marks-delay',
    'store.posting-group-max-key-series-ratio',
    'store.index-header-lazy-download-strategy',
    'bucket-web-label',
    'matcher-cache-size',
    // Hidden in --help (hidden.HiddenCmdClause), registered all the same: thanos-io/thanos@v0.42.4
    // cmd/thanos/store.go `store.caching-bucket.config` (extkingpin PathOrContent: the flag and its `-file` twin).
    'store.caching-bucket.config-file',
    'store.caching-bucket.config',
  ),
  ...deprecated(VALUE, 'use --store.limits.request-series', 'store.grpc.touched-series-limit'),
  ...deprecated(VALUE, 'use --store.limits.request-samples', 'store.grpc.series-sample-limit'),
  ...flags(
    BOOL,
    'cache-index-header',
    'store.enable-index-header-lazy-reader',
    'store.enable-lazy-expanded-postings',
    'web.disable',
    'web.disable-cors',
    'disable-admin-operations',
  ),
};

/**
 * `thanos compact`: the flags `compactConfig.registerFlag` shows in `--help` (hidden ones left out), as in the
 * upstream cmd/thanos/compact.go; cross-checked with the stored compact.go versions (ids 2275848573, 20571808171 —
 * the latter a fork whose tenant and partitioning flags are not upstream and are left out). Compact has no gRPC
 * server.
 */
const COMPACT: FlagTable = {
  ...GLOBAL,
  ...HTTP,
  ...OBJSTORE,
  ...SELECTOR_RELABEL,
  ...WEB,
  ...flags(
    VALUE,
    'data-dir',
    'consistency-delay',
    'retention.resolution-raw',
    'retention.resolution-5m',
    'retention.resolution-1h',
    'wait-interval',
    'block-discovery-strategy',
    'block-meta-fetch-concurrency',
    'block-files-concurrency',
    'block-viewer.global.sync-block-interval',
    'block-viewer.global.sync-block-timeout',
    'compact.cleanup-interval',
    'compact.progress-interval',
    'compact.concurrency',
    'compact.blocks-fetch-concurrency',
    'downsample.concurrency',
    'delete-delay',
    'deduplication.func',
    'hash-func',
    'min-time',
    'max-time',
    'bucket-web-label',
  ),
  ...flags(REPEATABLE, 'deduplication.replica-label'),
  ...flags(BOOL, 'wait', 'downsampling.disable', 'web.disable', 'disable-admin-operations'),
};

/** The shipper of components that upload their own blocks (config.go `shipperConfig`, visible flags only). */
const SHIPPER = {
  ...flags(BOOL, 'shipper.upload-compacted'),
  ...flags(VALUE, 'hash-func', 'shipper.meta-file-name', 'shipper.upload-concurrency'),
};

/**
 * `thanos rule`. Source: `registerRule` in cmd/thanos/rule.go, stored file id 3124258634 (after #8661, v0.41:
 * `--tsdb.enable-native-histograms` deprecated; has `--grpc-query-endpoint`, `--rule-query-offset`,
 * `--rule-concurrent-evaluation`), with the flag groups of cmd/thanos/config.go (stored file id 3402325907:
 * http, grpc, web, shipper, query, alertmanager), plus ciphers/curves (v0.42.0).
 */
const RULE: FlagTable = {
  ...GLOBAL,
  ...HTTP,
  ...GRPC_SERVER,
  ...WEB,
  ...SHIPPER,
  ...STORE_LIMITS,
  ...OBJSTORE,
  ...REQUEST_LOGGING,
  ...flags(REPEATABLE, 'query', 'query.sd-files', 'alertmanagers.url', 'alert.label-drop'),
  ...flags(
    VALUE,
    'query.config-file',
    'query.config',
    'query.sd-interval',
    'query.sd-dns-interval',
    'query.http-method',
    'query.default-step',
    'alertmanagers.config-file',
    'alertmanagers.config',
    'alertmanagers.send-timeout',
    'alertmanagers.sd-dns-interval',
    'alert.query-url',
    'alert.relabel-config-file',
    'alert.relabel-config',
    'alert.query-template',
    'tsdb.block-duration',
    'tsdb.retention',
    'data-dir',
    'resend-delay',
    'eval-interval',
    'rule-query-offset',
    'for-outage-tolerance',
    'for-grace-period',
    'rule-concurrent-evaluation',
    'remote-write.config-file',
    'remote-write.config',
  ),
  ...flags(
    REPEATABLE,
    'label',
    'rule-file',
    'restore-ignored-label',
    'grpc-query-endpoint',
    'enable-feature',
  ),
  ...flags(BOOL, 'tsdb.no-lockfile', 'tsdb.wal-compression', 'query.enable-x-functions'),
  ...deprecated(
    BOOL,
    'leave it out: native histogram ingestion is always on (no-op since v0.41.0)',
    'tsdb.enable-native-histograms',
  ),
};

/**
 * `thanos receive`. Source: thanos-io/thanos@d87c95566f79f22e51ccafc36ed5c78594a369db docs/components/receive.md
 * (`thanos receive --help`, v0.42 development: no `--shipper.ignore-unequal-block-size`, removed in #8670), plus
 * ciphers/curves for gRPC and remote write (#8730, #8770, v0.42.0).
 */
const RECEIVE: FlagTable = {
  ...GLOBAL,
  ...HTTP,
  ...GRPC_SERVER,
  ...STORE_LIMITS,
  ...OBJSTORE,
  ...REQUEST_LOGGING,
  ...flags(
    VALUE,
    'remote-write.address',
    'remote-write.server-tls-cert',
    'remote-write.server-tls-key',
    'remote-write.server-tls-client-ca',
    'remote-write.server-tls-min-version',
    'remote-write.client-tls-cert',
    'remote-write.client-tls-key',
    'remote-write.client-tls-ca',
    'remote-write.client-server-name',
    // Found missing against thanos-io/thanos@v0.42.4 docs/components/receive.md.
    'remote-write.client-tls-min-version',
    'tsdb.path',
    'tsdb.retention',
    'receive.hashrings-file',
    'receive.hashrings',
    'receive.hashrings-algorithm',
    'receive.hashrings-file-refresh-interval',
    'receive.local-endpoint',
    'receive.tenant-header',
    'receive.tenant-certificate-field',
    // Hidden in --help (extflag.WithHidden), registered all the same: thanos-io/thanos@v0.42.4 cmd/thanos/receive.go
    // `receive.limits-config` (PathOrContent: the flag and its `-file` twin).
    'receive.limits-config-file',
    'receive.limits-config',
    'receive.default-tenant-id',
    'receive.split-tenant-label-name',
    'receive.tenant-label-name',
    'receive.replica-header',
    'receive.forward.async-workers',
    'receive.grpc-compression',
    'receive.replication-factor',
    'receive.replication-protocol',
    'receive.capnproto-address',
    'receive.grpc-service-config',
    'receive.relabel-config-file',
    'receive.relabel-config',
    'tsdb.too-far-in-future.time-window',
    'tsdb.out-of-order.time-window',
    'tsdb.out-of-order.cap-max',
    'tsdb.max-retention-bytes',
    'tsdb.head.expanded-postings-cache-size',
    'tsdb.block.expanded-postings-cache-size',
    'tsdb.max-exemplars',
    'hash-func',
    'shipper.upload-concurrency',
    'matcher-cache-size',
    'receive.lazy-retrieval-max-buffered-responses',
  ),
  ...flags(
    BOOL,
    'remote-write.client-tls-secure',
    'remote-write.client-tls-skip-verify',
    'tsdb.wal-compression',
    'tsdb.no-lockfile',
    'receive.otlp-enable-target-info',
  ),
  ...flags(
    REPEATABLE,
    'label',
    'receive.otlp-promote-resource-attributes',
    'enable-feature',
    'remote-write.server-tls-ciphers',
    'remote-write.server-tls-curves',
  ),
  ...deprecated(
    BOOL,
    'leave it out: overlapping blocks are always allowed (the flag does nothing)',
    'tsdb.allow-overlapping-blocks',
  ),
  ...deprecated(
    BOOL,
    'leave it out: native histogram ingestion is always on (no-op since v0.41.0)',
    'tsdb.enable-native-histograms',
  ),
};

/**
 * `thanos sidecar`. Source: docs/components/sidecar.md, stored file id 2404074405 (`thanos sidecar --help` with
 * `journald`), consistent with the `prometheusConfig`, `tsdbConfig`, `reloaderConfig` and `shipperConfig` groups of
 * cmd/thanos/config.go (stored file id 3402325907), plus ciphers/curves (v0.42.0).
 */
const SIDECAR: FlagTable = {
  ...GLOBAL,
  ...HTTP,
  ...GRPC_SERVER,
  ...STORE_LIMITS,
  ...OBJSTORE,
  ...REQUEST_LOGGING,
  ...SHIPPER,
  ...flags(
    VALUE,
    'prometheus.url',
    'prometheus.ready_timeout',
    'prometheus.get_config_interval',
    'prometheus.get_config_timeout',
    'prometheus.http-client-file',
    'prometheus.http-client',
    'tsdb.path',
    'reloader.config-file',
    'reloader.config-envsubst-file',
    'reloader.watch-interval',
    'reloader.retry-interval',
    'reloader.method',
    'reloader.process-name',
    'min-time',
  ),
  ...flags(REPEATABLE, 'reloader.rule-dir'),
};

/**
 * The flags of Thanos v0.42.4, per subcommand, as `--help` prints them. Checked both ways against the `--help` blocks
 * of thanos-io/thanos@v0.42.4 docs/components/<subcommand>.md (test/thanos/flags-upstream.test.ts, fixture
 * extracted by scripts/extract-thanos-flags.ts). v0.42.1 to v0.42.4 changed no flags (their
 * release notes list only fixes and image rebuilds), so this is the v0.42.0 flag set.
 */
export const THANOS_V0_42_4_FLAGS: Readonly<Record<ThanosSubcommand, FlagTable>> = {
  query: QUERY,
  'query-frontend': QUERY_FRONTEND,
  store: STORE,
  compact: COMPACT,
  rule: RULE,
  receive: RECEIVE,
  sidecar: SIDECAR,
};
