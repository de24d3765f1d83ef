/**
 * Every metric the fleet's alerts and dashboards read, with where it is defined at the pinned versions
 * (`repo@tag path`). Histograms are listed under the series names queries use (`_bucket`, `_count`). A test parses
 * every rule and dashboard query with Prometheus's grammar and fails on a metric missing here.
 *
 * Thanos v0.42.4 builds the bucket metrics from thanos-io/objstore (`objstore_*`, registered with the `thanos_`
 * prefix: cmd/thanos/compact.go, store.go, rule.go, receive.go `WrapRegistererWithPrefix("thanos_", reg)`), the gRPC
 * server metrics from go-grpc-middleware providers/prometheus v1.0.1 (go.mod; pkg/server/grpc/grpc.go), and the
 * ruler's evaluation metrics from the Prometheus rules package (pkg/rules/manager.go).
 */
export const METRIC_FACTS: Readonly<Record<string, string>> = {
  // Series Prometheus itself writes for every target.
  up: 'prometheus/prometheus@v3.14.0 scrape/scrape.go (the scrape health series "up")',
  ALERTS: 'prometheus/prometheus@v3.14.0 rules/alerting.go (alertMetricName "ALERTS")',
  // Thanos compactor.
  thanos_compact_halted: 'thanos-io/thanos@v0.42.4 cmd/thanos/compact.go',
  thanos_compact_iterations_total: 'thanos-io/thanos@v0.42.4 cmd/thanos/compact.go',
  thanos_compact_group_compactions_total: 'thanos-io/thanos@v0.42.4 pkg/compact/compact.go',
  thanos_compact_group_compactions_failures_total: 'thanos-io/thanos@v0.42.4 pkg/compact/compact.go',
  thanos_compact_todo_compactions: 'thanos-io/thanos@v0.42.4 pkg/compact/compact.go',
  thanos_compact_blocks_cleaned_total: 'thanos-io/thanos@v0.42.4 cmd/thanos/compact.go',
  // Bucket (objstore, with the thanos_ prefix).
  thanos_objstore_bucket_operations_total:
    'thanos-io/objstore objstore.go WrapWithMetrics (module pinned by thanos-io/thanos@v0.42.4 go.mod) + thanos_ prefix in cmd/thanos/compact.go',
  thanos_objstore_bucket_operation_failures_total:
    'thanos-io/objstore objstore.go WrapWithMetrics (module pinned by thanos-io/thanos@v0.42.4 go.mod) + thanos_ prefix in cmd/thanos/compact.go',
  // Store gateway.
  thanos_bucket_store_series_get_all_duration_seconds_bucket:
    'thanos-io/thanos@v0.42.4 pkg/store/bucket.go (histogram)',
  thanos_bucket_store_series_data_fetched_sum: 'thanos-io/thanos@v0.42.4 pkg/store/bucket.go (histogram)',
  thanos_bucket_store_series_blocks_queried_sum: 'thanos-io/thanos@v0.42.4 pkg/store/bucket.go (histogram)',
  // gRPC servers of every Thanos component.
  grpc_server_handled_total:
    'grpc-ecosystem/go-grpc-middleware providers/prometheus server_metrics.go (v1.0.1 per thanos-io/thanos@v0.42.4 go.mod), used in pkg/server/grpc/grpc.go',
  // HTTP servers of every Thanos component (the querier's API handlers are `query` and `query_range`, pkg/api/query/v1.go).
  http_requests_total: 'thanos-io/thanos@v0.42.4 pkg/extprom/http/metrics.go',
  http_request_duration_seconds_bucket: 'thanos-io/thanos@v0.42.4 pkg/extprom/http/metrics.go (histogram)',
  // Querier endpoints.
  thanos_store_nodes_grpc_connections: 'thanos-io/thanos@v0.42.4 pkg/query/endpointset.go',
  // Receive.
  thanos_receive_replications_total:
    'thanos-io/thanos@v0.42.4 pkg/receive/handler.go (result: success|error)',
  thanos_receive_forward_requests_total:
    'thanos-io/thanos@v0.42.4 pkg/receive/handler.go (result: success|error)',
  thanos_receive_head_series_limited_requests_total:
    'thanos-io/thanos@v0.42.4 pkg/receive/head_series_limiter.go',
  // Sidecar and shipper.
  thanos_sidecar_prometheus_up: 'thanos-io/thanos@v0.42.4 cmd/thanos/sidecar.go',
  thanos_shipper_uploads_total: 'thanos-io/thanos@v0.42.4 pkg/shipper/shipper.go',
  thanos_shipper_upload_failures_total: 'thanos-io/thanos@v0.42.4 pkg/shipper/shipper.go',
  // Ruler.
  thanos_rule_evaluation_with_warnings_total: 'thanos-io/thanos@v0.42.4 cmd/thanos/rule.go',
  prometheus_rule_evaluation_failures_total:
    'prometheus/prometheus@v3.14.0 rules/group.go (namespace prometheus); the Thanos ruler registers the same package (thanos-io/thanos@v0.42.4 pkg/rules/manager.go)',
  // Prometheus.
  prometheus_tsdb_compactions_failed_total: 'prometheus/prometheus@v3.14.0 tsdb/db.go',
  prometheus_tsdb_wal_corruptions_total: 'prometheus/prometheus@v3.14.0 tsdb/head.go',
  prometheus_tsdb_head_samples_appended_total: 'prometheus/prometheus@v3.14.0 tsdb/head.go',
  prometheus_tsdb_head_series: 'prometheus/prometheus@v3.14.0 tsdb/head.go',
  prometheus_target_scrapes_exceeded_sample_limit_total: 'prometheus/prometheus@v3.14.0 scrape/metrics.go',
  prometheus_remote_storage_samples_failed_total:
    'prometheus/prometheus@v3.14.0 storage/remote/queue_manager.go (namespace/subsystem in storage/remote/storage.go)',
  prometheus_remote_storage_queue_highest_timestamp_seconds:
    'prometheus/prometheus@v3.14.0 storage/remote/queue_manager.go',
  prometheus_remote_storage_queue_highest_sent_timestamp_seconds:
    'prometheus/prometheus@v3.14.0 storage/remote/queue_manager.go',
};
