import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  MonitoringOptions,
  ObservabilityConstructError,
  contextOf,
  resolveName,
  resolveNamespace,
  IMAGES,
  imageVersion,
  standardLabels,
  PatternPlacement,
  Placement,
  checkPatternPlacement,
  mergePlacement,
  rolePlacement,
} from '../core';
import { JaegerAlertTargets, jaegerPrometheusRule } from './alerts';
import { jaegerPipelineDashboard } from './dashboard';
import {
  DEFAULT_SIDECAR_DATASOURCE_UID,
  Dashboard,
  SidecarDashboardOptions,
  sidecarDashboardConfigMap,
} from '../grafana';
import { JaegerCollector, JaegerCollectorProps } from './collector';
import { JaegerQuery, JaegerQueryProps, MIN_REPLICATED_QUERY_REPLICAS } from './query';
import { JaegerProfile, JaegerProfileName, jaegerProfile } from './sizing';
import { JaegerSearchStorage, JaegerSearchStorageProps } from './storage/search-storage';

/** JaegerDirect sizes its roles by the reference design's medium profile unless told otherwise. */
export const DEFAULT_DIRECT_PROFILE = 'medium';

/** What the shared pattern helpers need. */
interface PatternParts {
  readonly name: string;
  readonly namespace: string;
  readonly props: JaegerPatternProps;
}

/** The query role of a pattern: the profile's size, the user's overrides, the pattern's storage. */
export function patternQuery(
  scope: Construct,
  parts: PatternParts & { readonly profile: JaegerProfile; readonly storage: JaegerSearchStorage },
): JaegerQuery {
  return new JaegerQuery(scope, 'query', {
    replicas: Math.max(parts.profile.query?.replicas ?? 0, MIN_REPLICATED_QUERY_REPLICAS),
    resources: parts.profile.query?.resources,
    ...parts.props.query,
    name: `${parts.name}-query`,
    namespace: parts.namespace,
    image: parts.props.image,
    storage: parts.storage,
    monitoring: parts.props.monitoring,
    placement: jaegerRolePlacement(parts.props, 'query'),
  });
}

/** The monitoring options of the Jaeger patterns. */
export type JaegerPatternMonitoring = MonitoringOptions & {
  /** With `serviceMonitor`, a PrometheusRule with the Jaeger alerts. @default true */
  readonly alerts?: boolean;
  /**
   * With `serviceMonitor`, a ConfigMap with the pipeline dashboard labelled for a Grafana dashboard sidecar (the
   * patterns run no Grafana). A Grafana of this library takes the pattern's `dashboard()` instead. @default enabled
   */
  readonly dashboards?: SidecarDashboardOptions;
};

/**
 * The PrometheusRule and the dashboard ConfigMap of a pattern, when its monitoring asks for ServiceMonitors and does
 * not turn them off. Returns the roles the alerts and the dashboard watch.
 */
export function patternAlerts(
  scope: Construct,
  parts: PatternParts,
  roles: Omit<JaegerAlertTargets, 'namespace'>,
): JaegerAlertTargets {
  const targets = { namespace: parts.namespace, ...roles };
  const monitoring = parts.props.monitoring;
  if (!monitoring?.serviceMonitor) return targets;
  const image = parts.props.image ?? IMAGES.jaeger;
  if (monitoring.alerts ?? true) {
    jaegerPrometheusRule(scope, 'alerts', { name: parts.name, image, labels: monitoring.labels, targets });
  }
  const sidecar = monitoring.dashboards ?? {};
  if (sidecar.enabled ?? true) {
    sidecarDashboardConfigMap(scope, 'dashboard', {
      name: `${parts.name}-dashboard`,
      namespace: parts.namespace,
      labels: standardLabels({
        name: 'jaeger',
        instance: parts.name,
        component: 'dashboards',
        version: imageVersion(image),
      }),
      sidecar,
      context: contextOf(scope, scope.constructor.name),
      prop: 'monitoring.dashboards',
      dashboards: [
        jaegerPipelineDashboard({
          name: parts.name,
          targets,
          datasourceUid: sidecar.datasourceUid ?? DEFAULT_SIDECAR_DATASOURCE_UID,
        }),
      ],
    });
  }
  return targets;
}

/** Traces per second each profile name stands for when the user names a profile instead of a rate. */
export const PROFILE_RATES: Record<Exclude<JaegerProfileName, 'small'>, number> = {
  medium: 5_000,
  large: 10_000,
};

type RoleOverrides<T> = Omit<T, 'name' | 'namespace' | 'storage' | 'kafka' | 'image' | 'monitoring'>;

/** Options shared by the multi-replica patterns. */
export interface JaegerPatternProps {
  /** Base name: objects are `<name>-collector`, `<name>-query`, … @default the construct id */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /** Storage on Elasticsearch/OpenSearch: connection, index prefix, shards, replicas, lifecycle, archive. */
  readonly storage: Omit<JaegerSearchStorageProps, 'name' | 'namespace'>;
  /** @default IMAGES.jaeger */
  readonly image?: string;
  readonly collector?: RoleOverrides<JaegerCollectorProps>;
  readonly query?: RoleOverrides<JaegerQueryProps>;
  /**
   * ServiceMonitors for every role and a PrometheusRule with Jaeger's alerts. Only where the prometheus-operator
   * is installed. @default none
   */
  readonly monitoring?: JaegerPatternMonitoring;
  /** Allow index replicas 0 in the large profile (a lost node then loses spans). @default false */
  readonly allowUnreplicatedIndices?: boolean;
  /**
   * Where the pods of every role run, shared, with per-role overrides under `roles` (a role's own
   * `collector.placement` etc. overrides both). @default none
   */
  readonly placement?: PatternPlacement<JaegerPatternRole>;
}

