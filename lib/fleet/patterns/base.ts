import { App, Chart } from 'cdk8s';
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
import { ErrorCode, ObservabilityConstructError, SecretKeyReference, contextOf } from '../../core';
import { Grafana } from '../../grafana';
import { PrometheusWithSidecar, PrometheusWithSidecarProps, RuleGroup } from '../../prometheus';
import { EndpointTls, ObjectStorageSpec, ThanosObjectStorage } from '../../thanos';
import { Fleet, FleetCluster } from '../model';
import { FleetPatternName } from '../recommend';
import { FleetSizingReport, fleetSizingReport } from '../report';

/** The namespace every chart of a fleet deploys into unless told otherwise. */
export const DEFAULT_FLEET_NAMESPACE = 'monitoring';

/** Seed 003: Grafana 2 × 500m / 1Gi, HA. */
export const DEFAULT_GRAFANA_REPLICAS = 2;

/** Grafana of the global cluster: the admin password (and, for HA, a database) from Secrets. */
export interface FleetGrafanaOptions {
  readonly adminPassword: SecretKeyReference;
  /** Required for more than one replica. */
  readonly databaseUrl?: SecretKeyReference;
  /** @default the capacity model's `grafana` role (DEFAULT_GRAFANA_REPLICAS, an HA pair) */
  readonly replicas?: number;
}

/** What every application cluster runs: Prometheus (HA pair) and, for the Thanos patterns, its sidecar. */
export interface FleetAppClusterOptions extends Pick<
  PrometheusWithSidecarProps,
  'scrapeJobs' | 'retention' | 'resources' | 'sidecarResources' | 'storage'
> {
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

/** The fleet's TLS identity: one Secret name, present in every cluster. */
export interface FleetTls {
  readonly secretName: string;
}

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
  /** Expose the cross-cluster endpoints without TLS, because the network between the clusters is private. */
  readonly allowPlaintextExposure?: boolean;
  /**
   * Prefix of every chart id (`<prefix>-monitoring-global`), for two fleets in one App. Chart ids are the target
   * cluster names the Pulumi bridge maps to providers. @default no prefix
   */
  readonly chartPrefix?: string;
}

/** Props of the patterns that keep long-term data in object storage (D1–D3). */
export interface ThanosFleetPatternProps extends FleetPatternProps {
  /** The shared bucket (seed 003: MinIO), credentials by Secret reference. */
  readonly objectStorage: ObjectStorageSpec;
  /** Grafana in the global cluster; `false` for none. */
  readonly grafana: FleetGrafanaOptions | false;
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
 * The frame of a fleet pattern: one chart per target cluster (`monitoring-global`, `monitoring-<region>`, one per
 * application cluster), children of the App so `cdk8s synth` writes one file per cluster and the Pulumi bridge can
 * give each its own provider; and the sizing report computed from what the charts synthesize.
 */
export abstract class FleetPattern extends Construct {
  public readonly pattern: FleetPatternName;
  public readonly fleet: Fleet;
  public readonly namespace: string;
  public readonly domain: string;
  public readonly tls?: FleetTls;
  public readonly allowPlaintextExposure?: boolean;
  public readonly globalChart: Chart;
  public readonly regionCharts: Readonly<Record<string, Chart>>;
  public readonly appClusterCharts: Readonly<Record<string, Chart>>;
  protected readonly app: App;
  /** What the capacity model sized every role to, for this fleet and load (overrides applied). */
  public readonly capacity: MetricsCapacity;
  /** The model's monthly cost of {@link capacity}. */
  public readonly cost: MonthlyCost;
  private readonly costUsd: number;

