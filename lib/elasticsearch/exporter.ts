import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IMAGES,
  MonitoringOptions,
  ObservabilityConstructError,
  ResourceSpec,
  contextOf,
  createService,
  createWorkload,
  defaultMetricsScrapers,
  healthProbes,
  networkPolicy,
  podPeer,
  resolveResources,
  serviceMonitor,
  standardLabels,
  imageVersion,
  alertsPrometheusRule,
} from '../core';
import { elasticsearchAlertRules } from './alerts';
import { EckElasticsearch, ELASTICSEARCH_HTTP_PORT } from './eck';
import { searchMonitorRole, searchMonitorRoleName } from './roles';

/** The exporter's metrics port (prometheus-community/elasticsearch_exporter@v1.11.0 main.go, `:9114` default). */
export const ELASTICSEARCH_EXPORTER_PORT = 9114;
/** Its health endpoint, which answers 200 without asking Elasticsearch (main.go `/healthz`). */
export const ELASTICSEARCH_EXPORTER_HEALTH_PATH = '/healthz';
/**
 * One exporter per cluster polls `/_nodes/stats`, `/_cluster/health` and `/_all/_stats` per scrape; the decoded
 * per-index stats of a few hundred daily Jaeger indices stay in the tens of MiB.
 */
export const DEFAULT_ELASTICSEARCH_EXPORTER_RESOURCES: ResourceSpec = {
  cpu: '50m',
  memory: '128Mi',
  cpuLimit: '200m',
};
/** Where the ECK CA is mounted in the exporter. */
const CA_DIR = '/etc/elasticsearch-ca';

export interface ElasticsearchExporterProps {
  readonly cluster: EckElasticsearch;
  /**
   * A `kubernetes.io/basic-auth` Secret in the cluster's namespace (keys `username`, `password`) you create; the
   * exporter's user gets only the {@link searchMonitorRole} (cluster `monitor`, index `monitor` on the Jaeger
   * indices), loaded by ECK's file realm.
   */
  readonly credentialsSecret: string;
  /** The user name, equal to the Secret's `username` key. @default `<indexPrefix>-monitor` */
  readonly username?: string;
  /** @default IMAGES.elasticsearchExporter */
  readonly image?: string;
  /** @default DEFAULT_ELASTICSEARCH_EXPORTER_RESOURCES */
  readonly resources?: ResourceSpec;
  /**
   * A ServiceMonitor (prometheus-operator must be installed) and, unless `alerts: false`, a PrometheusRule with
   * {@link elasticsearchAlertRules}. @default neither
   */
  readonly monitoring?: MonitoringOptions & { readonly alerts?: boolean };
  /** Pods allowed to scrape the metrics port. @default defaultMetricsScrapers() */
  readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
}

/**
 * prometheus-community/elasticsearch_exporter v1.11.0 for an ECK cluster, which serves no Prometheus metrics of
 * its own: one restricted pod that reads cluster health, the stats of every node (`--es.all`) and of the Jaeger
 * indices (`--es.indices`) over HTTPS verified with the ECK CA, as a least-privilege file-realm user; a Service and
 * (optionally) a ServiceMonitor; a NetworkPolicy that lets it reach only Elasticsearch's 9200 (and DNS) and lets
 * only the scrapers in.
 */
