import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  DEFAULT_METRICS_LOAD,
  MetricsCapacity,
  MetricsLoad,
  MonthlyCost,
  PriceTable,
  RoleCapacity,
  RoleOverride,
  metricsCapacity,
  monthlyCost,
} from '../../capacity';
import {
  DEFAULT_CREATE_NAMESPACE,
  ErrorCode,
  ErrorContext,
  HttpExposure,
  ObservabilityChart,
  ObservabilityConstructError,
  PatternPlacement,
  Placement,
  SecretKeyReference,
  ServiceExposure,
  checkPatternPlacement,
  checkServiceExposure,
  contextOf,
  resolveClusterDomain,
  rolePlacement,
  suggestDnsLabel,
  MANAGED_BY,
  MonitoringOptions,
  DEFAULT_METRICS_SCRAPER_LABELS,
  defaultDenyPolicy,
  prometheusRule,
  isDnsSubdomain,
} from '../../core';
import { Grafana, GrafanaProps } from '../../grafana';
import {
  KubeletTlsVerification,
  PrometheusWithSidecar,
  PrometheusWithSidecarProps,
  RuleGroup,
  ScrapeJob,
  WEB_TLS_DIR,
  clusterScrapeJobs,
} from '../../prometheus';
import {
  EndpointTls,
  ObjectStorageSpec,
  S3CredentialsSecret,
  ServerTls,
  bucketId,
  checkObjectStorage,
  TenantCertificateField,
  ThanosObjectStorage,
  ThanosQuery,
  ThanosQueryFrontend,
} from '../../thanos';
import { DataPathAnalysis, DataPathModel, assertDataPath } from '../datapath';
import { DEFAULT_CLUSTERS_PER_REGION, Fleet, FleetCluster } from '../model';
import { FleetPatternName } from '../recommend';
import {
  DEFAULT_FLEET_CACHES,
  FleetCacheSet,
  FleetCaches,
  cacheSizing,
  fleetCaches,
  fleetQueryFrontend,
} from './read-path';
import { FleetSizingReport, fleetSizingReport } from '../report';
import {
  FleetSelfMonitoring,
  GLOBAL_REGION_LABEL,
  ResolvedSelfMonitoring,
  resolveSelfMonitoring,
  scraperPeer,
} from './self-monitoring';
import { fleetDashboards, FLEET_DATASOURCE_UID } from '../dashboards';
import { appClusterAlertGroups, monitoringClusterRules } from '../alerts';

/** The namespace every chart of a fleet deploys into unless told otherwise. */
export const DEFAULT_FLEET_NAMESPACE = 'monitoring';

/** Every chart of a fleet denies the traffic its workloads' policies do not open. */
export const DEFAULT_FLEET_DEFAULT_DENY = true;
/** The name of the default-deny NetworkPolicy of a fleet chart. */
export const DEFAULT_DENY_POLICY_NAME = 'default-deny';

/** The reference design runs 2 Grafana replicas (500m / 1Gi each), for HA. */
export const DEFAULT_GRAFANA_REPLICAS = 2;

/** Grafana of the global cluster: the admin password (and, for HA, a database) from Secrets. */
export interface FleetGrafanaOptions {
  readonly adminPassword: SecretKeyReference;
  /** @default DEFAULT_GRAFANA_ADMIN_USER */
  readonly adminUser?: string | SecretKeyReference;
  /** Required for more than one replica. */
  readonly databaseUrl?: SecretKeyReference;
  /** `host:port` of the database, for Grafana's egress policy. @default any address on the database ports */
  readonly databaseEndpoint?: string;
  /** Peers allowed to Grafana's UI (your ingress controller). @default none but the metrics scrapers */
  readonly users?: GrafanaProps['users'];
  /** @default the capacity model's `grafana` role (DEFAULT_GRAFANA_REPLICAS, an HA pair) */
  readonly replicas?: number;
  /** Expose Grafana through an Ingress or a Gateway API HTTPRoute, with TLS. @default not exposed */
  readonly exposure?: HttpExposure;
}

/** What every application cluster runs: Prometheus (HA pair) and, for the Thanos patterns, its sidecar. */
export interface FleetAppClusterOptions extends Pick<
  PrometheusWithSidecarProps,
  'retention' | 'resources' | 'sidecarResources' | 'storage'
> {
  /**
   * What each application cluster's Prometheus scrapes, replacing the default set; the discovery RBAC follows the
   * jobs' roles. @default clusterScrapeJobs(): Prometheus, the sidecar, kubelets, cAdvisor, annotated pods/services
   */
  readonly scrapeJobs?: readonly ScrapeJob[];
  /** Jobs added to `scrapeJobs` (or to the default set). @default none */
  readonly extraScrapeJobs?: readonly ScrapeJob[];
  /** How the default kubelet and cAdvisor jobs check the kubelet's certificate. @default DEFAULT_KUBELET_TLS_VERIFICATION */
  readonly kubeletTls?: KubeletTlsVerification;
  /** Recording rules every application cluster evaluates. @default DEFAULT_APP_CLUSTER_RULES */
  readonly ruleGroups?: readonly RuleGroup[];
  /** Prometheus replicas (an HA pair by default). */
  readonly replicas?: number;
}

