import { ServerTls, checkExposure, serverTlsFlags, serverTlsSecrets, serverTlsVolumes } from './tls';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  ObservabilityConstructError,
  Memory,
  ResourceSpec,
  defaultMetricsScrapers,
  configHash,
  createService,
  createWorkload,
  networkPolicy,
  podPeer,
  resolveResources,
  urlEgress,
  serviceDnsName,
  applyServiceExposure,
  checkServiceExposure,
  requireProp,
} from '../core';
import { checkPrometheusDuration } from '../core/duration';
import { QueryEndpoint } from './config/endpoints';
import { ReceiveLimits, buildReceiveLimitsConfig } from './config/receive-limits';
import {
  DEFAULT_HASHRING_ALGORITHM,
  HashringAlgorithm,
  buildHashrings,
  renderHashrings,
  tolerableFailures,
} from './config/hashring';
import { REMOTE_WRITE_PATH, THANOS_PATHS, THANOS_PORTS, THANOS_PORT_NAMES, listenAll } from './config/ports';
import {
  GRPC_POLICY_PORTS,
  HTTP_POLICY_PORTS,
  IStoreApi,
  POD_NAME_ENV,
  STORE_API_CLIENTS,
  ThanosComponentProps,
  checkReplicas,
  labelFlags,
  partLabels,
  thanosArgs,
  thanosBase,
  thanosPorts,
  thanosProbes,
  thanosServiceMonitor,
} from './common';
import { ThanosObjectStorage } from './object-storage';
import { GrpcExposure } from './query';
import { createDataStatefulSet } from './stateful';

/** The reference design's receive pattern gives a receiver 2 cores and 4Gi. */
export const DEFAULT_INGESTOR_RESOURCES: ResourceSpec = { cpu: '2', memory: '4Gi' };
export const DEFAULT_ROUTER_RESOURCES: ResourceSpec = { cpu: '1', memory: '1Gi' };
export const DEFAULT_INGESTORS = 3;
export const DEFAULT_ROUTERS = 2;
/** Each series on three ingestors: writes survive one ingestor down. */
export const DEFAULT_REPLICATION_FACTOR = 3;
/** Thanos's defaults, passed explicitly. */
export const DEFAULT_TENANT_HEADER = 'THANOS-TENANT';
export const DEFAULT_RECEIVE_RETENTION = '15d';
export const DEFAULT_INGESTOR_VOLUME_SIZE = '50Gi';
/**
 * The external label naming each tenant's blocks: Thanos's default `--receive.tenant-label-name`
 * (thanos-io/thanos@v0.42.4 cmd/thanos/receive.go, pkg/tenancy/tenancy.go DefaultTenantLabel), added to the
 * `--label`s in pkg/receive/multitsdb.go.
 */
export const DEFAULT_TENANT_LABEL = 'tenant_id';
/**
 * The label that tells the copies of a replicated series apart (set to the ingestor's pod name). It is an
 * external label of each ingestor's blocks, so a compactor can remove it and merge the copies. A replica label the
 * writer puts on its series (a Prometheus HA pair's `prometheus_replica`, sent with every remote-written series)
 * is not: the compactor's replica-label remover edits block external labels only (thanos-io/thanos@v0.42.4
 * pkg/block/fetcher.go ReplicaLabelRemover), so both writers' copies stay in the bucket.
 */
export const DEFAULT_RECEIVE_REPLICA_LABEL = 'receive_replica';
/** The certificate fields Thanos can take a tenant from (pkg/tenancy/tenancy.go `CertificateField*`, v0.42.4). */
export const TENANT_CERTIFICATE_FIELDS = ['organization', 'organizationalUnit', 'commonName'] as const;
export type TenantCertificateField = (typeof TENANT_CERTIFICATE_FIELDS)[number];

export const HASHRINGS_FILE = `${THANOS_PATHS.config}/hashring/hashrings.json`;

