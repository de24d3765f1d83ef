/**
 * The three kinds of client Jaeger has on its search engine, each with only the privileges it needs:
 * - `writer`: collectors and ingesters, which create daily indices (and, with periodic indices, their templates)
 *   and index spans and services;
 * - `reader`: the query, which searches the primary indices and reads and writes the archive;
 * - `lifecycle`: the index jobs (es-rollover, es-index-cleaner, ILM init) and the spark-dependencies job, which
 *   manage templates, aliases, ILM policies and indices, read spans and write the dependency links.
 * Privilege names are Elasticsearch's (cluster: monitor, manage_index_templates, manage_ilm; indices: read,
 * index, create_index, delete_index, manage, view_index_metadata).
 */
export type SearchClient = 'writer' | 'reader' | 'lifecycle';

/** Every client kind, in a fixed order. */
export const SEARCH_CLIENTS: readonly SearchClient[] = ['writer', 'reader', 'lifecycle'];

/** One role as Elasticsearch's roles.yml (and the `PUT _security/role/<name>` body) writes it. */
export interface SearchRole {
  readonly cluster: readonly string[];
  readonly indices: readonly { readonly names: readonly string[]; readonly privileges: readonly string[] }[];
}

/** The name of the role of each client kind for one index prefix, e.g. `jaeger_writer`. */
export function searchRoleName(indexPrefix: string, client: SearchClient): string {
  return `${indexPrefix.replace(/-/g, '_')}_${client}`;
}

/**
 * The least-privilege roles for Jaeger installations using `indexPrefix` (indices `<prefix>-jaeger-*`, aliases
 * of the same names, archive `<prefix>-archive-jaeger-*`), by role name.
 */
export function jaegerSearchRoles(indexPrefix: string): Record<string, SearchRole> {
  const primary = `${indexPrefix}-jaeger-*`;
  const archive = `${indexPrefix}-archive-jaeger-*`;
  return {
    [searchRoleName(indexPrefix, 'writer')]: {
      cluster: ['monitor', 'manage_index_templates'],
      indices: [{ names: [primary], privileges: ['create_index', 'index', 'view_index_metadata'] }],
    },
    [searchRoleName(indexPrefix, 'reader')]: {
      cluster: ['monitor', 'manage_index_templates'],
      indices: [
        { names: [primary], privileges: ['read', 'view_index_metadata'] },
        { names: [archive], privileges: ['create_index', 'index', 'read', 'view_index_metadata'] },
      ],
    },
    [searchRoleName(indexPrefix, 'lifecycle')]: {
      cluster: ['monitor', 'manage_index_templates', 'manage_ilm'],
      indices: [
        {
          names: [primary, archive],
          privileges: ['create_index', 'delete_index', 'index', 'manage', 'read', 'view_index_metadata'],
        },
      ],
    },
  };
}

/** The role of a metrics exporter, e.g. `jaeger_monitor`. */
export function searchMonitorRoleName(indexPrefix: string): string {
  return `${indexPrefix.replace(/-/g, '_')}_monitor`;
}

/**
 * The role of a metrics exporter (prometheus-community/elasticsearch_exporter): read-only cluster monitoring
 * (`monitor`: health, node and cluster stats) and index stats (`monitor`) on the Jaeger indices only, as its
 * README at v1.11.0 lists for the default collectors and `es.indices`. It can read no document.
 */
export function searchMonitorRole(indexPrefix: string): SearchRole {
  return {
    cluster: ['monitor'],
    indices: [
      { names: [`${indexPrefix}-jaeger-*`, `${indexPrefix}-archive-jaeger-*`], privileges: ['monitor'] },
    ],
  };
}
