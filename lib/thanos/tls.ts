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
  /**
   * A Secret whose `ca.crt` verifies client certificates instead of `secretName`'s: trust one direction's clients
   * only (a "query client" CA on StoreAPI servers, a "remote-write client" CA on receivers), so a certificate issued
   * for another direction is refused at the handshake. Needs `clientAuth`. @default `secretName`'s `ca.crt`
   */
  readonly clientCaSecretName?: string;
}

/** Where a separate client CA is mounted. */
export const CLIENT_CA_DIR = `${THANOS_PATHS.tls}/client-ca`;

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

/** The volumes of a server certificate and, when separate, of the CA that verifies clients. */
export function serverTlsVolumes(tls: ServerTls | undefined): VolumeMountSpec[] {
  if (tls === undefined) return [];
  return [
    serverTlsVolume(tls),
    ...(tls.clientAuth && tls.clientCaSecretName !== undefined
      ? [
          {
            volume: secretVolume('client-ca', tls.clientCaSecretName),
            mountPath: CLIENT_CA_DIR,
            readOnly: true,
          },
        ]
      : []),
  ];
}

/** The Secrets a server's TLS reads. */
export function serverTlsSecrets(tls: ServerTls | undefined): string[] {
  if (tls === undefined) return [];
  return [tls.secretName, ...(tls.clientAuth && tls.clientCaSecretName ? [tls.clientCaSecretName] : [])];
}

/** `--<prefix>-tls-cert`, `-key` and, with client authentication, `-client-ca`. */
export function serverTlsFlags(
  prefix: 'grpc-server' | 'remote-write.server',
  tls: ServerTls | undefined,
): Record<string, string | undefined> {
  return {
    [`${prefix}-tls-cert`]: tls ? `${SERVER_TLS_DIR}/tls.crt` : undefined,
    [`${prefix}-tls-key`]: tls ? `${SERVER_TLS_DIR}/tls.key` : undefined,
    [`${prefix}-tls-client-ca`]: tls?.clientAuth
      ? `${tls.clientCaSecretName !== undefined ? CLIENT_CA_DIR : SERVER_TLS_DIR}/ca.crt`
      : undefined,
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
