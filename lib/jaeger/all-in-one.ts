import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  IMAGES,
  Memory,
  MonitoringOptions,
  ObservabilityConstructError,
  ResourceSpec,
  VolumeMountSpec,
  anyPodPeer,
  contextOf,
  imageVersion,
  resolveName,
  resolveNamespace,
  resolveResources,
  selectorLabels,
  standardLabels,
} from '../core';
import {
  DEFAULT_BATCH,
  PORT_NAMES,
  SAMPLING_DIR,
  SAMPLING_FILE,
  SamplingStrategies,
  buildAllInOneConfig,
  policyPorts as portsOf,
  renderSamplingStrategies,
} from './config';
import { JaegerConfig } from './config/types';
import { deployJaegerRole } from './role';
import { BatchSettings, checkBasePath, checkBatch, checkDuration, checkSampling } from './validation';

/** Resources of the all-in-one unless the user sets them. */
export const DEFAULT_ALL_IN_ONE_RESOURCES: ResourceSpec = {
  cpu: '500m',
  memory: '1Gi',
  memoryLimit: '1280Mi',
};
/** Traces the memory store keeps before it evicts the oldest. */
export const DEFAULT_MAX_TRACES = 100_000;
/** Badger volume size unless the user sets one. */
export const DEFAULT_BADGER_VOLUME_SIZE = '10Gi';
/** How long badger keeps spans. */
export const DEFAULT_BADGER_SPAN_TTL = '72h';
/** Where the badger volume is mounted. */
export const BADGER_MOUNT_PATH = '/badger';
/** How often Jaeger re-reads the sampling strategies file. */
export const DEFAULT_SAMPLING_RELOAD_INTERVAL = '1m';

/** In-memory storage: fast, lost on restart, for development and demos. */
export interface JaegerMemoryStorage {
  readonly kind: 'memory';
  /** @default DEFAULT_MAX_TRACES */
  readonly maxTraces?: number;
}

/** Badger: embedded key-value store on a PersistentVolume; survives restarts, one writer only. */
export interface JaegerBadgerStorage {
  readonly kind: 'badger';
  /** @default DEFAULT_BADGER_VOLUME_SIZE */
  readonly size?: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** A Go duration, e.g. `72h`. @default DEFAULT_BADGER_SPAN_TTL */
  readonly spanTtl?: string;
}

export type JaegerAllInOneStorage = JaegerMemoryStorage | JaegerBadgerStorage;

/** Who may reach the all-in-one. Each list defaults to any pod in any namespace. */
export interface JaegerAllInOneNetworkPolicy {
  /** @default true */
  readonly enabled?: boolean;
  /** Peers allowed to send spans (OTLP) and fetch sampling strategies. */
  readonly clients?: readonly k8s.NetworkPolicyPeer[];
  /** Peers allowed to use the query UI and API. */
  readonly queryClients?: readonly k8s.NetworkPolicyPeer[];
  /** Peers allowed to scrape metrics. */
  readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
}

export interface JaegerAllInOneProps {
  /** Base name of every object. @default the construct id as a DNS label */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /** @default `{ kind: 'memory' }` */
  readonly storage?: JaegerAllInOneStorage;
  /**
   * Must be 1: an all-in-one keeps its traces in one process. Use `JaegerDirect` to scale.
   * @default 1
   */
  readonly replicas?: number;
  /** @default DEFAULT_ALL_IN_ONE_RESOURCES */
  readonly resources?: ResourceSpec;
  /** Remote sampling strategies served on 5778 (HTTP) and 5779 (gRPC). @default sample everything */
  readonly sampling?: SamplingStrategies;
  /** @default DEFAULT_SAMPLING_RELOAD_INTERVAL */
  readonly samplingReloadInterval?: string;
  /** UI base path, e.g. `/jaeger`, when served behind a path-routing ingress. @default `/` */
  readonly basePath?: string;
  /** Batch processor settings. @default DEFAULT_BATCH (seed 000) */
  readonly batch?: Partial<BatchSettings>;
  /** @default 'info' */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** @default IMAGES.jaeger */
  readonly image?: string;
  /** @default no ServiceMonitor */
  readonly monitoring?: MonitoringOptions;
  /** @default enabled, every peer list open to any pod */
  readonly networkPolicy?: JaegerAllInOneNetworkPolicy;
}

/**
 * Jaeger v2 as one process: collector, storage (memory or badger) and query in one pod. For development and for
 * small installations (seed 000: up to 1 000 traces/s). Exactly one replica.
 */
