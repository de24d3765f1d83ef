import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  ErrorContext,
  IEndpointSource,
  ObservabilityConstructError,
  ResourceSpec,
  checkDnsLabel,
  contextOf,
  resolveName,
  resolveNamespace,
  requireWholeNumber,
  resolveResources,
  serviceDnsName,
  standardLabels,
  Placement,
  operatorPodPlacement,
  alertsPrometheusRule,
} from '../core';
import { Memory } from '../core/quantity';
import {
  BrokerConfigValue,
  CA_CERT_KEY,
  DEFAULT_KAFKA_METADATA_VERSION,
  DEFAULT_KAFKA_VERSION,
  DEFAULT_MAX_DISK_USE,
  KafkaClusterPreset,
  PLAIN_LISTENER_PORT,
  STRIMZI_API_VERSION,
  STRIMZI_CLUSTER_LABEL,
  TLS_LISTENER_PORT,
  gib,
  resolveBrokerConfig,
  strimziNames,
} from './config';
import { IKafkaEndpoint, SecretKeyRef } from './endpoint';
import { KafkaTopicRetention, kafkaAlertRules } from './alerts';
import { kafkaDashboard } from './dashboard';
import { DEFAULT_SIDECAR_DATASOURCE_UID, Dashboard, sidecarDashboardConfigMap } from '../grafana';
import { KAFKA_JMX_CONFIG_KEY, kafkaJmxExporterConfig } from './metrics';
import {
  KafkaMonitoringOptions,
  STRIMZI_ENTITY_OPERATOR_PORTS,
  STRIMZI_METRICS_PORT_NAME,
  kafkaExporterSpec,
  kafkaMonitoringJobs,
  kafkaPodMonitor,
} from './monitoring';

/** A KRaft process role. */
export type KafkaNodeRole = 'controller' | 'broker';

/** Client authentication on the TLS listener; `simple` ACL authorization comes with it. */
export type KafkaListenerAuthentication = 'tls' | 'scram-sha-512';

const AUTHENTICATIONS: readonly (KafkaListenerAuthentication | 'none')[] = ['tls', 'scram-sha-512', 'none'];

/** The persistent volume of each node of a pool. */
export interface KafkaPoolStorage {
  /** e.g. `500Gi`. */
  readonly size: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /**
   * Delete the volumes when the cluster is deleted.
   * @default false: a deleted cluster (or a mistaken apply) does not take its data with it
   */
  readonly deleteClaim?: boolean;
}

/** A `KafkaNodePool`: nodes with the same roles, storage and resources. */
export interface KafkaNodePoolProps {
  /** Pool name; pods are named `<cluster>-<pool>-<n>`. */
  readonly name: string;
  readonly roles: readonly KafkaNodeRole[];
  readonly replicas: number;
  /** @default DEFAULT_BROKER_STORAGE_SIZE for pools with brokers, DEFAULT_CONTROLLER_STORAGE_SIZE otherwise */
  readonly storage?: KafkaPoolStorage;
  /** @default DEFAULT_BROKER_RESOURCES for pools with brokers, DEFAULT_CONTROLLER_RESOURCES otherwise */
  readonly resources?: ResourceSpec;
}

/** Who may connect to the listeners. */
export interface KafkaNetworkPolicyProps {
  /**
   * Peers allowed to reach the client listeners, on top of those added with `allowClient` (an autoscaler adds the
   * KEDA operator). Strimzi opens a listener with no peers to everyone, so an empty list is an error.
   * @default every pod in the cluster's namespace
   */
  readonly clients?: readonly k8s.NetworkPolicyPeer[];
}