export class ElasticsearchExporter extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The scrape `job` the ServiceMonitor sets and the alerts select: `monitoring.job`, else the Service name. */
  public readonly job: string;
  public readonly deployment: k8s.KubeDeployment | k8s.KubeStatefulSet;

  constructor(scope: Construct, id: string, props: ElasticsearchExporterProps) {
    super(scope, id);
    const context = contextOf(this, 'ElasticsearchExporter');
    const cluster = props.cluster;
    if (!(cluster instanceof EckElasticsearch)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'cluster',
        problem: 'must be an EckElasticsearch',
        value: cluster,
        fix: 'pass the EckElasticsearch construct whose metrics to export',
      });
    }
    if (
      typeof props.credentialsSecret !== 'string' ||
      !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(props.credentialsSecret)
    ) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'credentialsSecret',
        problem: `must name a basic-auth Secret in namespace '${cluster.namespace}'`,
        value: props.credentialsSecret,
        fix: `create one with keys username and password, e.g. '${cluster.clusterName}-exporter', and name it here`,
      });
    }
    this.namespace = cluster.namespace;
    this.name = `${cluster.clusterName}-es-exporter`;
    this.job = props.monitoring?.job ?? this.name;
    const image = props.image ?? IMAGES.elasticsearchExporter;
    const username = props.username ?? `${cluster.indexPrefix}-monitor`;
    cluster.addFileRealmUser('exporter', {
      roleName: searchMonitorRoleName(cluster.indexPrefix),
      role: searchMonitorRole(cluster.indexPrefix),
      username,
      basicAuthSecret: props.credentialsSecret,
    });
    const selector = {
      'app.kubernetes.io/name': 'elasticsearch-exporter',
      'app.kubernetes.io/instance': cluster.clusterName,
    };
    const labels = standardLabels({
      name: 'elasticsearch-exporter',
      instance: cluster.clusterName,
      component: 'metrics',
      version: imageVersion(image),
      partOf: 'jaeger',
    });
    const connection = cluster.connection;
    const ca = connection.ca!;
    const port = { name: 'metrics', port: ELASTICSEARCH_EXPORTER_PORT };
    // Flags from prometheus-community/elasticsearch_exporter@v1.11.0 main.go; the credentials come from the
    // ES_USERNAME/ES_PASSWORD environment (main.go os.Getenv), never from the command line.
    const args = [
      `--es.uri=${connection.serverUrls[0]}`,
      `--es.ca=${CA_DIR}/${ca.key}`,
      '--es.all',
      '--es.indices',
      `--web.listen-address=:${ELASTICSEARCH_EXPORTER_PORT}`,
    ];
    const secretEnv = (name: string, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: props.credentialsSecret, key } },
    });
    const workload = createWorkload(this, 'deployment', {
      kind: 'Deployment',
      name: this.name,
      namespace: this.namespace,
      labels,
      selector,
      replicas: 1,
      containerName: 'exporter',
      image,
      args,
      env: [secretEnv('ES_USERNAME', 'username'), secretEnv('ES_PASSWORD', 'password')],
      ports: [port],
      resources: resolveResources(
        props.resources ?? DEFAULT_ELASTICSEARCH_EXPORTER_RESOURCES,
        context,
        'resources',
      ),
      probes: healthProbes(port.name, ELASTICSEARCH_EXPORTER_HEALTH_PATH),
      volumes: [
        {
          volume: {
            name: 'elasticsearch-ca',
            secret: { secretName: ca.name, defaultMode: 0o440, items: [{ key: ca.key, path: ca.key }] },
          },
          mountPath: CA_DIR,
          readOnly: true,
        },
      ],
      // The credentials are the user's; the CA Secret is ECK's.
      externalReferences: [
        { kind: 'Secret', name: props.credentialsSecret },
        { kind: 'Secret', name: ca.name },
      ],
    });
    this.deployment = workload.apiObject;
    createService(this, 'service', {
      name: this.name,
      namespace: this.namespace,
      labels,
      selector,
      ports: [port],
    });
    const es = connection.inCluster!;
    networkPolicy(this, 'network-policy', {
      name: this.name,
      namespace: this.namespace,
      labels,
      podSelector: selector,
      ingress: [
        { peers: [...(props.metricsScrapers ?? defaultMetricsScrapers())], ports: [{ port: port.name }] },
      ],
      egress: [{ peers: [podPeer({ ...es.podSelector })], ports: [{ port: ELASTICSEARCH_HTTP_PORT }] }],
    });
    if (props.monitoring?.serviceMonitor) {
      serviceMonitor(this, 'service-monitor', {
        name: this.name,
        namespace: this.namespace,
        labels,
        serviceSelector: selector,
        portName: port.name,
        monitoring: { ...props.monitoring, job: this.job },
      });
      if (props.monitoring.alerts ?? true) {
        alertsPrometheusRule(this, 'alerts', {
          name: this.name,
          namespace: this.namespace,
          labels: { ...labels, 'app.kubernetes.io/component': 'alerts', ...(props.monitoring.labels ?? {}) },
          rules: elasticsearchAlertRules({ namespace: this.namespace, job: this.job }),
        });
      }
    }
  }
}
