import { JsonPatch } from 'cdk8s';
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
  configHash,
  contextOf,
  createService,
  createWorkload,
  healthProbes,
  imageVersion,
  networkPolicy,
  resolveName,
  resolveNamespace,
  resolveResources,
  selectorLabels,
  serviceDnsName,
  serviceMonitor,
  standardLabels,
  requireWholeNumber,
  Placement,
  checkPlacement,
} from '../core';
import { checkPrometheusDuration } from '../core/duration';
import { QueryEndpoint } from '../thanos/config/endpoints';
import { THANOS_PORTS, listenAll } from '../thanos/config/ports';
import { IStoreApi, STORE_API_CLIENTS, thanosPorts, thanosProbes } from '../thanos/common';
import { FlagValues, buildThanosArgs } from '../thanos/flags';
import { ThanosObjectStorage } from '../thanos/object-storage';
import { GrpcExposure, exposedGrpcService } from '../thanos/query';
import { treeEntries } from '../thanos/registry';
import { checkExposure } from '../thanos/tls';
import {
  FederationJob,
  RemoteWriteQueue,
  ScrapeJob,
  buildPrometheusConfig,
  renderPrometheusConfig,
} from './config/prometheus-config';
import { RuleGroup, checkRuleGroups, renderRuleFile } from './config/rules';

/** Every cluster's Prometheus must carry these external labels, with values unique in the fleet. */
export const REQUIRED_EXTERNAL_LABELS = ['cluster', 'region'] as const;
/** The external label that tells the two Prometheus of an HA pair apart (set to the pod name). */
export const DEFAULT_PROMETHEUS_REPLICA_LABEL = 'prometheus_replica';
export const DEFAULT_PROMETHEUS_REPLICAS = 2;
export const DEFAULT_PROMETHEUS_RESOURCES: ResourceSpec = { cpu: '1', memory: '4Gi' };
export const DEFAULT_SIDECAR_RESOURCES: ResourceSpec = { cpu: '250m', memory: '512Mi' };
/** Prometheus's own default retention: local data outlives a stalled upload. */
export const DEFAULT_PROMETHEUS_RETENTION = '15d';
export const DEFAULT_PROMETHEUS_VOLUME_SIZE = '50Gi';
export const PROMETHEUS_PORT = 9090;
export const PROMETHEUS_CONFIG_DIR = '/etc/prometheus';
export const PROMETHEUS_RULES_DIR = '/etc/prometheus/rules';
export const PROMETHEUS_DATA_DIR = '/prometheus';
export const SIDECAR_TLS_DIR = '/etc/thanos/grpc-tls';
/** Where the remote-write client certificates are mounted. */
export const REMOTE_WRITE_TLS_DIR = '/etc/prometheus/remote-write-tls';

/** Where a Prometheus remote-writes to, e.g. a ThanosReceive. */
export interface IRemoteWriteTarget {
  readonly remoteWriteUrl: string;
  readonly tenantHeader?: string;
}

/** Server TLS of the sidecar's gRPC StoreAPI, from a Secret (`tls.crt`, `tls.key`, and `ca.crt` for mutual TLS). */
export interface SidecarTls {
  readonly secretName: string;
  /** Verify clients against `ca.crt`. @default false */
  readonly clientAuth?: boolean;
}

