import { ContainerSpec, IMAGES, Resources } from '../../core';
import { SearchClientPlumbing } from './plumbing';

/** Seconds between two checks of the write aliases while a writer waits for them. */
export const WRITE_ALIAS_POLL_SECONDS = 5;

/**
 * The write aliases Jaeger writes through with `use_aliases`, as `es-rollover init` names them
 * (jaegertracing/jaeger@v2.20.0 cmd/es-rollover/app/flags.go adds `-` to the prefix; app/index_options.go
 * `<prefix>-jaeger-span` / `-jaeger-service`, `%s-write`).
 */
export function writeAliases(indexPrefix: string): readonly string[] {
  return [`${indexPrefix}-jaeger-span-write`, `${indexPrefix}-jaeger-service-write`];
}

/**
 * An init container that holds a writer (collector, ingester) until `es-rollover init` has created the write
 * aliases. With aliases and `create_mappings: false`, a write that lands first makes the engine auto-create a
 * concrete index under the alias's name, after which init can never create the alias. `GET /_alias/<name>` answers
 * 200 only for an alias, so an index squatting the name keeps the writer waiting (and says so in its log) instead of
 * writing into it.
 */
export function writeAliasWait(
  search: SearchClientPlumbing,
  indexPrefix: string,
  resources: Resources,
  image: string = IMAGES.curl,
): ContainerSpec {
  const url = search.connection.serverUrls[0] as string;
  const auth =
    search.auth?.kind === 'basic'
      ? ' -u "${ES_USERNAME}:${ES_PASSWORD}"'
      : search.tokenFile
        ? ` -H "Authorization: Bearer $(cat ${search.tokenFile})"`
        : search.apiKeyFile
          ? ` -H "Authorization: ApiKey $(cat ${search.apiKeyFile})"`
          : '';
  const ca = search.caFile ? ` --cacert ${search.caFile}` : '';
  const script = [
    'set -u',
    `for alias in ${writeAliases(indexPrefix).join(' ')}; do`,
    `  until curl --fail --silent --show-error --max-time 10 -o /dev/null${ca}${auth} "${url}/_alias/$alias"; do`,
    `    echo "waiting for write alias $alias (created by es-rollover init)"; sleep ${WRITE_ALIAS_POLL_SECONDS}`,
    '  done',
    'done',
  ].join('\n');
  return {
    name: 'wait-for-write-aliases',
    image,
    command: ['/bin/sh', '-c', script],
    env: search.toolEnv,
    resources,
    volumes: search.volumes,
  };
}
