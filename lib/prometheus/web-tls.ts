import { k8s } from 'cdk8s-plus-28';
import { stringifyYaml as stringify } from '../core/manifest-yaml';
import { ServerTls } from '../thanos/tls';

/** Where the web port's certificate (`webTls`) is mounted. */
export const WEB_TLS_DIR = '/etc/prometheus/web-tls';
/** Where the federation jobs' client certificate (`federationTls`) is mounted. */
export const FEDERATION_TLS_DIR = '/etc/prometheus/federation-tls';
/** The `--web.config.file` (prometheus/prometheus@v3.13.2 docs/configuration/https.md), next to prometheus.yml. */
export const WEB_CONFIG_FILE = 'web.yml';
/** The HTTP client config the probes' promtool uses against the TLS web port. */
export const PROBE_CLIENT_FILE = 'probe-client.yml';

/** The web config (TLS, client certificates required for `clientAuth`) and the probes' client config. */
export function webTlsFiles(tls: ServerTls): { server: string; probe: string } {
  const server = {
    tls_server_config: {
      cert_file: `${WEB_TLS_DIR}/tls.crt`,
      key_file: `${WEB_TLS_DIR}/tls.key`,
      // docs/configuration/https.md: only RequireAndVerifyClientCert authenticates clients.
      ...(tls.clientAuth
        ? { client_auth_type: 'RequireAndVerifyClientCert', client_ca_file: `${WEB_TLS_DIR}/ca.crt` }
        : {}),
    },
  };
  const probe = {
    tls_config: {
      ...(tls.clientAuth ? { cert_file: `${WEB_TLS_DIR}/tls.crt`, key_file: `${WEB_TLS_DIR}/tls.key` } : {}),
      // Its own pod over loopback: the serving certificate names the external host, not localhost.
      insecure_skip_verify: true,
    },
  };
  return { server: stringify(server), probe: stringify(probe) };
}

/**
 * Probes through `promtool check healthy|ready` (prometheus/prometheus@v3.13.2 cmd/promtool/main.go, shipped in
 * the image as /bin/promtool per its Dockerfile): the kubelet's HTTP probes cannot present a client certificate
 * to a port that requires one.
 */
export function promtoolProbes(
  startupSeconds: number,
  url: string,
  clientConfigFile: string,
): {
  readonly liveness: k8s.Probe;
  readonly readiness: k8s.Probe;
  readonly startup: k8s.Probe;
} {
  const exec = (check: 'healthy' | 'ready') => ({
    command: ['/bin/promtool', 'check', check, `--url=${url}`, `--http.config.file=${clientConfigFile}`],
  });
  return {
    startup: {
      exec: exec('healthy'),
      periodSeconds: 5,
      timeoutSeconds: 5,
      failureThreshold: Math.ceil(startupSeconds / 5),
    },
    liveness: { exec: exec('healthy'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
    readiness: { exec: exec('ready'), periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3 },
  };
}
