import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { JAEGER_QUERY_DEFAULT_USERS } from './query';
import {
  ErrorCode,
  checkGoDuration,
  IEndpointSource,
  Memory,
  ObservabilityConstructError,
  ResourceSpec,
  VolumeMountSpec,
  anyPodPeer,
  defaultMetricsScrapers,
  contextOf,
  requireWholeNumber,
  HttpExposure,
} from '../core';
import {
  DEFAULT_BATCH,
  PORT_NAMES,
  SAMPLING_DIR,
  SAMPLING_FILE,
  SamplingStrategies,
  buildAllInOneConfig,
  policyPorts as portsOf,
} from './config';
import { JaegerConfig } from './config/types';
import { DEFAULT_COLLECTOR_RESOURCES } from './collector';
import {
  JaegerComponentProps,
  deployJaegerRole,
  jaegerPolicy,
  resolveComponent,
  samplingSideFile,
} from './role';
import {
  JAEGER_QUERY_TLS_DIR,
  JaegerQueryTls,
  checkQueryTls,
  queryScheme,
  queryTlsVolumes,
} from './query-tls';
import { exposeJaegerUi } from './ui-exposure';
import { jaegerPrometheusRule } from './alerts';
import { jaegerPipelineDashboard } from './dashboard';
import {
  DEFAULT_SIDECAR_DATASOURCE_UID,
  SidecarDashboardOptions,
  sidecarDashboardConfigMap,
} from '../grafana';
import {
  BatchSettings,
  checkBasePath,
  checkBatch,
  checkSampling,
  DEFAULT_OTLP_SOURCE_CIDRS,
  otlpSourcePeers,
} from './validation';

/** Resources of the all-in-one unless the user sets them: those the reference design gives one collector. */
export const DEFAULT_ALL_IN_ONE_RESOURCES: ResourceSpec = DEFAULT_COLLECTOR_RESOURCES;
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

export interface JaegerAllInOneProps extends JaegerComponentProps {
  /**
   * With `monitoring.serviceMonitor`, also emit a PrometheusRule with the Jaeger alerts that apply to one pod on
   * memory or badger storage (refused spans, dropped spans, exporter queue). @default true
   */
  readonly alerts?: boolean;
  /**
   * With `monitoring.serviceMonitor`, a ConfigMap with the pipeline dashboard labelled for a Grafana dashboard
   * sidecar. @default enabled
   */
  readonly dashboards?: SidecarDashboardOptions;
  /** @default `{ kind: 'memory' }` */
  readonly storage?: JaegerAllInOneStorage;
  /**
   * Must be 1: an all-in-one keeps its traces in one process. Use `JaegerDirect` to scale.
   * @default 1
   */
  readonly replicas?: number;
  /** Remote sampling strategies served on 5778 (HTTP) and 5779 (gRPC). @default sample everything */
  readonly sampling?: SamplingStrategies;
  /** @default DEFAULT_SAMPLING_RELOAD_INTERVAL */
  readonly samplingReloadInterval?: string;
  /** UI base path, e.g. `/jaeger`, when served behind a path-routing ingress. @default `/` */
  readonly basePath?: string;
  /** Batch processor settings. @default DEFAULT_BATCH (the reference design's) */
  readonly batch?: Partial<BatchSettings>;
  /** Peers allowed to send spans (OTLP) and fetch sampling strategies. @default any pod in any namespace */
  readonly clients?: readonly k8s.NetworkPolicyPeer[];
  /**
   * Address ranges outside the pod network allowed to send spans and fetch sampling strategies, on top of
   * `clients`: the nodes' range for hostNetwork agents and for SDKs behind a LoadBalancer or NodePort Service
   * (their traffic arrives from a node address), or the senders' own range. Pod selectors never match these.
   * @default DEFAULT_OTLP_SOURCE_CIDRS (none: only pods reach the OTLP ports)
   */
  readonly otlpSourceCidrs?: readonly string[];
  /** Peers allowed to use the UI and query API (no login). @default JAEGER_QUERY_DEFAULT_USERS (Grafana in the namespace) */
  readonly users?: readonly k8s.NetworkPolicyPeer[];
  /**
   * Expose the UI outside the cluster through an Ingress or a Gateway API HTTPRoute, with TLS; the UI has no login,
   * so `access` must say who authenticates users. @default not exposed
   */
  readonly exposure?: HttpExposure;
  /**
   * Serve the UI/HTTP API (16686) and the gRPC query API (16685) over TLS with a certificate from a Secret:
   * `queryUrl` becomes `https://…`. Cannot be combined with `exposure`. @default plain text inside the cluster
   */
  readonly tls?: JaegerQueryTls;
}