/** Broker volumes of a production pool unless the user sets them. */
export const DEFAULT_BROKER_STORAGE_SIZE = '100Gi';
/** Controller-only volumes hold the KRaft metadata log only. */
export const DEFAULT_CONTROLLER_STORAGE_SIZE = '20Gi';
/** Volume of the dev preset's single node. */
export const DEFAULT_DEV_STORAGE_SIZE = '10Gi';
/** Resources of each broker (and combined) node; Strimzi sizes the JVM heap from the memory limit. */
export const DEFAULT_BROKER_RESOURCES: ResourceSpec = { cpu: '1', memory: '4Gi' };
/** Resources of each controller-only node. */
export const DEFAULT_CONTROLLER_RESOURCES: ResourceSpec = { cpu: '500m', memory: '2Gi' };
/** Resources of the dev preset's single node. */
export const DEFAULT_DEV_RESOURCES: ResourceSpec = { cpu: '500m', memory: '2Gi' };
/** Node label brokers take their rack (`broker.rack`) from, so replicas spread over zones. */
export const RACK_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
/**
 * Rack awareness per preset. Strimzi 1.2's kafka-init container exits with status 1 when the broker's node lacks
 * the topology label (strimzi/strimzi-kafka-operator@1.2.0 kafka-init/src/main/java/io/strimzi/kafka/init/
 * InitWriter.java `writeRack` returns false, Main.java calls `System.exit(1)`), and kind, minikube, k3s and kubeadm
 * nodes carry no zone label: the dev preset is for such clusters, so it leaves rack awareness off.
 */
export const DEFAULT_RACK_AWARE: Readonly<Record<KafkaClusterPreset, boolean>> = {
  production: true,
  dev: false,
};

/** Production: three controllers (a KRaft quorum that survives one loss) and three brokers, in separate pools. */
export const PRODUCTION_NODE_POOLS: readonly KafkaNodePoolProps[] = [
  { name: 'controller', roles: ['controller'], replicas: 3 },
  { name: 'broker', roles: ['broker'], replicas: 3 },
];
/** Dev: one node that is both controller and broker. It CAN LOSE DATA. */
export const DEV_NODE_POOLS: readonly KafkaNodePoolProps[] = [
  {
    name: 'dual-role',
    roles: ['controller', 'broker'],
    replicas: 1,
    storage: { size: DEFAULT_DEV_STORAGE_SIZE },
    resources: DEFAULT_DEV_RESOURCES,
  },
];

export interface KafkaClusterProps {
  /** Name of the `Kafka` resource. @default the construct id as a DNS label */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /**
   * `production` (replicated, data-safe broker defaults) or `dev` (one broker, one copy of everything: it can lose
   * data, and says so).
   * @default 'production'
   */
  readonly preset?: KafkaClusterPreset;
  /** @default PRODUCTION_NODE_POOLS or DEV_NODE_POOLS, by preset */
  readonly nodePools?: readonly KafkaNodePoolProps[];
  /** @default DEFAULT_KAFKA_VERSION */
  readonly version?: string;
  /** @default DEFAULT_KAFKA_METADATA_VERSION with the default version, else Strimzi's default for the version */
  readonly metadataVersion?: string;
  /** Broker config merged over the preset's (`PRODUCTION_BROKER_CONFIG`/`DEV_BROKER_CONFIG`). @default none */
  readonly config?: Readonly<Record<string, BrokerConfigValue>>;
  /**
   * Client authentication on the TLS listener, with `simple` ACL authorization: every client then needs a
   * {@link KafkaUser} (mutual TLS for `tls`, a password for `scram-sha-512`). `none` leaves the cluster open to any
   * pod the network policy admits, and serves the plaintext listener.
   * @default 'tls' for the production preset, 'none' for dev
   */
  readonly authentication?: KafkaListenerAuthentication | 'none';
  /** Serve the plaintext listener on 9092. @default true when authentication is 'none', else false */
  readonly plainListener?: boolean;
  /**
   * Set `broker.rack` from the nodes' zone label (RACK_TOPOLOGY_KEY), so Kafka spreads replicas over zones.
   * Prerequisite: every node a broker can run on carries the label; on a node without it the broker never starts
   * (Strimzi's init container exits). Set false on clusters whose nodes have no zone label.
   * @default DEFAULT_RACK_AWARE[preset]: true for production, false for dev
   */
  readonly rackAware?: boolean;
  /** Serve Prometheus metrics with the Strimzi Metrics Reporter, optionally filtered by regexes. @default off */
  readonly metrics?: { readonly allowList?: readonly string[] };
  /**
   * Expose the metrics the library's Kafka alerts and dashboard read: the JMX exporter on every node with our rules
   * ({@link KAFKA_JMX_RULES}, a ConfigMap) and kafka_exporter (consumer-group lag, partition offsets); with
   * `serviceMonitor`, PodMonitors for the nodes, kafka_exporter and the entity operator, and (unless `alerts: false`)
   * a PrometheusRule with {@link kafkaAlertRules}. Cannot be combined with `metrics`. @default off
   */
  readonly monitoring?: KafkaMonitoringOptions;
  /** @default every pod of the cluster's namespace may connect */
  readonly networkPolicy?: KafkaNetworkPolicyProps;
  /** Accept `min.insync.replicas` equal to the replication factor (one broker down stops writes). @default false */
  readonly allowMinInsyncEqualsReplicas?: boolean;
  /**
   * Where every node pool's pods run (Strimzi's `template.pod`); `nodeSelector` becomes a required node affinity,
   * and `imageRegistry` is refused (the operator picks the images). @default none
   */
  readonly placement?: Placement;
}

