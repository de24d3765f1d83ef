import { ServerTls, checkExposure, serverTlsFlags, serverTlsSecrets, serverTlsVolumes } from './tls';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  ObservabilityConstructError,
  ResourceSpec,
  VolumeMountSpec,
  addressEgress,
  defaultMetricsScrapers,
  uniqueRules,
  configHash,
  isClusterLocalHost,
  createService,
  createWorkload,
  networkPolicy,
  resolveResources,
  serviceDnsName,
  secretVolume,
  ServiceExposure,
  applyServiceExposure,
  checkServiceExposure,
  HttpExposure,
  checkHttpExposure,
  createHttpExposure,
} from '../core';
import {
  QueryEndpoint,
  buildEndpointSdConfig,
  checkEndpoints,
  renderEndpointSdConfig,
} from './config/endpoints';
import { THANOS_PATHS, THANOS_PORTS, THANOS_PORT_NAMES } from './config/ports';
import {
  GRPC_POLICY_PORTS,
  HTTP_POLICY_PORTS,
  IStoreApi,
  QUERY_HTTP_CLIENTS,
  STORE_API_CLIENTS,
  ThanosComponentProps,
  checkReplicas,
  thanosArgs,
  thanosBase,
  thanosPorts,
  thanosProbes,
  thanosServiceMonitor,
  thanosHttpUrl,
} from './common';
import { checkGoDuration } from '../core/duration';
import { ThanosHttpTls, httpTlsServer, withScheme } from './http-tls';

/** The reference design gives a query (regional or global) 2 cores and 4Gi. */
export const DEFAULT_QUERY_RESOURCES: ResourceSpec = { cpu: '2', memory: '4Gi' };
export const DEFAULT_QUERY_REPLICAS = 2;
/** Thanos's defaults, passed explicitly. */
export const DEFAULT_QUERY_MAX_CONCURRENT = 20;
export const DEFAULT_QUERY_MAX_CONCURRENT_SELECT = 4;
export const DEFAULT_QUERY_TIMEOUT = '2m';
/** Where the endpoint SD file is mounted. */
export const ENDPOINTS_FILE = `${THANOS_PATHS.config}/endpoints/endpoints.yaml`;

/** How a gRPC (or other) port is exposed outside the cluster: the library's one exposure shape. */
export type GrpcExposure = ServiceExposure;

export interface ThanosQueryNetworkPolicy {
  /** @default true */
  readonly enabled?: boolean;
  /**
   * Peers allowed to the HTTP API, UI and metrics. Calling the querier directly skips Grafana's login, so only
   * the designed clients get in by default. @default QUERY_HTTP_CLIENTS (query-frontends, rulers and Grafana in the
   * namespace) and Prometheus pods in the namespace
   */
  readonly httpClients?: readonly k8s.NetworkPolicyPeer[];
  /** Let the querier reach the link-local range (cloud metadata). @default false */
  readonly allowMetadataService?: boolean;
  /**
   * Peers allowed to this querier's StoreAPI. @default Thanos queriers in the cluster; anyone when the gRPC Service
   * is a NodePort or LoadBalancer
   */
  readonly grpcClients?: readonly k8s.NetworkPolicyPeer[];
}

