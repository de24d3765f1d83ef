import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IMAGES,
  MonitoringOptions,
  ObservabilityConstructError,
  Placement,
  PolicyRule,
  checkPlacement,
  podPeer,
  contextOf,
  createService,
  createWorkload,
  defaultMetricsScrapers,
  imageVersion,
  networkPolicy,
  resolveClusterDomain,
  resolveName,
  resolveNamespace,
  resolveResources,
  selectorLabels,
  serviceDnsName,
  serviceMonitor,
  standardLabels,
} from '../core';
import { MemcachedSizes, checkMemcachedSizes, memcachedContainerMemoryMiB } from './sizing';

/** A cache cluster of two: a drain or a crash loses half the keys, not all of them, and the PDB keeps one up. */
export const DEFAULT_MEMCACHED_REPLICAS = 2;
/** CPU request of each memcached container (an assumption: memcached is memory-bound; 4 worker threads by default). */
export const DEFAULT_MEMCACHED_CPU = '500m';
/** memcached's TCP port (memcached@1.6.45 memcached.c `settings.port = 11211`; the image's `EXPOSE 11211`). */
export const MEMCACHED_PORT = 11211;
/** The name of the client port: the SRV records are `_memcached._tcp.<service>...`. */
export const MEMCACHED_PORT_NAME = 'memcached';
/** The exporter's default listen port (prometheus/memcached_exporter@v0.16.0 cmd/memcached_exporter/main.go `:9150`). */
export const MEMCACHED_EXPORTER_PORT = 9150;
export const MEMCACHED_METRICS_PORT_NAME = 'metrics';
/**
 * The uid and gid of the official image's `memcache` user (docker-library/memcached@53ac0ecb 1/debian/Dockerfile
 * `useradd --system --gid memcache --uid 11211 memcache`, `USER memcache`). The exporter sidecar runs as the same user
 * (its image says `USER nobody`, a name the kubelet cannot check as non-root).
 */
export const MEMCACHED_RUN_AS_USER = 11211;
/** The exporter's resources: an assumption (one small Go process answering a scrape every 30s). */
export const MEMCACHED_EXPORTER_RESOURCES = { cpu: '50m', memory: '64Mi' };

export interface MemcachedProps extends Partial<MemcachedSizes> {
  /** @default the construct id as a DNS label */
  readonly name?: string;
  /** @default the chart's namespace */
  readonly namespace?: string;
  /** @default DEFAULT_CLUSTER_DOMAIN */
  readonly clusterDomain?: string;
  /** @default IMAGES.memcached */
  readonly image?: string;
  /** @default IMAGES.memcachedExporter */
  readonly exporterImage?: string;
  /** @default DEFAULT_MEMCACHED_REPLICAS */
  readonly replicas?: number;
  /** CPU request of the memcached container; the memory follows `memoryMiB`. @default DEFAULT_MEMCACHED_CPU */
  readonly cpu?: string;
  /**
   * The pods allowed to the cache port (store gateways, query-frontends). Required: a cache open to every pod lets
   * any of them read or poison cached query results.
   */
  readonly clients: readonly k8s.NetworkPolicyPeer[];
  /** The pods allowed to the exporter's port. @default Prometheus pods in the namespace */
  readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
  /** @default true: a NetworkPolicy admits only `clients` and `metricsScrapers`, and no egress but DNS */
  readonly networkPolicy?: boolean;
  /** @default no ServiceMonitor */
  readonly monitoring?: MonitoringOptions;
  /** @default none */
  readonly placement?: Placement;
}

/**
 * memcached as a StatefulSet behind a headless Service, so a Thanos client discovers every pod by SRV record
 * ({@link Memcached.addresses}) and its stable pod names keep the keys on the same servers across restarts; the
 * prometheus memcached_exporter beside each memcached serves `metrics`.
 */
export class Memcached extends Construct {
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  /** `dnssrv+_memcached._tcp.<service>.<namespace>.svc.<clusterDomain>`: every pod, for a Thanos cache config. */
  public readonly addresses: readonly string[];
  /** `-I` as Thanos writes it (`max_item_size` of its memcached client must match). */
  public readonly maxItemSize: string;
  public readonly sizes: MemcachedSizes;
  public readonly replicas: number;
  /** The labels of the memcached pods, for the clients' egress policies. */
  public readonly selector: Readonly<Record<string, string>>;
  /** What a Thanos cache config needs: the addresses, the item size and the clients' egress (these pods, this port). */
  public readonly client: {
    readonly addresses: readonly string[];
    readonly maxItemSize: string;
    readonly egress: PolicyRule;
  };

