import { App, Chart } from 'cdk8s';
import { EckElasticsearch, JaegerDirect, ObservabilityChart } from 'observability-constructs';

/**
 * The reference design's medium tracing profile: collector ⟂ query on an in-cluster Elasticsearch run by ECK, indices
 * managed by ILM (hot rollover at 1 day or 50 GB, warm after a day without replicas, deleted after 30 days).
 */
export function jaegerDirect(app: App): Chart {
  const chart = new ObservabilityChart(app, 'jaeger-direct', { namespace: 'tracing' });
  // 1 000 traces/s × 10 spans × 500 B kept 30 days with one replica: nodes and volumes from the capacity model.
  const elasticsearch = new EckElasticsearch(chart, 'traces-es', {
    spanLoad: { spansPerSecond: 10_000, bytesPerSpan: 500, retentionDays: 30, indexReplicas: 1 },
  });
  new JaegerDirect(chart, 'jaeger', {
    profile: 'medium', // collector 2 × 500m/1Gi, query 2 × 1/2Gi
    storage: {
      connection: elasticsearch.connection, // URL, CA and the elastic user's Secret, handed over by ECK
      lifecycle: { mode: 'ilm' },
      archive: true,
      dependencies: {},
    },
    collector: { maxReplicas: 10, sampling: { defaultProbability: 0.05 } },
    query: { basePath: '/jaeger' },
    monitoring: { serviceMonitor: true },
  });
  return chart;
}

/** The same on an external OpenSearch with a token, daily indices and the index cleaner. */
export function jaegerDirectExternal(app: App): Chart {
  const chart = new ObservabilityChart(app, 'jaeger-direct-opensearch', { namespace: 'tracing' });
  new JaegerDirect(chart, 'jaeger', {
    storage: {
      connection: {
        engine: 'opensearch',
        serverUrls: ['https://opensearch.example.com:9200'],
        auth: {
          kind: 'basic',
          username: { name: 'opensearch-credentials', key: 'username' },
          password: { name: 'opensearch-credentials', key: 'password' },
        },
        ca: { name: 'opensearch-ca', key: 'ca.crt' },
      },
      indexPrefix: 'tracing',
      lifecycle: { mode: 'manualRollover', retentionDays: 14 },
    },
  });
  return chart;
}