  protected constructor(
    scope: App,
    id: string,
    pattern: FleetPatternName,
    props: FleetPatternProps,
    withRegions: boolean,
  ) {
    super(scope, id);
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
    this.app = scope;
    this.pattern = pattern;
    this.fleet = props.fleet;
    this.namespace = props.namespace ?? DEFAULT_FLEET_NAMESPACE;
    this.domain = props.domain;
    this.tls = props.tls;
    this.allowPlaintextExposure = props.allowPlaintextExposure;
    const largestRegion = Math.max(...props.fleet.regions.map((r) => r.clusters.length));
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
    this.capacity = metricsCapacity(
      pattern,
      {
        // The fleet already checked its regions against its own limit (or was told to only warn).
        ...(largestRegion > DEFAULT_METRICS_LOAD.maxQuerierFanOut ? { maxQuerierFanOut: largestRegion } : {}),
        ...fromRetention,
        ...Object.fromEntries(Object.entries(props.load ?? {}).filter(([, v]) => v !== undefined)),
        clusters: props.fleet.clusters.length,
        clustersPerRegion: largestRegion,
      },
      {
        regions: props.fleet.regions.map((r) => r.clusters.length),
        sizing: props.sizing,
        grafana: (props as Partial<ThanosFleetPatternProps>).grafana !== false,
        context,
      },
    );
    this.cost = monthlyCost(this.capacity, props.prices);
    this.costUsd = props.monthlyCostUsd ?? Math.round(this.cost.totalUsd);
    const prefix = props.chartPrefix === undefined ? '' : `${props.chartPrefix}-`;
    const chart = (name: string) => new Chart(scope, `${prefix}${name}`, { namespace: this.namespace });
    this.globalChart = chart(props.fleet.globalChart);
    this.regionCharts = withRegions
      ? Object.fromEntries(
          props.fleet.regions.map((r) => [r.name, chart(props.fleet.regionCharts[r.name] as string)]),
        )
      : {};
    this.appClusterCharts = Object.fromEntries(props.fleet.clusters.map((c) => [c.name, chart(c.name)]));
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

  /** A host name under the fleet's domain: `<service>.<cluster>.<domain>`. */
  protected host(service: string, cluster: string): string {
    return `${service}.${cluster}.${this.domain}`;
  }

  /** Server TLS for an exposed endpoint (mutual, with the fleet CA). */
  protected serverTls(): { readonly secretName: string; readonly clientAuth: true } | undefined {
    return this.tls ? { secretName: this.tls.secretName, clientAuth: true } : undefined;
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

  /** The bucket config in a chart (each cluster needs its own copy of the Secret). */
  protected objectStorage(chart: Chart, storage: ObjectStorageSpec): ThanosObjectStorage {
    return new ThanosObjectStorage(chart, 'objstore', { storage, name: 'thanos-objstore' });
  }

  /** Prometheus of one application cluster; the caller decides how its data leaves the cluster. */
  protected appPrometheus(
    cluster: FleetCluster,
    options: FleetAppClusterOptions | undefined,
    extra: Partial<PrometheusWithSidecarProps>,
  ): PrometheusWithSidecar {
    return new PrometheusWithSidecar(this.appClusterCharts[cluster.name] as Chart, 'prometheus', {
      name: 'prometheus',
      externalLabels: { ...cluster.externalLabels },
      replicaLabel: this.fleet.replicaLabel,
      replicas: options?.replicas,
      scrapeJobs: options?.scrapeJobs,
      retention: options?.retention,
      resources: options?.resources,
      sidecarResources: options?.sidecarResources,
      storage: options?.storage,
      ruleGroups: options?.ruleGroups ?? DEFAULT_APP_CLUSTER_RULES,
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
    return new Grafana(this.globalChart, 'grafana', {
      name: 'grafana',
      replicas: options.replicas ?? this.size('grafana').pods,
      resources: this.size('grafana').resources,
      adminPassword: options.adminPassword,
      databaseUrl: options.databaseUrl,
      dataSources: [{ name: 'Thanos', source }],
    });
  }

  /** Requests per chart, role and in total, summed from the objects the charts synthesize. */
  public sizingReport(): FleetSizingReport {
    return fleetSizingReport({
      pattern: this.pattern,
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
