import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringifyYaml as stringify } from '../core/manifest-yaml';
import {
  ContainerSpec,
  ErrorContext,
  IMAGES,
  MonitoringOptions,
  Placement,
  checkPlacement,
  NamedPort,
  ResourceSpec,
  imageVersion,
  resolveName,
  resolveNamespace,
  resolveResources,
  selectorLabels,
  standardLabels,
  PolicyRule,
  LINK_LOCAL_CIDR,
  uniqueRules,
  Resources,
  VolumeMountSpec,
  configHash,
  cpuAutoscaler,
  createService,
  createWorkload,
  healthProbes,
  networkPolicy,
  serviceDnsName,
  serviceMonitor,
} from '../core';
import {
  CONFIG_DIR,
  CONFIG_FILE,
  JAEGER_UID,
  PORT_NAMES,
  SAMPLING_DIR,
  SAMPLING_FILE,
  SamplingStrategies,
  containerPorts,
  healthEndpoint,
  renderSamplingStrategies,
} from './config';
import { JaegerConfig } from './config/types';

/** Jaeger logs at info unless told otherwise. */
export const DEFAULT_JAEGER_LOG_LEVEL = 'info';

/** Props every Jaeger component (all-in-one, collector, query, ingester) takes. */
export interface JaegerComponentProps {
  /** Base name of every object. @default the construct id as a DNS label */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /** @default the resources the reference design gives the component */
  readonly resources?: ResourceSpec;
  /** @default DEFAULT_JAEGER_LOG_LEVEL */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** @default IMAGES.jaeger */
  readonly image?: string;
  /** Peers allowed to scrape metrics. @default defaultMetricsScrapers() (Prometheus pods of the namespace) */
  readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
  /**
   * Let the pods reach the link-local range 169.254.0.0/16 (the cloud's instance metadata service, and the node's
   * credentials behind it). Every other egress rule excludes it. @default false
   */
  readonly allowMetadataService?: boolean;
  /** More places the pods may connect to, e.g. brokers an external Kafka advertises on other ports. @default none */
  readonly extraEgress?: readonly PolicyRule[];
  /** NetworkPolicies for the component's data paths. @default true */
  readonly networkPolicy?: boolean;
  /** @default no ServiceMonitor */
  readonly monitoring?: MonitoringOptions;
  /** Node selection, tolerations, priority, pull secrets, pod labels and a mirror registry. @default none */
  readonly placement?: Placement;
}

/** {@link JaegerComponentProps} resolved: names, labels, image and resources. */
export interface ResolvedComponent {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly resources: Resources;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly placement?: Placement;
}

/** Resolves the props every component shares, once, the same way for every role. */
export function resolveComponent(
  scope: Construct,
  props: JaegerComponentProps,
  component: string,
  defaultResources: ResourceSpec,
  context: ErrorContext,
): ResolvedComponent {
  const name = resolveName(scope, props.name, context);
  const namespace = resolveNamespace(scope, props.namespace, context);
  const image = props.image ?? IMAGES.jaeger;
  const info = { name: 'jaeger', instance: name, component, version: imageVersion(image) };
  return {
    name,
    namespace,
    image,
    labels: standardLabels(info),
    selector: selectorLabels(info),
    resources: resolveResources(props.resources ?? defaultResources, context, 'resources'),
    logLevel: props.logLevel ?? DEFAULT_JAEGER_LOG_LEVEL,
    placement: checkPlacement(props.placement, context),
  };
}

/** A ConfigMap mounted next to the config file (sampling strategies, UI config). */
export interface JaegerSideFile {
  readonly id: string;
  readonly name: string;
  readonly data: Record<string, string>;
  readonly mountPath: string;
  /** Whether a change must roll the pods (false when Jaeger re-reads the file itself). */
  readonly rollsPods: boolean;
}

/**
 * The sampling strategies ConfigMap of a role that serves remote sampling. Jaeger re-reads the file every
 * `reload_interval`, so a change needs no restart and does not roll the pods.
 */