/**
 * A Strimzi 1.2 Kafka cluster in KRaft mode: a `Kafka` resource and its `KafkaNodePool`s (linked by the
 * `strimzi.io/cluster` label), an internal TLS listener (9093) that, in the production preset, authenticates every
 * client as a `KafkaUser` by mutual TLS and authorizes it by ACLs (a plaintext listener on 9092 only for an open
 * cluster, `authentication: 'none'`), persistent JBOD storage kept when the cluster is deleted, rack awareness over
 * zones, and broker defaults that do not lose data. Only the named clients reach the listeners, through Strimzi's own
 * per-listener NetworkPolicy (`networkPolicyPeers`).
 */
export class KafkaCluster extends Construct implements IKafkaEndpoint, IEndpointSource {
  public readonly name: string;
  public readonly namespace: string;
  public readonly preset: KafkaClusterPreset;
  /** Kafka version the brokers run. */
  public readonly version: string;
  public readonly identity: string;
  public readonly kafka: ApiObject;
  public readonly nodePools: readonly ApiObject[];
  /** `<cluster>-kafka-bootstrap.<ns>.svc.cluster.local:9092`, when the plain listener is on. */
  public readonly bootstrapServers?: string;
  /** `<cluster>-kafka-bootstrap.<ns>.svc.cluster.local:9093`, when the TLS listener is on. */
  public readonly tlsBootstrapServers?: string;
  /** `<cluster>-cluster-ca-cert`: the CA clients trust to verify the brokers (key `ca.crt`). */
  public readonly caSecretName: string;
  public readonly caSecret: SecretKeyRef;
  public readonly secretNamespace: string;
  /** Authentication the TLS listener requires; undefined when the cluster is open (`authentication: 'none'`). */
  public readonly authentication?: KafkaListenerAuthentication;
  /** Nodes with the broker role. */
  public readonly brokers: number;
  /** Smallest data volume of a broker. */
  public readonly brokerStorageBytes: number;
  public readonly defaultReplicationFactor: number;
  public readonly minInsyncReplicas: number;
  public readonly endpoints: Readonly<Record<string, string>>;
  /** The `job` labels the PodMonitors set, when monitoring is on. */
  public readonly monitoringJobs?: ReturnType<typeof kafkaMonitoringJobs>;
  private readonly clients: k8s.NetworkPolicyPeer[] = [];
  private readonly topicRetentions: KafkaTopicRetention[] = [];
  private reservedDiskBytes = 0;