/**
 * Jaeger v2 as one process: collector, storage (memory or badger) and query in one pod. For development and for
 * small installations (the reference design: up to 1 000 traces/s). Exactly one replica.
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
  /** The UI's URL outside the cluster, when `exposure` is set. */
  public readonly externalUrl?: string;

  constructor(scope: Construct, id: string, props: JaegerAllInOneProps = {}) {
    super(scope, id);
    const context = contextOf(this, 'JaegerAllInOne');
    const component = resolveComponent(this, props, 'all-in-one', DEFAULT_ALL_IN_ONE_RESOURCES, context);
    const { name, namespace, labels, resources } = component;
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
    const batch = checkBatch({ ...DEFAULT_BATCH, ...props.batch }, context);
    const basePath = checkBasePath(props.basePath ?? '', context);
    const sampling = checkSampling(props.sampling ?? {}, context);
    const reload = checkGoDuration(
      props.samplingReloadInterval ?? DEFAULT_SAMPLING_RELOAD_INTERVAL,
      context,
      'samplingReloadInterval',
    );

    let storageConfig: Parameters<typeof buildAllInOneConfig>[0]['storage'];
    if (storage.kind === 'memory') {
      const maxTraces = storage.maxTraces ?? DEFAULT_MAX_TRACES;
      requireWholeNumber(
        maxTraces,
        1,
        context,
        'storage.maxTraces',
        `set it to the number of traces to keep in memory, e.g. ${DEFAULT_MAX_TRACES}`,
      );
      storageConfig = { kind: 'memory', maxTraces };
    } else {
      const spanTtl = checkGoDuration(storage.spanTtl ?? DEFAULT_BADGER_SPAN_TTL, context, 'storage.spanTtl');
      storageConfig = { kind: 'badger', directory: BADGER_MOUNT_PATH, spanTtl };
    }

    const tls = checkQueryTls(props.tls, props.exposure, context);
    this.config = buildAllInOneConfig({
      storage: storageConfig,
      samplingStrategiesFile: `${SAMPLING_DIR}/${SAMPLING_FILE}`,
      samplingReloadInterval: reload,
      memoryLimitMib: Math.floor(resources.requests.memory.mebibytes),
      batch,
      basePath,
      logLevel: component.logLevel,
      tlsDir: tls ? JAEGER_QUERY_TLS_DIR : undefined,
    });
    const volumes: VolumeMountSpec[] = [...queryTlsVolumes(tls)];
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

    const open = [anyPodPeer()];
    const otlpSources = otlpSourcePeers(
      props.otlpSourceCidrs ?? DEFAULT_OTLP_SOURCE_CIDRS,
      context,
      'otlpSourceCidrs',
    );
    const role = deployJaegerRole(this, {
      ...component,
      config: this.config,
      replicas: 1,
      sideFiles: [samplingSideFile(name, sampling)],
      volumes,
      externalSecrets: tls ? [tls.secretName] : undefined,
      strategy: storage.kind === 'badger' ? 'Recreate' : 'RollingUpdate',
      // Memory and badger storage live in the pod, and Jaeger exports none of its own telemetry: DNS only out.
      networkPolicy: jaegerPolicy(
        props,
        [
          {
            peers: [...(props.clients ?? open), ...otlpSources],
            ports: portsOf(this.config, 'otlpGrpc', 'otlpHttp', 'samplingHttp', 'samplingGrpc'),
          },
          {
            peers: props.users ?? JAEGER_QUERY_DEFAULT_USERS,
            ports: portsOf(this.config, 'queryHttp', 'queryGrpc'),
          },
          {
            peers: props.metricsScrapers ?? defaultMetricsScrapers(),
            ports: portsOf(this.config, 'metrics'),
          },
        ],
        [],
      ),
      monitoring: props.monitoring,
    });
    this.configMap = role.configMap;
    this.samplingConfigMap = role.sideConfigMaps.sampling as k8s.KubeConfigMap;
    this.deployment = role.deployment;
    this.service = role.service;
    this.otlpGrpcEndpoint = role.url(PORT_NAMES.otlpGrpc);
    this.otlpHttpEndpoint = role.url(PORT_NAMES.otlpHttp);
    this.queryUrl = `${queryScheme(role.url(PORT_NAMES.queryHttp), tls)}${basePath}`;
    this.endpoints = {
      otlpGrpc: this.otlpGrpcEndpoint,
      otlpHttp: this.otlpHttpEndpoint,
      query: this.queryUrl,
      samplingHttp: role.url(PORT_NAMES.samplingHttp),
    };
    this.externalUrl = exposeJaegerUi(this, props.exposure, { role, component, basePath, context });
    const targets = { namespace, receivers: [name], storageWriters: [], kafkaWriters: [] };
    if (props.monitoring?.serviceMonitor && (props.alerts ?? true)) {
      jaegerPrometheusRule(this, 'alerts', {
        name,
        image: component.image,
        labels: props.monitoring.labels,
        targets,
      });
    }
    const sidecar = props.dashboards ?? {};
    if (props.monitoring?.serviceMonitor && (sidecar.enabled ?? true)) {
      sidecarDashboardConfigMap(this, 'dashboard', {
        name: `${name}-dashboard`,
        namespace,
        labels: { ...labels, 'app.kubernetes.io/component': 'dashboards' },
        sidecar,
        context: context,
        prop: 'dashboards',
        dashboards: [
          jaegerPipelineDashboard({
            name,
            targets,
            datasourceUid: sidecar.datasourceUid ?? DEFAULT_SIDECAR_DATASOURCE_UID,
          }),
        ],
      });
    }
  }
}