/** Recording rules each application cluster evaluates, so the upper layers read cheap aggregates. */
export const DEFAULT_APP_CLUSTER_RULES: readonly RuleGroup[] = [
  {
    name: 'cluster-aggregates',
    rules: [
      { record: 'cluster:up:sum', expr: 'sum(up)' },
      { record: 'cluster:scrape_series_added:sum', expr: 'sum(scrape_series_added)' },
    ],
  },
];

/** Where a receiver takes the writer's tenant from unless told otherwise: the certificate's common name. */
export const DEFAULT_FLEET_TENANT_CERTIFICATE_FIELD: TenantCertificateField = 'commonName';

/**
 * The fleet's TLS: every cluster's own identity, and one trust anchor per direction so that a certificate issued for
 * one job cannot do another.
 */
export interface FleetTls {
  /**
   * A Secret of this name in every cluster: the cluster's `tls.crt` and `tls.key` (the server certificate of what it
   * exposes, and its client certificate) and the `ca.crt` that verifies the servers it calls.
   */
  readonly secretName: string;
  /**
   * A Secret (in the clusters that serve the StoreAPI across clusters: application clusters and regions) whose
   * `ca.crt` is the CA of the queriers' client certificates. Sidecars and regional queriers accept only those, so an
   * application cluster's or a writer's certificate cannot read other clusters' data. Issue the global and regional
   * clusters' certificates from this CA, and no other cluster's. Required for hierarchical and hybrid unless
   * `sharedClientCa`.
   */
  readonly queryClientCaSecretName?: string;
  /**
   * A Secret (in the clusters that run receivers) whose `ca.crt` is the CA of the writers' client certificates.
   * Receivers accept only those, and take the tenant from the certificate, so a writer cannot write as another
   * cluster and a querier's certificate cannot write. Required for receive and hybrid unless `sharedClientCa`.
   */
  readonly remoteWriteClientCaSecretName?: string;
  /** The certificate field naming a writer's tenant. @default DEFAULT_FLEET_TENANT_CERTIFICATE_FIELD */
  readonly tenantCertificateField?: TenantCertificateField;
  /**
   * Trust `secretName`'s `ca.crt` for clients in every direction: any cluster's certificate can then query every
   * sidecar and write to every receiver (under its own tenant). @default false
   */
  readonly sharedClientCa?: boolean;
}

/** The exposure of every cross-cluster endpoint of a fleet (always a LoadBalancer Service). */
export type FleetExposure = Omit<ServiceExposure, 'type'>;

/** Props every fleet pattern takes. */
export interface FleetPatternProps {
  /** The fleet: regions of application clusters (`splitFleet(200)`, `fleetFromRegions({...})`). */
  readonly fleet: Fleet;
  /**
   * The DNS domain under which cross-cluster endpoints are published (load balancers of sidecars, regional
   * queriers, receivers), e.g. `monitoring.example.com` → `thanos-sidecar.cluster-001.monitoring.example.com`.
   */
  readonly domain: string;
  /** @default DEFAULT_FLEET_NAMESPACE */
  readonly namespace?: string;
  /**
   * The DNS domain of every cluster of the fleet (in-cluster Service names: hashrings, endpoint files, the ruler's
   * query URL, Grafana's data source). @default DEFAULT_CLUSTER_DOMAIN
   */
  readonly clusterDomain?: string;
  /** Application clusters' Prometheus. */
  readonly appClusters?: FleetAppClusterOptions;
  /** Monthly cost estimate, overriding the capacity model's (`sizingReport().cost`). @default the model's */
  readonly monthlyCostUsd?: number;
  /**
   * The load the capacity model sizes every role from (series per cluster, scrape interval, retention, queries,
   * churn …); the clusters and regions come from the fleet. @default DEFAULT_METRICS_LOAD
   */
  readonly load?: Omit<MetricsLoad, 'clusters' | 'clustersPerRegion'>;
  /**
   * Per-role overrides of the model (replicas, shards, resources, storage), by role key (`globalQuery`,
   * `regionalStore`, `receiveIngestor` …; `metricsCapacity(...)` lists them). An override wins; `plan` marks it.
   * @default the model's sizes
   */
  readonly sizing?: Readonly<Record<string, RoleOverride>>;
  /** Prices of the cost estimate. @default DEFAULT_PRICES */
  readonly prices?: Partial<PriceTable>;
  /**
   * Mutual TLS between the clusters: a Secret of this name in every cluster of the fleet, with the cluster's
   * `tls.crt` and `tls.key` and the fleet CA's `ca.crt`. It secures every endpoint the pattern exposes through a
   * load balancer (StoreAPI, remote write). @default none: then `allowPlaintextExposure` must be set
   */
  readonly tls?: FleetTls;
  /**
   * A NetworkPolicy in every chart's namespace that denies all ingress and egress the per-workload policies do not
   * open (the pattern owns these namespaces). `false` if other workloads share them. @default DEFAULT_FLEET_DEFAULT_DENY
   */
  readonly defaultDeny?: boolean;
  /**
   * How every cross-cluster endpoint's LoadBalancer is set up (sidecars, regional queriers, receivers, federated
   * Prometheus): an internal load balancer of your cloud, the source ranges allowed, extra annotations. The host
   * names the endpoint files use are published through external-dns on the same Services unless `externalDns` is
   * false. @default the cloud's default load balancer (often public: restrict it), names published
   */
  readonly exposure?: FleetExposure;
  /** Expose the cross-cluster endpoints without TLS, because the network between the clusters is private. */
  readonly allowPlaintextExposure?: boolean;
  /**
   * Prefix of every chart id (`<prefix>-monitoring-global`), for two fleets in one App. Chart ids are the target
   * cluster names the Pulumi bridge maps to providers. @default no prefix
   */
  readonly chartPrefix?: string;
  /**
   * Every chart creates the fleet's Namespace (first in its file), so `kubectl apply -f` works on a fresh cluster;
   * `false` where the namespaces are managed elsewhere. @default DEFAULT_CREATE_NAMESPACE
   */
  readonly createNamespaces?: boolean;
  /**
   * Where the pods of every role run (node selection, tolerations, priority, pull secrets, pod labels, a mirror
   * registry), shared by all roles, with per-role overrides under `roles`:
   * `{ imageRegistry: 'mirror.example.com', roles: { store: { nodeSelector: { disk: 'ssd' } } } }`.
   * @default none
   */
  readonly placement?: PatternPlacement<FleetRole>;
  /**
   * Size every role for a fleet of this many application clusters (in regions of the fleet's
   * `DEFAULT_CLUSTERS_PER_REGION`), not for the clusters it has today: onboarding clusters up to this number then
   * changes no request, replica count, shard count or volume size (volume claim templates cannot change in place),
   * only the new cluster's chart and the endpoint lists that name it. @default the fleet as it is
   */
  readonly sizedForClusters?: number;
  /**
   * The monitoring clusters monitor themselves through prometheus-operator (0.93 or compatible, installed there):
   * ServiceMonitors for every component with stable `job`, `cluster` and `region` labels, the fleet's alerts as
   * PrometheusRules, dashboards in Grafana. `false` for none (then no prometheus-operator CRDs are needed).
   * @default every part on, scraped by DEFAULT_FLEET_SCRAPER
   */
  readonly selfMonitoring?: FleetSelfMonitoring | false;
}

