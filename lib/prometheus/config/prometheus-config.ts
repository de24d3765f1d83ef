import { stringifyYaml as stringify } from '../../core/manifest-yaml';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';
import { checkPrometheusDuration } from '../../core/duration';

export const DEFAULT_PROMETHEUS_SCRAPE_INTERVAL = '30s';
export const DEFAULT_EVALUATION_INTERVAL = '30s';

/** Kubernetes service discovery of a scrape job. */
export interface KubernetesDiscovery {
  readonly role: 'pod' | 'service' | 'endpoints' | 'endpointslice' | 'node';
  /** @default every namespace */
  readonly namespaces?: readonly string[];
}

/** A relabel rule, as Prometheus writes it. */
export interface RelabelRule {
  readonly action?: 'replace' | 'keep' | 'drop' | 'hashmod' | 'labelmap' | 'labeldrop' | 'labelkeep';
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly target_label?: string;
  readonly regex?: string;
  readonly modulus?: number;
  readonly replacement?: string;
}

/** A scrape job: static targets or Kubernetes discovery. */
export interface ScrapeJob {
  readonly jobName: string;
  /** `host:port` each. */
  readonly staticTargets?: readonly string[];
  readonly kubernetes?: KubernetesDiscovery;
  /** @default '/metrics' (Prometheus's default, left out) */
  readonly metricsPath?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** @default the global scrape interval */
  readonly scrapeInterval?: string;
  readonly relabelConfigs?: readonly RelabelRule[];
  /**
   * Authenticate with the pod's service-account token and verify the server against the cluster CA (the kubelet,
   * the API server). With a `node` role this grants the ServiceAccount `get` on `nodes/metrics`. @default false
   */
  readonly serviceAccountCredentials?: boolean;
  /** Do not verify the server's certificate (kubelets with self-signed serving certificates). @default false */
  readonly insecureSkipVerify?: boolean;
  /** Present this client certificate (a server that requires mutual TLS). @default none */
  readonly clientCertificate?: { readonly certFile: string; readonly keyFile: string };
}

/** Where Kubernetes mounts a pod's service-account token and the cluster CA. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A federation job: pull selected series from other Prometheus servers' `/federate`, keeping their labels. */
export interface FederationJob {
  readonly jobName: string;
  /** `host:port` of the Prometheus servers to federate from. */
  readonly targets: readonly string[];
  /** Series selectors (`match[]`), e.g. `{__name__=~"cluster:.*"}`. */
  readonly match: readonly string[];
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** @default the global scrape interval */
  readonly scrapeInterval?: string;
  /**
   * Labels to drop from the federated series, e.g. the replica label of an HA pair behind one address: its two
   * replicas then feed one series instead of two half-filled ones. @default none
   */
  readonly dropLabels?: readonly string[];
  /**
   * TLS towards `https` targets: the CA that signed them and, for servers that require mutual TLS, this server's
   * client certificate and key. @default none
   */
  readonly tls?: { readonly caFile: string; readonly certFile?: string; readonly keyFile?: string };
}

/** Queue tuning of a remote write (Prometheus `queue_config`). */
export interface RemoteWriteQueue {
  readonly capacity?: number;
  readonly maxShards?: number;
  readonly minShards?: number;
  readonly maxSamplesPerSend?: number;
  /** A Prometheus duration. */
  readonly batchSendDeadline?: string;
}

/** Queue settings for remote write to a Thanos receive hashring unless the user sets others. */
export const DEFAULT_REMOTE_WRITE_QUEUE: RemoteWriteQueue = {
  capacity: 10000,
  maxShards: 50,
  minShards: 1,
  maxSamplesPerSend: 2000,
  batchSendDeadline: '5s',
};

/** A remote write target, optionally with a tenant header (Thanos receive's `THANOS-TENANT`). */
export interface RemoteWriteTarget {
  readonly name?: string;
  readonly url: string;
  /** The tenant header name and value sent with every request. @default none */
  readonly tenant?: { readonly header: string; readonly id: string };
  /** @default DEFAULT_REMOTE_WRITE_QUEUE */
  readonly queue?: RemoteWriteQueue;
  readonly writeRelabelConfigs?: readonly RelabelRule[];
  /** TLS files of an `https` target: the CA that signed it and, for mutual TLS, a client certificate and key. */
  readonly tls?: { readonly caFile: string; readonly certFile?: string; readonly keyFile?: string };
}

