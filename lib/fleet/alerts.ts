import { alertRule } from '../core';
import { AlertingRule, RuleGroup } from '../prometheus';
import { RULER_PARTIAL_RESPONSE_ALERTS } from '../thanos';

/**
 * The fleet's alerts, written for this library. Every alert says what it means (`summary`, `description`) and the
 * first thing to check (`runbook`); the README's alert table is generated from these. Components are selected by the
 * stable `job` their ServiceMonitor (or the application clusters' default scrape set) gives them, and grouped by the
 * `cluster` label every target carries.
 */

/** The `job` of each component, as its ServiceMonitor sets it (and the application clusters' scrape jobs). */
export const FLEET_JOBS = {
  compactor: 'thanos-compact',
  store: 'thanos-store',
  query: 'thanos-query',
  queryFrontend: 'thanos-query-frontend',
  memcached: 'memcached',
  ruler: 'thanos-rule',
  receive: 'thanos-receive',
  grafana: 'grafana',
  prometheus: 'prometheus',
  sidecar: 'thanos-sidecar',
} as const;

/** Severity label values the alerts use. */
export type AlertSeverity = 'warning' | 'critical';

/** Share of failed operations above which an error-rate alert fires. */
export const ERROR_RATIO_THRESHOLD = 0.05;
/** p99 latency of the querier's query APIs above which it is slow, in seconds (Grafana's default timeout is 30s). */
export const QUERY_P99_SECONDS = 20;
/** p99 latency of a store gateway's Series calls above which it is slow, in seconds. */
export const STORE_SERIES_P99_SECONDS = 10;
/** Remote-write lag above which a Prometheus is behind, in seconds. */
export const REMOTE_WRITE_LAG_SECONDS = 300;

/** `sum by (cluster, job) (rate(<failed>[5m])) / sum by (cluster, job) (rate(<all>[5m])) > threshold` */
function errorRatio(failed: string, all: string, by = 'cluster, job'): string {
  return `sum by (${by}) (rate(${failed}[5m])) / sum by (${by}) (rate(${all}[5m])) > ${ERROR_RATIO_THRESHOLD}`;
}

const GRPC_SERVER_ERRORS = 'Unknown|ResourceExhausted|Internal|Unavailable|DataLoss|DeadlineExceeded';

