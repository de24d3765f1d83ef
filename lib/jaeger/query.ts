import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  ObservabilityConstructError,
  ResourceSpec,
  defaultMetricsScrapers,
  contextOf,
  HttpExposure,
  requireProp,
} from '../core';
import { CONFIG_DIR, PORT_NAMES, buildQueryConfig, policyPorts } from './config';
import { JaegerConfig } from './config/types';
import { JaegerComponentProps, JaegerRole, deployJaegerRole, jaegerPolicy, resolveComponent } from './role';
import { ScalingProps, resolveScaling } from './scaling';
import { JaegerSearchStorage } from './storage/search-storage';
import {
  JAEGER_QUERY_TLS_DIR,
  JaegerQueryTls,
  checkQueryTls,
  queryScheme,
  queryTlsVolumes,
} from './query-tls';
import { exposeJaegerUi } from './ui-exposure';
import { checkBasePath } from './validation';

/** The reference design gives the query 1000m CPU and 2Gi memory. */
export const DEFAULT_JAEGER_QUERY_RESOURCES: ResourceSpec = { cpu: '1', memory: '2Gi' };
/** The reference design's medium profile runs one query. */
export const DEFAULT_JAEGER_QUERY_REPLICAS = 1;
/**
 * The fewest queries a replicated pattern (JaegerDirect, JaegerKafkaBuffered) runs, whatever its profile says:
 * with one, a node drain or a crash takes the UI and API down, and its PodDisruptionBudget cannot allow a drain
 * without an outage. The reference design's medium profile lists one query; the patterns run at least two.
 */
export const MIN_REPLICATED_QUERY_REPLICAS = 2;

const UI_DIR = `${CONFIG_DIR}/ui`;
const UI_FILE = 'config.json';

/** What the UI shows. */
export interface JaegerUiOptions {
  /** The "archive" button; needs archive storage. @default on when the storage has an archive */
  readonly archiveEnabled?: boolean;
  /** The dependencies (service graph) view. @default on when the storage runs the dependencies job */
  readonly dependenciesMenu?: boolean;
}

export interface JaegerQueryProps extends JaegerComponentProps, ScalingProps {
  readonly storage: JaegerSearchStorage;
  /** UI base path, e.g. `/jaeger`. @default `/` */
  readonly basePath?: string;
  readonly ui?: JaegerUiOptions;
  /**
   * Peers allowed to use the UI and API (your ingress controller's namespace, say); the API has no login.
   * @default JAEGER_QUERY_DEFAULT_USERS (Grafana in the namespace; `kubectl port-forward` works regardless)
   */
  readonly users?: readonly k8s.NetworkPolicyPeer[];
  /**
   * Expose the UI outside the cluster through an Ingress or a Gateway API HTTPRoute, with TLS; the UI has no login,
   * so `access` must say who authenticates users. @default not exposed
   */
  readonly exposure?: HttpExposure;
  /**
   * Serve the UI/HTTP API and the gRPC API over TLS with a certificate from a Secret: `queryUrl` becomes
   * `https://…`. Cannot be combined with `exposure` (its backend would be called in plain text).
   * @default plain text inside the cluster
   */
  readonly tls?: JaegerQueryTls;
}

/** The designed clients of Jaeger's query API in its namespace: Grafana's Jaeger data source. */
export const JAEGER_QUERY_DEFAULT_USERS: readonly k8s.NetworkPolicyPeer[] = [
  { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } } },
];

/** The read side of Jaeger v2: the UI and the query API over the storage, scaled apart from the collectors. */
export class JaegerQuery extends Construct implements IEndpointSource {
  public readonly config: JaegerConfig;
  public readonly role: JaegerRole;
  /** The UI and HTTP API, with the base path. */
  public readonly queryUrl: string;
  /** The gRPC query API (`api_v2`/`api_v3`), e.g. for Grafana's Jaeger data source over gRPC. */
  public readonly grpcEndpoint: string;
  public readonly endpoints: Readonly<Record<string, string>>;
  /** The UI's URL outside the cluster, when `exposure` is set. */
  public readonly externalUrl?: string;

  constructor(scope: Construct, id: string, props: JaegerQueryProps) {
    super(scope, id);
    const context = contextOf(this, 'JaegerQuery');
    const component = resolveComponent(this, props, 'query', DEFAULT_JAEGER_QUERY_RESOURCES, context);
    const scaling = resolveScaling(props, DEFAULT_JAEGER_QUERY_REPLICAS, context);
    const basePath = checkBasePath(props.basePath ?? '', context);
    const storage = requireProp(
      props.storage,
      context,
      'storage',
      'pass the JaegerSearchStorage the collectors write to',
    );
    const hasArchive = storage.archiveBackend !== undefined;
    const archiveEnabled = props.ui?.archiveEnabled ?? hasArchive;
    if (archiveEnabled !== hasArchive) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'ui.archiveEnabled',
        problem: hasArchive
          ? 'is false although the storage keeps an archive: archived traces could not be reached from the UI'
          : 'is true but the storage keeps no archive: the UI would offer a button that fails',
        value: archiveEnabled,
        fix: hasArchive
          ? 'leave ui.archiveEnabled unset, or drop archive from the storage'
          : 'set archive: true on the storage',
      });
    }
    const ui = {
      archiveEnabled,
      dependencies: { menuEnabled: props.ui?.dependenciesMenu ?? storage.dependenciesJob !== undefined },
    };
    const tls = checkQueryTls(props.tls, props.exposure, context);
    const uiJson = `${JSON.stringify(ui, null, 2)}\n`;
    this.config = buildQueryConfig({
      backend: storage.readerBackend,
      archiveBackend: storage.archiveBackend,
      basePath,
      uiConfigFile: `${UI_DIR}/${UI_FILE}`,
      logLevel: component.logLevel,
      tlsDir: tls ? JAEGER_QUERY_TLS_DIR : undefined,
    });
    this.role = deployJaegerRole(this, {
      ...component,
      config: this.config,
      replicas: scaling.replicas,
      autoscaling: scaling.autoscaling,
      // The UI config is read at start: a change rolls the pods.
      sideFiles: [
        {
          id: 'ui',
          name: `${component.name}-ui`,
          data: { [UI_FILE]: uiJson },
          mountPath: UI_DIR,
          rollsPods: true,
        },
      ],
      volumes: [...storage.readerPlumbing.volumes, ...queryTlsVolumes(tls)],
      env: storage.readerPlumbing.env,
      externalSecrets: [...storage.readerPlumbing.secrets, ...(tls ? [tls.secretName] : [])],
      networkPolicy: jaegerPolicy(
        props,
        [
          {
            peers: props.users ?? JAEGER_QUERY_DEFAULT_USERS,
            ports: policyPorts(this.config, 'queryHttp', 'queryGrpc'),
          },
          {
            peers: props.metricsScrapers ?? defaultMetricsScrapers(),
            ports: policyPorts(this.config, 'metrics'),
          },
        ],
        storage.egressRules,
      ),
      monitoring: props.monitoring,
    });
    this.queryUrl = `${queryScheme(this.role.url(PORT_NAMES.queryHttp), tls)}${basePath}`;
    this.grpcEndpoint = this.role.url(PORT_NAMES.queryGrpc);
    this.endpoints = { query: this.queryUrl, queryGrpc: this.grpcEndpoint };
    this.externalUrl = exposeJaegerUi(this, props.exposure, {
      role: this.role,
      component,
      basePath,
      context,
    });
  }
}
