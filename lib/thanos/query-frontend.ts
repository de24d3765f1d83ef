import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  IEndpointSource,
  ResourceSpec,
  defaultMetricsScrapers,
  uniqueRules,
  urlEgress,
  configHash,
  createService,
  createWorkload,
  networkPolicy,
  resolveResources,
  requireProp,
} from '../core';
import { checkGoDuration } from '../core/duration';
import { stringifyYaml as stringify } from '../core/manifest-yaml';
import {
  HTTP_CLIENT_CA_DIR,
  IHttpEndpoint,
  ThanosHttpTls,
  checkHttpClient,
  httpCaSecret,
  httpClientCaVolume,
  httpTlsServer,
  withScheme,
} from './http-tls';
import { ResponseCache, buildResponseCacheConfig, memcachedEgress } from './config/cache';
import { THANOS_PATHS } from './config/ports';
import {
  HTTP_POLICY_PORTS,
  ThanosComponentProps,
  checkReplicas,
  thanosArgs,
  thanosBase,
  thanosPorts,
  thanosProbes,
  thanosServiceMonitor,
  thanosHttpUrl,
  GRAFANA_PEER,
} from './common';

export const DEFAULT_QUERY_FRONTEND_RESOURCES: ResourceSpec = { cpu: '500m', memory: '1Gi' };
export const DEFAULT_QUERY_FRONTEND_REPLICAS = 2;
/** Thanos's defaults, passed explicitly. */
export const DEFAULT_SPLIT_INTERVAL = '24h';
export const DEFAULT_MAX_RETRIES = 5;
export const DEFAULT_RESPONSE_CACHE: ResponseCache = { kind: 'in-memory' };
export const RESPONSE_CACHE_FILE = `${THANOS_PATHS.config}/cache/response-cache.yaml`;

/** What a query-frontend sits in front of: anything with a Prometheus-compatible HTTP API. */
export interface IQueryHttpApi extends IHttpEndpoint {
  readonly httpUrl: string;
}

export interface ThanosQueryFrontendProps extends ThanosComponentProps {
  /** The querier behind the frontend. */
  readonly query: IQueryHttpApi;
  /** @default DEFAULT_QUERY_FRONTEND_REPLICAS */
  readonly replicas?: number;
  /** Split range queries into parts of this length, a Go duration. @default DEFAULT_SPLIT_INTERVAL */
  readonly splitInterval?: string;
  /** @default DEFAULT_MAX_RETRIES */
  readonly maxRetries?: number;
  /** Results cache for range queries. @default DEFAULT_RESPONSE_CACHE (in memory, per pod) */
  readonly cache?: ResponseCache;
  /**
   * @default enabled: HTTP from Grafana and Prometheus pods in the namespace; egress to DNS, the querier and the
   * memcached cache only
   */
  /**
   * Serve the HTTP API and metrics (10902) over TLS; Grafana and the ServiceMonitor given this frontend then call it
   * over HTTPS and verify it with the CA. @default plain HTTP (NetworkPolicies keep other pods out)
   */
  readonly httpTls?: ThanosHttpTls;
  readonly networkPolicy?: {
    readonly enabled?: boolean;
    /** @default Grafana pods in the namespace, and Prometheus pods for metrics */
    readonly clients?: readonly k8s.NetworkPolicyPeer[];
  };
}

