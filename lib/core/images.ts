/**
 * Every container image the library deploys, pinned to one tag. This table is the only place image tags live;
 * every construct takes an `image` prop to override it (for a mirror registry, say).
 */
export const IMAGES = {
  /** Jaeger v2: one binary, the role comes from its config file. */
  jaeger: 'jaegertracing/jaeger:2.20.0',
  /** Jaeger's index tools, released with Jaeger. */
  jaegerEsRollover: 'jaegertracing/jaeger-es-rollover:2.20.0',
  jaegerEsIndexCleaner: 'jaegertracing/jaeger-es-index-cleaner:2.20.0',
  /** The Spark job that computes the service dependency graph (variant for Elasticsearch 7.17+ and 8.x). */
  sparkDependenciesElasticsearch8:
    'ghcr.io/jaegertracing/spark-dependencies/spark-dependencies:v0.5.3-elasticsearch8',
  /** A small HTTP client, for one-off API calls such as creating an ILM policy. */
  curl: 'curlimages/curl:8.16.0',
  /** Thanos: every component is a subcommand of one binary. */
  thanos: 'quay.io/thanos/thanos:v0.42.4',
  /** Prometheus 3.x (v3.13.3, released 2026-09-07), next to a Thanos sidecar or as a federation server. */
  prometheus: 'quay.io/prometheus/prometheus:v3.13.3',
  /** Grafana, the fleet's dashboards over the global query. */
  grafana: 'grafana/grafana:12.2.0',
} as const;

/** The upstream version behind each image, for the `app.kubernetes.io/version` label. */
export function imageVersion(image: string): string {
  const at = image.lastIndexOf(':');
  const slash = image.lastIndexOf('/');
  return at > slash ? image.slice(at + 1) : 'latest';
}