/**
 * Who touches the bucket, and how (thanos-io/thanos@v0.42.4): store gateways only read (with admin operations off,
 * pkg/api/blocks/v1.go writes no markers); sidecars, rulers and receivers upload through the shipper
 * (pkg/shipper/shipper.go → pkg/block/block.go `Upload`) and never delete; only the compactor deletes
 * (pkg/compact/blocks_cleaner.go, pkg/compact/clean.go → `block.Delete`) and writes deletion markers.
 */
export type BucketRole = 'reader' | 'uploader' | 'compactor';

/**
 * One credential per bucket role, each a Secret in the clusters that run the role. For an S3 bucket, the keys of an
 * access key allowed only that role's operations; for an `existing-secret` bucket, a Secret holding the complete
 * objstore config with that role's keys (same key as `objectStorage.key`).
 */
export interface FleetBucketCredentials {
  /** Read-only (list, get): store gateways. */
  readonly reader: S3CredentialsSecret;
  /** Write without delete (put, list, get): sidecars, rulers, receivers. */
  readonly uploader: S3CredentialsSecret;
  /** Read, write and delete: the compactor only. */
  readonly compactor: S3CredentialsSecret;
}

/**
 * The roles of the fleet patterns, for per-role placement: every Prometheus (application clusters, and the
 * federation layers), the global and the regional queriers, store gateways, the ruler, the compactor, receivers
 * and Grafana.
 */
export const FLEET_ROLES = [
  'prometheus',
  'globalQuery',
  'regionalQuery',
  'store',
  'ruler',
  'compactor',
  'receive',
  'grafana',
  'queryFrontend',
  'cache',
] as const;

/** A role of {@link FLEET_ROLES}. */
export type FleetRole = (typeof FLEET_ROLES)[number];

/** Props of the patterns that keep long-term data in object storage (hierarchical, receive, hybrid). */
export interface ThanosFleetPatternProps extends FleetPatternProps {
  /** The shared bucket (MinIO in the reference design). Credentials per role come from `bucketCredentials`. */
  readonly objectStorage: ObjectStorageSpec;
  /**
   * A credential per role, so that a compromised application cluster can upload but not delete the fleet's history.
   * @default none: required when the bucket has credentials (`objectStorage.credentials` or an existing Secret),
   * unless `sharedBucketCredentials`
   */
  readonly bucketCredentials?: FleetBucketCredentials;
  /**
   * Give every role the bucket's one credential: any cluster that uploads can then also delete every block.
   * @default false
   */
  readonly sharedBucketCredentials?: boolean;
  /** Grafana in the global cluster; `false` for none. */
  readonly grafana: FleetGrafanaOptions | false;
  /**
   * memcached caches in the global cluster for the store gateways (index cache, caching bucket) and the
   * query-frontend (results, labels); `false` for each pod's in-memory caches. @default DEFAULT_FLEET_CACHES (on)
   */
  readonly caches?: false | FleetCaches;
}

/** Days in a Prometheus duration of whole days, weeks or years (`90d`, `2w`, `1y`); `0d` (keep forever) as ten years. */
function retentionDays(value: string | undefined, fallback: number): number {
  const m = /^(\d+)(d|w|y)$/.exec(value ?? '');
  if (!m) return fallback;
  const days = Number(m[1]) * { d: 1, w: 7, y: 365 }[m[2] as 'd' | 'w' | 'y'];
  return days === 0 ? 3_650 : days;
}

const DOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * Checks what every chart of the fleet would otherwise check again, so a mistake is reported once, at the pattern,
 * under the prop the user wrote (not at `cluster-001/objstore` under a component's prop).
 */
/** The fleet's TLS Secret, when given, is a Secret name. */
function checkFleetTlsName(context: ErrorContext, props: FleetPatternProps): void {
  if (props.tls !== undefined && !isDnsSubdomain(props.tls.secretName)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop: 'tls.secretName',
      problem: 'must be the name of a Secret present in every cluster of the fleet',
      value: props.tls.secretName,
      fix: "e.g. tls: { secretName: 'fleet-tls' }",
    });
  }
}

function checkFleetBoundary(
  context: ErrorContext,
  pattern: FleetPatternName,
  props: FleetPatternProps,
): void {
  if (pattern === 'federation') {
    // Federation's web ports need `tls` or its own opt-in, which PrometheusFederation checks with its props.
    checkFleetTlsName(context, props);
    return;
  }
  if (props.tls === undefined && props.allowPlaintextExposure !== true) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      prop: 'tls',
      problem: 'is missing: the pattern exposes StoreAPI and remote-write endpoints to the other clusters',
      value: props.tls,
      fix: "give the fleet's mutual-TLS Secret, tls: { secretName: 'fleet-tls' }, or set allowPlaintextExposure: true on a private network",
    });
  }
  checkFleetTlsName(context, props);
  checkObjectStorage((props as ThanosFleetPatternProps).objectStorage, context, 'objectStorage');
}

/** The patterns a fleet construct can be: the reference design's four, and the flat fleet they start from. */
export type FleetPatternKind = FleetPatternName | 'flat';

/**
 * The region sizes the capacity model sizes for: the fleet's own, or (with `sizedForClusters`) the planned fleet split
 * into regions of the fleet's largest region (at least the default region size), existing regions first.
 */
function sizedFleet(fleet: Fleet, sizedFor: number | undefined, context: ErrorContext): number[] {
  const actual = fleet.regions.map((r) => r.clusters.length);
  if (sizedFor === undefined) return actual;
  if (!Number.isInteger(sizedFor) || sizedFor < fleet.clusters.length) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'sizedForClusters',
      problem: `must be a whole number of at least the fleet's ${fleet.clusters.length} clusters`,
      value: sizedFor,
      fix: `size for the fleet you plan to reach, e.g. sizedForClusters: ${Math.ceil((fleet.clusters.length + 1) / DEFAULT_CLUSTERS_PER_REGION) * DEFAULT_CLUSTERS_PER_REGION}`,
    });
  }
  const perRegion = Math.max(DEFAULT_CLUSTERS_PER_REGION, ...actual);
  const regions = Math.max(actual.length, Math.ceil(sizedFor / perRegion));
  return Array.from({ length: regions }, (_, i) => Math.min(perRegion, sizedFor - i * perRegion)).map((n) =>
    Math.max(n, 1),
  );
}

/**
 * The frame of a fleet pattern: one chart per target cluster (`monitoring-global`, `monitoring-<region>`, one per
 * application cluster), children of the App so `cdk8s synth` writes one file per cluster and the Pulumi bridge can
 * give each its own provider; and the sizing report computed from what the charts synthesize.
 */
export abstract class FleetPattern extends Construct {
  public readonly pattern: FleetPatternKind;
  public readonly fleet: Fleet;
  public readonly namespace: string;
  public readonly domain: string;
  public readonly clusterDomain: string;
  public readonly tls?: FleetTls;
  public readonly allowPlaintextExposure?: boolean;
  public readonly exposure?: FleetExposure;
  public readonly globalChart: Chart;
  public readonly regionCharts: Readonly<Record<string, Chart>>;
  public readonly appClusterCharts: Readonly<Record<string, Chart>>;
  protected readonly app: App;
  /** What the capacity model sized every role to, for this fleet and load (overrides applied). */
  public readonly capacity: MetricsCapacity;
  /** The model's monthly cost of {@link capacity}. */
  public readonly cost: MonthlyCost;
  private readonly costUsd: number;
  private model?: DataPathModel;
  private readonly placement?: PatternPlacement<FleetRole>;
  /** The `part-of` labels a migration keeps from the old pattern (see the constructor). */
  private readonly partOf: { readonly global?: string; readonly appClusters?: string };
  /** Self-monitoring with defaults filled in; undefined when `selfMonitoring: false`. */
  protected readonly selfMonitoring?: ResolvedSelfMonitoring;
  /** The `job` of every monitored component, per chart, in the order they were created. */
  private readonly monitoredJobs = new Map<Chart, string[]>();

