import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorContext,
  IMAGES,
  MonitoringOptions,
  NamedPort,
  Placement,
  checkPlacement,
  PolicyPort,
  PolicyRule,
  ResourceSpec,
  contextOf,
  healthProbes,
  imageVersion,
  resolveName,
  resolveNamespace,
  selectorLabels,
  serviceMonitor,
  standardLabels,
  requireWholeNumber,
  serviceDnsName,
  DEFAULT_CLUSTER_DOMAIN,
  resolveClusterDomain,
} from '../core';
import { QueryEndpoint } from './config/endpoints';
import {
  THANOS_HEALTH_PATH,
  THANOS_PORTS,
  THANOS_PORT_NAMES,
  THANOS_READY_PATH,
  listenAll,
} from './config/ports';
import { FlagValues, ThanosSubcommand, buildThanosArgs } from './flags';
import { ThanosHttpTls, httpCaSecret } from './http-tls';

/**
 * Whether the block viewer's admin operations (marking blocks for deletion or no-compaction, a form POST on
 * `/api/v1/blocks/mark`) are on unless a component's `adminOperations` says otherwise: off. Thanos's own default is on
 * (`--disable-admin-operations` defaults to false in thanos-io/thanos@v0.42.4 cmd/thanos/compact.go and
 * cmd/thanos/store.go; the check is in pkg/api/blocks/v1.go `markBlock`).
 */
export const DEFAULT_ADMIN_OPERATIONS = false;

/**
 * The flags that close the block viewer's write side unless `adminOperations` opens it, and stop Thanos from
 * answering every origin's cross-site requests (`--web.disable-cors`: by default Thanos sets CORS headers that allow
 * any origin, thanos-io/thanos@v0.42.4 pkg/api/api.go `SetCORS`).
 */
export function adminOperationFlags(
  adminOperations: boolean | undefined,
): Record<string, boolean | undefined> {
  const enabled = adminOperations ?? DEFAULT_ADMIN_OPERATIONS;
  return { 'disable-admin-operations': enabled ? undefined : true, 'web.disable-cors': true };
}

/** Log level of every Thanos component unless the user sets one. */
export const DEFAULT_THANOS_LOG_LEVEL = 'info';

/** Props every Thanos component takes. */
export interface ThanosComponentProps {
  /** Base name of every object. @default the construct id as a DNS label */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /** @default IMAGES.thanos */
  readonly image?: string;
  /** @default DEFAULT_THANOS_LOG_LEVEL */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** @default the component's own default resources */
  readonly resources?: ResourceSpec;
  /** @default no ServiceMonitor */
  readonly monitoring?: MonitoringOptions;
  /**
   * More flags of the component's subcommand, one key at a time, without `--` (`{ 'query.timeout': '2m' }`).
   * Checked against the Thanos v0.42.4 flag table like the construct's own; a flag the construct sets is an error.
   * @default none
   */
  readonly extraFlags?: FlagValues;
  /** The cluster's DNS domain, in every in-cluster address the component publishes. @default DEFAULT_CLUSTER_DOMAIN */
  readonly clusterDomain?: string;
  /** Node selection, tolerations, priority, pull secrets, pod labels and a mirror registry. @default none */
  readonly placement?: Placement;
}

/**
 * A component that serves the StoreAPI: a querier lists its endpoints and deduplicates on its replica labels.
 * Store shards, sidecars, rulers, receivers and queriers (for a querier above them) implement it.
 */
export interface IStoreApi {
  /** One endpoint per independently addressed part (one per store shard). */
  readonly storeEndpoints: readonly QueryEndpoint[];
  /** External labels that tell HA replicas of the same data apart; a querier must deduplicate on them. */
  readonly replicaLabels: readonly string[];
}

/** Names, labels and the error context every Thanos component resolves first. */
export interface ThanosBase {
  readonly context: ErrorContext;
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly logLevel: string;
  readonly clusterDomain: string;
  readonly placement?: Placement;
}

/** Resolves name, namespace, image and labels of a Thanos component. */
export function thanosBase(
  scope: Construct,
  props: ThanosComponentProps,
  constructType: string,
  component: string,
): ThanosBase {
  const context = contextOf(scope, constructType);
  const name = resolveName(scope, props.name, context);
  const namespace = resolveNamespace(scope, props.namespace, context);
  const image = props.image ?? IMAGES.thanos;
  const info = { name: 'thanos', instance: name, component, version: imageVersion(image) };
  return {
    context,
    name,
    namespace,
    image,
    labels: standardLabels(info),
    selector: selectorLabels(info),
    logLevel: props.logLevel ?? DEFAULT_THANOS_LOG_LEVEL,
    clusterDomain: resolveClusterDomain(props.clusterDomain, context),
    placement: checkPlacement(props.placement, context),
  };
}

/** The labels of a component's pods narrowed to one part (a store shard, the receive router). */
export function partLabels(
  base: ThanosBase,
  part: string,
): { labels: Record<string, string>; selector: Record<string, string> } {
  return {
    labels: { ...base.labels, 'observability-constructs.io/part': part },
    selector: { ...base.selector, 'observability-constructs.io/part': part },
  };
}