export class JaegerAllInOne extends Construct implements IEndpointSource {
  /** The Service in front of every port. */
  public readonly service: k8s.KubeService;
  public readonly deployment: k8s.KubeDeployment;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly samplingConfigMap: k8s.KubeConfigMap;
  /** The badger volume, for badger storage. */
  public readonly persistentVolumeClaim?: k8s.KubePersistentVolumeClaim;
  /** The Jaeger config the ConfigMap holds; ports and probes are derived from it. */
  public readonly config: JaegerConfig;
  /** `http://<service>:4317`: give this to OTLP gRPC exporters. */
  public readonly otlpGrpcEndpoint: string;
  /** `http://<service>:4318`: give this to OTLP HTTP exporters. */
  public readonly otlpHttpEndpoint: string;
  /** The query UI and HTTP API, with the base path. */
  public readonly queryUrl: string;
  public readonly endpoints: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: JaegerAllInOneProps = {}) {
    super(scope, id);
    const context = contextOf(this, 'JaegerAllInOne');
    const name = resolveName(this, props.name, context);
    const namespace = resolveNamespace(this, props.namespace, context);
    const storage = props.storage ?? { kind: 'memory' };
    const replicas = props.replicas ?? 1;
    if (replicas !== 1) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'replicas',
        problem: `must be 1 with ${storage.kind} storage: each replica would hold its own traces`,
        value: replicas,
        fix: 'use JaegerDirect to scale collectors and queries over shared Elasticsearch or OpenSearch storage',
      });
    }
    const resources = resolveResources(props.resources ?? DEFAULT_ALL_IN_ONE_RESOURCES, context, 'resources');
    const batch = checkBatch({ ...DEFAULT_BATCH, ...props.batch }, context);
    const basePath = checkBasePath(props.basePath ?? '', context);
    const sampling = checkSampling(props.sampling ?? {}, context);
    const reload = checkDuration(
      props.samplingReloadInterval ?? DEFAULT_SAMPLING_RELOAD_INTERVAL,
      context,
      'samplingReloadInterval',
    );
    const image = props.image ?? IMAGES.jaeger;
    const info = { name: 'jaeger', instance: name, component: 'all-in-one', version: imageVersion(image) };
    const labels = standardLabels(info);
    const selector = selectorLabels(info);

    let storageConfig: Parameters<typeof buildAllInOneConfig>[0]['storage'];
    if (storage.kind === 'memory') {
      const maxTraces = storage.maxTraces ?? DEFAULT_MAX_TRACES;
      if (!Number.isInteger(maxTraces) || maxTraces < 1) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop: 'storage.maxTraces',
          problem: 'must be a whole number of at least 1',
          value: maxTraces,
          fix: `set it to the number of traces to keep in memory, e.g. ${DEFAULT_MAX_TRACES}`,
        });
      }
      storageConfig = { kind: 'memory', maxTraces };
    } else {
      const spanTtl = checkDuration(storage.spanTtl ?? DEFAULT_BADGER_SPAN_TTL, context, 'storage.spanTtl');
      storageConfig = { kind: 'badger', directory: BADGER_MOUNT_PATH, spanTtl };
    }

    this.config = buildAllInOneConfig({
      storage: storageConfig,
      samplingStrategiesFile: `${SAMPLING_DIR}/${SAMPLING_FILE}`,
      samplingReloadInterval: reload,
      memoryLimitMib: Math.floor(resources.requests.memory.mebibytes),
      batch,
      basePath,
      logLevel: props.logLevel ?? 'info',
    });
    const volumes: VolumeMountSpec[] = [];
    if (storage.kind === 'badger') {
      const size = Memory.parse(storage.size ?? DEFAULT_BADGER_VOLUME_SIZE, context, 'storage.size');
      this.persistentVolumeClaim = new k8s.KubePersistentVolumeClaim(this, 'badger', {
        metadata: { name: `${name}-badger`, namespace, labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: storage.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(size.toString()) } },
        },
      });
      volumes.push({
        volume: { name: 'badger', persistentVolumeClaim: { claimName: this.persistentVolumeClaim.name } },
        mountPath: BADGER_MOUNT_PATH,
      });
    }

    const policy = props.networkPolicy ?? {};
    const open = [anyPodPeer()];
    const role = deployJaegerRole(this, {
      name,
      namespace,
      labels,
      selector,
      image,
      config: this.config,
      replicas: 1,
      resources,
      // Jaeger re-reads the strategies file every samplingReloadInterval: a change needs no restart.
      sideFiles: [
        {
          id: 'sampling',
          name: `${name}-sampling`,
          data: { [SAMPLING_FILE]: renderSamplingStrategies(sampling) },
          mountPath: SAMPLING_DIR,
          rollsPods: false,
        },
      ],
      volumes,
      strategy: storage.kind === 'badger' ? 'Recreate' : 'RollingUpdate',
      networkPolicy:
        (policy.enabled ?? true)
          ? {
              ingress: [
                {
                  peers: policy.clients ?? open,
                  ports: portsOf(this.config, 'otlpGrpc', 'otlpHttp', 'samplingHttp', 'samplingGrpc'),
                },
                { peers: policy.queryClients ?? open, ports: portsOf(this.config, 'queryHttp', 'queryGrpc') },
                { peers: policy.metricsScrapers ?? open, ports: portsOf(this.config, 'metrics') },
              ],
            }
          : undefined,
      monitoring: props.monitoring,
    });
    this.configMap = role.configMap;
    this.samplingConfigMap = role.sideConfigMaps.sampling as k8s.KubeConfigMap;
    this.deployment = role.deployment;
    this.service = role.service;
    this.otlpGrpcEndpoint = role.url(PORT_NAMES.otlpGrpc);
    this.otlpHttpEndpoint = role.url(PORT_NAMES.otlpHttp);
    this.queryUrl = `${role.url(PORT_NAMES.queryHttp)}${basePath}`;
    this.endpoints = {
      otlpGrpc: this.otlpGrpcEndpoint,
      otlpHttp: this.otlpHttpEndpoint,
      query: this.queryUrl,
      samplingHttp: role.url(PORT_NAMES.samplingHttp),
    };
  }
}
