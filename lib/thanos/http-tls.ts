import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringifyYaml as stringify } from '../core/manifest-yaml';
import {
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  VolumeMountSpec,
  healthProbes,
  secretVolume,
} from '../core';
import { THANOS_PATHS } from './config/ports';

/**
 * TLS on a Thanos component's HTTP port (10902: API, UI, metrics, probes), read by Thanos from an exporter-toolkit
 * web config named by `--http.config` (thanos-io/thanos@v0.42.4 pkg/extkingpin/flags.go `RegisterHTTPFlags`,
 * cmd/thanos/config.go `httpConfig`; served by pkg/server/http/http.go through exporter-toolkit's
 * `ListenAndServe`). Clients verify the server against `ca.crt`; none presents a certificate (the kubelet's probes
 * cannot).
 */
export interface ThanosHttpTls {
  /** A Secret with `tls.crt` and `tls.key` (a cert-manager Certificate's Secret, say) naming the Service's host. */
  readonly secretName: string;
  /**
   * The Secret whose `ca.crt` clients (query-frontends, rulers, Grafana, the ServiceMonitor) verify the server with;
   * only that key is mounted into clients, never the server's key. @default `secretName`
   */
  readonly caSecretName?: string;
}

/** Something with an HTTP API and, when it serves HTTPS, the TLS its clients must verify. */
export interface IHttpEndpoint {
  readonly httpUrl: string;
  /** Set when the endpoint serves HTTPS. */
  readonly httpTls?: ThanosHttpTls;
}

/** Where the server certificate of the HTTP port is mounted. */
export const HTTP_TLS_DIR = `${THANOS_PATHS.tls}/http`;
/** Where the web config is mounted. */
export const HTTP_CONFIG_DIR = `${THANOS_PATHS.config}/http`;
export const HTTP_CONFIG_FILE = 'web-config.yaml';
/** Where a client mounts the `ca.crt` of the HTTP endpoint it calls. */
export const HTTP_CLIENT_CA_DIR = `${THANOS_PATHS.tls}/http-client-ca`;

/** The Secret holding the CA clients verify an endpoint with. */
export function httpCaSecret(tls: ThanosHttpTls): string {
  return tls.caSecretName ?? tls.secretName;
}

/** The exporter-toolkit web config (`tls_server_config` with `cert_file`/`key_file`); it holds paths, no secrets. */
export function renderHttpWebConfig(): string {
  return stringify({
    tls_server_config: { cert_file: `${HTTP_TLS_DIR}/tls.crt`, key_file: `${HTTP_TLS_DIR}/tls.key` },
  });
}

/** The `--http.config` flag of a component serving HTTPS (none without `httpTls`). */
export function httpTlsFlags(tls: ThanosHttpTls | undefined): Record<string, string> {
  return tls === undefined ? {} : { 'http.config': `${HTTP_CONFIG_DIR}/${HTTP_CONFIG_FILE}` };
}

/** What a component adds to serve HTTPS on its HTTP port. */
export interface HttpTlsServer {
  readonly flags: Record<string, string>;
  readonly volumes: readonly VolumeMountSpec[];
  readonly secrets: readonly string[];
  /** For the pod template's config hash. */
  readonly config: string;
}

/** A ConfigMap `<name>-http-config` with the web config, and the flag and volumes that serve it. */
export function httpTlsServer(
  scope: Construct,
  options: { name: string; namespace: string; labels: Record<string, string> },
  tls: ThanosHttpTls | undefined,
): HttpTlsServer | undefined {
  if (tls === undefined) return undefined;
  const config = renderHttpWebConfig();
  const configMap = new k8s.KubeConfigMap(scope, 'http-config', {
    metadata: { name: `${options.name}-http-config`, namespace: options.namespace, labels: options.labels },
    data: { [HTTP_CONFIG_FILE]: config },
  });
  return {
    flags: httpTlsFlags(tls),
    volumes: [
      {
        volume: { name: 'http-config', configMap: { name: configMap.name } },
        mountPath: HTTP_CONFIG_DIR,
        readOnly: true,
      },
      {
        volume: secretVolume('http-tls', tls.secretName, [
          { key: 'tls.crt', path: 'tls.crt' },
          { key: 'tls.key', path: 'tls.key' },
        ]),
        mountPath: HTTP_TLS_DIR,
        readOnly: true,
      },
    ],
    secrets: [tls.secretName],
    config,
  };
}

/**
 * The probes of a component, over HTTPS when its HTTP port serves TLS. The kubelet does not verify the certificate
 * of an HTTPS probe (kubernetes/kubernetes pkg/probe/http/http.go `New`: a prober that skips TLS verification, read
 * unpinned), which is right here: it checks the process, not the identity.
 */
export function withScheme(
  probes: ReturnType<typeof healthProbes>,
  tls: ThanosHttpTls | undefined,
): ReturnType<typeof healthProbes> {
  if (tls === undefined) return probes;
  const https = (p: k8s.Probe): k8s.Probe => ({
    ...p,
    httpGet: { ...(p.httpGet as k8s.HttpGetAction), scheme: 'HTTPS' },
  });
  return {
    startup: https(probes.startup),
    liveness: https(probes.liveness),
    readiness: https(probes.readiness),
  };
}

/** The `ca.crt` of an HTTPS endpoint mounted into a client, at `HTTP_CLIENT_CA_DIR/ca.crt`. */
export function httpClientCaVolume(tls: ThanosHttpTls, mountPath = HTTP_CLIENT_CA_DIR): VolumeMountSpec {
  return {
    volume: secretVolume('http-client-ca', httpCaSecret(tls), [{ key: 'ca.crt', path: 'ca.crt' }]),
    mountPath,
    readOnly: true,
  };
}

/**
 * Checks that a client speaks the scheme of the endpoint it calls: an endpoint with `httpTls` behind an `http://` URL
 * (a hand-built reference) would be called in plain text and fail every request; an `https://` URL without the CA
 * to verify it cannot be trusted.
 */
export function checkHttpClient(endpoint: IHttpEndpoint, context: ErrorContext, prop: string): void {
  const https = endpoint.httpUrl.startsWith('https://');
  if (endpoint.httpTls !== undefined && !https) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop,
      problem: 'serves HTTPS (httpTls) but is called through a plain-text http:// URL',
      value: endpoint.httpUrl,
      fix: "pass the component itself (its httpUrl is https://…), or write the URL with 'https://'",
    });
  }
  if (endpoint.httpTls === undefined && https && endpoint.httpUrl.includes('.svc')) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop,
      problem: 'is an in-cluster https:// URL without the CA to verify it',
      value: endpoint.httpUrl,
      fix: 'pass the component itself, or add httpTls: { secretName } naming the Secret whose ca.crt signed it',
    });
  }
}