/** Alerts on one job's components, by job. */
export const COMPONENT_ALERTS: Readonly<Record<string, readonly AlertingRule[]>> = {
  [FLEET_JOBS.compactor]: [
    alertRule(
      'ThanosCompactHalted',
      'max by (cluster, job, pod) (thanos_compact_halted{job="thanos-compact"}) == 1',
      '5m',
      'critical',
      {
        summary: 'A Thanos compactor has halted',
        description:
          'Compactor {{ $labels.pod }} in {{ $labels.cluster }} stopped on an error it does not retry: its streams are neither compacted, downsampled nor deleted.',
        runbook:
          'Read the compactor log for the halting error (often an overlapping or corrupt block), fix or mark the block, then restart the pod.',
      },
    ),
    alertRule(
      'ThanosCompactFailing',
      errorRatio(
        'thanos_compact_group_compactions_failures_total{job="thanos-compact"}',
        'thanos_compact_group_compactions_total{job="thanos-compact"}',
      ),
      '15m',
      'warning',
      {
        summary: 'Thanos compactions are failing',
        description: 'More than 5% of the compactions in {{ $labels.cluster }} failed over 15 minutes.',
        runbook:
          'Check the compactor log and thanos_objstore_bucket_operation_failures_total; then the free space of its data volume.',
      },
    ),
    alertRule(
      'ThanosCompactNotRun',
      'sum by (cluster, job, pod) (increase(thanos_compact_iterations_total{job="thanos-compact"}[24h])) == 0',
      '30m',
      'warning',
      {
        summary: 'A Thanos compactor has not finished an iteration in 24 hours',
        description:
          'Compactor {{ $labels.pod }} in {{ $labels.cluster }} completed no compaction iteration for a day.',
        runbook:
          'Check that the pod runs and is not stuck downloading a large block (log, CPU, volume); a halt raises ThanosCompactHalted.',
      },
    ),
  ],
  [FLEET_JOBS.store]: [
    alertRule(
      'ThanosStoreGrpcErrors',
      errorRatio(
        `grpc_server_handled_total{job="thanos-store", grpc_code=~"${GRPC_SERVER_ERRORS}"}`,
        'grpc_server_handled_total{job="thanos-store"}',
      ),
      '5m',
      'warning',
      {
        summary: 'Thanos store gateways fail gRPC requests',
        description:
          'More than 5% of the StoreAPI calls to the store gateways in {{ $labels.cluster }} end in a server error.',
        runbook:
          'Read the store gateway logs (bucket errors, out-of-memory restarts, series or sample limits hit by large queries).',
      },
    ),
    alertRule(
      'ThanosStoreSeriesSlow',
      `histogram_quantile(0.99, sum by (cluster, job, le) (rate(thanos_bucket_store_series_get_all_duration_seconds_bucket{job="thanos-store"}[5m]))) > ${STORE_SERIES_P99_SECONDS}`,
      '10m',
      'warning',
      {
        summary: 'Thanos store gateways are slow to fetch series',
        description:
          'The 99th percentile of fetching series from the bucket in {{ $labels.cluster }} is {{ $value | humanizeDuration }}.',
        runbook:
          'Check bucket latency and errors, the index cache hit rate and the store pods’ CPU; queries over long ranges of raw data are the usual cause.',
      },
    ),
  ],
  [FLEET_JOBS.query]: [
    alertRule(
      'ThanosQueryHttpErrors',
      errorRatio(
        'http_requests_total{job="thanos-query", handler=~"query|query_range", code=~"5.."}',
        'http_requests_total{job="thanos-query", handler=~"query|query_range"}',
        'cluster, job, handler',
      ),
      '5m',
      'critical',
      {
        summary: 'The Thanos querier fails queries',
        description:
          'More than 5% of {{ $labels.handler }} requests to the querier in {{ $labels.cluster }} fail with a server error.',
        runbook:
          'Read the querier log; check that its endpoints answer (thanos_store_nodes_grpc_connections) and the querier is not out of memory.',
      },
    ),
    alertRule(
      'ThanosQuerySlow',
      `histogram_quantile(0.99, sum by (cluster, job, handler, le) (rate(http_request_duration_seconds_bucket{job="thanos-query", handler=~"query|query_range"}[5m]))) > ${QUERY_P99_SECONDS}`,
      '10m',
      'warning',
      {
        summary: 'Thanos queries are slow',
        description:
          'The 99th percentile of {{ $labels.handler }} requests in {{ $labels.cluster }} takes {{ $value | humanizeDuration }}.',
        runbook:
          'Look for the slowest endpoint (store gateways: ThanosStoreSeriesSlow, or a far regional querier) and for dashboards querying raw data over long ranges.',
      },
    ),
  ],
  [FLEET_JOBS.receive]: [
    alertRule(
      'ThanosReceiveReplicationFailing',
      errorRatio(
        'thanos_receive_replications_total{job="thanos-receive", result="error"}',
        'thanos_receive_replications_total{job="thanos-receive"}',
      ),
      '5m',
      'critical',
      {
        summary: 'Thanos receive cannot replicate writes',
        description:
          'More than 5% of the replications in {{ $labels.cluster }} miss their quorum: writers retry, and data is at risk.',
        runbook:
          'Check that every ingestor of the hashring is ready (a restarting or full ingestor), and the hashring file matches the pods.',
      },
    ),
    alertRule(
      'ThanosReceiveForwardingFailing',
      errorRatio(
        'thanos_receive_forward_requests_total{job="thanos-receive", result="error"}',
        'thanos_receive_forward_requests_total{job="thanos-receive"}',
      ),
      '5m',
      'warning',
      {
        summary: 'Thanos receive routers fail to forward writes',
        description: 'More than 5% of the forward requests of the routers in {{ $labels.cluster }} fail.',
        runbook:
          'Check the router logs for the failing ingestor address, and the NetworkPolicy between routers and ingestors.',
      },
    ),
    alertRule(
      'ThanosReceiveHeadSeriesLimited',
      'sum by (cluster, job, tenant) (rate(thanos_receive_head_series_limited_requests_total{job="thanos-receive"}[5m])) > 0',
      '5m',
      'warning',
      {
        summary: 'Thanos receive drops writes over the head series limit',
        description:
          'Tenant {{ $labels.tenant }} in {{ $labels.cluster }} writes more active series than its limit: its requests are refused.',
        runbook:
          "Find the tenant's new high-cardinality series; raise its head series limit only if the growth is expected.",
      },
    ),
  ],
  [FLEET_JOBS.ruler]: [
    alertRule(
      'ThanosRuleEvaluationFailures',
      'sum by (cluster, job, rule_group) (rate(prometheus_rule_evaluation_failures_total{job="thanos-rule"}[5m])) > 0',
      '5m',
      'critical',
      {
        summary: 'The Thanos ruler fails to evaluate rules',
        description:
          'Rule group {{ $labels.rule_group }} in {{ $labels.cluster }} fails to evaluate: its recordings and alerts are missing.',
        runbook:
          'Read the ruler log for the failing rule; check the querier it evaluates against answers (ThanosQueryHttpErrors).',
      },
    ),
    ...RULER_PARTIAL_RESPONSE_ALERTS.rules.map((r) => r as AlertingRule),
  ],
  [FLEET_JOBS.prometheus]: [
    alertRule(
      'PrometheusRuleEvaluationFailures',
      'sum by (cluster, job, rule_group) (rate(prometheus_rule_evaluation_failures_total{job="prometheus"}[5m])) > 0',
      '15m',
      'warning',
      {
        summary: 'Prometheus fails to evaluate rules',
        description:
          'Rule group {{ $labels.rule_group }} of Prometheus in {{ $labels.cluster }} fails to evaluate.',
        runbook:
          'Read the Prometheus log for the failing expression (a many-to-many match or a query over too many series).',
      },
    ),
    alertRule(
      'PrometheusScrapeSampleLimitHit',
      'sum by (cluster, job) (increase(prometheus_target_scrapes_exceeded_sample_limit_total{job="prometheus"}[10m])) > 0',
      '10m',
      'warning',
      {
        summary: 'Prometheus rejects scrapes over their sample limit',
        description:
          'Some targets of Prometheus in {{ $labels.cluster }} expose more samples than their limit: their scrapes fail as a whole.',
        runbook:
          'Find the target (the up series of the job with value 0) and its new high-cardinality metric; raise the limit only if expected.',
      },
    ),
    alertRule(
      'PrometheusTsdbCompactionsFailing',
      'sum by (cluster, job, pod) (increase(prometheus_tsdb_compactions_failed_total{job="prometheus"}[3h])) > 0',
      '0s',
      'warning',
      {
        summary: 'Prometheus fails to compact its TSDB',
        description:
          'Prometheus {{ $labels.pod }} in {{ $labels.cluster }} had failed compactions in the last 3 hours: its disk use grows.',
        runbook: 'Check the free space of the Prometheus volume and the log for the compaction error.',
      },
    ),
    alertRule(
      'PrometheusWalCorruption',
      'sum by (cluster, job, pod) (increase(prometheus_tsdb_wal_corruptions_total{job="prometheus"}[3h])) > 0',
      '0s',
      'critical',
      {
        summary: 'Prometheus found a corrupt write-ahead log',
        description:
          'Prometheus {{ $labels.pod }} in {{ $labels.cluster }} repaired a corrupt WAL: samples were lost.',
        runbook:
          'Check the volume (disk errors, a full disk, an unclean shutdown) in the node and pod events.',
      },
    ),
    alertRule(
      'PrometheusRemoteWriteFailing',
      'sum by (cluster, job, remote_name, url) (rate(prometheus_remote_storage_samples_failed_total{job="prometheus"}[5m])) > 0',
      '15m',
      'critical',
      {
        summary: 'Prometheus drops samples it cannot remote-write',
        description:
          'Prometheus in {{ $labels.cluster }} fails to send samples to {{ $labels.url }} with errors it does not retry: they are lost.',
        runbook:
          "Read the Prometheus log for the receiver's answer (4xx: tenant limits or out-of-order samples; TLS: the client certificate).",
      },
    ),
    alertRule(
      'PrometheusRemoteWriteBehind',
      `max by (cluster, job, remote_name, url) (prometheus_remote_storage_queue_highest_timestamp_seconds{job="prometheus"} - prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus"}) > ${REMOTE_WRITE_LAG_SECONDS}`,
      '15m',
      'warning',
      {
        summary: 'Prometheus remote write is falling behind',
        description:
          'Prometheus in {{ $labels.cluster }} is {{ $value | humanizeDuration }} behind in sending to {{ $labels.url }}.',
        runbook:
          'Check that the receivers accept writes (ThanosReceiveReplicationFailing) and the network to them; then the number of shards of the queue.',
      },
    ),
  ],
  [FLEET_JOBS.sidecar]: [
    alertRule(
      'ThanosSidecarNoConnectionToPrometheus',
      'max by (cluster, job, pod) (thanos_sidecar_prometheus_up{job="thanos-sidecar"}) == 0',
      '5m',
      'critical',
      {
        summary: 'A Thanos sidecar cannot reach its Prometheus',
        description:
          'The sidecar in {{ $labels.cluster }} cannot read from Prometheus: queries get no recent data and nothing is uploaded.',
        runbook:
          'Check that the Prometheus container of the pod runs and answers on localhost:9090 (its readiness and log).',
      },
    ),
    alertRule(
      'ThanosSidecarUploadFailing',
      'sum by (cluster, job, pod) (rate(thanos_shipper_upload_failures_total{job="thanos-sidecar"}[5m])) > 0',
      '15m',
      'critical',
      {
        summary: 'A Thanos sidecar fails to upload blocks',
        description:
          'The sidecar in {{ $labels.cluster }} fails to upload blocks to the bucket: they stay only on the Prometheus volume.',
        runbook:
          "Read the sidecar log for the bucket error (credentials of the uploader role, the bucket's endpoint, TLS).",
      },
    ),
  ],
};

