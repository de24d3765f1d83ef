import { IMAGES, IMAGE_SOURCES } from '../../lib/core';

/**
 * Tags known to be published, per image repository, with where that was read. A tag is listed only when the
 * release tag exists in the upstream repository and the release workflow or script at that tag pushes the image
 * under that name and tag. Images whose publication could not be read from source are listed as unverified.
 */
const PUBLISHED: Record<string, { readonly tags: readonly string[]; readonly source: string }> = {
  'jaegertracing/jaeger': {
    tags: ['2.20.0'],
    source:
      'jaegertracing/jaeger@v2.20.0 scripts/build/build-all-in-one-image.sh, scripts/utils/compute-tags.sh (vM.N.P -> M.N.P)',
  },
  'jaegertracing/jaeger-es-rollover': {
    tags: ['2.20.0'],
    source:
      'jaegertracing/jaeger@v2.20.0 scripts/build/build-upload-docker-images.sh, scripts/utils/compute-tags.sh',
  },
  'jaegertracing/jaeger-es-index-cleaner': {
    tags: ['2.20.0'],
    source:
      'jaegertracing/jaeger@v2.20.0 scripts/build/build-upload-docker-images.sh, scripts/utils/compute-tags.sh',
  },
  // Release tags v0.5.x pushed `<tag>` only (v0.5.2 .github/workflows/publish-image.yaml); variant suffixes begin
  // with v0.6.0 (publish-image.yaml: cassandra, elasticsearch7/8/9); v0.7.0 adds opensearch (ci-cd.yml).
  'ghcr.io/jaegertracing/spark-dependencies/spark-dependencies': {
    tags: [
      'v0.5.2',
      ...['cassandra', 'elasticsearch7', 'elasticsearch8', 'elasticsearch9'].map((v) => `v0.6.0-${v}`),
      ...['v0.7.0', 'v0.7.1', 'v0.7.2'].flatMap((t) =>
        ['cassandra', 'elasticsearch7', 'elasticsearch8', 'elasticsearch9', 'opensearch'].map(
          (v) => `${t}-${v}`,
        ),
      ),
    ],
    source:
      'jaegertracing/spark-dependencies@v0.5.2,v0.6.0 .github/workflows/publish-image.yaml; @v0.7.0..v0.7.2 .github/workflows/ci-cd.yml',
  },
  'quay.io/thanos/thanos': {
    tags: ['v0.42.4'],
    source: 'thanos-io/thanos@v0.42.4 .circleci/config.yml, Makefile (DOCKER_IMAGE_REPO)',
  },
  // Tags in the repository here: ... v3.13.0, v3.13.1, v3.13.2, v3.14.0-rc.0, v3.14.0 (no v3.13.3).
  'quay.io/prometheus/prometheus': {
    tags: ['v3.13.0', 'v3.13.1', 'v3.13.2', 'v3.14.0'],
    source: 'prometheus/prometheus@v3.14.0 .github/workflows/ci.yml publish_release (refs/tags/v3.*)',
  },
  // library/memcached at official-images HEAD 37079fb3 lists `Tags: 1.6.45, 1.6, 1, latest, ...` (Debian) and
  // `1.6.45-alpine, ...`.
  memcached: {
    tags: ['1.6.45', '1.6.45-alpine'],
    source: 'docker-library/official-images@37079fb336f572a88700cf32e5e1f6be54a04e8f library/memcached',
  },
  // Tags in the repository here: ... v0.15.4, v0.15.5, v0.16.0; publish_release pushes each v* tag to quay.io.
  'quay.io/prometheus/memcached-exporter': {
    tags: ['v0.15.5', 'v0.16.0'],
    source:
      'prometheus/memcached_exporter@v0.16.0 .github/workflows/ci.yml publish_release, Makefile (DOCKER_IMAGE_NAME memcached-exporter)',
  },
  // Tags here: ... v1.9.0, v1.10.0, v1.11.0 (the newest); promci's publish_release pushes the git tag name.
  'quay.io/prometheuscommunity/elasticsearch-exporter': {
    tags: ['v1.11.0'],
    source:
      'prometheus-community/elasticsearch_exporter@v1.11.0 .github/workflows/ci.yml publish_release, Makefile DOCKER_IMAGE_NAME',
  },
};
/** Pins whose publication this repository cannot check from upstream source on this machine. */
const UNVERIFIED = ['curlimages/curl', 'grafana/grafana'];

function split(image: string): [string, string] {
  const at = image.lastIndexOf(':');
  return [image.slice(0, at), image.slice(at + 1)];
}

describe('image pins', () => {
  // Only the verifiable pins: a test that returned early for the others asserted nothing.
  const verifiable = Object.entries(IMAGES).filter(([, image]) => !UNVERIFIED.includes(split(image)[0]));
  test.each(verifiable)('%s is a published tag', (key, image) => {
    const [repo, tag] = split(image);
    expect([key, repo in PUBLISHED]).toEqual([key, true]);
    expect([key, PUBLISHED[repo]?.tags.includes(tag)]).toEqual([key, true]);
  });

  test('the unverifiable pins are exactly the listed ones, and none of them is in the registry facts', () => {
    const unverifiable = Object.values(IMAGES)
      .map((image) => split(image)[0])
      .filter((repo) => UNVERIFIED.includes(repo));
    expect([...new Set(unverifiable)].sort()).toEqual([...UNVERIFIED].sort());
    expect(UNVERIFIED.filter((repo) => repo in PUBLISHED)).toEqual([]);
  });

  test('every pin names its source', () => {
    expect(Object.keys(IMAGE_SOURCES).sort()).toEqual(Object.keys(IMAGES).sort());
    for (const source of Object.values(IMAGE_SOURCES)) expect(source.length).toBeGreaterThan(10);
  });
});
