import { AlertRule, MetricFact, alertRule } from '../core';

const EXPORTER = 'prometheus-community/elasticsearch_exporter@v1.11.0';

/** The metric names the Elasticsearch rules and the pipeline dashboard read (elasticsearch_exporter v1.11.0). */
export const ELASTICSEARCH_METRICS = {
  /** Labels cluster, color (green, yellow, red): 1 for the current color. */
  clusterHealthStatus: 'elasticsearch_cluster_health_status',
  /** Per node and mount. */
  filesystemAvailable: 'elasticsearch_filesystem_data_available_bytes',
  filesystemSize: 'elasticsearch_filesystem_data_size_bytes',
  /** A counter without `_total`: the exporter names it so. Label `type` is the thread pool (`write`). */
  threadPoolRejected: 'elasticsearch_thread_pool_rejected_count',
  jvmMemoryUsed: 'elasticsearch_jvm_memory_used_bytes',
  jvmMemoryMax: 'elasticsearch_jvm_memory_max_bytes',
  /** Per node: documents indexed, so its rate is the write rate. */
  indexingTotal: 'elasticsearch_indices_indexing_index_total',
} as const;

export const ELASTICSEARCH_METRIC_FACTS: Readonly<Record<string, MetricFact>> = {
  [ELASTICSEARCH_METRICS.clusterHealthStatus]: {
    source: `${EXPORTER} collector/cluster_health.go (statusMetric, labels cluster, color)`,
  },
  [ELASTICSEARCH_METRICS.filesystemAvailable]: {
    source: `${EXPORTER} collector/nodes.go (filesystem_data available_bytes)`,
  },
  [ELASTICSEARCH_METRICS.filesystemSize]: {
    source: `${EXPORTER} collector/nodes.go (filesystem_data size_bytes)`,
  },
  [ELASTICSEARCH_METRICS.threadPoolRejected]: {
    source: `${EXPORTER} collector/nodes.go (thread_pool rejected_count, label type)`,
  },
  [ELASTICSEARCH_METRICS.jvmMemoryUsed]: {
    source: `${EXPORTER} collector/nodes.go (jvm_memory used_bytes, area heap)`,
  },
  [ELASTICSEARCH_METRICS.jvmMemoryMax]: {
    source: `${EXPORTER} collector/nodes.go (jvm_memory max_bytes, area heap)`,
  },
  [ELASTICSEARCH_METRICS.indexingTotal]: {
    source: `${EXPORTER} collector/nodes.go (indices_indexing index_total)`,
  },
};

/**
 * Elasticsearch's default disk watermarks: at the low one a node takes no new shards, at the high one it moves
 * shards away (elastic/elasticsearch server/src/main/java/org/elasticsearch/cluster/routing/allocation/
 * DiskThresholdSettings.java, `cluster.routing.allocation.disk.watermark.low` "85%", `.high` "90%"; read at
 * a stored commit of the main repository, not at the 8.19.23 tag).
 */
export const ES_DEFAULT_DISK_WATERMARKS = { low: 0.85, high: 0.9 } as const;
/** A cluster yellow for longer than this (replicas unassigned) alerts: a rolling restart passes within it. */
export const ES_YELLOW_FOR = '30m';
/** Heap used above this share of the maximum for 15 minutes: the node is collecting garbage more than working. */
export const ES_HEAP_PRESSURE = 0.9;

/** What the Elasticsearch alerts select. */
export interface ElasticsearchAlertTargets {
  readonly namespace: string;
  /** The exporter's scrape `job`. */
  readonly job: string;
  /** @default ES_DEFAULT_DISK_WATERMARKS */
  readonly watermarks?: { readonly low: number; readonly high: number };
}