export interface ThanosQueryProps extends ThanosComponentProps {
  /** StoreAPI components this querier reads from: store shards, sidecars, rulers, receivers, lower queriers. */
  readonly stores?: readonly IStoreApi[];
  /** More endpoints by address (a sidecar in another cluster, say). @default none */
  readonly endpoints?: readonly QueryEndpoint[];
  /**
   * Labels to deduplicate on (`--query.replica-label`). Must include every replica label the `stores` produce.
   * @default the replica labels of `stores`
   */
  readonly replicaLabels?: readonly string[];
  /** @default DEFAULT_QUERY_REPLICAS */
  readonly replicas?: number;
  /** Pick downsampled data for long ranges (`--query.auto-downsampling`). @default true */
  readonly autoDownsampling?: boolean;
  /** Answer with the stores that responded when some fail (`--query.partial-response`). @default true */
  readonly partialResponse?: boolean;
  /** @default DEFAULT_QUERY_MAX_CONCURRENT */
  readonly maxConcurrent?: number;
  /** @default DEFAULT_QUERY_MAX_CONCURRENT_SELECT */
  readonly maxConcurrentSelect?: number;
  /** A Go duration. @default DEFAULT_QUERY_TIMEOUT */
  readonly timeout?: string;
  /** @default a ClusterIP Service only */
  readonly grpcService?: GrpcExposure;
  /** The host name a querier in another cluster reaches this one at (published through external-dns). @default none */
  readonly externalGrpcHost?: string;
  /** TLS on the StoreAPI (required to expose it outside the cluster). @default plain text */
  readonly grpcTls?: ServerTls;
  /**
   * Expose the StoreAPI outside the cluster without TLS, and read endpoints outside the cluster without TLS (a
   * private network). The same opt-in on both sides. @default false
   */
  readonly allowPlaintextExposure?: boolean;
  /** @default enabled */
  readonly networkPolicy?: ThanosQueryNetworkPolicy;
  /**
   * Expose the query UI and HTTP API outside the cluster through an Ingress or a Gateway API HTTPRoute, with TLS;
   * Thanos Query has no login, so `access` must say who authenticates users. @default not exposed
   */
  readonly exposure?: HttpExposure;
  /**
   * Serve the HTTP API, UI and metrics (10902) over TLS; query-frontends, rulers, Grafana and the ServiceMonitor
   * given this querier then call it over HTTPS and verify it with the CA. @default plain HTTP (NetworkPolicies keep
   * other pods out)
   */
  readonly httpTls?: ThanosHttpTls;
}

/**
 * Thanos Query: the PromQL API over StoreAPI endpoints listed in an endpoint SD file (a ConfigMap), deduplicating
 * on the replica labels the fleet produces. Implements {@link IStoreApi} so a querier above it can read from it.
 */
export class ThanosQuery extends Construct implements IStoreApi, IEndpointSource {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  /** The extra gRPC Service, when `grpcService` asks for a NodePort or LoadBalancer. */
  public readonly grpcService?: k8s.KubeService;
  public readonly endpointsConfigMap: k8s.KubeConfigMap;
  /** `host:10901` of the StoreAPI. */
  public readonly grpcEndpoint: string;
  /** `http://host:10902` (`https://` with `httpTls`): the Prometheus-compatible HTTP API. */
  public readonly httpUrl: string;
  /** The TLS of the HTTP port, when it serves HTTPS. */
  public readonly httpTls?: ThanosHttpTls;
  public readonly replicaLabels: readonly string[];
  public readonly storeEndpoints: readonly QueryEndpoint[];
  public readonly endpoints: Readonly<Record<string, string>>;
  /** The endpoints this querier reads from. */
  public readonly queryEndpoints: readonly QueryEndpoint[];
  /** The query UI's URL outside the cluster, when `exposure` is set. */
  public readonly externalUrl?: string;