/** The roles of the Jaeger patterns, for per-role placement (`jobs`: the storage's index and dependencies jobs). */
export const JAEGER_PATTERN_ROLES = ['collector', 'query', 'ingester', 'jobs'] as const;

/** A role of {@link JAEGER_PATTERN_ROLES}. */
export type JaegerPatternRole = (typeof JAEGER_PATTERN_ROLES)[number];

/** A role's placement: the pattern's shared fields, its `roles` entry, then the role props' own `placement`. */
export function jaegerRolePlacement(
  props: JaegerPatternProps,
  role: JaegerPatternRole,
): Placement | undefined {
  const own =
    role === 'jobs'
      ? props.storage?.placement
      : (props as unknown as Record<string, { placement?: Placement } | undefined>)[role]?.placement;
  return mergePlacement(rolePlacement(props.placement, role), own);
}

export interface JaegerDirectProps extends JaegerPatternProps {
  /** The reference design's profile whose replica counts are the defaults. @default 'medium' */
  readonly profile?: Exclude<JaegerProfileName, 'small'>;
}

/** Checks the storage of a multi-replica pattern: shared search storage, replicated indices where required. */
export function checkPatternStorage(
  construct: string,
  path: string,
  props: JaegerPatternProps,
  profile: JaegerProfileName,
): void {
  const context = { construct, path };
  // Runtime checks for JavaScript callers, whom the types do not stop.
  if (!Object.prototype.hasOwnProperty.call(PROFILE_RATES, profile)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'profile',
      problem: `must be ${Object.keys(PROFILE_RATES)
        .map((p) => `'${p}'`)
        .join(' or ')}`,
      value: profile,
      fix: `leave it out for '${construct === 'JaegerDirect' ? 'medium' : 'large'}', or use JaegerAllInOne for the small profile`,
    });
  }
  if (typeof props.storage !== 'object' || props.storage === null) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'storage',
      problem: 'is required: collectors and queries share Elasticsearch/OpenSearch',
      value: props.storage,
      fix: 'give the search storage, e.g. storage: { connection: eck.connection } or { connection: externalSearch({...}) }',
    });
  }
  checkPatternPlacement(props.placement, JAEGER_PATTERN_ROLES, context);
  const kind = (props.storage as unknown as { kind?: string } | undefined)?.kind;
  if (kind === 'memory' || kind === 'badger') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'storage',
      problem: `is ${kind} storage, which lives inside one process and cannot be shared by separate collectors and queries`,
      value: kind,
      fix: 'use JaegerAllInOne for memory or badger storage, or give an Elasticsearch/OpenSearch connection',
    });
  }
  if (profile === 'large' && props.storage.replicas === 0 && !props.allowUnreplicatedIndices) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      prop: 'storage.replicas',
      problem: 'is 0 in the large profile: losing one search node would lose spans',
      value: 0,
      fix: 'keep at least 1 replica (as the reference design does), or set allowUnreplicatedIndices: true to accept the risk',
    });
  }
}

/**
 * The reference design's CQRS-like split: the collector (write side) and the query (read side) of Jaeger v2 as separate
 * Deployments, scaled and resourced independently, on one shared Elasticsearch/OpenSearch storage with its index
 * lifecycle. Medium profile by default: collector 2, query 1.
 */
export class JaegerDirect extends Construct implements IEndpointSource {
  public readonly storage: JaegerSearchStorage;
  public readonly collector: JaegerCollector;
  public readonly query: JaegerQuery;
  public readonly endpoints: Readonly<Record<string, string>>;
  /** The roles the alerts and the dashboard watch. */
  public readonly monitoringTargets: JaegerAlertTargets;
  private readonly patternName: string;

  constructor(scope: Construct, id: string, props: JaegerDirectProps) {
    super(scope, id);
    const context = contextOf(this, 'JaegerDirect');
    const profileName = props.profile ?? DEFAULT_DIRECT_PROFILE;
    checkPatternStorage('JaegerDirect', this.node.path, props, profileName);
    const profile = jaegerProfile(PROFILE_RATES[profileName], context);
    const name = resolveName(this, props.name, context, 40);
    this.patternName = name;
    const namespace = resolveNamespace(this, props.namespace, context);
    const monitoring = props.monitoring;
    this.storage = new JaegerSearchStorage(this, 'storage', {
      ...props.storage,
      name,
      namespace,
      placement: jaegerRolePlacement(props, 'jobs'),
    });
    this.collector = new JaegerCollector(this, 'collector', {
      replicas: profile.collector?.replicas,
      resources: profile.collector?.resources,
      ...props.collector,
      name: `${name}-collector`,
      namespace,
      image: props.image,
      storage: this.storage,
      monitoring,
      placement: jaegerRolePlacement(props, 'collector'),
    });
    this.query = patternQuery(this, { name, namespace, props, profile, storage: this.storage });
    this.monitoringTargets = patternAlerts(
      this,
      { name, namespace, props },
      {
        receivers: [`${name}-collector`],
        storageWriters: [`${name}-collector`],
        kafkaWriters: [],
      },
    );
    this.endpoints = {
      otlpGrpc: this.collector.otlpGrpcEndpoint,
      otlpHttp: this.collector.otlpHttpEndpoint,
      samplingHttp: this.collector.samplingUrl,
      query: this.query.queryUrl,
    };
  }

  /** The pipeline dashboard on the data source `datasourceUid`, for a Grafana's `dashboards`. */
  public dashboard(datasourceUid: string): Dashboard {
    return jaegerPipelineDashboard({
      name: this.patternName,
      targets: this.monitoringTargets,
      datasourceUid,
    });
  }
}
