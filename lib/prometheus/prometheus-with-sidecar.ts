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
  externalPeers,
  isClusterLocalHost,
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
  resolveClusterDomain,
  serviceMonitor,
  standardLabels,
  requireWholeNumber,
  secretVolume,
  applyServiceExposure,
  checkServiceExposure,
  Placement,
  checkPlacement,
  requireProp,
} from '../core';
import { checkPrometheusDuration } from '../core/duration';
import { QueryEndpoint } from '../thanos/config/endpoints';
import { THANOS_PORTS, listenAll } from '../thanos/config/ports';
import { IStoreApi, STORE_API_CLIENTS, thanosPorts, thanosProbes } from '../thanos/common';
import { FlagValues, buildThanosArgs } from '../thanos/flags';
import { ThanosObjectStorage } from '../thanos/object-storage';
import { GrpcExposure, exposedGrpcService } from '../thanos/query';
import { treeEntries } from '../thanos/registry';
import { ServerTls, checkExposure } from '../thanos/tls';
import {
  FEDERATION_TLS_DIR,
  PROBE_CLIENT_FILE,
  WEB_CONFIG_FILE,
  WEB_TLS_DIR,
  promtoolProbes,
  webTlsFiles,
} from './web-tls';
import {
  FederationJob,
  RemoteWriteQueue,
  ScrapeJob,
  buildPrometheusConfig,
  renderPrometheusConfig,
} from './config/prometheus-config';
import { RuleGroup, checkRuleGroups, renderRuleFile } from './config/rules';
import { discoveryRbac, needsServiceAccount } from './discovery-rbac';

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
/** Where a separate client CA of the sidecar's StoreAPI is mounted. */
export const SIDECAR_CLIENT_CA_DIR = '/etc/thanos/grpc-client-ca';
/** Where the remote-write client certificates are mounted. */
export const REMOTE_WRITE_TLS_DIR = '/etc/prometheus/remote-write-tls';

/**
 * The designed clients of the Prometheus API and the sidecar's HTTP port in the namespace: Grafana, Thanos queriers
 * and rulers, and Prometheus servers (scraping, federating).
 */
export const PROMETHEUS_WEB_CLIENTS: readonly k8s.NetworkPolicyPeer[] = [
  { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } } },
  {
    podSelector: {
      matchLabels: { 'app.kubernetes.io/name': 'thanos' },
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['query', 'rule'] }],
    },
  },
  { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
];

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
  /**
   * A Secret whose `ca.crt` verifies clients instead (the fleet's query-client CA), so only queriers' certificates
   * are accepted. @default `secretName`'s `ca.crt`
   */
  readonly clientCaSecretName?: string;
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
  /** Expose the sidecar's StoreAPI outside the cluster without TLS (a private network). @default false */
  readonly allowPlaintextExposure?: boolean;
  /**
   * Expose the Prometheus HTTP API (every query, `/federate`, the UI) outside the cluster with neither TLS nor
   * client certificates: anyone who reaches the `webService` reads every series. @default false (needs `webTls`
   * with `clientAuth`)
   */
  readonly allowUnauthenticatedWebExposure?: boolean;
  /**
   * TLS on the web port (`--web.config.file`), from a Secret with `tls.crt`, `tls.key` and, for `clientAuth`, the
   * `ca.crt` client certificates must chain to. Probes and the self-scrape then present the same certificate.
   * Not with the Thanos sidecar, which reads Prometheus over plain HTTP. @default plain HTTP
   */
  readonly webTls?: ServerTls;
  /**
   * Client TLS of the federation jobs (`https` targets): a Secret with the `ca.crt` that signed the federated
   * servers and this server's `tls.crt` and `tls.key`. @default none
   */
  readonly federationTls?: { readonly secretName: string };
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
  /**
   * How the sidecars' StoreAPI is exposed to a querier in another cluster: one Service per replica (selecting
   * `statefulset.kubernetes.io/pod-name`), because a querier keeps one gRPC connection per address
   * (thanos-io/thanos@v0.42.4 pkg/query/endpointset.go: endpoint refs keyed by address, one `grpc.NewClient` each)
   * and would otherwise only ever query the replica a shared load balancer sent it to. @default ClusterIP only
   */
  readonly grpcService?: GrpcExposure;
  /**
   * The host name a querier in another cluster reaches the sidecars at: replica `i` at the name with `-<i>` after
   * its first label (`thanos-sidecar.c1.example.com` → `thanos-sidecar-0.c1.example.com`), published through
   * external-dns on its Service; see {@link PrometheusWithSidecar.externalGrpcEndpoints}.
   */
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
  /** The cluster's DNS domain, in the in-cluster addresses this Prometheus publishes. @default DEFAULT_CLUSTER_DOMAIN */
  readonly clusterDomain?: string;
  /**
   * @default the web UI/API (9090) and the sidecar's HTTP port open to Grafana, Thanos queriers and Prometheus pods
   * of the namespace; when the web Service is exposed, to `webService.loadBalancerSourceRanges` (else to anyone
   * reaching the load balancer, which `webTls` then authenticates); the sidecar's StoreAPI to Thanos queriers of
   * the namespace (to anyone when the gRPC Service is exposed); egress to any pod and any address (scrape targets,
   * the API server, remote write, the bucket) except the link-local metadata range
   */
  readonly networkPolicy?: {
    readonly enabled?: boolean;
    readonly webClients?: readonly k8s.NetworkPolicyPeer[];
    readonly grpcClients?: readonly k8s.NetworkPolicyPeer[];
    /** Let Prometheus and the sidecar reach the link-local range (cloud metadata). @default false */
    readonly allowMetadataService?: boolean;
  };
}