  constructor(scope: Construct, id: string, props: MemcachedProps) {
    super(scope, id);
    const context = contextOf(this, 'Memcached');
    const name = resolveName(this, props.name, context);
    const namespace = resolveNamespace(this, props.namespace, context);
    const clusterDomain = resolveClusterDomain(props.clusterDomain, context);
    const placement = checkPlacement(props.placement, context);
    const sizes = checkMemcachedSizes(props, context);
    const replicas = props.replicas ?? DEFAULT_MEMCACHED_REPLICAS;
    if (!Number.isInteger(replicas) || replicas < 1) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'replicas',
        problem: 'must be a whole number of at least 1',
        value: replicas,
        fix: `use ${DEFAULT_MEMCACHED_REPLICAS} or more`,
      });
    }
    if (!Array.isArray(props.clients) || props.clients.length === 0) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'clients',
        problem: 'must name at least one peer: the pods that use the cache',
        value: props.clients,
        fix: "e.g. clients: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'store' } } }]",
      });
    }
    const image = props.image ?? IMAGES.memcached;
    const info = { name: 'memcached', instance: name, component: 'cache', version: imageVersion(image) };
    const labels = standardLabels(info);
    const selector = selectorLabels(info);
    const memory = `${memcachedContainerMemoryMiB(sizes.memoryMiB)}Mi`;
    const resources = resolveResources({ cpu: props.cpu ?? DEFAULT_MEMCACHED_CPU, memory }, context, 'cpu');
    const cachePort = { name: MEMCACHED_PORT_NAME, port: MEMCACHED_PORT };
    const metricsPort = { name: MEMCACHED_METRICS_PORT_NAME, port: MEMCACHED_EXPORTER_PORT };
    const ports = [cachePort, metricsPort];
    const tcp = (port: string, failureThreshold: number): k8s.Probe => ({
      tcpSocket: { port: k8s.IntOrString.fromString(port) },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold,
    });
    this.statefulSet = createWorkload(this, 'statefulset', {
      kind: 'StatefulSet',
      placement,
      name,
      namespace,
      labels,
      selector,
      replicas,
      serviceName: name,
      containerName: 'memcached',
      image,
      // The image's entrypoint runs `memcached` with these arguments (a first argument starting with `-`,
      // docker-library/memcached@53ac0ecb 1/debian/docker-entrypoint.sh). `-U 0`: no UDP.
      args: [
        '-m',
        String(sizes.memoryMiB),
        '-I',
        `${sizes.maxItemSizeMiB}m`,
        '-c',
        String(sizes.maxConnections),
        '-p',
        String(MEMCACHED_PORT),
        '-U',
        '0',
      ],
      ports: [cachePort],
      resources,
      probes: { liveness: tcp(MEMCACHED_PORT_NAME, 6), readiness: tcp(MEMCACHED_PORT_NAME, 3) },
      runAsUser: MEMCACHED_RUN_AS_USER,
      sidecars: [
        {
          name: 'exporter',
          image: props.exporterImage ?? IMAGES.memcachedExporter,
          args: [`--memcached.address=127.0.0.1:${MEMCACHED_PORT}`],
          ports: [metricsPort],
          resources: resolveResources(MEMCACHED_EXPORTER_RESOURCES, context, 'exporter'),
          probes: {
            liveness: tcp(MEMCACHED_METRICS_PORT_NAME, 6),
            readiness: tcp(MEMCACHED_METRICS_PORT_NAME, 3),
          },
        },
      ],
    }).apiObject as k8s.KubeStatefulSet;
    this.service = createService(this, 'service', {
      name,
      namespace,
      labels,
      selector,
      ports,
      headless: true,
    });
    if (props.networkPolicy ?? true) {
      networkPolicy(this, 'network-policy', {
        name,
        namespace,
        labels,
        podSelector: selector,
        ingress: [
          { peers: props.clients, ports: [{ port: MEMCACHED_PORT }] },
          {
            peers: props.metricsScrapers ?? defaultMetricsScrapers(),
            ports: [{ port: MEMCACHED_EXPORTER_PORT }],
          },
        ],
        egress: [],
      });
    }
    if (props.monitoring?.serviceMonitor) {
      serviceMonitor(this, 'service-monitor', {
        name,
        namespace,
        labels,
        serviceSelector: selector,
        portName: MEMCACHED_METRICS_PORT_NAME,
        monitoring: props.monitoring,
      });
    }
    this.addresses = [
      `dnssrv+_${MEMCACHED_PORT_NAME}._tcp.${serviceDnsName(name, namespace, clusterDomain)}`,
    ];
    this.maxItemSize = `${sizes.maxItemSizeMiB}MiB`;
    this.sizes = sizes;
    this.replicas = replicas;
    this.selector = selector;
    this.client = {
      addresses: this.addresses,
      maxItemSize: this.maxItemSize,
      egress: { peers: [podPeer(selector, namespace)], ports: [{ port: MEMCACHED_PORT }] },
    };
  }
}
