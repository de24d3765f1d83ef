import { stringifyYaml as stringify } from '../../core/manifest-yaml';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';

/**
 * Client TLS for one endpoint, from a Secret the querier mounts. Rendered as the endpoint's `client_config`
 * (thanos-io/thanos#8594, v0.42.0).
 */
export interface EndpointTls {
  /** A Secret in the querier's namespace holding the files. */
  readonly secretName: string;
  /** Key of the CA bundle that verifies the server. @default 'ca.crt' */
  readonly caKey?: string;
  /** Keys of a client certificate and key for mutual TLS. @default no client certificate */
  readonly certKey?: string;
  readonly keyKey?: string;
  /** The name to verify the server certificate against. @default the address's host */
  readonly serverName?: string;
}

/** One StoreAPI endpoint of a querier. */
export interface QueryEndpoint {
  /** `host:port`, or `dns+host:port` / `dnssrv+_grpc._tcp.host` to resolve every address behind a name. */
  readonly address: string;
  /** Keep the endpoint even when its health check fails (static addresses only). @default false */
  readonly strict?: boolean;
  /**
   * Treat the addresses behind the name as one HA group: the querier holds one endpoint for the group and sends
   * each request to one member, round-robin, retrying another on UNAVAILABLE, instead of fanning out to every
   * member. Write the address `dns+host:port` so the members are looked up by A records: the group's gRPC
   * resolver (thanos-io/thanos@v0.42.4 pkg/discovery/dns/grpc.go) resolves it through the same provider as other
   * endpoints (pkg/discovery/dns/provider.go: without a prefix the name is one address, dialled as is), and the
   * round-robin policy with retries is pkg/extgrpc/client.go EndpointGroupGRPCOpts. @default false
   */
  readonly group?: boolean;
  /** @default plain text */
  readonly tls?: EndpointTls;
}

/** Where the querier mounts the TLS Secret of an endpoint. */
export type TlsMountPath = (secretName: string) => string;

/** The default key of a CA bundle in a TLS Secret (cert-manager's and kubernetes.io/tls's convention). */
export const DEFAULT_TLS_CA_KEY = 'ca.crt';

const ADDRESS = /^(dns\+|dnssrv\+|dnssrvnoa\+)?[a-z0-9_]([-a-z0-9_.]*[a-z0-9])?(:[0-9]{1,5})?$/i;

function isDynamic(address: string): boolean {
  return /^(dns\+|dnssrv\+|dnssrvnoa\+)/.test(address);
}

/** Checks endpoints against the rules Thanos applies when it loads the file, and duplicates. */
export function checkEndpoints(
  endpoints: readonly QueryEndpoint[],
  context: ErrorContext,
  prop: string,
): readonly QueryEndpoint[] {
  const seen = new Set<string>();
  endpoints.forEach((e, i) => {
    const at = `${prop}[${i}]`;
    if (!ADDRESS.test(e.address) || (!isDynamic(e.address) && !e.address.includes(':'))) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${at}.address`,
        problem: 'must be host:port, optionally prefixed with dns+ or dnssrv+',
        value: e.address,
        fix: "pass a component's grpcEndpoint handle, or write e.g. 'thanos-store.monitoring.svc.cluster.local:10901'",
      });
    }
    if (seen.has(e.address)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${at}.address`,
        problem: 'names an endpoint that is already listed',
        value: e.address,
        fix: 'list each endpoint once; Thanos would count the duplicate and keep one',
      });
    }
    seen.add(e.address);
    if (e.strict && isDynamic(e.address)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: `${at}.strict`,
        problem: 'cannot be set on an address resolved through DNS service discovery',
        value: e.address,
        fix: 'use a static host:port for a strict endpoint, or drop strict',
      });
    }
    if (e.group && /^dnssrv/.test(e.address)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: `${at}.group`,
        problem: 'takes a host:port the gRPC resolver looks up by A/AAAA records, not an SRV name',
        value: e.address,
        fix: `write the group as 'dns+<host>:<port>'`,
      });
    }
    if (e.tls && isDynamic(e.address) && !e.group) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: `${at}.tls`,
        problem: 'is ignored by Thanos for addresses resolved through DNS service discovery',
        value: e.address,
        fix: 'list the TLS endpoint by a static host:port (or as a group), or drop tls',
      });
    }
    if (e.tls && (e.tls.certKey === undefined) !== (e.tls.keyKey === undefined)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: `${at}.tls`,
        problem: 'must name both certKey and keyKey for a client certificate, or neither',
        value: { certKey: e.tls.certKey, keyKey: e.tls.keyKey },
        fix: "set both, e.g. certKey: 'tls.crt' and keyKey: 'tls.key'",
      });
    }
  });
  return endpoints;
}

/**
 * The `--endpoint.sd-config-file` of a querier (Thanos v0.42): `endpoints`, each with `address` and, when set,
 * `strict`, `group` and a `client_config` with `tls_config` and `server_name`.
 */
export function buildEndpointSdConfig(
  endpoints: readonly QueryEndpoint[],
  tlsMountPath: TlsMountPath,
): Record<string, unknown> {
  return {
    endpoints: endpoints.map((e) => {
      const entry: Record<string, unknown> = { address: e.address };
      if (e.strict) entry.strict = true;
      if (e.group) entry.group = true;
      if (e.tls) {
        const dir = tlsMountPath(e.tls.secretName);
        const tls: Record<string, unknown> = {
          enabled: true,
          ca_file: `${dir}/${e.tls.caKey ?? DEFAULT_TLS_CA_KEY}`,
        };
        if (e.tls.certKey !== undefined) tls.cert_file = `${dir}/${e.tls.certKey}`;
        if (e.tls.keyKey !== undefined) tls.key_file = `${dir}/${e.tls.keyKey}`;
        entry.client_config = {
          tls_config: tls,
          ...(e.tls.serverName !== undefined ? { server_name: e.tls.serverName } : {}),
        };
      }
      return entry;
    }),
  };
}

/** The endpoint SD config file as YAML. */
export function renderEndpointSdConfig(config: Record<string, unknown>): string {
  return stringify(config, { lineWidth: 0 });
}
