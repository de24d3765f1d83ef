import {
  ErrorCode,
  ErrorContext,
  HttpExposure,
  ObservabilityConstructError,
  VolumeMountSpec,
  secretVolume,
  isDnsSubdomain,
} from '../core';

/** Where the certificate and key of a query's `tls` are mounted. */
export const JAEGER_QUERY_TLS_DIR = '/etc/jaeger/query-tls';

/** TLS on the query's UI/HTTP API (16686) and gRPC API (16685). */
export interface JaegerQueryTls {
  /** A Secret with `tls.crt` and `tls.key` naming the Service's host (a cert-manager Certificate's Secret, say). */
  readonly secretName: string;
}

/**
 * Checks `tls` at run time too (JavaScript callers), and refuses it with `exposure`: the Ingress's backend protocol
 * is controller-specific and an HTTPRoute's needs a BackendTLSPolicy the library does not emit, so the exposure
 * would call the TLS port in plain text.
 */
export function checkQueryTls(
  tls: JaegerQueryTls | undefined,
  exposure: HttpExposure | undefined,
  context: ErrorContext,
): JaegerQueryTls | undefined {
  if (tls === undefined) return undefined;
  const secretName = (tls as unknown as Record<string, unknown>)?.secretName;
  if (!isDnsSubdomain(secretName)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop: 'tls.secretName',
      problem: 'must name a Secret of the namespace',
      value: secretName,
      fix: "give the name of a Secret with tls.crt and tls.key, e.g. { secretName: 'jaeger-query-tls' }",
    });
  }
  if (exposure !== undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'exposure',
      problem:
        'cannot be set together with tls: the Ingress or HTTPRoute would call the HTTPS port in plain text',
      value: exposure,
      fix: 'drop tls on an exposed query (the exposure terminates TLS), or drop exposure',
    });
  }
  return { secretName };
}

/** The Secret's `tls.crt` and `tls.key`, mounted 0440 at {@link JAEGER_QUERY_TLS_DIR}. */
export function queryTlsVolumes(tls: JaegerQueryTls | undefined): VolumeMountSpec[] {
  if (tls === undefined) return [];
  return [
    {
      volume: secretVolume('query-tls', tls.secretName, [
        { key: 'tls.crt', path: 'tls.crt' },
        { key: 'tls.key', path: 'tls.key' },
      ]),
      mountPath: JAEGER_QUERY_TLS_DIR,
      readOnly: true,
    },
  ];
}

/** A role URL (`http://…`) as its clients must call it. */
export function queryScheme(url: string, tls: JaegerQueryTls | undefined): string {
  return tls === undefined ? url : url.replace(/^http:/, 'https:');
}