/**
 * The label the StatefulSet controller puts on each of its pods with the pod's name, so a Service can select one
 * replica (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-name-label).
 */
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

/** The host name of replica `i`: `-<i>` after the first DNS label of `host`. */
export function replicaHost(host: string, i: number): string {
  const dot = host.indexOf('.');
  return dot < 0 ? `${host}-${i}` : `${host.slice(0, dot)}-${i}${host.slice(dot)}`;
}

interface ExternalLabelEntry {
  readonly path: string;
  readonly key: string;
}

/**
 * Prometheus 3.x with a Thanos sidecar in one StatefulSet, for the application clusters of the reference design's
 * fleet: required and unique external labels (`cluster`, `region`) plus a replica label for HA pairs (`${POD_NAME}`,
 * expanded by Prometheus 3), 2h blocks for the sidecar to upload, the sidecar's StoreAPI exposed through a Service of
 * the user's type.
 */
export class PrometheusWithSidecar extends Construct implements IStoreApi, IEndpointSource {
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  /** One exposed StoreAPI Service per replica, when `grpcService` asks for a NodePort or LoadBalancer. */
  public readonly grpcServices: readonly k8s.KubeService[];
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
  /** One `<replica host>:10901` per replica, for a querier in another cluster (it deduplicates the pair). */
  public readonly externalGrpcEndpoints: readonly string[];
  public readonly storeEndpoints: readonly QueryEndpoint[];
  public readonly replicaLabels: readonly string[];
  public readonly externalLabels: Readonly<Record<string, string>>;
  public readonly endpoints: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PrometheusWithSidecarProps) {
    super(scope, id);
    const context = contextOf(this, 'PrometheusWithSidecar');
    const name = resolveName(this, props.name, context);
    const namespace = resolveNamespace(this, props.namespace, context);
    const clusterDomain = resolveClusterDomain(props.clusterDomain, context);
    const image = props.image ?? IMAGES.prometheus;
    const info = { name: 'prometheus', instance: name, component: 'server', version: imageVersion(image) };
    const labels = standardLabels(info);
    const selector = selectorLabels(info);
    const replicaLabel = props.replicaLabel ?? DEFAULT_PROMETHEUS_REPLICA_LABEL;
    const replicas = props.replicas ?? DEFAULT_PROMETHEUS_REPLICAS;
    requireWholeNumber(replicas, 1, context, 'replicas', 'use 2 for an HA pair');
    const givenLabels = requireProp(
      props.externalLabels,
      context,
      'externalLabels',
      "e.g. { cluster: 'app-001', region: 'eu-west' }",
    );
    const missing = REQUIRED_EXTERNAL_LABELS.filter((l) => !givenLabels[l]);
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
    const rwHost = /^https?:\/\/([^/:]+)/.exec(rwUrl ?? '')?.[1];
    if (
      rwUrl?.startsWith('http://') &&
      rwHost &&
      !isClusterLocalHost(rwHost) &&
      !props.allowPlaintextExposure
    ) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
        prop: 'remoteWrite.url',
        problem: 'sends every sample in plain HTTP to a receiver outside the cluster',
        value: rwUrl,
        fix: 'give the receiver TLS (an https URL and remoteWrite.tls), or set allowPlaintextExposure: true on a private network',
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
    checkServiceExposure(props.grpcService, context, 'grpcService');
    checkServiceExposure(props.webService, context, 'webService');
    const webExposed = (props.webService?.type ?? 'ClusterIP') !== 'ClusterIP';
    const webTls = props.webTls;
    if (webExposed && !webTls?.clientAuth && !props.allowUnauthenticatedWebExposure) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
        prop: 'webService',
        problem: `exposes the Prometheus HTTP API (every query and /federate) outside the cluster without authentication, to anyone who reaches the ${props.webService?.type}`,
        value: props.webService?.type,
        fix: 'set webTls: { secretName, clientAuth: true } (mutual TLS), or allowUnauthenticatedWebExposure: true on a network you trust',
      });
    }
    if (webTls && withSidecar) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'webTls',
        problem: 'puts TLS on the web port the Thanos sidecar reads over plain HTTP',
        value: webTls,
        fix: 'expose the sidecar StoreAPI with grpcTls instead, or set thanosSidecar: false',
      });
    }
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
    const webFiles = webTls ? webTlsFiles(webTls) : undefined;
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${name}-config`, namespace, labels },
      data: {
        'prometheus.yml': configYaml,
        ...(rules ? { 'rules.yaml': rules } : {}),
        ...(webFiles ? { [WEB_CONFIG_FILE]: webFiles.server, [PROBE_CLIENT_FILE]: webFiles.probe } : {}),
      },
    });

    const scrapeJobs = props.scrapeJobs ?? [];
    const kubernetesSd = needsServiceAccount(scrapeJobs);
    if (kubernetesSd) this.serviceAccount = discoveryRbac(this, name, namespace, labels, scrapeJobs);

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
              volume: secretVolume('remote-write-tls', rw.tls.secretName),
              mountPath: REMOTE_WRITE_TLS_DIR,
              readOnly: true,
            },
          ]
        : []),
      ...(webTls
        ? [
            ...[WEB_CONFIG_FILE, PROBE_CLIENT_FILE].map((file) => ({
              volume: configVolume,
              mountPath: `${PROMETHEUS_CONFIG_DIR}/${file}`,
              subPath: file,
              readOnly: true,
            })),
            {
              volume: secretVolume('web-tls', webTls.secretName),
              mountPath: WEB_TLS_DIR,
              readOnly: true,
            },
          ]
        : []),
      ...(props.federationTls
        ? [
            {
              volume: secretVolume('federation-tls', props.federationTls.secretName),
              mountPath: FEDERATION_TLS_DIR,
              readOnly: true,
            },
          ]
        : []),
    ];
    const tls = props.grpcTls;
    const sidecarVolumes: VolumeMountSpec[] = [
      data,
      ...(props.objectStorage ? props.objectStorage.volumes() : []),
      ...(tls
        ? [
            {
              volume: secretVolume('grpc-tls', tls.secretName),
              mountPath: SIDECAR_TLS_DIR,
              readOnly: true,
            },
            ...(tls.clientAuth && tls.clientCaSecretName
              ? [
                  {
                    volume: secretVolume('grpc-client-ca', tls.clientCaSecretName),
                    mountPath: SIDECAR_CLIENT_CA_DIR,
                    readOnly: true,
                  },
                ]
              : []),
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
          'grpc-server-tls-client-ca': tls?.clientAuth
            ? `${tls.clientCaSecretName ? SIDECAR_CLIENT_CA_DIR : SIDECAR_TLS_DIR}/ca.crt`
            : undefined,
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
      ...(tls?.clientAuth && tls.clientCaSecretName
        ? [{ kind: 'Secret' as const, name: tls.clientCaSecretName }]
        : []),
      ...(rw?.tls ? [{ kind: 'Secret' as const, name: rw.tls.secretName }] : []),
      ...(webTls ? [{ kind: 'Secret' as const, name: webTls.secretName }] : []),
      ...(props.federationTls ? [{ kind: 'Secret' as const, name: props.federationTls.secretName }] : []),
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
        ...(webTls ? [`--web.config.file=${PROMETHEUS_CONFIG_DIR}/${WEB_CONFIG_FILE}`] : []),
      ],
      env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      ports: [webPort],
      resources,
      probes: webTls
        ? promtoolProbes(
            600,
            `https://localhost:${PROMETHEUS_PORT}`,
            `${PROMETHEUS_CONFIG_DIR}/${PROBE_CLIENT_FILE}`,
          )
        : healthProbes('web', '/-/healthy', '/-/ready', 600),
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
      configHash: configHash(
        configYaml,
        rules ?? '',
        props.objectStorage?.configHash ?? '',
        ...(webFiles ? [webFiles.server] : []),
      ),
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
    if (webExposed) {
      // One address for the pair: a federating Prometheus drops the replica label, so whichever replica answers
      // a scrape feeds the same series.
      this.webService = createService(this, 'web-service', {
        name: `${name}-web`,
        namespace,
        labels,
        selector,
        type: props.webService?.type,
        ports: [webPort],
      });
      applyServiceExposure(this.webService, props.webService, props.externalWebHost);
      if ((props.webService?.loadBalancerSourceRanges ?? []).length > 0) {
        // Client addresses reach the pod unchanged, so the NetworkPolicy can admit exactly the source ranges.
        this.webService.addJsonPatch(JsonPatch.add('/spec/externalTrafficPolicy', 'Local'));
      }
    }
    const webScheme = webTls ? 'https' : 'http';
    if (props.externalWebHost !== undefined) {
      this.externalHttpUrl = `${webScheme}://${props.externalWebHost}:${PROMETHEUS_PORT}`;
    }
    const exposure = props.grpcService?.type ?? 'ClusterIP';
    const replicaHosts = Array.from({ length: replicas }, (_, i) =>
      props.externalGrpcHost === undefined ? undefined : replicaHost(props.externalGrpcHost, i),
    );
    this.grpcServices =
      exposure === 'ClusterIP'
        ? []
        : replicaHosts.map((externalHost, i) =>
            exposedGrpcService(
              this,
              name,
              namespace,
              labels,
              { ...selector, [STATEFULSET_POD_NAME_LABEL]: `${name}-${i}` },
              props.grpcService!,
              externalHost,
              { id: `grpc-service-${i}`, name: `${name}-${i}-grpc` },
            ),
          );
    const host = serviceDnsName(name, namespace, clusterDomain);
    this.httpUrl = `${webScheme}://${host}:${PROMETHEUS_PORT}`;
    this.grpcEndpoint = withSidecar ? `dns+${host}:${THANOS_PORTS.grpc}` : '';
    this.externalGrpcEndpoints = withSidecar
      ? replicaHosts.flatMap((h) => (h === undefined ? [] : [`${h}:${THANOS_PORTS.grpc}`]))
      : [];
    this.storeEndpoints = withSidecar ? [{ address: this.grpcEndpoint }] : [];
    this.endpoints = {
      http: this.httpUrl,
      ...(withSidecar ? { grpc: this.grpcEndpoint } : {}),
      ...(this.externalHttpUrl ? { externalHttp: this.externalHttpUrl } : {}),
      ...Object.fromEntries(this.externalGrpcEndpoints.map((e, i) => [`externalGrpc${i}`, e])),
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
            // Exposed: the declared source ranges (the Service keeps client addresses for that), else anyone
            // who reaches the load balancer, which the web port then authenticates (or the opt-in said so).
            peers:
              policy.webClients ??
              (webExposed
                ? (props.webService?.loadBalancerSourceRanges ?? []).map((cidr) => ({ ipBlock: { cidr } }))
                : PROMETHEUS_WEB_CLIENTS),
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
        // Scrape targets are any pod or node; the one place denied is the metadata service.
        egress: [
          {
            peers: [
              { namespaceSelector: {} },
              ...externalPeers({ allowMetadataService: policy.allowMetadataService }),
            ],
            ports: [],
          },
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
        // The exposed web Service (for federation) selects the same pods with the same port.
        serviceName: webExposed ? name : undefined,
        monitoring: props.monitoring,
        // With web TLS the port serves only HTTPS (and, with client auth, only to the fleet's certificates): the
        // scraper verifies it with the Secret's CA under the name the certificate carries, and presents the same
        // Secret's certificate when clients must authenticate.
        tls: webTls && {
          caSecret: { name: webTls.secretName, key: 'ca.crt' },
          serverName: props.externalWebHost ?? host,
          clientCertificateSecret: webTls.clientAuth ? webTls.secretName : undefined,
        },
      });
    }
  }
}