/** Target-down alert over the jobs of one cluster. */
export function targetDownAlert(jobs: readonly string[]): AlertingRule {
  return alertRule('FleetTargetDown', `up{job=~"${jobs.join('|')}"} == 0`, '10m', 'warning', {
    summary: 'A monitored component is down',
    description:
      '{{ $labels.job }} at {{ $labels.instance }} in {{ $labels.cluster }} has not been scraped for 10 minutes.',
    runbook:
      'Check the pod (kubectl get pods, its events and log) and that the NetworkPolicy admits the scraping Prometheus.',
  });
}

/** The jobs whose components read or write the bucket. */
const BUCKET_JOBS: readonly string[] = [
  FLEET_JOBS.compactor,
  FLEET_JOBS.store,
  FLEET_JOBS.ruler,
  FLEET_JOBS.receive,
];

/** Bucket-operation alert over the jobs of one cluster that use the bucket. */
export function bucketAlert(jobs: readonly string[]): AlertingRule {
  const selector = `job=~"${jobs.join('|')}"`;
  return alertRule(
    'ThanosBucketOperationsFailing',
    errorRatio(
      `thanos_objstore_bucket_operation_failures_total{${selector}}`,
      `thanos_objstore_bucket_operations_total{${selector}}`,
      'cluster, job, operation',
    ),
    '15m',
    'warning',
    {
      summary: 'Thanos bucket operations are failing',
      description:
        'More than 5% of the {{ $labels.operation }} operations of {{ $labels.job }} in {{ $labels.cluster }} fail.',
      runbook:
        "Check the object store's availability and the role's credentials (reader, uploader or compactor Secret) in the log.",
    },
  );
}