export interface ThanosReceiveProps extends ThanosComponentProps {
  readonly objectStorage: ThanosObjectStorage;
  /** Ingestor pods (the hashring's endpoints). @default DEFAULT_INGESTORS */
  readonly ingestors?: number;
  /** Router pods (stateless, hold the hashring). @default DEFAULT_ROUTERS */
  readonly routers?: number;
  /** @default DEFAULT_REPLICATION_FACTOR */
  readonly replicationFactor?: number;
  /** @default DEFAULT_HASHRING_ALGORITHM */
  readonly algorithm?: HashringAlgorithm;
  /** Replicate between receivers with Cap'n Proto instead of protobuf over gRPC. @default false */
  readonly capnproto?: boolean;
  /** @default DEFAULT_TENANT_HEADER */
  readonly tenantHeader?: string;
  /**
   * Take the tenant from this field of the writer's client certificate instead of the header
   * (`--receive.tenant-certificate-field`, thanos-io/thanos@v0.42.4 cmd/thanos/receive.go; the header is then
   * ignored and a request without that field fails, pkg/tenancy/tenancy.go). Needs `remoteWriteTls` with
   * `clientAuth`. @default the tenant comes from the header, which any writer can set
   */
  readonly tenantCertificateField?: TenantCertificateField;
  /** Local TSDB retention of the ingestors, a Prometheus duration. @default DEFAULT_RECEIVE_RETENTION */
  readonly retention?: string;
  /** External labels of every block, e.g. `{ receive_cluster: 'eu1' }`. @default none */
  readonly labels?: Record<string, string>;
  /** @default DEFAULT_RECEIVE_REPLICA_LABEL */
  readonly replicaLabel?: string;
  readonly ingestorResources?: ResourceSpec;
  /** @default DEFAULT_INGESTOR_VOLUME_SIZE, default StorageClass */
  readonly storage?: { readonly size?: string; readonly storageClassName?: string };
  /**
   * Per-tenant write limits the routers enforce (`--receive.limits-config`): request size, series and samples, head
   * series, concurrency. Tenants are named as the routers see them (the tenant header, or the certificate field).
   * @default no limits
   */
  readonly limits?: ReceiveLimits;
  /** How the routers' remote-write port is exposed (to Prometheus in other clusters). @default ClusterIP */
  readonly remoteWriteService?: GrpcExposure;
  /** TLS on the remote-write endpoint (required to expose it outside the cluster). @default plain HTTP */
  readonly remoteWriteTls?: ServerTls;
  /** Expose remote write outside the cluster without TLS (a private network). @default false */
  readonly allowPlaintextExposure?: boolean;
  /** The host name app clusters reach the routers at, for {@link ThanosReceive.externalRemoteWriteUrl}. */
  readonly externalHost?: string;
  /**
   * @default remote write open to any client, ingestors closed to all but routers and queriers in the namespace,
   * metrics to Prometheus pods in the namespace; routers send only to the ingestors, ingestors only to the bucket
   */
  readonly networkPolicy?: {
    readonly enabled?: boolean;
    readonly remoteWriteClients?: readonly k8s.NetworkPolicyPeer[];
    readonly grpcClients?: readonly k8s.NetworkPolicyPeer[];
    readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
  };
}

/**
 * Thanos Receive as routers and ingestors: routers (a Deployment with the hashring file, no local endpoint)
 * accept remote write on 19291 at `/api/v1/receive` and replicate each series to replication-factor ingestors;
 * ingestors (a StatefulSet with a local endpoint and a TSDB volume) store, upload and serve the StoreAPI. The
 * ingestors' PDB lets as many pods go as the write quorum tolerates.
 */
export class ThanosReceive extends Construct implements IStoreApi, IEndpointSource {
  public readonly router: k8s.KubeDeployment;
  public readonly routerService: k8s.KubeService;
  public readonly ingestor: k8s.KubeStatefulSet;
  public readonly ingestorService: k8s.KubeService;
  public readonly hashringConfigMap: k8s.KubeConfigMap;
  /** `http://<router>:19291/api/v1/receive`: Prometheus remote_write URL inside the cluster. */
  public readonly remoteWriteUrl: string;
  /** The same through `externalHost`, when given. */
  public readonly externalRemoteWriteUrl?: string;
  public readonly tenantHeader: string;
  public readonly storeEndpoints: readonly QueryEndpoint[];
  public readonly replicaLabels: readonly string[];
  public readonly endpoints: Readonly<Record<string, string>>;
  /** The ingestors' local retention (`--tsdb.retention`). */
  public readonly retention: string;
  /** The external labels of every block (`--label`), without the replica label; Thanos adds the tenant's. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The label naming a block's tenant: Thanos's default `--receive.tenant-label-name`. */
  public readonly tenantLabel = DEFAULT_TENANT_LABEL;