  constructor(scope: Construct, id: string, props: ThanosQueryProps = {}) {
    super(scope, id);
    const base = thanosBase(this, props, 'ThanosQuery', 'query');
    const { context, name, namespace } = base;
    const endpoints = checkEndpoints(
      [...(props.stores ?? []).flatMap((s) => s.storeEndpoints), ...(props.endpoints ?? [])],
      context,
      'endpoints',
    );
    if (endpoints.length === 0) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'stores',
        problem: 'and endpoints are both empty, so the querier would have nothing to query',
        value: [],
        fix: 'pass the store, sidecar, ruler or receive components as stores, or addresses as endpoints',
      });
    }
    const produced = [...new Set((props.stores ?? []).flatMap((s) => s.replicaLabels))].sort();
    const replicaLabels = [...(props.replicaLabels ?? produced)];
    const missing = produced.filter((l) => !replicaLabels.includes(l));
    if (missing.length > 0) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'replicaLabels',
        problem: `leaves out ${missing.map((l) => `'${l}'`).join(', ')}, which the stores use to tell HA replicas apart, so their series would be double-counted`,
        value: replicaLabels,
        fix: `add ${missing.map((l) => `'${l}'`).join(', ')} to replicaLabels, or leave replicaLabels out to use the stores' own`,
      });
    }
    this.replicaLabels = replicaLabels;
    this.queryEndpoints = endpoints;
    const replicas = checkReplicas(props.replicas ?? DEFAULT_QUERY_REPLICAS, context, 'replicas');
    const resources = resolveResources(props.resources ?? DEFAULT_QUERY_RESOURCES, context, 'resources');
    const timeout = checkGoDuration(props.timeout ?? DEFAULT_QUERY_TIMEOUT, context, 'timeout');

    checkExposure(
      context,
      'grpcService',
      'the StoreAPI',
      props.grpcService?.type,
      props.grpcTls,
      props.allowPlaintextExposure,
    );
    endpoints.forEach((e, i) => {
      const host = e.address.replace(/^(dns|dnssrv|dnssrvnoa)\+/, '').split(':')[0] ?? '';
      if (e.tls === undefined && !isClusterLocalHost(host) && !props.allowPlaintextExposure) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
          prop: `endpoints[${i}].tls`,
          problem:
            'is missing for an endpoint outside the cluster: its series would cross the network in plain text',
          value: e.address,
          fix: "give tls: { secretName: '<Secret with ca.crt, tls.crt, tls.key>', certKey: 'tls.crt', keyKey: 'tls.key' }, or set allowPlaintextExposure: true on a private network",
        });
      }
    });
    checkServiceExposure(props.grpcService, context, 'grpcService');
    const tlsSecrets = [...new Set(endpoints.flatMap((e) => (e.tls ? [e.tls.secretName] : [])))].sort();
    const tlsDir = (secret: string) => `${THANOS_PATHS.tls}/${secret}`;
    const sdConfig = renderEndpointSdConfig(buildEndpointSdConfig(endpoints, tlsDir));
    this.endpointsConfigMap = new k8s.KubeConfigMap(this, 'endpoints', {
      metadata: { name: `${name}-endpoints`, namespace, labels: base.labels },
      data: { 'endpoints.yaml': sdConfig },
    });
    const volumes: VolumeMountSpec[] = [
      {
        volume: { name: 'endpoints', configMap: { name: this.endpointsConfigMap.name } },
        mountPath: `${THANOS_PATHS.config}/endpoints`,
        readOnly: true,
      },
      ...tlsSecrets.map((secret, i) => ({
        volume: secretVolume(`tls-${i}`, secret),
        mountPath: tlsDir(secret),
        readOnly: true,
      })),
      ...serverTlsVolumes(props.grpcTls),
    ];
    if (props.httpTls !== undefined && props.exposure !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'exposure',
        problem:
          'cannot be set together with httpTls: the Ingress or HTTPRoute would call the HTTPS port in plain text',
        value: props.exposure,
        fix: 'drop httpTls on an exposed querier, or expose a query-frontend without httpTls in front of it',
      });
    }
    const https = httpTlsServer(this, { name, namespace, labels: base.labels }, props.httpTls);
    volumes.push(...(https?.volumes ?? []));

    const args = thanosArgs(
      base,
      'query',
      {
        'endpoint.sd-config-file': ENDPOINTS_FILE,
        'query.replica-label': replicaLabels.length > 0 ? replicaLabels : undefined,
        'query.auto-downsampling': props.autoDownsampling ?? true,
        'query.partial-response': props.partialResponse ?? true,
        'query.max-concurrent': checkReplicas(
          props.maxConcurrent ?? DEFAULT_QUERY_MAX_CONCURRENT,
          context,
          'maxConcurrent',
        ),
        'query.max-concurrent-select': checkReplicas(
          props.maxConcurrentSelect ?? DEFAULT_QUERY_MAX_CONCURRENT_SELECT,
          context,
          'maxConcurrentSelect',
        ),
        'query.timeout': timeout,
        ...serverTlsFlags('grpc-server', props.grpcTls),
        ...https?.flags,
      },
      props,
      { grpc: true },
    );
    const ports = thanosPorts(true);
    this.deployment = createWorkload(this, 'deployment', {
      kind: 'Deployment',
      placement: base.placement,
      name,
      namespace,
      labels: base.labels,
      selector: base.selector,
      replicas,
      containerName: 'thanos-query',
      image: base.image,
      args,
      ports,
      resources,
      probes: withScheme(thanosProbes(), props.httpTls),
      volumes,
      // Not the endpoint file: the querier re-reads it (thanos-io/thanos@v0.42.4 cmd/thanos/endpointset.go
      // PathContentReloader, every --endpoint.sd-config-reload-interval, default 5m in cmd/thanos/query.go), so
      // onboarding a cluster changes the list without restarting every querier.
      configHash: configHash(...(https ? [https.config] : [])),
      externalReferences: [
        ...new Set([...tlsSecrets, ...serverTlsSecrets(props.grpcTls), ...(https?.secrets ?? [])]),
      ].map((s) => ({
        kind: 'Secret' as const,
        name: s,
      })),
    }).apiObject as k8s.KubeDeployment;
    this.service = createService(this, 'service', {
      name,
      namespace,
      labels: base.labels,
      selector: base.selector,
      ports,
    });
    const exposure = props.grpcService?.type ?? 'ClusterIP';
    if (exposure !== 'ClusterIP') {
      this.grpcService = exposedGrpcService(
        this,
        name,
        namespace,
        base.labels,
        base.selector,
        props.grpcService!,
        props.externalGrpcHost,
      );
    }
    const host = serviceDnsName(name, namespace, base.clusterDomain);
    this.grpcEndpoint = `${host}:${THANOS_PORTS.grpc}`;
    this.httpUrl = thanosHttpUrl(name, namespace, base.clusterDomain, props.httpTls !== undefined);
    this.httpTls = props.httpTls;
    this.storeEndpoints = [{ address: this.grpcEndpoint }];
    this.endpoints = { grpc: this.grpcEndpoint, http: this.httpUrl };
    if (props.exposure !== undefined) {
      const target = {
        namespace,
        name,
        labels: base.labels,
        serviceName: name,
        servicePort: THANOS_PORTS.http,
        ownLogin: false,
      };
      const exposure = checkHttpExposure(props.exposure, target, context, 'exposure');
      this.externalUrl = createHttpExposure(this, 'exposure', exposure, target).url;
    }

    const policy = props.networkPolicy ?? {};
    if (policy.enabled ?? true) {
      networkPolicy(this, 'network-policy', {
        name,
        namespace,
        labels: base.labels,
        podSelector: base.selector,
        ingress: [
          {
            peers: policy.httpClients ?? [...QUERY_HTTP_CLIENTS, ...defaultMetricsScrapers()],
            ports: HTTP_POLICY_PORTS,
          },
          {
            peers: policy.grpcClients ?? (exposure === 'ClusterIP' ? STORE_API_CLIENTS : []),
            ports: GRPC_POLICY_PORTS,
          },
        ],
        // The StoreAPI of every endpoint it reads, and nothing else.
        egress: uniqueRules(
          endpoints.map((e) =>
            addressEgress(e.address, { allowMetadataService: policy.allowMetadataService }),
          ),
        ),
      });
    }
    thanosServiceMonitor(this, base, props.monitoring, base.selector, props.httpTls);
  }
}

/** A Service of the chosen type with only the gRPC port, named `<name>-grpc`. */
export function exposedGrpcService(
  scope: Construct,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  exposure: GrpcExposure,
  externalHost?: string,
  part?: { readonly id: string; readonly name: string },
): k8s.KubeService {
  const service = createService(scope, part?.id ?? 'grpc-service', {
    name: part?.name ?? `${name}-grpc`,
    namespace,
    labels,
    selector,
    type: exposure.type ?? 'ClusterIP',
    ports: [{ name: THANOS_PORT_NAMES.grpc, port: THANOS_PORTS.grpc }],
  });
  applyServiceExposure(service, exposure, externalHost);
  return service;
}