  constructor(scope: Construct, id: string, props: KafkaClusterProps = {}) {
    super(scope, id);
    const context = contextOf(this, 'KafkaCluster');
    const podPlacement = operatorPodPlacement(props.placement, context, { nodeSelectorAsAffinity: true });
    this.name = resolveName(this, props.name, context);
    this.namespace = resolveNamespace(this, props.namespace, context);
    this.preset = props.preset ?? 'production';
    this.identity = `strimzi:${this.namespace}/${this.name}`;
    const version = props.version ?? DEFAULT_KAFKA_VERSION;
    this.version = version;
    const metadataVersion =
      props.metadataVersion ??
      (version === DEFAULT_KAFKA_VERSION ? DEFAULT_KAFKA_METADATA_VERSION : undefined);
    const labels = standardLabels({ name: 'kafka', instance: this.name, component: 'cluster', version });

    const pools = props.nodePools ?? (this.preset === 'production' ? PRODUCTION_NODE_POOLS : DEV_NODE_POOLS);
    const resolvedPools = checkPools(pools, this.name, context);
    this.brokers = resolvedPools
      .filter((p) => p.roles.includes('broker'))
      .reduce((n, p) => n + p.replicas, 0);
    this.brokerStorageBytes = Math.min(
      ...resolvedPools.filter((p) => p.roles.includes('broker')).map((p) => p.storageBytes),
    );
    const broker = resolveBrokerConfig(
      this.preset,
      props.config ?? {},
      this.brokers,
      props.allowMinInsyncEqualsReplicas ?? false,
      context,
    );
    this.defaultReplicationFactor = broker.defaultReplicationFactor;
    this.minInsyncReplicas = broker.minInsyncReplicas;

    const authentication = props.authentication ?? (this.preset === 'production' ? 'tls' : 'none');
    if (!AUTHENTICATIONS.includes(authentication)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'authentication',
        problem: `must be one of ${AUTHENTICATIONS.map((a) => `'${a}'`).join(', ')}`,
        value: authentication,
        fix: "use 'tls' (mutual TLS KafkaUsers), 'scram-sha-512' (password KafkaUsers) or 'none' (an open cluster)",
      });
    }
    this.authentication = authentication === 'none' ? undefined : authentication;
    const plain = props.plainListener ?? this.authentication === undefined;
    if (plain && this.authentication !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'plainListener',
        problem: `cannot be served with authentication '${this.authentication}': its clients would be anonymous, and the ACLs deny them`,
        value: true,
        fix: "connect every client through the TLS listener (tlsBootstrapServers), or set authentication: 'none'",
      });
    }
    const rackAware = props.rackAware ?? DEFAULT_RACK_AWARE[this.preset];
    if (typeof rackAware !== 'boolean') {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'rackAware',
        problem: 'must be a boolean',
        value: rackAware,
        fix: `write true (every node carries '${RACK_TOPOLOGY_KEY}') or false`,
      });
    }
    const clients = props.networkPolicy?.clients ?? [{ podSelector: {} }];
    if (clients.length === 0) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'networkPolicy.clients',
        problem: 'must name at least one peer: Strimzi opens a listener without peers to every pod',
        value: [],
        fix: 'name the client pods, e.g. [podPeer({ app: "my-consumer" })]',
      });
    }
    clients.forEach((peer) => this.allowClient(peer));
    const peers = Lazy.any({ produce: () => this.clients.map((p) => JSON.parse(JSON.stringify(p))) });

    if (props.monitoring !== undefined && props.metrics !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'monitoring',
        problem:
          "cannot be combined with 'metrics': a Kafka resource has one metricsConfig, and the alerts read the JMX exporter's names",
        value: { metrics: props.metrics },
        fix: "leave out 'metrics' (monitoring serves the JMX exporter), or leave out 'monitoring'",
      });
    }
    const monitoring = props.monitoring;
    const jmxConfig = monitoring
      ? new k8s.KubeConfigMap(this, 'jmx-metrics', {
          metadata: {
            name: `${this.name}-kafka-jmx-metrics`,
            namespace: this.namespace,
            labels: { ...labels, 'app.kubernetes.io/component': 'metrics' },
          },
          data: { [KAFKA_JMX_CONFIG_KEY]: kafkaJmxExporterConfig() },
        })
      : undefined;

    const names = strimziNames(this.name);
    const host = serviceDnsName(names.bootstrapService, this.namespace);
    this.bootstrapServers = plain ? `${host}:${PLAIN_LISTENER_PORT}` : undefined;
    this.tlsBootstrapServers = `${host}:${TLS_LISTENER_PORT}`;
    this.caSecretName = names.clusterCaCertSecret;
    this.caSecret = { name: this.caSecretName, key: CA_CERT_KEY };
    this.secretNamespace = this.namespace;
    this.endpoints = {
      ...(this.bootstrapServers ? { bootstrap: this.bootstrapServers } : {}),
      tlsBootstrap: this.tlsBootstrapServers,
    };

    const listeners = [
      ...(plain
        ? [
            {
              name: 'plain',
              port: PLAIN_LISTENER_PORT,
              type: 'internal',
              tls: false,
              networkPolicyPeers: peers,
            },
          ]
        : []),
      {
        name: 'tls',
        port: TLS_LISTENER_PORT,
        type: 'internal',
        tls: true,
        authentication: this.authentication ? { type: this.authentication } : undefined,
        networkPolicyPeers: peers,
      },
    ];
    this.kafka = new ApiObject(this, 'kafka', {
      apiVersion: STRIMZI_API_VERSION,
      kind: 'Kafka',
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        kafka: {
          version,
          metadataVersion,
          listeners,
          config: broker.config,
          authorization: this.authentication ? { type: 'simple' } : undefined,
          rack: rackAware ? { type: 'topology-label', topologyKey: RACK_TOPOLOGY_KEY } : undefined,
          metricsConfig: jmxConfig
            ? {
                type: 'jmxPrometheusExporter',
                valueFrom: { configMapKeyRef: { name: jmxConfig.name, key: KAFKA_JMX_CONFIG_KEY } },
              }
            : props.metrics
              ? {
                  type: 'strimziMetricsReporter',
                  values: props.metrics.allowList ? { allowList: [...props.metrics.allowList] } : undefined,
                }
              : undefined,
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
        kafkaExporter: monitoring ? kafkaExporterSpec(monitoring, context) : undefined,
      },
    });
    if (monitoring) this.monitoringJobs = this.addMonitoring(monitoring, labels);

    this.nodePools = resolvedPools.map(
      (pool) =>
        new ApiObject(this, `pool-${pool.name}`, {
          apiVersion: STRIMZI_API_VERSION,
          kind: 'KafkaNodePool',
          metadata: {
            name: pool.name,
            namespace: this.namespace,
            labels: {
              ...standardLabels({
                name: 'kafka',
                instance: this.name,
                component: `pool-${pool.name}`,
                version,
              }),
              [STRIMZI_CLUSTER_LABEL]: this.name,
            },
          },
          spec: {
            replicas: pool.replicas,
            roles: [...pool.roles],
            storage: {
              type: 'jbod',
              volumes: [
                {
                  id: 0,
                  type: 'persistent-claim',
                  size: pool.storageSize,
                  class: pool.storage.storageClassName,
                  deleteClaim: pool.storage.deleteClaim ?? false,
                  kraftMetadata: 'shared',
                },
              ],
            },
            resources: pool.resources,
            template: podPlacement
              ? {
                  pod: {
                    ...(podPlacement.metadata ? { metadata: podPlacement.metadata } : {}),
                    ...podPlacement.spec,
                  },
                }
              : undefined,
          },
        }),
    );
  }

  /**
   * The Kafka dashboard of this cluster on the data source `datasourceUid`, for a Grafana's `dashboards` (the fleet
   * Grafana or one of your own). Needs `monitoring`, whose scrape jobs it reads.
   */
  public dashboard(datasourceUid: string): Dashboard {
    const jobs = this.monitoringJobs ?? kafkaMonitoringJobs(this.name);
    return kafkaDashboard({
      cluster: this.name,
      namespace: this.namespace,
      kafkaJob: jobs.kafka,
      exporterJob: jobs.exporter,
      datasourceUid,
    });
  }

  /**
   * Records a topic's retention, which bounds how far its consumers may fall behind (the lag alert). Called by
   * {@link KafkaTopic}.
   */
  public registerTopicRetention(topic: string, retentionMs: number): void {
    if (!this.topicRetentions.some((t) => t.topic === topic))
      this.topicRetentions.push({ topic, retentionMs });
  }

  /**
   * PodMonitors and the PrometheusRule. Strimzi's own NetworkPolicies admit every pod to the metrics ports (9404
   * on the nodes and kafka_exporter: strimzi/strimzi-kafka-operator@1.2.0 KafkaCluster.java generateNetworkPolicy
   * and KafkaExporter.java generateNetworkPolicy, rules without peers; the entity operator's health ports in
   * EntityOperator.java), and NetworkPolicies only add, so the scraper is admitted and nothing here could narrow it.
   */
  private addMonitoring(monitoring: KafkaMonitoringOptions, labels: Record<string, string>) {
    const jobs = kafkaMonitoringJobs(this.name);
    if (!monitoring.serviceMonitor) return jobs;
    const strimziName = 'strimzi.io/name';
    const parts = [
      { id: 'kafka', job: jobs.kafka, selector: `${this.name}-kafka`, ports: [STRIMZI_METRICS_PORT_NAME] },
      {
        id: 'exporter',
        job: jobs.exporter,
        selector: `${this.name}-kafka-exporter`,
        ports: [STRIMZI_METRICS_PORT_NAME],
      },
      {
        id: 'entity-operator',
        job: jobs.entityOperator,
        selector: `${this.name}-entity-operator`,
        ports: [...STRIMZI_ENTITY_OPERATOR_PORTS],
      },
    ];
    for (const part of parts) {
      kafkaPodMonitor(this, `pod-monitor-${part.id}`, {
        name: part.job,
        namespace: this.namespace,
        labels: { ...labels, 'app.kubernetes.io/component': 'monitoring' },
        selector: { [STRIMZI_CLUSTER_LABEL]: this.name, [strimziName]: part.selector },
        ports: part.ports,
        job: part.job,
        monitoring,
        context: contextOf(this, 'KafkaCluster'),
      });
    }
    const sidecar = monitoring.dashboards ?? {};
    if (sidecar.enabled ?? true) {
      sidecarDashboardConfigMap(this, 'dashboard', {
        name: `${this.name}-kafka-dashboard`,
        namespace: this.namespace,
        labels: { ...labels, 'app.kubernetes.io/component': 'dashboards' },
        sidecar,
        context: contextOf(this, 'KafkaCluster'),
        prop: 'monitoring.dashboards',
        dashboards: [this.dashboard(sidecar.datasourceUid ?? DEFAULT_SIDECAR_DATASOURCE_UID)],
      });
    }
    if (monitoring.alerts ?? true) {
      alertsPrometheusRule(this, 'alerts', {
        name: `${this.name}-kafka`,
        namespace: this.namespace,
        labels: { ...labels, 'app.kubernetes.io/component': 'alerts', ...(monitoring.labels ?? {}) },
        rules: () =>
          kafkaAlertRules({
            namespace: this.namespace,
            kafkaJob: jobs.kafka,
            exporterJob: jobs.exporter,
            topics: this.topicRetentions,
          }),
      });
    }
    return jobs;
  }

  /** Lets pods matching `peer` reach the client listeners. Peers added twice are listed once. */
  public allowClient(peer: k8s.NetworkPolicyPeer): void {
    const key = JSON.stringify(peer);
    if (!this.clients.some((p) => JSON.stringify(p) === key)) this.clients.push(peer);
  }

  /**
   * Reserves disk on every broker for a topic (what its replicas can hold on the busiest broker) and fails when the
   * topics together no longer fit in DEFAULT_MAX_DISK_USE of the smallest broker volume.
   */
  public reserveBrokerDisk(
    bytesPerBroker: number,
    context: ErrorContext,
    prop: string,
    value: unknown,
  ): void {
    const total = this.reservedDiskBytes + bytesPerBroker;
    const capacity = Math.floor(this.brokerStorageBytes * DEFAULT_MAX_DISK_USE);
    if (total > capacity) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop,
        problem: `needs ${gib(bytesPerBroker)} on each broker${this.reservedDiskBytes > 0 ? ` on top of ${gib(this.reservedDiskBytes)} other topics take` : ''}, but KafkaCluster '${this.node.path}' plans its ${gib(this.brokerStorageBytes)} broker volumes at most ${Math.round(DEFAULT_MAX_DISK_USE * 100)}% full (${gib(capacity)})`,
        value,
        fix: `give the broker pool at least ${Math.ceil(total / DEFAULT_MAX_DISK_USE / 2 ** 30)}Gi, add brokers, or retain less`,
      });
    }
    this.reservedDiskBytes = total;
  }
}