export interface PrometheusWithSidecarProps {
  /** @default the construct id as a DNS label */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /** Must include `cluster` and `region`; the set must be unique across the app. */
  readonly externalLabels: Record<string, string>;
  /** @default DEFAULT_PROMETHEUS_REPLICA_LABEL */
  readonly replicaLabel?: string;
  /** @default DEFAULT_PROMETHEUS_REPLICAS (an HA pair) */
  readonly replicas?: number;
  readonly scrapeJobs?: readonly ScrapeJob[];
  readonly federation?: readonly FederationJob[];
  readonly ruleGroups?: readonly RuleGroup[];
  /** Remote write, e.g. to a ThanosReceive, with the tenant sent in its header. @default none */
  readonly remoteWrite?: {
    readonly target: IRemoteWriteTarget;
    /** @default the `cluster` external label */
    readonly tenant?: string;
    /** Use the target's external URL (app clusters writing to another cluster). */
    readonly url?: string;
    readonly queue?: RemoteWriteQueue;
    /**
     * TLS to an `https` target: a Secret with the `ca.crt` that signed the receiver's certificate and, for mutual
     * TLS, this cluster's `tls.crt` and `tls.key`. @default none (required for an https URL)
     */
    readonly tls?: { readonly secretName: string; readonly clientCertificate?: boolean };
  };
  /** Expose the web port (or the sidecar's StoreAPI) outside the cluster without TLS (a private network). @default false */
  readonly allowPlaintextExposure?: boolean;
  /**
   * Run the Thanos sidecar. `false` gives a plain Prometheus (federation, remote write only): no StoreAPI, no upload,
   * and Prometheus compacts its own blocks. @default true
   */
  readonly thanosSidecar?: boolean;
  /** How the Prometheus web port (API, `/federate`) is exposed to another cluster. @default ClusterIP only */
  readonly webService?: GrpcExposure;
  /** The host name another cluster reaches the web port at, for {@link PrometheusWithSidecar.externalHttpUrl}. */
  readonly externalWebHost?: string;
  /** Upload blocks to object storage through the sidecar. @default no upload (the sidecar serves the StoreAPI only) */
  readonly objectStorage?: ThanosObjectStorage;
  /** A Prometheus duration. @default DEFAULT_PROMETHEUS_RETENTION */
  readonly retention?: string;
  /** @default DEFAULT_PROMETHEUS_VOLUME_SIZE, default StorageClass */
  readonly storage?: { readonly size?: string; readonly storageClassName?: string };
  /** How the sidecar's StoreAPI is exposed to a querier in another cluster. @default ClusterIP only */
  readonly grpcService?: GrpcExposure;
  /** The host name a querier in another cluster reaches the sidecar at, for `externalStoreEndpoint`. */
  readonly externalGrpcHost?: string;
  /** @default plain text */
  readonly grpcTls?: SidecarTls;
  /** @default DEFAULT_PROMETHEUS_RESOURCES */
  readonly resources?: ResourceSpec;
  /** @default DEFAULT_SIDECAR_RESOURCES */
  readonly sidecarResources?: ResourceSpec;
  readonly image?: string;
  readonly sidecarImage?: string;
  /** More flags of `thanos sidecar`, checked against v0.42.4. @default none */
  readonly sidecarExtraFlags?: FlagValues;
  /** Node selection, tolerations, priority, pull secrets, pod labels and a mirror registry. @default none */
  readonly placement?: Placement;
  readonly monitoring?: MonitoringOptions;
  /**
   * @default web UI/API open to any pod, the sidecar's StoreAPI to Thanos queriers (to anyone when the gRPC
   * Service is a NodePort or LoadBalancer)
   */
  readonly networkPolicy?: {
    readonly enabled?: boolean;
    readonly webClients?: readonly k8s.NetworkPolicyPeer[];
    readonly grpcClients?: readonly k8s.NetworkPolicyPeer[];
  };
}

interface ExternalLabelEntry {
  readonly path: string;
  readonly key: string;
}

/**
 * Prometheus 3.x with a Thanos sidecar in one StatefulSet, for the application clusters of seed 003: required and
 * unique external labels (`cluster`, `region`) plus a replica label for HA pairs (`${POD_NAME}`, expanded by
 * Prometheus 3), 2h blocks for the sidecar to upload, the sidecar's StoreAPI exposed through a Service of the
 * user's type.
 */