/** Thanos Query Frontend: splits, retries and caches range queries in front of a querier. */
export class ThanosQueryFrontend extends Construct implements IQueryHttpApi, IEndpointSource {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly cacheConfigMap: k8s.KubeConfigMap;
  /** `http://host:10902` (`https://` with `httpTls`): point Grafana here. */
  public readonly httpUrl: string;
  /** The TLS of the HTTP port, when it serves HTTPS. */
  public readonly httpTls?: ThanosHttpTls;
  public readonly endpoints: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ThanosQueryFrontendProps) {
    super(scope, id);
    const base = thanosBase(this, props, 'ThanosQueryFrontend', 'query-frontend');
    const { context, name, namespace } = base;
    const replicas = checkReplicas(props.replicas ?? DEFAULT_QUERY_FRONTEND_REPLICAS, context, 'replicas');
    const resources = resolveResources(
      props.resources ?? DEFAULT_QUERY_FRONTEND_RESOURCES,
      context,
      'resources',
    );
    const splitInterval = checkGoDuration(
      props.splitInterval ?? DEFAULT_SPLIT_INTERVAL,
      context,
      'splitInterval',
    );
    const maxRetries = checkReplicas(props.maxRetries ?? DEFAULT_MAX_RETRIES, context, 'maxRetries', 0);
    const cache = props.cache ?? DEFAULT_RESPONSE_CACHE;
    const cacheConfig = buildResponseCacheConfig(cache, context, 'cache');
    this.cacheConfigMap = new k8s.KubeConfigMap(this, 'cache', {
      metadata: { name: `${name}-cache`, namespace, labels: base.labels },
      data: { 'response-cache.yaml': cacheConfig },
    });
    checkHttpClient(
      requireProp(props.query, context, 'query', 'pass the ThanosQuery it fronts'),
      context,
      'query',
    );
    const https = httpTlsServer(this, { name, namespace, labels: base.labels }, props.httpTls);
    // The downstream tripper verifies an HTTPS querier with its CA (thanos-io/thanos@v0.42.4
    // pkg/queryfrontend/config.go `DownstreamTripperConfig.TLSConfig`, yaml `tls_config`, pkg/exthttp/tlsconfig.go
    // `ca_file`; read in cmd/thanos/query_frontend.go).
    const downstreamTls = props.query.httpTls;
    const args = thanosArgs(
      base,
      'query-frontend',
      {
        'query-frontend.downstream-url': props.query.httpUrl,
        'query-frontend.downstream-tripper-config': downstreamTls
          ? stringify({ tls_config: { ca_file: `${HTTP_CLIENT_CA_DIR}/ca.crt` } })
          : undefined,
        ...https?.flags,
        'query-range.split-interval': splitInterval,
        'query-range.max-retries-per-request': maxRetries,
        'query-range.response-cache-config-file': RESPONSE_CACHE_FILE,
        // Label and series requests are cached too when the cache is shared: in memory, a second cache of the same
        // size would double the pod's cache memory (thanos-io/thanos@v0.42.4 cmd/thanos/query_frontend.go
        // `labels.response-cache-config`, `labels.split-interval` default 24h, `labels.max-retries-per-request`).
        ...(cache.kind === 'memcached'
          ? {
              'labels.response-cache-config-file': RESPONSE_CACHE_FILE,
              'labels.split-interval': splitInterval,
              'labels.max-retries-per-request': maxRetries,
            }
          : {}),
      },
      props,
      { grpc: false },
    );
    const ports = thanosPorts(false);
    this.deployment = createWorkload(this, 'deployment', {
      kind: 'Deployment',
      placement: base.placement,
      name,
      namespace,
      labels: base.labels,
      selector: base.selector,
      replicas,
      containerName: 'thanos-query-frontend',
      image: base.image,
      args,
      ports,
      resources,
      probes: withScheme(thanosProbes(), props.httpTls),
      volumes: [
        {
          volume: { name: 'cache', configMap: { name: this.cacheConfigMap.name } },
          mountPath: `${THANOS_PATHS.config}/cache`,
          readOnly: true,
        },
        ...(https?.volumes ?? []),
        ...(downstreamTls ? [httpClientCaVolume(downstreamTls)] : []),
      ],
      configHash: configHash(cacheConfig, ...(https ? [https.config] : [])),
      externalReferences: [
        ...new Set([...(https?.secrets ?? []), ...(downstreamTls ? [httpCaSecret(downstreamTls)] : [])]),
      ].map((s) => ({ kind: 'Secret' as const, name: s })),
    }).apiObject as k8s.KubeDeployment;
    this.service = createService(this, 'service', {
      name,
      namespace,
      labels: base.labels,
      selector: base.selector,
      ports,
    });
    this.httpUrl = thanosHttpUrl(name, namespace, base.clusterDomain, props.httpTls !== undefined);
    this.httpTls = props.httpTls;
    this.endpoints = { http: this.httpUrl };
    if (props.networkPolicy?.enabled ?? true) {
      networkPolicy(this, 'network-policy', {
        name,
        namespace,
        labels: base.labels,
        podSelector: base.selector,
        ingress: [
          {
            peers: props.networkPolicy?.clients ?? [GRAFANA_PEER, ...defaultMetricsScrapers()],
            ports: HTTP_POLICY_PORTS,
          },
        ],
        egress: uniqueRules([
          urlEgress(props.query.httpUrl),
          ...(cache.kind === 'memcached' ? memcachedEgress(cache) : []),
        ]),
      });
    }
    thanosServiceMonitor(this, base, props.monitoring, base.selector, props.httpTls);
  }
}
