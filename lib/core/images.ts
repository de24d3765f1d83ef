/**
 * Every container image the library deploys, pinned to one tag. This table is the only place image tags live;
 * every construct takes an `image` prop to override it (for a mirror registry, say). {@link IMAGE_SOURCES} says
 * where each pin was read from.
 */
export const IMAGES = {
  /** Jaeger v2: one binary, the role comes from its config file. */
  jaeger: 'jaegertracing/jaeger:2.20.0',
  /** Jaeger's index tools, released with Jaeger. */
  jaegerEsRollover: 'jaegertracing/jaeger-es-rollover:2.20.0',
  jaegerEsIndexCleaner: 'jaegertracing/jaeger-es-index-cleaner:2.20.0',
  /** The Spark job that computes the service dependency graph, one variant per engine (v0.7.2). */
  sparkDependenciesElasticsearch7:
    'ghcr.io/jaegertracing/spark-dependencies/spark-dependencies:v0.7.2-elasticsearch7',
  sparkDependenciesElasticsearch8:
    'ghcr.io/jaegertracing/spark-dependencies/spark-dependencies:v0.7.2-elasticsearch8',
  sparkDependenciesElasticsearch9:
    'ghcr.io/jaegertracing/spark-dependencies/spark-dependencies:v0.7.2-elasticsearch9',
  sparkDependenciesOpenSearch:
    'ghcr.io/jaegertracing/spark-dependencies/spark-dependencies:v0.7.2-opensearch',
  /** A small HTTP client, for one-off API calls such as creating an ILM policy. */
  curl: 'curlimages/curl:8.16.0',
  /** Thanos: every component is a subcommand of one binary. */
  thanos: 'quay.io/thanos/thanos:v0.42.4',
  /** Prometheus 3.x, next to a Thanos sidecar or as a federation server. */
  prometheus: 'quay.io/prometheus/prometheus:v3.14.0',
  /** Grafana, the fleet's dashboards over the global query. */
  grafana: 'grafana/grafana:12.2.0',
} as const;

/** Where each pin in {@link IMAGES} was read from: the release tag and the file that names and pushes the image. */
export const IMAGE_SOURCES: Readonly<Record<keyof typeof IMAGES, string>> = {
  jaeger:
    'jaegertracing/jaeger@v2.20.0 scripts/build/build-all-in-one-image.sh (BINARY=jaeger), scripts/utils/compute-tags.sh (tag vM.N.P -> M.N.P on docker.io and quay.io)',
  jaegerEsRollover:
    'jaegertracing/jaeger@v2.20.0 scripts/build/build-upload-docker-images.sh (build_image jaeger-es-rollover), scripts/utils/compute-tags.sh',
  jaegerEsIndexCleaner:
    'jaegertracing/jaeger@v2.20.0 scripts/build/build-upload-docker-images.sh (build_image jaeger-es-index-cleaner), scripts/utils/compute-tags.sh',
  sparkDependenciesElasticsearch7:
    'jaegertracing/spark-dependencies@v0.7.2 .github/workflows/ci-cd.yml (release tags <tag>-<variant>, variant elasticsearch7)',
  sparkDependenciesElasticsearch8:
    'jaegertracing/spark-dependencies@v0.7.2 .github/workflows/ci-cd.yml (release tags <tag>-<variant>, variant elasticsearch8)',
  sparkDependenciesElasticsearch9:
    'jaegertracing/spark-dependencies@v0.7.2 .github/workflows/ci-cd.yml (release tags <tag>-<variant>, variant elasticsearch9)',
  sparkDependenciesOpenSearch:
    'jaegertracing/spark-dependencies@v0.7.2 .github/workflows/ci-cd.yml (release tags <tag>-<variant>, variant opensearch)',
  curl: 'curlimages/curl on Docker Hub (not verified from source here)',
  thanos:
    'thanos-io/thanos@v0.42.4 .circleci/config.yml (make docker-manifest DOCKER_IMAGE_TAG=$CIRCLE_TAG), Makefile (DOCKER_IMAGE_REPO quay.io/thanos/thanos)',
  prometheus:
    'prometheus/prometheus@v3.14.0 .github/workflows/ci.yml publish_release (on refs/tags/v3.*), Makefile.common docker targets',
  grafana: 'grafana/grafana 12.2.0 on Docker Hub (not verified from source here)',
};

/** The upstream version behind each image, for the `app.kubernetes.io/version` label. */
export function imageVersion(image: string): string {
  const at = image.lastIndexOf(':');
  const slash = image.lastIndexOf('/');
  return at > slash ? image.slice(at + 1) : 'latest';
}