export class PrometheusWithSidecar extends Construct implements IStoreApi, IEndpointSource {
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  public readonly grpcService?: k8s.KubeService;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** The prometheus.yml the ConfigMap holds. */
  public readonly config: Record<string, unknown>;
  /** `http://host:9090`: the Prometheus API (and `/federate`). */
  public readonly httpUrl: string;
  /** `http://<externalWebHost>:9090`, for a federating Prometheus in another cluster. */
  public readonly externalHttpUrl?: string;
  public readonly webService?: k8s.KubeService;
  /** `dns+<headless Service>:10901`: every sidecar in the cluster (empty without a sidecar). */
  public readonly grpcEndpoint: string;
  /** `<externalGrpcHost>:10901`, for a querier in another cluster. */
  public readonly externalGrpcEndpoint?: string;
  public readonly storeEndpoints: readonly QueryEndpoint[];
  public readonly replicaLabels: readonly string[];
  public readonly externalLabels: Readonly<Record<string, string>>;
  public readonly endpoints: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PrometheusWithSidecarProps) {
    super(scope, id);
    const context = contextOf(this, 'PrometheusWithSidecar');
    const name = resolveName(this, props.name, context);
    const namespace = resolveNamespace(this, props.namespace, context);
    const image = props.image ?? IMAGES.prometheus;
    const info = { name: 'prometheus', instance: name, component: 'server', version: imageVersion(image) };
    const labels = standardLabels(info);
    const selector = selectorLabels(info);
    const replicaLabel = props.replicaLabel ?? DEFAULT_PROMETHEUS_REPLICA_LABEL;
    const replicas = props.replicas ?? DEFAULT_PROMETHEUS_REPLICAS;
    requireWholeNumber(replicas, 1, context, 'replicas', 'use 2 for an HA pair');
    const missing = REQUIRED_EXTERNAL_LABELS.filter((l) => !props.externalLabels[l]);
    if (missing.length > 0) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'externalLabels',
        problem: `lacks ${missing.map((l) => `'${l}'`).join(' and ')}, which identify this Prometheus's blocks and series in the fleet`,
        value: props.externalLabels,
        fix: "set e.g. { cluster: 'app-001', region: 'a' }",
      });
    }
    if (replicaLabel in props.externalLabels) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'externalLabels',
        problem: `sets the replica label '${replicaLabel}', which the construct sets to each pod's name`,
        value: props.externalLabels,
        fix: `remove '${replicaLabel}' from externalLabels`,
      });
    }
    const key = JSON.stringify(
      Object.keys(props.externalLabels)
        .sort()
        .map((k) => [k, props.externalLabels[k]]),
    );
    const seen = treeEntries<ExternalLabelEntry>(this, 'prometheus-external-labels');
    const duplicate = seen.find((e) => e.key === key);
    if (duplicate) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'externalLabels',
        problem: `equal those of '${duplicate.path}': the querier could not tell the two clusters' series apart and would merge them`,
        value: props.externalLabels,
        fix: "give every cluster's Prometheus its own cluster label",
      });
    }
    seen.push({ path: this.node.path, key });
    this.externalLabels = { ...props.externalLabels };
    this.replicaLabels = [replicaLabel];
    const withSidecar = props.thanosSidecar ?? true;
    if (!withSidecar) {
      const sidecarOnly = (
        [
          ['objectStorage', props.objectStorage],
          ['grpcService', props.grpcService],
          ['grpcTls', props.grpcTls],
          ['externalGrpcHost', props.externalGrpcHost],
          ['sidecarResources', props.sidecarResources],
          ['sidecarExtraFlags', props.sidecarExtraFlags],
        ] as const
      ).find(([, v]) => v !== undefined);
      if (sidecarOnly) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INCOMPATIBLE_PROPS,
          prop: sidecarOnly[0],
          problem: 'configures the Thanos sidecar, which thanosSidecar: false leaves out',
          value: sidecarOnly[0] === 'objectStorage' ? 'ThanosObjectStorage' : sidecarOnly[1],
          fix: `drop ${sidecarOnly[0]}, or keep the sidecar`,
        });
      }
    }

    const retention = checkPrometheusDuration(
      props.retention ?? DEFAULT_PROMETHEUS_RETENTION,
      context,
      'retention',
    );
    const size = Memory.parse(props.storage?.size ?? DEFAULT_PROMETHEUS_VOLUME_SIZE, context, 'storage.size');
    const resources = resolveResources(props.resources ?? DEFAULT_PROMETHEUS_RESOURCES, context, 'resources');
    const sidecarResources = resolveResources(
      props.sidecarResources ?? DEFAULT_SIDECAR_RESOURCES,
      context,
      'sidecarResources',
    );
    const ruleGroups = props.ruleGroups ?? [];
    const rules =
      ruleGroups.length > 0 ? renderRuleFile(checkRuleGroups(ruleGroups, context, 'ruleGroups')) : undefined;
    const rw = props.remoteWrite;
    const rwUrl = rw ? (rw.url ?? rw.target.remoteWriteUrl) : undefined;
    if (rw && rwUrl?.startsWith('https://') && rw.tls === undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'remoteWrite.tls',
        problem: 'is required for an https target: Prometheus must know the CA that signed the receiver',
        value: rwUrl,
        fix: "give a Secret with ca.crt (and tls.crt, tls.key for mutual TLS): { secretName: 'remote-write-tls' }",
      });
    }
    checkExposure(
      context,
      'grpcService',
      'the StoreAPI',
      props.grpcService?.type,
      props.grpcTls,
      props.allowPlaintextExposure,
    );
    checkExposure(
      context,
      'webService',
      'the Prometheus API',
      props.webService?.type,
      undefined,
      props.allowPlaintextExposure,
    );
    this.config = buildPrometheusConfig(
      {
        externalLabels: { ...props.externalLabels, [replicaLabel]: '${POD_NAME}' },
        ruleFiles: rules ? [`${PROMETHEUS_RULES_DIR}/*.yaml`] : undefined,
        scrapeJobs: props.scrapeJobs,
        federation: props.federation,
        remoteWrite: rw
          ? [
              {
                name: 'thanos-receive',
                url: rw.url ?? rw.target.remoteWriteUrl,
                tenant: rw.target.tenantHeader
                  ? { header: rw.target.tenantHeader, id: rw.tenant ?? props.externalLabels.cluster }
                  : undefined,
                queue: rw.queue,
                tls: rw.tls
                  ? {
                      caFile: `${REMOTE_WRITE_TLS_DIR}/ca.crt`,
                      certFile: rw.tls.clientCertificate ? `${REMOTE_WRITE_TLS_DIR}/tls.crt` : undefined,
                      keyFile: rw.tls.clientCertificate ? `${REMOTE_WRITE_TLS_DIR}/tls.key` : undefined,
                    }
                  : undefined,
              },
            ]
          : undefined,
      },
      context,
    );
    const configYaml = renderPrometheusConfig(this.config);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${name}-config`, namespace, labels },
      data: { 'prometheus.yml': configYaml, ...(rules ? { 'rules.yaml': rules } : {}) },
    });

    const kubernetesSd = (props.scrapeJobs ?? []).some((j) => j.kubernetes !== undefined);
    if (kubernetesSd) this.serviceAccount = discoveryRbac(this, name, namespace, labels);

    const data: VolumeMountSpec = {
      volume: { name: 'data' },
      mountPath: PROMETHEUS_DATA_DIR,
      claimTemplate: true,
    };
    const configVolume = { name: 'config', configMap: { name: this.configMap.name } };
    const volumes: VolumeMountSpec[] = [
      {
        volume: configVolume,
        mountPath: `${PROMETHEUS_CONFIG_DIR}/prometheus.yml`,
        subPath: 'prometheus.yml',
        readOnly: true,
      },
      ...(rules
        ? [
            {
              volume: configVolume,
              mountPath: `${PROMETHEUS_RULES_DIR}/rules.yaml`,
              subPath: 'rules.yaml',
              readOnly: true,
            },
          ]
        : []),
      data,
      ...(rw?.tls
        ? [
            {
              volume: { name: 'remote-write-tls', secret: { secretName: rw.tls.secretName } },
              mountPath: REMOTE_WRITE_TLS_DIR,
              readOnly: true,
            },
          ]
        : []),
    ];
    const tls = props.grpcTls;
    const sidecarVolumes: VolumeMountSpec[] = [
      data,
      ...(props.objectStorage?.volumes() ?? []),
      ...(tls
        ? [
            {
              volume: { name: 'grpc-tls', secret: { secretName: tls.secretName } },
              mountPath: SIDECAR_TLS_DIR,
              readOnly: true,
            },
          ]
        : []),
    ];
    if (props.objectStorage) props.objectStorage.checkNamespace(namespace, context);
    const sidecarArgs = buildThanosArgs(
      {
        subcommand: 'sidecar',
        flags: {
          'log.level': 'info',
          'log.format': 'logfmt',
          'enable-auto-gomemlimit': true,
          'http-address': listenAll(THANOS_PORTS.http),
          'grpc-address': listenAll(THANOS_PORTS.grpc),
          'prometheus.url': `http://localhost:${PROMETHEUS_PORT}`,
          'tsdb.path': PROMETHEUS_DATA_DIR,
          'objstore.config-file': props.objectStorage?.configFile,
          'grpc-server-tls-cert': tls ? `${SIDECAR_TLS_DIR}/tls.crt` : undefined,
          'grpc-server-tls-key': tls ? `${SIDECAR_TLS_DIR}/tls.key` : undefined,
          'grpc-server-tls-client-ca': tls?.clientAuth ? `${SIDECAR_TLS_DIR}/ca.crt` : undefined,
        },
        extraFlags: props.sidecarExtraFlags,
        extraFlagsProp: 'sidecarExtraFlags',
      },
      context,
    );
    const webPort = { name: 'web', port: PROMETHEUS_PORT };
    const sidecarPorts = thanosPorts(true);
    const external = [
      ...(props.objectStorage?.externalReferences ?? []),
      ...(tls ? [{ kind: 'Secret' as const, name: tls.secretName }] : []),
      ...(rw?.tls ? [{ kind: 'Secret' as const, name: rw.tls.secretName }] : []),
    ];
    this.statefulSet = createWorkload(this, 'statefulset', {
      kind: 'StatefulSet',
      placement: checkPlacement(props.placement, context),
      name,
      namespace,
      labels,
      selector,
      replicas,
      containerName: 'prometheus',
      image,
      args: [
        `--config.file=${PROMETHEUS_CONFIG_DIR}/prometheus.yml`,
        `--storage.tsdb.path=${PROMETHEUS_DATA_DIR}`,
        `--storage.tsdb.retention.time=${retention}`,
        // The sidecar uploads only blocks Prometheus does not compact further.
        ...(withSidecar
          ? ['--storage.tsdb.min-block-duration=2h', '--storage.tsdb.max-block-duration=2h']
          : []),
        `--web.listen-address=${listenAll(PROMETHEUS_PORT)}`,
      ],
      env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      ports: [webPort],
      resources,
      probes: healthProbes('web', '/-/healthy', '/-/ready', 600),
      volumes,
      serviceName: name,
      needsKubernetesApi: kubernetesSd,
      serviceAccountName: this.serviceAccount?.name,
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: props.storage?.storageClassName,
            resources: { requests: { storage: k8s.Quantity.fromString(size.toString()) } },
          },
        },
      ],
      configHash: configHash(configYaml, rules ?? '', props.objectStorage?.configHash ?? ''),
      externalReferences: external,
      terminationGracePeriodSeconds: 600,
      sidecars: withSidecar
        ? [
            {
              name: 'thanos-sidecar',
              image: props.sidecarImage ?? IMAGES.thanos,
              args: sidecarArgs,
              env: props.objectStorage?.env,
              ports: sidecarPorts,
              resources: sidecarResources,
              probes: thanosProbes(),
              volumes: sidecarVolumes,
            },
          ]
        : [],
    }).apiObject as k8s.KubeStatefulSet;
    this.service = createService(this, 'service', {
      name,
      namespace,
      labels,
      selector,
      ports: withSidecar ? [webPort, ...sidecarPorts] : [webPort],
      headless: true,
    });
    if ((props.webService?.type ?? 'ClusterIP') !== 'ClusterIP') {
      this.webService = createService(this, 'web-service', {
        name: `${name}-web`,
        namespace,
        labels,
        selector,
        type: props.webService?.type,
        ports: [webPort],
      });
      for (const [k, v] of Object.entries(props.webService?.annotations ?? {})) {
        this.webService.metadata.addAnnotation(k, v);
      }
    }
    if (props.externalWebHost !== undefined) {
      this.externalHttpUrl = `http://${props.externalWebHost}:${PROMETHEUS_PORT}`;
    }
    const exposure = props.grpcService?.type ?? 'ClusterIP';
    if (exposure !== 'ClusterIP') {
      this.grpcService = exposedGrpcService(this, name, namespace, labels, selector, props.grpcService!);
    }
    const host = serviceDnsName(name, namespace);
    this.httpUrl = `http://${host}:${PROMETHEUS_PORT}`;
    this.grpcEndpoint = withSidecar ? `dns+${host}:${THANOS_PORTS.grpc}` : '';
    if (props.externalGrpcHost !== undefined) {
      this.externalGrpcEndpoint = `${props.externalGrpcHost}:${THANOS_PORTS.grpc}`;
    }
    this.storeEndpoints = withSidecar ? [{ address: this.grpcEndpoint }] : [];
    this.endpoints = {
      http: this.httpUrl,
      ...(withSidecar ? { grpc: this.grpcEndpoint } : {}),
      ...(this.externalHttpUrl ? { externalHttp: this.externalHttpUrl } : {}),
      ...(this.externalGrpcEndpoint ? { externalGrpc: this.externalGrpcEndpoint } : {}),
    };

    const policy = props.networkPolicy ?? {};
    if (policy.enabled ?? true) {
      networkPolicy(this, 'network-policy', {
        name,
        namespace,
        labels,
        podSelector: selector,
        ingress: [
          {
            peers:
              policy.webClients ??
              ((props.webService?.type ?? 'ClusterIP') === 'ClusterIP' ? [anyPodPeer()] : []),
            ports: withSidecar
              ? [{ port: PROMETHEUS_PORT }, { port: THANOS_PORTS.http }]
              : [{ port: PROMETHEUS_PORT }],
          },
          ...(withSidecar
            ? [
                {
                  peers: policy.grpcClients ?? (exposure === 'ClusterIP' ? STORE_API_CLIENTS : []),
                  ports: [{ port: THANOS_PORTS.grpc }],
                },
              ]
            : []),
        ],
      });
    }
    if (props.monitoring?.serviceMonitor) {
      serviceMonitor(this, 'service-monitor', {
        name,
        namespace,
        labels,
        serviceSelector: selector,
        portName: 'web',
        monitoring: props.monitoring,
      });
    }
  }
}

/** A ServiceAccount allowed to discover pods, services, endpoints and nodes cluster-wide. */
function discoveryRbac(
  scope: Construct,
  name: string,
  namespace: string,
  labels: Record<string, string>,
): k8s.KubeServiceAccount {
  const account = new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { name, namespace, labels },
    automountServiceAccountToken: false,
  });
  const roleName = `${namespace}-${name}-discovery`;
  const role = new k8s.KubeClusterRole(scope, 'cluster-role', {
    metadata: { name: roleName, labels },
    rules: [
      {
        apiGroups: [''],
        resources: ['pods', 'services', 'endpoints', 'nodes'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
    ],
  });
  const binding = new k8s.KubeClusterRoleBinding(scope, 'cluster-role-binding', {
    metadata: { name: roleName, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
  // Cluster-scoped: the chart's namespace, which cdk8s puts on every object, does not belong on them.
  for (const clusterScoped of [role, binding])
    clusterScoped.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return account;
}