  constructor(scope: Construct, id: string, props: ThanosReceiveProps) {
    super(scope, id);
    const base = thanosBase(this, props, 'ThanosReceive', 'receive');
    const { context, name, namespace } = base;
    requireProp(props.objectStorage, context, 'objectStorage', 'pass a ThanosObjectStorage').checkNamespace(
      namespace,
      context,
    );
    const ingestors = checkReplicas(props.ingestors ?? DEFAULT_INGESTORS, context, 'ingestors');
    const routers = checkReplicas(props.routers ?? DEFAULT_ROUTERS, context, 'routers');
    const rf = props.replicationFactor ?? DEFAULT_REPLICATION_FACTOR;
    const algorithm = props.algorithm ?? DEFAULT_HASHRING_ALGORITHM;
    const retention = checkPrometheusDuration(
      props.retention ?? DEFAULT_RECEIVE_RETENTION,
      context,
      'retention',
    );
    const size = Memory.parse(props.storage?.size ?? DEFAULT_INGESTOR_VOLUME_SIZE, context, 'storage.size');
    const replicaLabel = props.replicaLabel ?? DEFAULT_RECEIVE_REPLICA_LABEL;
    this.tenantHeader = props.tenantHeader ?? DEFAULT_TENANT_HEADER;
    const field = props.tenantCertificateField;
    if (field !== undefined && !TENANT_CERTIFICATE_FIELDS.includes(field)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'tenantCertificateField',
        problem: `is not a certificate field Thanos reads (${TENANT_CERTIFICATE_FIELDS.join(', ')})`,
        value: field,
        fix: "use 'commonName' and issue each writer a certificate whose CN is its tenant",
      });
    }
    if (field !== undefined && !props.remoteWriteTls?.clientAuth) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'tenantCertificateField',
        problem: 'needs client certificates, but remote write does not require them',
        value: field,
        fix: "set remoteWriteTls: { secretName: '<server Secret>', clientAuth: true }",
      });
    }
    const ingestorName = `${name}-ingestor`;
    const routerName = `${name}-router`;
    const ingestorHost = serviceDnsName(ingestorName, namespace, base.clusterDomain);
    const ingestorParts = partLabels(base, 'ingestor');
    const routerParts = partLabels(base, 'router');
    const capnproto = props.capnproto ?? false;

    const hashrings = buildHashrings(
      [
        {
          endpoints: Array.from({ length: ingestors }, (_, i) => ({
            address: `${ingestorName}-${i}.${ingestorHost}:${THANOS_PORTS.grpc}`,
            capnprotoAddress: capnproto
              ? `${ingestorName}-${i}.${ingestorHost}:${THANOS_PORTS.capnproto}`
              : undefined,
          })),
        },
      ],
      rf,
      algorithm,
      context,
      'ingestors',
    );
    const hashringJson = renderHashrings(hashrings);
    this.hashringConfigMap = new k8s.KubeConfigMap(this, 'hashring', {
      metadata: { name: `${name}-hashring`, namespace, labels: base.labels },
      data: { 'hashrings.json': hashringJson },
    });

    // Ingestors: local endpoint, TSDB, upload, StoreAPI; no hashring.
    const capnprotoPort = { name: THANOS_PORT_NAMES.capnproto, port: THANOS_PORTS.capnproto };
    const ingestorPorts = [...thanosPorts(true), ...(capnproto ? [capnprotoPort] : [])];
    const ingestorArgs = thanosArgs(
      base,
      'receive',
      {
        'tsdb.path': THANOS_PATHS.data,
        'tsdb.retention': retention,
        'objstore.config-file': props.objectStorage.configFile,
        'receive.local-endpoint': `$(POD_NAME).${ingestorHost}:${THANOS_PORTS.grpc}`,
        'receive.tenant-header': this.tenantHeader,
        label: labelFlags({ ...(props.labels ?? {}), [replicaLabel]: '$(POD_NAME)' }),
        'receive.capnproto-address': capnproto ? listenAll(THANOS_PORTS.capnproto) : undefined,
      },
      props,
      { grpc: true },
    );
    const ingestor = createDataStatefulSet(new Construct(this, 'ingestor'), {
      base,
      name: ingestorName,
      labels: ingestorParts.labels,
      selector: ingestorParts.selector,
      replicas: ingestors,
      containerName: 'thanos-receive',
      args: ingestorArgs,
      objectStorage: props.objectStorage,
      env: [POD_NAME_ENV],
      ports: ingestorPorts,
      resources: resolveResources(
        props.ingestorResources ?? DEFAULT_INGESTOR_RESOURCES,
        context,
        'ingestorResources',
      ),
      size,
      storageClassName: props.storage?.storageClassName,
      terminationGracePeriodSeconds: 900,
      maxUnavailable: Math.max(1, tolerableFailures(rf)),
    });
    this.ingestor = ingestor.statefulSet;
    this.ingestorService = ingestor.service;

    // Routers: hashring, replication, remote write; no local endpoint, no storage.
    const remoteWritePort = { name: THANOS_PORT_NAMES.remoteWrite, port: THANOS_PORTS.remoteWrite };
    const routerPorts = [remoteWritePort, ...thanosPorts(false)];
    const routerArgs = thanosArgs(
      base,
      'receive',
      {
        'remote-write.address': listenAll(THANOS_PORTS.remoteWrite),
        'receive.hashrings-file': HASHRINGS_FILE,
        'receive.hashrings-algorithm': algorithm,
        'receive.replication-factor': rf,
        'receive.replication-protocol': capnproto ? 'capnproto' : 'protobuf',
        'receive.tenant-header': this.tenantHeader,
        'receive.tenant-certificate-field': props.tenantCertificateField,
        // Only routers: the limits apply in the remote-write HTTP handler (thanos-io/thanos@v0.42.4
        // pkg/receive/handler.go receiveHTTP), which ingestors, written to over gRPC, do not run.
        'receive.limits-config':
          props.limits === undefined ? undefined : buildReceiveLimitsConfig(props.limits, context, 'limits'),
        ...serverTlsFlags('remote-write.server', props.remoteWriteTls),
      },
      props,
      { grpc: false },
    );
    checkExposure(
      context,
      'remoteWriteService',
      'remote write',
      props.remoteWriteService?.type,
      props.remoteWriteTls,
      props.allowPlaintextExposure,
    );
    checkServiceExposure(props.remoteWriteService, context, 'remoteWriteService');
    const routerScope = new Construct(this, 'router');
    this.router = createWorkload(routerScope, 'deployment', {
      kind: 'Deployment',
      placement: base.placement,
      name: routerName,
      namespace,
      labels: routerParts.labels,
      selector: routerParts.selector,
      replicas: routers,
      containerName: 'thanos-receive',
      image: base.image,
      args: routerArgs,
      ports: routerPorts,
      resources: resolveResources(props.resources ?? DEFAULT_ROUTER_RESOURCES, context, 'resources'),
      probes: thanosProbes(),
      volumes: [
        {
          volume: { name: 'hashring', configMap: { name: this.hashringConfigMap.name } },
          mountPath: `${THANOS_PATHS.config}/hashring`,
          readOnly: true,
        },
        ...serverTlsVolumes(props.remoteWriteTls),
      ],
      configHash: configHash(hashringJson),
      externalReferences: serverTlsSecrets(props.remoteWriteTls).map((n) => ({
        kind: 'Secret' as const,
        name: n,
      })),
    }).apiObject as k8s.KubeDeployment;
    this.routerService = createService(routerScope, 'service', {
      name: routerName,
      namespace,
      labels: routerParts.labels,
      selector: routerParts.selector,
      ports: routerPorts,
      type: props.remoteWriteService?.type,
    });
    applyServiceExposure(this.routerService, props.remoteWriteService, props.externalHost);

    const scheme = props.remoteWriteTls ? 'https' : 'http';
    this.remoteWriteUrl = `${scheme}://${serviceDnsName(routerName, namespace, base.clusterDomain)}:${THANOS_PORTS.remoteWrite}${REMOTE_WRITE_PATH}`;
    if (props.externalHost !== undefined) {
      this.externalRemoteWriteUrl = `${scheme}://${props.externalHost}:${THANOS_PORTS.remoteWrite}${REMOTE_WRITE_PATH}`;
    }
    this.storeEndpoints = [{ address: `dns+${ingestorHost}:${THANOS_PORTS.grpc}` }];
    this.replicaLabels = [replicaLabel];
    this.retention = retention;
    this.labels = { ...(props.labels ?? {}) };
    this.endpoints = { remoteWrite: this.remoteWriteUrl, grpc: this.storeEndpoints[0].address };

    const policy = props.networkPolicy ?? {};
    if (policy.enabled ?? true) {
      const scrapers = policy.metricsScrapers ?? defaultMetricsScrapers();
      const fromRouters = [podPeer(routerParts.selector)];
      networkPolicy(routerScope, 'network-policy', {
        name: routerName,
        namespace,
        labels: routerParts.labels,
        podSelector: routerParts.selector,
        ingress: [
          { peers: policy.remoteWriteClients ?? [], ports: [{ port: THANOS_PORTS.remoteWrite }] },
          { peers: scrapers, ports: HTTP_POLICY_PORTS },
        ],
        // Routers forward to the ingestors and nowhere else (but the meta-monitoring API of the head-series limits).
        egress: [
          {
            peers: [podPeer(ingestorParts.selector)],
            ports: [{ port: THANOS_PORTS.grpc }, ...(capnproto ? [{ port: THANOS_PORTS.capnproto }] : [])],
          },
          ...(props.limits?.metaMonitoringUrl ? [urlEgress(props.limits.metaMonitoringUrl)] : []),
        ],
      });
      networkPolicy(this, 'ingestor-network-policy', {
        name: ingestorName,
        namespace,
        labels: ingestorParts.labels,
        podSelector: ingestorParts.selector,
        ingress: [
          { peers: [...fromRouters, ...(policy.grpcClients ?? STORE_API_CLIENTS)], ports: GRPC_POLICY_PORTS },
          ...(capnproto ? [{ peers: fromRouters, ports: [{ port: THANOS_PORTS.capnproto }] }] : []),
          { peers: scrapers, ports: HTTP_POLICY_PORTS },
        ],
        egress: props.objectStorage.egress,
      });
    }
    thanosServiceMonitor(this, base, props.monitoring);
  }
}
