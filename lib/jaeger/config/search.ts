/** How Jaeger names and rotates its indices; the index lifecycle chooses one. */
export type IndexRotation =
  /** A new dated index every day; Jaeger creates the templates; old indices deleted by the index cleaner. */
  | { readonly kind: 'periodic' }
  /** Read and write aliases that `es-rollover` creates and rolls over on a schedule. */
  | { readonly kind: 'manualRollover' }
  /** Read and write aliases that an ILM policy rolls over; `es-rollover init` creates them with the policy. */
  | { readonly kind: 'autoRollover'; readonly policyName: string };

/** Authentication as written into the Jaeger config: files mounted from Secrets, never values. */
export type SearchBackendAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly passwordFile: string }
  | { readonly kind: 'bearerToken'; readonly tokenFile: string }
  | { readonly kind: 'apiKey'; readonly apiKeyFile: string };

/** Inputs of {@link buildSearchBackend}. */
export interface SearchBackendOptions {
  readonly engine: 'elasticsearch' | 'opensearch';
  readonly serverUrls: readonly string[];
  readonly auth?: SearchBackendAuth;
  readonly caFile?: string;
  /** Shared by every role and job of one installation. */
  readonly indexPrefix: string;
  readonly shards: number;
  readonly replicas: number;
  readonly rotation: IndexRotation;
  /** Let Jaeger create index templates. False when `es-rollover init` creates them. */
  readonly createMappings: boolean;
  /** How far back queries look; matches the retention of the lifecycle. */
  readonly maxSpanAge: string;
}

/** How often Jaeger re-reads mounted credential files, so a rotated Secret takes effect without a restart. */
export const CREDENTIAL_RELOAD_INTERVAL = '1m';

function rotationOf(rotation: IndexRotation): Record<string, unknown> {
  switch (rotation.kind) {
    case 'periodic':
      return { periodic: { date_layout: '2006-01-02', rollover_frequency: 'day' } };
    case 'manualRollover':
      return { manual_rollover: {} };
    case 'autoRollover':
      return { auto_rollover: { policy_name: rotation.policyName } };
  }
}

function authOf(auth: SearchBackendAuth): Record<string, unknown> {
  switch (auth.kind) {
    case 'basic':
      return {
        basic: {
          username: auth.username,
          password_file: auth.passwordFile,
          reload_interval: CREDENTIAL_RELOAD_INTERVAL,
        },
      };
    case 'bearerToken':
      return { bearer_token: { file_path: auth.tokenFile, reload_interval: CREDENTIAL_RELOAD_INTERVAL } };
    case 'apiKey':
      return { api_key: { file_path: auth.apiKeyFile, reload_interval: CREDENTIAL_RELOAD_INTERVAL } };
  }
}

/**
 * One `jaeger_storage` backend on Elasticsearch or OpenSearch (Jaeger 2.20.0 keys: `server_urls`, `auth`, `tls`,
 * `indices` with per-index `shards`, `replicas` and `rotation`, `create_mappings`, `max_span_age`). The engine's
 * version is left to Jaeger's detection. The sampling index rotates like the others, so the lifecycle's jobs create
 * its template and aliases too (es-rollover `--adaptive-sampling`).
 */
export function buildSearchBackend(options: SearchBackendOptions): Record<string, unknown> {
  const index = (rotation: IndexRotation) => ({
    shards: options.shards,
    replicas: options.replicas,
    rotation: rotationOf(rotation),
  });
  const backend: Record<string, unknown> = { server_urls: [...options.serverUrls] };
  if (options.auth) backend.auth = authOf(options.auth);
  if (options.caFile) backend.tls = { ca_file: options.caFile };
  backend.indices = {
    index_prefix: options.indexPrefix,
    spans: index(options.rotation),
    services: index(options.rotation),
    dependencies: index(options.rotation),
    sampling: index(options.rotation),
  };
  backend.create_mappings = options.createMappings;
  backend.max_span_age = options.maxSpanAge;
  return { [options.engine]: backend };
}
