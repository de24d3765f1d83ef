import { SecretKeyReference } from '../core';
import { SearchClient } from './roles';

/** The search engines Jaeger 2.20.0 stores traces in through this library. */
export type SearchEngine = 'elasticsearch' | 'opensearch';

/** How Jaeger and its jobs authenticate to the search engine; every credential is a Secret reference. */
export type SearchAuth =
  | {
      readonly kind: 'basic';
      /** The user name, literal (it is not a secret) or from a Secret. */
      readonly username: string | SecretKeyReference;
      readonly password: SecretKeyReference;
    }
  | { readonly kind: 'bearerToken'; readonly token: SecretKeyReference }
  | { readonly kind: 'apiKey'; readonly apiKey: SecretKeyReference };

/**
 * Where traces are stored: everything Jaeger, the index jobs and the NetworkPolicies need to reach the search
 * engine. An in-cluster `EckElasticsearch` hands one over as `connection`; `externalSearch()` builds one for a
 * cluster the user runs elsewhere.
 */
export interface SearchConnection {
  readonly engine: SearchEngine;
  /** Server URLs, e.g. `https://es.example.com:9200`. */
  readonly serverUrls: readonly string[];
  /** @default no authentication */
  readonly auth?: SearchAuth;
  /**
   * Credentials per kind of client (see {@link SearchClient}), each with only its role's privileges; a kind not
   * listed uses `auth`. @default every client uses `auth`
   */
  readonly clientAuth?: Readonly<Partial<Record<SearchClient, SearchAuth>>>;
  /** The index prefix the clients' roles are written for; a storage with another prefix is refused. @default any */
  readonly rolesIndexPrefix?: string;
  /** The CA bundle that signed the servers' certificates, for `https` URLs. @default the system roots */
  readonly ca?: SecretKeyReference;
  /**
   * The engine's major version (7, 8, 9 for Elasticsearch; 1, 2, 3 for OpenSearch). Jaeger detects it; the
   * dependencies job needs it to pick its image variant. @default unknown
   */
  readonly majorVersion?: number;
  /** Set when the engine runs in the cluster: Jaeger's pods then get egress policies to exactly these pods. */
  readonly inCluster?: {
    readonly namespace: string;
    readonly podSelector: Readonly<Record<string, string>>;
    readonly port: number;
  };
}

/** Options of {@link externalSearch}. */
export interface ExternalSearchOptions {
  readonly engine: SearchEngine;
  readonly serverUrls: readonly string[];
  readonly auth?: SearchAuth;
  /** Credentials per kind of client, e.g. users with the roles of `jaegerSearchRoles()`. @default `auth` for all */
  readonly clientAuth?: Readonly<Partial<Record<SearchClient, SearchAuth>>>;
  readonly rolesIndexPrefix?: string;
  readonly ca?: SecretKeyReference;
  readonly majorVersion?: number;
}

/** A search engine outside the cluster (or one this library does not manage). */
export function externalSearch(options: ExternalSearchOptions): SearchConnection {
  return { ...options };
}
