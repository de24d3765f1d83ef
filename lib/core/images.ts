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
  /** memcached, the shared cache of store gateways and query-frontends (the Docker official image, Debian). */
  memcached: 'memcached:1.6.45',
  /** The Prometheus exporter beside each memcached. */
  memcachedExporter: 'quay.io/prometheus/memcached-exporter:v0.16.0',
  /** Prometheus metrics of an Elasticsearch cluster (ECK exposes none). */
  elasticsearchExporter: 'quay.io/prometheuscommunity/elasticsearch-exporter:v1.11.0',
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
  memcached:
    'docker-library/official-images@37079fb336f572a88700cf32e5e1f6be54a04e8f library/memcached (Tags: 1.6.45, GitCommit 53ac0ecb, Directory 1/debian); docker-library/memcached@53ac0ecb0bf88b471a0110f8996ce791baf1a667 1/debian/Dockerfile (MEMCACHED_VERSION 1.6.45, user memcache uid 11211)',
  memcachedExporter:
    'prometheus/memcached_exporter@v0.16.0 .github/workflows/ci.yml publish_release (on refs/tags/v*, prometheus/promci publish_release to Docker Hub and quay.io), Makefile (DOCKER_IMAGE_NAME memcached-exporter), Dockerfile (USER nobody, EXPOSE 9150)',
  elasticsearchExporter:
    'prometheus-community/elasticsearch_exporter@v1.11.0 .github/workflows/ci.yml publish_release (on refs/tags/v*, quay_io_organization prometheuscommunity), Makefile (DOCKER_IMAGE_NAME elasticsearch-exporter), VERSION 1.11.0',
};

/** The parts of an image reference: `[registry/]repository[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host and repository path, e.g. `quay.io/thanos/thanos`. */
  readonly name: string;
  readonly tag?: string;
  /** `sha256:<64 hex>`. */
  readonly digest?: string;
}

/** Splits an image reference; a `host:port` registry is not mistaken for a tag. */
export function parseImage(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const slash = rest.lastIndexOf('/');
  const tagged = colon > slash;
  return {
    name: tagged ? rest.slice(0, colon) : rest,
    tag: tagged ? rest.slice(colon + 1) : undefined,
    digest,
  };
}

/** Writes an image reference back: `name[:tag][@digest]`. */
export function formatImage(ref: ImageReference): string {
  return `${ref.name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/**
 * The same image from a mirror registry: the registry host is replaced (or added, for a Docker Hub short name),
 * the repository path, tag and digest are kept, e.g. `mirrorImage(IMAGES.thanos, 'registry.internal:5000')`.
 */
export function mirrorImage(image: string, registry: string): string {
  const ref = parseImage(image);
  const first = ref.name.split('/')[0] ?? '';
  const hasRegistry =
    ref.name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = hasRegistry ? ref.name.slice(first.length + 1) : ref.name;
  return formatImage({ ...ref, name: `${registry.replace(/\/+$/, '')}/${path}` });
}

/** Pins an image to a digest, keeping its tag (`repo:tag@sha256:…`): the tag names the version, the digest fixes it. */
export function pinImage(image: string, digest: string): string {
  return formatImage({ ...parseImage(image), digest });
}

/** Kubernetes label values: at most 63 characters, alphanumeric at both ends, `-_.` inside. */
const LABEL_VALUE_MAX = 63;

function labelSafe(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, LABEL_VALUE_MAX);
  return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/**
 * The upstream version behind an image, for the `app.kubernetes.io/version` label: the tag (also when a digest pins
 * the image, `repo:tag@sha256:…`); for a digest without a tag, `sha256-` and the first 12 hex digits; `latest` for
 * neither. Always a valid label value (at most 63 characters), which a 71-character digest is not.
 */
export function imageVersion(image: string): string {
  const ref = parseImage(image);
  if (ref.tag !== undefined) return labelSafe(ref.tag) || 'latest';
  if (ref.digest !== undefined)
    return labelSafe(ref.digest.replace(':', '-').slice(0, 'sha256-'.length + 12));
  return 'latest';
}