export function samplingSideFile(name: string, strategies: SamplingStrategies): JaegerSideFile {
  return {
    id: 'sampling',
    name: `${name}-sampling`,
    data: { [SAMPLING_FILE]: renderSamplingStrategies(strategies) },
    mountPath: SAMPLING_DIR,
    rollsPods: false,
  };
}

/**
 * The `networkPolicy` option of {@link deployJaegerRole} for a component: undefined when its `networkPolicy` prop is
 * false, else the ingress rules and the egress to the designed peers plus the component's `extraEgress`.
 */
export function jaegerPolicy(
  props: JaegerComponentProps,
  ingress: readonly PolicyRule[],
  egress: readonly PolicyRule[],
): JaegerRoleOptions['networkPolicy'] {
  if (!(props.networkPolicy ?? true)) return undefined;
  return {
    ingress,
    egress: [...egress, ...(props.extraEgress ?? [])],
    allowMetadataService: props.allowMetadataService ?? false,
  };
}

/** Options of {@link deployJaegerRole}. */
export interface JaegerRoleOptions {
  /** Containers that must finish before Jaeger starts (the wait for the write aliases). @default none */
  readonly initContainers?: readonly ContainerSpec[];
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly image: string;
  readonly config: JaegerConfig;
  readonly replicas: number;
  /** CPU autoscaling between `replicas` and `maxReplicas`. */
  readonly autoscaling?: { readonly maxReplicas: number; readonly cpuUtilization: number };
  /** Replicas are owned by an external autoscaler (KEDA): leave them out of the spec. */
  readonly externallyScaledMax?: number;
  readonly resources: Resources;
  readonly sideFiles?: readonly JaegerSideFile[];
  readonly volumes?: readonly VolumeMountSpec[];
  readonly env?: readonly k8s.EnvVar[];
  /** Secrets the pods reference that this library does not create. */
  readonly externalSecrets?: readonly string[];
  readonly strategy?: 'Recreate' | 'RollingUpdate';
  /** Ports the Service exposes, by port name. @default every port but health */
  readonly servicePortNames?: readonly string[];
  readonly networkPolicy?: {
    readonly ingress: readonly PolicyRule[];
    /** Where the pods may connect besides DNS (none: DNS only). Link-local addresses are never among them. */
    readonly egress: readonly PolicyRule[];
    /** Add a rule to the link-local range (the metadata service). @default false */
    readonly allowMetadataService?: boolean;
  };
  readonly monitoring?: MonitoringOptions;
  /** The user's placement of the pods. @default none */
  readonly placement?: Placement;
}

/** Share of the container's memory limit the Go runtime targets (`GOMEMLIMIT`), leaving room for non-heap memory. */
export const GO_MEMORY_LIMIT_FRACTION = 0.9;

/** `GOMEMLIMIT` below the container's memory limit: the runtime collects garbage harder instead of being OOM-killed. */
function goMemLimit(resources: Resources): k8s.EnvVar {
  return {
    name: 'GOMEMLIMIT',
    value: `${Math.floor(resources.limits.memory.mebibytes * GO_MEMORY_LIMIT_FRACTION)}MiB`,
  };
}

/** What {@link deployJaegerRole} made. */
export interface JaegerRole {
  readonly configMap: k8s.KubeConfigMap;
  readonly sideConfigMaps: Readonly<Record<string, k8s.KubeConfigMap>>;
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  readonly ports: readonly NamedPort[];
  /** `http://<service DNS>:<port>` of a named port. */
  url(portName: string): string;
}

/**
 * One Jaeger process in a role (all-in-one, collector, query, ingester): the config rendered into a ConfigMap,
 * the Deployment whose container ports and probes are read from that same config, a Service, and optionally an
 * autoscaler, a NetworkPolicy and a ServiceMonitor.
 */