/** The argv of a component: log level and listen addresses, then its own flags, then the user's. */
export function thanosArgs(
  base: ThanosBase,
  subcommand: ThanosSubcommand,
  flags: FlagValues,
  props: ThanosComponentProps,
  options: { readonly grpc: boolean },
): string[] {
  return buildThanosArgs(
    {
      subcommand,
      flags: {
        'log.level': base.logLevel,
        'log.format': 'logfmt',
        // The Go runtime collects garbage before the container's memory limit, instead of being OOM-killed at it.
        'enable-auto-gomemlimit': true,
        'http-address': listenAll(THANOS_PORTS.http),
        ...(options.grpc ? { 'grpc-address': listenAll(THANOS_PORTS.grpc) } : {}),
        ...flags,
      },
      extraFlags: props.extraFlags,
    },
    base.context,
  );
}

/** Container ports: HTTP always, gRPC when the component serves the StoreAPI. */
export function thanosPorts(grpc: boolean): NamedPort[] {
  return [
    ...(grpc ? [{ name: THANOS_PORT_NAMES.grpc, port: THANOS_PORTS.grpc }] : []),
    { name: THANOS_PORT_NAMES.http, port: THANOS_PORTS.http },
  ];
}

/** Liveness on `/-/healthy`, readiness on `/-/ready`, with up to `startupSeconds` to come up. */
export function thanosProbes(startupSeconds = 300): ReturnType<typeof healthProbes> {
  return healthProbes(THANOS_PORT_NAMES.http, THANOS_HEALTH_PATH, THANOS_READY_PATH, startupSeconds);
}

/**
 * `app.kubernetes.io/name: thanos` pods of one component in the policy's own namespace. Not "in any namespace":
 * any pod in any namespace could carry those labels and pass. Clients in other namespaces are named in the
 * components' `networkPolicy` props.
 */
export function thanosComponentPeer(component: string): k8s.NetworkPolicyPeer {
  return {
    podSelector: {
      matchLabels: { 'app.kubernetes.io/name': 'thanos', 'app.kubernetes.io/component': component },
    },
  };
}

/** The peers the StoreAPI of a component admits: Thanos queriers in its namespace. */
export const STORE_API_CLIENTS: readonly k8s.NetworkPolicyPeer[] = [thanosComponentPeer('query')];

/** Grafana's pods in the policy's own namespace. */
export const GRAFANA_PEER: k8s.NetworkPolicyPeer = {
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
};

/** The peers a querier's HTTP API admits unless told otherwise: query-frontends, rulers and Grafana beside it. */
export const QUERY_HTTP_CLIENTS: readonly k8s.NetworkPolicyPeer[] = [
  thanosComponentPeer('query-frontend'),
  thanosComponentPeer('rule'),
  GRAFANA_PEER,
];

/** The egress of a component that calls queriers' StoreAPI in its namespace (a querier over stores, say). */
export function grpcEgressTo(components: readonly string[]): PolicyRule {
  return { peers: components.map(thanosComponentPeer), ports: [{ port: THANOS_PORTS.grpc }] };
}

/** The egress of a component that calls the HTTP API of Thanos components in its namespace. */
export function httpEgressTo(components: readonly string[]): PolicyRule {
  return { peers: components.map(thanosComponentPeer), ports: [{ port: THANOS_PORTS.http }] };
}

/** Only the StoreAPI port. */
export const GRPC_POLICY_PORTS: readonly PolicyPort[] = [{ port: THANOS_PORTS.grpc }];
/** Only the HTTP port. */
export const HTTP_POLICY_PORTS: readonly PolicyPort[] = [{ port: THANOS_PORTS.http }];

/** A ServiceMonitor on the component's HTTP port when asked for. */
export function thanosServiceMonitor(
  scope: Construct,
  base: ThanosBase,
  monitoring: MonitoringOptions | undefined,
  selector: Record<string, string> = base.selector,
  httpTls?: ThanosHttpTls,
): void {
  if (!monitoring?.serviceMonitor) return;
  serviceMonitor(scope, 'service-monitor', {
    name: base.name,
    namespace: base.namespace,
    labels: base.labels,
    serviceSelector: selector,
    portName: THANOS_PORT_NAMES.http,
    monitoring,
    // Prometheus scrapes pod addresses: it verifies the certificate against the CA and the Service's host name.
    tls: httpTls && {
      caSecret: { name: httpCaSecret(httpTls), key: 'ca.crt' },
      serverName: serviceDnsName(base.name, base.namespace, base.clusterDomain),
    },
  });
}

/** Checks a replica count. */
export function checkReplicas(value: number, context: ErrorContext, prop: string, min = 1): number {
  return requireWholeNumber(
    value,
    min,
    context,
    prop,
    `set ${prop} to ${Math.max(min, 2)} or more for high availability`,
  );
}

/** `name: "value"` label flags as Thanos parses them (`--label=name="value"`). */
export function labelFlags(labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
}

/** The env var holding the pod's name, for `$(POD_NAME)` in args. */
export const POD_NAME_ENV: k8s.EnvVar = {
  name: 'POD_NAME',
  valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
};

/**
 * The in-cluster HTTP URL of the Thanos component whose Service is `name` in `namespace`. Known before the component
 * exists, so a ruler that a querier also reads from can be built first and pointed at that querier.
 */
export function thanosHttpUrl(
  name: string,
  namespace: string,
  clusterDomain: string = DEFAULT_CLUSTER_DOMAIN,
  https = false,
): string {
  return `${https ? 'https' : 'http'}://${serviceDnsName(name, namespace, clusterDomain)}:${THANOS_PORTS.http}`;
}