/** Inputs of {@link buildPrometheusConfig}. */
export interface PrometheusConfigOptions {
  /** Labels of every series leaving this Prometheus (to Thanos, federation or remote write). */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** @default DEFAULT_PROMETHEUS_SCRAPE_INTERVAL */
  readonly scrapeInterval?: string;
  /** @default DEFAULT_EVALUATION_INTERVAL */
  readonly evaluationInterval?: string;
  /** Paths or globs of rule files. @default none */
  readonly ruleFiles?: readonly string[];
  readonly scrapeJobs?: readonly ScrapeJob[];
  readonly federation?: readonly FederationJob[];
  readonly remoteWrite?: readonly RemoteWriteTarget[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A `prometheus.yml`: global intervals and external labels, rule files, scrape jobs (static or Kubernetes
 * discovery), federation jobs (`metrics_path: /federate`, `honor_labels: true`, `params: match[]`) and remote
 * write with queue config and a tenant header. Uses only keys both Prometheus 2.x and 3.x accept.
 */
export function buildPrometheusConfig(
  options: PrometheusConfigOptions,
  context: ErrorContext,
): Record<string, unknown> {
  const fail = (prop: string, problem: string, value: unknown, fix: string): never => {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem,
      value,
      fix,
    });
  };
  for (const label of Object.keys(options.externalLabels)) {
    if (!LABEL_NAME.test(label) || label.startsWith('__')) {
      fail(
        'externalLabels',
        'has an invalid label name',
        label,
        "use letters, digits and '_', not starting with '__'",
      );
    }
  }
  const scrapeInterval = checkPrometheusDuration(
    options.scrapeInterval ?? DEFAULT_PROMETHEUS_SCRAPE_INTERVAL,
    context,
    'scrapeInterval',
  );
  const evaluationInterval = checkPrometheusDuration(
    options.evaluationInterval ?? DEFAULT_EVALUATION_INTERVAL,
    context,
    'evaluationInterval',
  );
  const jobNames = new Set<string>();
  const claim = (prop: string, name: string) => {
    if (jobNames.has(name))
      fail(prop, 'is the name of another job', name, 'give every scrape and federation job its own name');
    jobNames.add(name);
  };
  const scrapeConfigs: Record<string, unknown>[] = [];
  (options.scrapeJobs ?? []).forEach((job, i) => {
    const at = `scrapeJobs[${i}]`;
    claim(`${at}.jobName`, job.jobName);
    if ((job.staticTargets === undefined) === (job.kubernetes === undefined)) {
      fail(
        at,
        'must have either staticTargets or kubernetes discovery',
        job.jobName,
        'set exactly one of them',
      );
    }
    if (job.scrapeInterval !== undefined)
      checkPrometheusDuration(job.scrapeInterval, context, `${at}.scrapeInterval`);
    scrapeConfigs.push({
      job_name: job.jobName,
      ...(job.scrapeInterval !== undefined ? { scrape_interval: job.scrapeInterval } : {}),
      ...(job.metricsPath !== undefined ? { metrics_path: job.metricsPath } : {}),
      ...(job.scheme !== undefined ? { scheme: job.scheme } : {}),
      ...(job.staticTargets ? { static_configs: [{ targets: [...job.staticTargets] }] } : {}),
      ...(job.kubernetes
        ? {
            kubernetes_sd_configs: [
              {
                role: job.kubernetes.role,
                ...(job.kubernetes.namespaces
                  ? { namespaces: { names: [...job.kubernetes.namespaces] } }
                  : {}),
              },
            ],
          }
        : {}),
      ...(job.serviceAccountCredentials
        ? { authorization: { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` } }
        : {}),
      ...(job.serviceAccountCredentials || job.insecureSkipVerify || job.clientCertificate
        ? {
            tls_config: {
              ...(job.serviceAccountCredentials ? { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt` } : {}),
              ...(job.clientCertificate
                ? { cert_file: job.clientCertificate.certFile, key_file: job.clientCertificate.keyFile }
                : {}),
              ...(job.insecureSkipVerify ? { insecure_skip_verify: true } : {}),
            },
          }
        : {}),
      ...(job.relabelConfigs ? { relabel_configs: job.relabelConfigs.map((r) => ({ ...r })) } : {}),
    });
  });
  (options.federation ?? []).forEach((job, i) => {
    const at = `federation[${i}]`;
    claim(`${at}.jobName`, job.jobName);
    if (job.match.length === 0) {
      fail(
        `${at}.match`,
        'is empty, and /federate returns nothing without a selector',
        [],
        'give series selectors, e.g. \'{__name__=~"cluster:.*"}\'',
      );
    }
    if (job.targets.length === 0)
      fail(`${at}.targets`, 'is empty', [], 'list the Prometheus servers to federate from');
    if (job.scrapeInterval !== undefined)
      checkPrometheusDuration(job.scrapeInterval, context, `${at}.scrapeInterval`);
    scrapeConfigs.push({
      job_name: job.jobName,
      ...(job.scrapeInterval !== undefined ? { scrape_interval: job.scrapeInterval } : {}),
      honor_labels: true,
      metrics_path: '/federate',
      ...(job.scheme !== undefined ? { scheme: job.scheme } : {}),
      params: { 'match[]': [...job.match] },
      static_configs: [{ targets: [...job.targets] }],
      ...(job.tls
        ? {
            tls_config: {
              ca_file: job.tls.caFile,
              ...(job.tls.certFile ? { cert_file: job.tls.certFile } : {}),
              ...(job.tls.keyFile ? { key_file: job.tls.keyFile } : {}),
            },
          }
        : {}),
      ...(job.dropLabels && job.dropLabels.length > 0
        ? { metric_relabel_configs: [{ action: 'labeldrop', regex: job.dropLabels.join('|') }] }
        : {}),
    });
  });
  const remoteWrite = (options.remoteWrite ?? []).map((target, i) => {
    const at = `remoteWrite[${i}]`;
    if (!/^https?:\/\/\S+$/.test(target.url)) {
      fail(
        `${at}.url`,
        'is not an http or https URL',
        target.url,
        'pass a handle such as receive.remoteWriteUrl',
      );
    }
    const q = { ...DEFAULT_REMOTE_WRITE_QUEUE, ...(target.queue ?? {}) };
    if (q.batchSendDeadline !== undefined)
      checkPrometheusDuration(q.batchSendDeadline, context, `${at}.queue.batchSendDeadline`);
    return {
      ...(target.name !== undefined ? { name: target.name } : {}),
      url: target.url,
      ...(target.tenant ? { headers: { [target.tenant.header]: target.tenant.id } } : {}),
      queue_config: {
        capacity: q.capacity,
        max_shards: q.maxShards,
        min_shards: q.minShards,
        max_samples_per_send: q.maxSamplesPerSend,
        batch_send_deadline: q.batchSendDeadline,
      },
      ...(target.writeRelabelConfigs
        ? { write_relabel_configs: target.writeRelabelConfigs.map((r) => ({ ...r })) }
        : {}),
      ...(target.tls
        ? {
            tls_config: {
              ca_file: target.tls.caFile,
              ...(target.tls.certFile ? { cert_file: target.tls.certFile } : {}),
              ...(target.tls.keyFile ? { key_file: target.tls.keyFile } : {}),
            },
          }
        : {}),
    };
  });
  return {
    global: {
      scrape_interval: scrapeInterval,
      evaluation_interval: evaluationInterval,
      external_labels: { ...options.externalLabels },
    },
    ...(options.ruleFiles && options.ruleFiles.length > 0 ? { rule_files: [...options.ruleFiles] } : {}),
    scrape_configs: scrapeConfigs,
    ...(remoteWrite.length > 0 ? { remote_write: remoteWrite } : {}),
  };
}

/** The config as YAML. */
export function renderPrometheusConfig(config: Record<string, unknown>): string {
  return stringify(config, { lineWidth: 0 });
}