interface ResolvedPool {
  readonly name: string;
  readonly roles: readonly KafkaNodeRole[];
  readonly replicas: number;
  readonly storage: KafkaPoolStorage;
  readonly storageSize: string;
  readonly storageBytes: number;
  readonly resources: Record<string, Record<string, string>>;
}

/** Checks the node pools: unique DNS names, whole replicas, known roles, and a KRaft quorum plus brokers. */
function checkPools(
  pools: readonly KafkaNodePoolProps[],
  cluster: string,
  context: ErrorContext,
): ResolvedPool[] {
  const seen = new Set<string>();
  const resolved = pools.map((pool, i) => {
    const at = `nodePools[${i}]`;
    checkDnsLabel(pool.name, context, `${at}.name`, 57 - cluster.length);
    if (seen.has(pool.name)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_NAME,
        prop: `${at}.name`,
        problem: 'names a pool that already exists',
        value: pool.name,
        fix: 'give each node pool its own name',
      });
    }
    seen.add(pool.name);
    requireWholeNumber(pool.replicas, 1, context, `${at}.replicas`, 'use 3 for a production pool');
    const roles = [...new Set(pool.roles)];
    if (roles.length === 0 || roles.some((r) => r !== 'controller' && r !== 'broker')) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${at}.roles`,
        problem: "must be 'controller', 'broker' or both",
        value: pool.roles,
        fix: "use ['broker'], ['controller'] or ['controller', 'broker']",
      });
    }
    const hasBroker = roles.includes('broker');
    const storage = pool.storage ?? {
      size: hasBroker ? DEFAULT_BROKER_STORAGE_SIZE : DEFAULT_CONTROLLER_STORAGE_SIZE,
    };
    const size = Memory.parse(storage.size, context, `${at}.storage.size`);
    const resources = resolveResources(
      pool.resources ?? (hasBroker ? DEFAULT_BROKER_RESOURCES : DEFAULT_CONTROLLER_RESOURCES),
      context,
      `${at}.resources`,
    );
    return {
      name: pool.name,
      roles,
      replicas: pool.replicas,
      storage,
      storageSize: size.toString(),
      storageBytes: size.bytes,
      resources: {
        requests: { cpu: resources.requests.cpu.toString(), memory: resources.requests.memory.toString() },
        limits: { cpu: resources.limits.cpu.toString(), memory: resources.limits.memory.toString() },
      },
    };
  });
  for (const role of ['controller', 'broker'] as const) {
    if (!resolved.some((p) => p.roles.includes(role))) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'nodePools',
        problem: `has no pool with the '${role}' role: a KRaft cluster needs controllers and brokers`,
        value: pools.map((p) => p.name),
        fix: `add a pool with roles ['${role}'] (or ['controller', 'broker'] for a small cluster)`,
      });
    }
  }
  return resolved;
}