/** Alerts on an Elasticsearch cluster through elasticsearch_exporter. */
export function elasticsearchAlertRules(t: ElasticsearchAlertTargets): AlertRule[] {
  const m = ELASTICSEARCH_METRICS;
  const sel = (extra = '') => `{namespace="${t.namespace}",job="${t.job}"${extra}}`;
  const w = t.watermarks ?? ES_DEFAULT_DISK_WATERMARKS;
  const node = 'namespace, cluster, name';
  const diskUsed = `(1 - ${m.filesystemAvailable}${sel()} / ${m.filesystemSize}${sel()})`;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [
    alertRule(
      'ElasticsearchClusterRed',
      `max by (namespace, cluster) (${m.clusterHealthStatus}${sel(',color="red"')}) == 1`,
      '5m',
      'critical',
      {
        summary: 'Elasticsearch cluster is red: primary shards are unassigned',
        description:
          'Cluster {{ $labels.cluster }} in {{ $labels.namespace }} is red: writes to the indices whose primaries are missing fail, and Jaeger loses those spans.',
        runbook:
          'GET _cluster/allocation/explain for the unassigned primaries; bring back the node holding them (pods, volumes) or free disk.',
      },
    ),
    alertRule(
      'ElasticsearchClusterYellow',
      `max by (namespace, cluster) (${m.clusterHealthStatus}${sel(',color="yellow"')}) == 1`,
      ES_YELLOW_FOR,
      'warning',
      {
        summary: 'Elasticsearch cluster is yellow: replicas are unassigned',
        description: `Cluster {{ $labels.cluster }} in {{ $labels.namespace }} has been yellow for ${ES_YELLOW_FOR}: one more node loss loses data.`,
        runbook:
          'GET _cluster/allocation/explain: usually a node is missing or above the low disk watermark; restore it or add disk.',
      },
    ),
    alertRule(
      'ElasticsearchDiskAboveLowWatermark',
      `max by (${node}) ${diskUsed} > ${w.low}`,
      '15m',
      'warning',
      {
        summary: `An Elasticsearch node is above the low disk watermark (${pct(w.low)})`,
        description:
          'Node {{ $labels.name }} of {{ $labels.cluster }} is {{ $value | humanizePercentage }} full: it takes no new shards, so new daily indices may stay yellow.',
        runbook:
          'Delete or shrink old indices (lower the retention of the index cleaner or ILM), or grow the volumes.',
      },
    ),
    alertRule(
      'ElasticsearchDiskAboveHighWatermark',
      `max by (${node}) ${diskUsed} > ${w.high}`,
      '5m',
      'critical',
      {
        summary: `An Elasticsearch node is above the high disk watermark (${pct(w.high)})`,
        description:
          'Node {{ $labels.name }} of {{ $labels.cluster }} is {{ $value | humanizePercentage }} full: shards are moved away, and at the flood stage its indices turn read-only and Jaeger writes fail.',
        runbook:
          'Free disk now: delete the oldest Jaeger indices, or grow the volumes; then check no index kept index.blocks.read_only_allow_delete.',
      },
    ),
    alertRule(
      'ElasticsearchWriteRejections',
      `sum by (${node}) (rate(${m.threadPoolRejected}${sel(',type="write"')}[5m])) > 0`,
      '5m',
      'warning',
      {
        summary: 'Elasticsearch rejects writes: its write queue is full',
        description:
          'Node {{ $labels.name }} of {{ $labels.cluster }} rejects {{ $value }} write requests/s; Jaeger does not retry rejected bulk items, so those spans are lost.',
        runbook:
          'Add data nodes or CPU, or lower the write rate (fewer collectors/ingesters, larger bulk batches); check JaegerStorageWriteErrors.',
      },
    ),
    alertRule(
      'ElasticsearchHeapPressure',
      `max by (${node}) (${m.jvmMemoryUsed}${sel(',area="heap"')} / ${m.jvmMemoryMax}${sel(',area="heap"')}) > ${ES_HEAP_PRESSURE}`,
      '15m',
      'warning',
      {
        summary: 'Elasticsearch heap is nearly full',
        description:
          'Node {{ $labels.name }} of {{ $labels.cluster }} uses {{ $value | humanizePercentage }} of its heap: long garbage collections and circuit-breaker rejections follow.',
        runbook:
          'Give the nodes more memory (the heap is half of it), or reduce shards per node (fewer, larger daily indices).',
      },
    ),
  ];
}