/**
 * The rule groups of a monitoring cluster running `jobs` (as recorded by the pattern): target-down over all of
 * them, bucket errors over those that use the bucket, and each job's own alerts. Unknown jobs get target-down only.
 */
export function monitoringClusterRules(jobs: readonly string[]): RuleGroup[] {
  if (jobs.length === 0) return [];
  const bucket = jobs.filter((j) => BUCKET_JOBS.includes(j));
  return [
    { name: 'fleet-targets', rules: [targetDownAlert(jobs)] },
    ...(bucket.length > 0 ? [{ name: 'thanos-bucket', rules: [bucketAlert(bucket)] }] : []),
    ...jobs.flatMap((job) => {
      const rules = COMPONENT_ALERTS[job] ?? [];
      return rules.length > 0 ? [{ name: job, rules }] : [];
    }),
  ];
}

/**
 * The rule groups each application cluster's Prometheus evaluates on its own series (no prometheus-operator is
 * assumed there): its own health, and the sidecar's when it runs one. Their `ALERTS` series travel with the data.
 */
export function appClusterAlertGroups(withSidecar: boolean): RuleGroup[] {
  const jobs = withSidecar ? [FLEET_JOBS.prometheus, FLEET_JOBS.sidecar] : [FLEET_JOBS.prometheus];
  return [
    { name: 'fleet-targets', rules: [targetDownAlert(jobs)] },
    { name: FLEET_JOBS.prometheus, rules: [...(COMPONENT_ALERTS[FLEET_JOBS.prometheus] ?? [])] },
    ...(withSidecar
      ? [{ name: FLEET_JOBS.sidecar, rules: [...(COMPONENT_ALERTS[FLEET_JOBS.sidecar] ?? [])] }]
      : []),
  ];
}

/** Every alert of the fleet once, for the README table: name, severity, summary, runbook. */
export function fleetAlertCatalogue(): AlertingRule[] {
  const all = [targetDownAlert(['job']), bucketAlert(['job']), ...Object.values(COMPONENT_ALERTS).flat()];
  return all.filter((r, i) => all.findIndex((o) => o.alert === r.alert) === i);
}