export function deployJaegerRole(scope: Construct, options: JaegerRoleOptions): JaegerRole {
  const { name, namespace, labels, selector } = options;
  const configYaml = stringify(options.config, { lineWidth: 0 });
  const configMap = new k8s.KubeConfigMap(scope, 'config', {
    metadata: { name: `${name}-config`, namespace, labels },
    data: { [CONFIG_FILE]: configYaml },
  });
  const sideConfigMaps: Record<string, k8s.KubeConfigMap> = {};
  const volumes: VolumeMountSpec[] = [
    {
      volume: { name: 'config', configMap: { name: configMap.name } },
      mountPath: `${CONFIG_DIR}/${CONFIG_FILE}`,
      subPath: CONFIG_FILE,
      readOnly: true,
    },
  ];
  const hashed: unknown[] = [configYaml];
  for (const file of options.sideFiles ?? []) {
    const cm = new k8s.KubeConfigMap(scope, file.id, {
      metadata: { name: file.name, namespace, labels },
      data: { ...file.data },
    });
    sideConfigMaps[file.id] = cm;
    volumes.push({
      volume: { name: file.id, configMap: { name: cm.name } },
      mountPath: file.mountPath,
      readOnly: true,
    });
    if (file.rollsPods) hashed.push(file.data);
  }
  volumes.push(...(options.volumes ?? []));

  const ports = containerPorts(options.config);
  const health = healthEndpoint(options.config);
  const maxReplicas = options.autoscaling?.maxReplicas ?? options.externallyScaledMax;
  const workload = createWorkload(scope, 'deployment', {
    kind: 'Deployment',
    name,
    namespace,
    labels,
    selector,
    replicas: options.replicas,
    autoscaledMaxReplicas: maxReplicas,
    containerName: 'jaeger',
    image: options.image,
    args: [`--config=${CONFIG_DIR}/${CONFIG_FILE}`],
    env: [goMemLimit(options.resources), ...(options.env ?? [])],
    ports,
    resources: options.resources,
    probes: healthProbes(health.portName, health.path),
    volumes,
    configHash: configHash(...hashed),
    runAsUser: JAEGER_UID,
    strategy: options.strategy,
    externalReferences: (options.externalSecrets ?? []).map((n) => ({ kind: 'Secret' as const, name: n })),
    initContainers: options.initContainers?.length ? options.initContainers : undefined,
    placement: options.placement,
  });
  const deployment = workload.apiObject as k8s.KubeDeployment;
  const servicePorts = ports.filter((p) =>
    options.servicePortNames ? options.servicePortNames.includes(p.name) : p.name !== PORT_NAMES.health,
  );
  const service = createService(scope, 'service', { name, namespace, labels, selector, ports: servicePorts });
  const autoscaler = options.autoscaling
    ? cpuAutoscaler(scope, 'autoscaler', {
        name,
        namespace,
        labels,
        target: { kind: 'Deployment', name },
        minReplicas: options.replicas,
        maxReplicas: options.autoscaling.maxReplicas,
        cpuUtilization: options.autoscaling.cpuUtilization,
      })
    : undefined;
  if (options.networkPolicy) {
    const metadata: PolicyRule[] = options.networkPolicy.allowMetadataService
      ? [{ peers: [{ ipBlock: { cidr: LINK_LOCAL_CIDR } }], ports: [] }]
      : [];
    networkPolicy(scope, 'network-policy', {
      name,
      namespace,
      labels,
      podSelector: selector,
      ingress: options.networkPolicy.ingress,
      egress: uniqueRules([...options.networkPolicy.egress, ...metadata]),
    });
  }
  if (options.monitoring?.serviceMonitor) {
    serviceMonitor(scope, 'service-monitor', {
      name,
      namespace,
      labels,
      serviceSelector: selector,
      portName: PORT_NAMES.metrics,
      monitoring: options.monitoring,
    });
  }
  const host = serviceDnsName(name, namespace);
  return {
    configMap,
    sideConfigMaps,
    deployment,
    service,
    autoscaler,
    ports,
    url: (portName: string) => `http://${host}:${ports.find((p) => p.name === portName)?.port}`,
  };
}