  protected constructor(
    scope: App,
    id: string,
    pattern: FleetPatternKind,
    props: FleetPatternProps,
    withRegions: boolean,
    /** The `part-of` label of the default-deny policies, when a migration keeps the old pattern's for a while. */
    partOf?: { readonly global?: string; readonly appClusters?: string },
  ) {
    super(scope, id);
    this.partOf = partOf ?? {};
    const context = contextOf(this, this.constructor.name);
    if (scope.node.scope !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'scope',
        problem: 'must be the App: the pattern creates one chart per target cluster next to it',
        value: scope.node.path,
        fix: 'pass the App, e.g. new ThanosHierarchical(app, "fleet", {...})',
      });
    }
    if (!DOMAIN.test(props.domain)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_NAME,
        prop: 'domain',
        problem: 'must be a DNS domain with at least two labels',
        value: props.domain,
        fix: "use the domain your load balancers' names live under, e.g. 'monitoring.example.com'",
      });
    }
    checkFleetBoundary(context, pattern === 'flat' ? 'hierarchical' : pattern, props);
    this.app = scope;
    this.pattern = pattern;
    this.fleet = props.fleet;
    this.namespace = props.namespace ?? DEFAULT_FLEET_NAMESPACE;
    this.domain = props.domain;
    this.clusterDomain = resolveClusterDomain(props.clusterDomain, context);
    this.tls = props.tls;
    this.allowPlaintextExposure = props.allowPlaintextExposure;
    checkServiceExposure({ ...props.exposure, type: 'LoadBalancer' }, context, 'exposure');
    this.exposure = props.exposure;
    const sized = sizedFleet(props.fleet, props.sizedForClusters, context);
    const largestRegion = Math.max(...sized);
    // The compactor's retention is what the bucket holds: the model prices the same days.
    const retention = (
      props as { readonly retention?: { raw?: string; fiveMinutes?: string; oneHour?: string } }
    ).retention;
    const fromRetention =
      retention === undefined
        ? {}
        : {
            retentionDays: {
              raw: retentionDays(retention.raw, DEFAULT_METRICS_LOAD.retentionDays.raw),
              fiveMinutes: retentionDays(
                retention.fiveMinutes,
                DEFAULT_METRICS_LOAD.retentionDays.fiveMinutes,
              ),
              oneHour: retentionDays(retention.oneHour, DEFAULT_METRICS_LOAD.retentionDays.oneHour),
            },
          };
    // The flat fleet (one querier, as today's setups run it) and the federation have no frontend or caches.
    const caches =
      pattern === 'federation' || pattern === 'flat'
        ? false
        : ((props as Partial<ThanosFleetPatternProps>).caches ?? DEFAULT_FLEET_CACHES);
    this.capacity = metricsCapacity(
      // The flat fleet's monitoring cluster runs the hierarchical pattern's global roles (store gateways, compactor,
      // ruler, Grafana) and one querier: the model's global cluster sizes them (see ThanosFlat).
      pattern === 'flat' ? 'hierarchical' : pattern,
      {
        // The fleet already checked its regions against its own limit (or was told to only warn).
        ...(largestRegion > DEFAULT_METRICS_LOAD.maxQuerierFanOut ? { maxQuerierFanOut: largestRegion } : {}),
        ...fromRetention,
        // The Prometheus servers the pattern deploys per cluster are the ones the model prices (`load` still wins).
        ...(props.appClusters?.replicas === undefined
          ? {}
          : {
              [pattern === 'receive' || pattern === 'hybrid' ? 'remoteWriteReplicas' : 'prometheusReplicas']:
                props.appClusters.replicas,
            }),
        ...Object.fromEntries(Object.entries(props.load ?? {}).filter(([, v]) => v !== undefined)),
        clusters: sized.reduce((a, b) => a + b, 0),
        clustersPerRegion: largestRegion,
      },
      {
        regions: sized,
        // The caches' pods as their sizes make them; the user's own sizing wins.
        sizing: { ...cacheSizing(caches, context, props.sizing), ...props.sizing },
        grafana: (props as Partial<ThanosFleetPatternProps>).grafana !== false,
        queryFrontend: pattern !== 'federation' && pattern !== 'flat',
        caches: pattern !== 'federation' && caches !== false,
        context,
      },
    );
    this.cost = monthlyCost(this.capacity, props.prices);
    this.costUsd = props.monthlyCostUsd ?? Math.round(this.cost.totalUsd);
    this.placement = props.placement;
    checkPatternPlacement(props.placement, FLEET_ROLES, context);
    this.selfMonitoring = resolveSelfMonitoring(props.selfMonitoring, context);
    const prefix = props.chartPrefix === undefined ? '' : `${props.chartPrefix}-`;
    const chart = (name: string) => {
      const chartId = `${prefix}${name}`;
      if (scope.node.tryFindChild(chartId) !== undefined) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_NAME,
          prop: 'chartPrefix',
          problem: `must make the chart ids unique in the App: another fleet already has a chart '${chartId}'`,
          value: props.chartPrefix,
          fix: `give each fleet in one App its own chartPrefix, e.g. chartPrefix: '${suggestDnsLabel(id)}'`,
        });
      }
      return new ObservabilityChart(scope, chartId, {
        namespace: this.namespace,
        createNamespace: props.createNamespaces ?? DEFAULT_CREATE_NAMESPACE,
      });
    };
    this.globalChart = chart(props.fleet.globalChart);
    this.regionCharts = withRegions
      ? Object.fromEntries(
          props.fleet.regions.map((r) => [r.name, chart(props.fleet.regionCharts[r.name] as string)]),
        )
      : {};
    this.appClusterCharts = Object.fromEntries(props.fleet.clusters.map((c) => [c.name, chart(c.name)]));
    if (props.defaultDeny ?? DEFAULT_FLEET_DEFAULT_DENY) {
      const charts: [Chart, string | undefined][] = [
        [this.globalChart, partOf?.global],
        ...Object.values(this.regionCharts).map((c): [Chart, undefined] => [c, undefined]),
        ...Object.values(this.appClusterCharts).map((c): [Chart, string | undefined] => [
          c,
          partOf?.appClusters,
        ]),
      ];
      for (const [c, label] of charts) {
        defaultDenyPolicy(c, 'default-deny', {
          name: DEFAULT_DENY_POLICY_NAME,
          namespace: this.namespace,
          labels: {
            'app.kubernetes.io/managed-by': MANAGED_BY,
            'app.kubernetes.io/part-of': label ?? pattern,
          },
        });
      }
    }
  }

  /**
   * The `monitoring` option of a component of a monitoring chart (global or regional): the one place every pattern
   * routes its components through. A ServiceMonitor with the component's `job` (one job over all its shards) and
   * the chart's `cluster` (its chart id) and `region` labels, which the fleet's alerts and dashboards select by.
   * The job is recorded, so the chart's PrometheusRule gets the alerts of the components it runs.
   */
  protected componentMonitoring(job: string, chart: Chart): MonitoringOptions | undefined {
    const m = this.selfMonitoring;
    if (m === undefined) return undefined;
    const jobs = this.monitoredJobs.get(chart) ?? [];
    if (!jobs.includes(job)) jobs.push(job);
    this.monitoredJobs.set(chart, jobs);
    if (!m.serviceMonitors) return undefined;
    return {
      serviceMonitor: true,
      job,
      interval: m.interval,
      labels: { ...m.labels },
      staticLabels: this.targetLabels(chart),
    };
  }

  /** The `cluster` and `region` labels of a monitoring chart's targets. */
  protected targetLabels(chart: Chart): Record<string, string> {
    const region = Object.entries(this.regionCharts).find(([, c]) => c === chart)?.[0];
    return { cluster: chart.node.id, region: region ?? GLOBAL_REGION_LABEL };
  }

  /**
   * The peers the components' metrics ports admit: the scraper's pods. Undefined when that is what the components
   * admit anyway (Prometheus pods of the fleet's own namespace) or self-monitoring is off.
   */
  protected metricsScrapers(): k8s.NetworkPolicyPeer[] | undefined {
    const m = this.selfMonitoring;
    if (m === undefined || !m.serviceMonitors) return undefined;
    const peer = scraperPeer(m.scraper, this.namespace);
    const isDefault =
      peer.namespaceSelector === undefined &&
      JSON.stringify(peer.podSelector?.matchLabels) === JSON.stringify(DEFAULT_METRICS_SCRAPER_LABELS);
    return isDefault ? undefined : [peer];
  }

  /**
   * `{ networkPolicy: { [key]: [...base, scraper] } }` to spread into a component's props when the scraper is not
   * what the component admits by default, else `{}`: `metricsScrapers` for store, compactor and receive,
   * `httpClients` for the ruler, and for the querier with QUERY_HTTP_CLIENTS as `base`.
   */
  protected scraperPolicy<K extends string>(
    key: K,
    base: readonly k8s.NetworkPolicyPeer[] = [],
  ): { readonly networkPolicy?: Record<K, k8s.NetworkPolicyPeer[]> } {
    const scrapers = this.metricsScrapers();
    if (scrapers === undefined) return {};
    return { networkPolicy: { [key]: [...base, ...scrapers] } as Record<K, k8s.NetworkPolicyPeer[]> };
  }

  /**
   * The PrometheusRule of each monitoring chart: the alerts of the components recorded there by
   * {@link componentMonitoring}, plus the Prometheus-level alerts of the scraper. Call once, at the end of the
   * pattern's constructor.
   */
  protected addSelfMonitoringRules(): void {
    const m = this.selfMonitoring;
    if (m === undefined || !m.rules) return;
    for (const [chart, jobs] of this.monitoredJobs) {
      const groups = monitoringClusterRules(jobs);
      if (groups.length === 0) continue;
      prometheusRule(chart, 'fleet-alerts', {
        name: 'fleet-alerts',
        namespace: this.namespace,
        labels: {
          'app.kubernetes.io/name': 'fleet-alerts',
          'app.kubernetes.io/managed-by': MANAGED_BY,
          // A migration keeps the old pattern's label on the global chart, so its rule is unchanged until retired.
          'app.kubernetes.io/part-of':
            (chart === this.globalChart ? this.partOf.global : undefined) ?? this.pattern,
          ...m.labels,
        },
        groups,
      });
    }
  }

  /** The model's sizing of a role in the global cluster, or in the `index`-th region. */
  protected size(key: string, regionIndex?: number): RoleCapacity {
    const target =
      regionIndex === undefined ? this.capacity.targets[0] : this.capacity.targets[regionIndex + 1];
    const role = target?.roles.find((r) => r.key === key);
    if (role === undefined) throw new Error(`capacity model has no role '${key}' for ${this.pattern}`);
    return role;
  }

  /** A PVC size for a construct's `storage.size`, from the model (or the user's override). */
  protected static storageOf(role: RoleCapacity): { readonly size: string } | undefined {
    return role.storageGiB === undefined ? undefined : { size: `${role.storageGiB}Gi` };
  }

  /** The placement of a role: the shared fields with the role's overrides. */
  protected placementFor(role: FleetRole): Placement | undefined {
    return rolePlacement(this.placement, role);
  }

  /** A host name under the fleet's domain: `<service>.<cluster>.<domain>`. */
  protected host(service: string, cluster: string): string {
    return `${service}.${cluster}.${this.domain}`;
  }

  /** The Service exposure of a cross-cluster endpoint: a LoadBalancer set up as `exposure` says. */
  protected loadBalancer(): ServiceExposure {
    return { ...this.exposure, type: 'LoadBalancer' };
  }

  /**
   * Server TLS for an exposed endpoint: mutual, verifying clients against the CA of that direction (`query` for
   * StoreAPI servers, `remote-write` for receivers).
   */
  protected serverTls(direction: 'query' | 'remote-write'): ServerTls | undefined {
    if (this.tls === undefined) return undefined;
    const prop = direction === 'query' ? 'queryClientCaSecretName' : 'remoteWriteClientCaSecretName';
    const clientCa = this.tls[prop];
    if (clientCa === undefined && !this.tls.sharedClientCa) {
      throw new ObservabilityConstructError(contextOf(this, this.constructor.name), {
        code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
        prop: `tls.${prop}`,
        problem:
          direction === 'query'
            ? "is missing, so the StoreAPI servers would accept any fleet certificate: an application cluster could read every other cluster's data"
            : 'is missing, so receivers would accept any fleet certificate: a querying cluster could write, as any tenant it names',
        value: undefined,
        fix: `name a Secret whose ca.crt signs only the ${direction === 'query' ? "queriers'" : "writers'"} client certificates, or set tls.sharedClientCa: true`,
      });
    }
    return { secretName: this.tls.secretName, clientAuth: true, clientCaSecretName: clientCa };
  }

  /** Where receivers take the tenant from: the writer's certificate when the fleet has TLS. */
  protected tenantCertificateField(): TenantCertificateField | undefined {
    return this.tls ? (this.tls.tenantCertificateField ?? DEFAULT_FLEET_TENANT_CERTIFICATE_FIELD) : undefined;
  }

  /** Client TLS of a querier towards an endpoint in another cluster. */
  protected endpointTls(): EndpointTls | undefined {
    return this.tls ? { secretName: this.tls.secretName, certKey: 'tls.crt', keyKey: 'tls.key' } : undefined;
  }

  /** Client TLS of a Prometheus remote-writing to a receiver in another cluster. */
  protected remoteWriteClientTls():
    { readonly secretName: string; readonly clientCertificate: true } | undefined {
    return this.tls ? { secretName: this.tls.secretName, clientCertificate: true } : undefined;
  }

  /**
   * The bucket config of one role in a chart (each cluster needs its own copy of the Secret), with that role's
   * credential; one per chart and role.
   */
  protected objectStorage(
    chart: Chart,
    props: Pick<ThanosFleetPatternProps, 'objectStorage' | 'bucketCredentials' | 'sharedBucketCredentials'>,
    role: BucketRole,
  ): ThanosObjectStorage {
    const id = `objstore-${role}`;
    const existing = chart.node.tryFindChild(id);
    if (existing instanceof ThanosObjectStorage) return existing;
    const storage = props.objectStorage;
    const context = contextOf(this, this.constructor.name);
    const hasCredentials =
      storage.kind === 'existing-secret' ||
      (storage.kind !== 'filesystem' && storage.credentials !== undefined);
    const roles = props.bucketCredentials;
    if (roles === undefined && hasCredentials && !props.sharedBucketCredentials) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
        prop: 'bucketCredentials',
        problem:
          "is missing, so one bucket credential would reach every role: a compromised application cluster's uploader could delete the fleet's history",
        value: undefined,
        fix: 'give reader, uploader and compactor Secrets (see the README for the bucket policies), or set sharedBucketCredentials: true',
      });
    }
    if (roles !== undefined && storage.kind === 'filesystem') {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'bucketCredentials',
        problem: 'cannot be given for a filesystem bucket, which has no credentials to split by role',
        value: Object.keys(roles),
        fix: 'drop bucketCredentials (a filesystem bucket is for development only)',
      });
    }
    if (
      roles !== undefined &&
      storage.kind !== 'existing-secret' &&
      storage.kind !== 'filesystem' &&
      storage.credentials !== undefined
    ) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'objectStorage.credentials',
        problem: 'cannot be combined with bucketCredentials, which give each role its own',
        value: storage.credentials,
        fix: 'drop objectStorage.credentials',
      });
    }
    const credential = roles?.[role];
    const spec: ObjectStorageSpec =
      credential === undefined
        ? storage
        : storage.kind === 's3'
          ? { ...storage, credentials: credential }
          : storage.kind === 'gcs' || storage.kind === 'azure'
            ? { ...storage, credentials: { secretName: credential.secretName } }
            : storage.kind === 'existing-secret'
              ? { ...storage, secretName: credential.secretName, bucketId: bucketId(storage) }
              : storage;
    return new ThanosObjectStorage(chart, id, {
      storage: spec,
      name: `thanos-objstore-${role}`,
      allowPlaintextExposure: this.allowPlaintextExposure,
    });
  }

  /**
   * Every application cluster's Prometheus HA pair with a sidecar that uploads to the bucket and serves its StoreAPI
   * through a load balancer, as the querier patterns that read sidecars (hierarchical, flat) run them.
   */
  protected sidecarPrometheus(
    props: Pick<ThanosFleetPatternProps, 'appClusters'> & Parameters<FleetPattern['objectStorage']>[1],
  ): Record<string, PrometheusWithSidecar> {
    const serverTls = this.serverTls('query');
    const prometheus: Record<string, PrometheusWithSidecar> = {};
    for (const cluster of this.fleet.clusters) {
      const chart = this.appClusterCharts[cluster.name] as Chart;
      prometheus[cluster.name] = this.appPrometheus(cluster, props.appClusters, {
        objectStorage: this.objectStorage(chart, props, 'uploader'),
        grpcService: this.loadBalancer(),
        externalGrpcHost: this.host('thanos-sidecar', cluster.name),
        grpcTls: serverTls,
      });
    }
    return prometheus;
  }

  /**
   * The global cluster's memcached caches (undefined with `caches: false`), sized by the capacity model for the
   * store gateway pods (`storePods`) and the frontend that use them, and monitored like every other component.
   */
  protected createCaches(
    caches: FleetCaches | false | undefined,
    storePods: number,
  ): FleetCacheSet | undefined {
    const global = this.globalChart;
    return fleetCaches(global, caches ?? DEFAULT_FLEET_CACHES, (k) => this.size(k), {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('cache'),
      clientPods: { store: storePods, frontend: this.size('queryFrontend').pods },
      monitoring: this.componentMonitoring('memcached', global),
      metricsScrapers: this.metricsScrapers(),
    });
  }

  /** The query-frontend in front of the global cluster's top querier: Grafana's data source. */
  protected createQueryFrontend(query: ThanosQuery, caches: FleetCacheSet | undefined): ThanosQueryFrontend {
    const global = this.globalChart;
    return fleetQueryFrontend(global, query, caches, this.size('queryFrontend'), {
      clusterDomain: this.clusterDomain,
      placement: this.placementFor('queryFrontend'),
      monitoring: this.componentMonitoring('thanos-query-frontend', global),
      metricsScrapers: this.metricsScrapers(),
    });
  }

  /** Prometheus of one application cluster; the caller decides how its data leaves the cluster. */
  protected appPrometheus(
    cluster: FleetCluster,
    options: FleetAppClusterOptions | undefined,
    extra: Partial<PrometheusWithSidecarProps>,
  ): PrometheusWithSidecar {
    return new PrometheusWithSidecar(this.appClusterCharts[cluster.name] as Chart, 'prometheus', {
      clusterDomain: this.clusterDomain,
      name: 'prometheus',
      placement: this.placementFor('prometheus'),
      externalLabels: { ...cluster.externalLabels },
      replicaLabel: this.fleet.replicaLabel,
      replicas: options?.replicas,
      scrapeJobs: [
        ...(options?.scrapeJobs ??
          clusterScrapeJobs({
            thanosSidecar: extra.thanosSidecar ?? true,
            kubeletTls: options?.kubeletTls,
            prometheusClientCertificate: extra.webTls
              ? { certFile: `${WEB_TLS_DIR}/tls.crt`, keyFile: `${WEB_TLS_DIR}/tls.key` }
              : undefined,
          })),
        ...(options?.extraScrapeJobs ?? []),
      ],
      retention: options?.retention,
      resources: options?.resources,
      sidecarResources: options?.sidecarResources,
      storage: options?.storage,
      ruleGroups: [
        ...(options?.ruleGroups ?? DEFAULT_APP_CLUSTER_RULES),
        ...(this.selfMonitoring?.rules ? appClusterAlertGroups(extra.thanosSidecar ?? true) : []),
      ],
      allowPlaintextExposure: this.allowPlaintextExposure,
      ...extra,
    });
  }

  /** Grafana in the global cluster over `source`. */
  protected createGrafana(
    options: FleetGrafanaOptions | false,
    source: { readonly httpUrl: string },
  ): Grafana | undefined {
    if (options === false) return undefined;
    const scrapers = this.metricsScrapers();
    const dashboards = this.selfMonitoring?.dashboards ? fleetDashboards() : undefined;
    return new Grafana(this.globalChart, 'grafana', {
      monitoring: this.componentMonitoring('grafana', this.globalChart),
      ...(scrapers ? { metricsScrapers: scrapers } : {}),
      ...(dashboards ? { dashboards } : {}),
      clusterDomain: this.clusterDomain,
      name: 'grafana',
      placement: this.placementFor('grafana'),
      exposure: options.exposure,
      replicas: options.replicas ?? this.size('grafana').pods,
      resources: this.size('grafana').resources,
      adminPassword: options.adminPassword,
      adminUser: options.adminUser,
      databaseUrl: options.databaseUrl,
      databaseEndpoint: options.databaseEndpoint,
      users: options.users,
      dataSources: [{ name: 'Thanos', uid: FLEET_DATASOURCE_UID, source }],
    });
  }

  /**
   * The pattern's data paths (producers, StoreAPIs, compactor shards), read from its constructs; undefined for a
   * pattern without a bucket (federation).
   */
  public get dataPath(): DataPathModel | undefined {
    return this.model;
  }

  /** Records the data-path model and fails at construction when a producer's data of some age is served wrongly. */
  protected checkDataPath(model: DataPathModel): DataPathAnalysis {
    this.model = model;
    return assertDataPath(model, contextOf(this, this.constructor.name));
  }

  /** Requests per chart, role and in total, summed from the objects the charts synthesize. */
  public sizingReport(): FleetSizingReport {
    return fleetSizingReport({
      // The flat fleet is sized as the hierarchical pattern's global cluster (see ThanosFlat).
      pattern: this.pattern === 'flat' ? 'hierarchical' : this.pattern,
      fleet: this.fleet,
      globalChart: this.globalChart,
      regionCharts: this.regionCharts,
      appClusterCharts: this.appClusterCharts,
      monthlyCostUsd: this.costUsd,
      capacity: this.capacity,
      cost: this.cost,
    });
  }
}
