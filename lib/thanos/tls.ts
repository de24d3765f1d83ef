import { ErrorCode, ErrorContext, ObservabilityConstructError, VolumeMountSpec, secretVolume } from '../core';
import { THANOS_PATHS } from './config/ports';

/**
 * TLS on a server a component exposes: a Secret in its namespace with `tls.crt`, `tls.key` and, for `clientAuth`,
 * the `ca.crt` that client certificates must chain to (mutual TLS).
 */
export interface ServerTls {
  readonly secretName: string;
  /** Require and verify client certificates against `ca.crt`. @default false */
  readonly clientAuth?: boolean;
}

/** Where a component's server certificate is mounted. */
export const SERVER_TLS_DIR = `${THANOS_PATHS.tls}/server`;

/** The volume of a server certificate. */
export function serverTlsVolume(tls: ServerTls): VolumeMountSpec {
  return {
    volume: secretVolume('server-tls', tls.secretName),
    mountPath: SERVER_TLS_DIR,
    readOnly: true,
  };
}

/** `--<prefix>-tls-cert`, `-key` and, with client authentication, `-client-ca`. */
export function serverTlsFlags(
  prefix: 'grpc-server' | 'remote-write.server',
  tls: ServerTls | undefined,
): Record<string, string | undefined> {
  return {
    [`${prefix}-tls-cert`]: tls ? `${SERVER_TLS_DIR}/tls.crt` : undefined,
    [`${prefix}-tls-key`]: tls ? `${SERVER_TLS_DIR}/tls.key` : undefined,
    [`${prefix}-tls-client-ca`]: tls?.clientAuth ? `${SERVER_TLS_DIR}/ca.crt` : undefined,
  };
}

/**
 * A server exposed outside the cluster (a NodePort or LoadBalancer Service) carries metrics or writes across
 * networks the cluster does not control: it needs TLS, or an explicit statement that the network is private.
 */
export function checkExposure(
  context: ErrorContext,
  prop: string,
  what: string,
  type: string | undefined,
  tls: unknown,
  allowPlaintext: boolean | undefined,
): void {
  if ((type ?? 'ClusterIP') === 'ClusterIP' || tls !== undefined || allowPlaintext) return;
  throw new ObservabilityConstructError(context, {
    code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    prop,
    problem: `exposes ${what} outside the cluster in plain text, to anyone who reaches the ${type}`,
    value: type,
    fix: 'add TLS (a Secret with tls.crt, tls.key and ca.crt, with clientAuth), or set allowPlaintextExposure: true on a private network',
  });
}
