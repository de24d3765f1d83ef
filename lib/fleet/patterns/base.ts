import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
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
  checkPatternPlacement,
  contextOf,
  rolePlacement,
  suggestDnsLabel,
} from '../../core';
import { Grafana } from '../../grafana';
import { PrometheusWithSidecar, PrometheusWithSidecarProps, RuleGroup } from '../../prometheus';
import { EndpointTls, ObjectStorageSpec, ThanosObjectStorage, checkObjectStorage } from '../../thanos';
import { Fleet, FleetCluster } from '../model';
import { FleetPatternName, PATTERN_TRAITS } from '../recommend';
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
  /** @default DEFAULT_GRAFANA_REPLICAS */
  readonly replicas?: number;
  /** Expose Grafana through an Ingress or a Gateway API HTTPRoute, with TLS. @default not exposed */
  readonly exposure?: HttpExposure;
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
  /** Monthly cost estimate, overriding seed 003's figure for the pattern. */
  readonly monthlyCostUsd?: number;
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
] as const;

/** A role of {@link FLEET_ROLES}. */
export type FleetRole = (typeof FLEET_ROLES)[number];

/** Props of the patterns that keep long-term data in object storage (D1–D3). */
export interface ThanosFleetPatternProps extends FleetPatternProps {
  /** The shared bucket (seed 003: MinIO), credentials by Secret reference. */
  readonly objectStorage: ObjectStorageSpec;
  /** Grafana in the global cluster; `false` for none. */
  readonly grafana: FleetGrafanaOptions | false;
}

const DOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * Checks what every chart of the fleet would otherwise check again, so a mistake is reported once, at the pattern,
 * under the prop the user wrote (not at `cluster-001/objstore` under a component's prop).
 */
function checkFleetBoundary(
  context: ErrorContext,
  pattern: FleetPatternName,
  props: FleetPatternProps,
): void {
  if (pattern === 'federation') {
    // Federation reads every Prometheus over HTTP through load balancers; the fleet's TLS does not cover it.
    if (props.allowPlaintextExposure !== true) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
        prop: 'allowPlaintextExposure',
        problem:
          'must be true: federation exposes every Prometheus API in plain text through a load balancer for the layer above',
        value: props.allowPlaintextExposure,
        fix: 'set allowPlaintextExposure: true on a private network between the clusters, or choose a Thanos pattern, which has mutual TLS',
      });
    }
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
  if (props.tls !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(String(props.tls.secretName))) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop: 'tls.secretName',
      problem: 'must be the name of a Secret present in every cluster of the fleet',
      value: props.tls.secretName,
      fix: "e.g. tls: { secretName: 'fleet-tls' }",
    });
  }
  checkObjectStorage((props as ThanosFleetPatternProps).objectStorage, context, 'objectStorage');
}

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
  private readonly costUsd: number;
  private readonly placement?: PatternPlacement<FleetRole>;

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
    checkFleetBoundary(context, pattern, props);
    this.app = scope;
    this.pattern = pattern;
    this.fleet = props.fleet;
    this.namespace = props.namespace ?? DEFAULT_FLEET_NAMESPACE;
    this.domain = props.domain;
    this.tls = props.tls;
    this.allowPlaintextExposure = props.allowPlaintextExposure;
    this.placement = props.placement;
    checkPatternPlacement(props.placement, FLEET_ROLES, context);
    this.costUsd = props.monthlyCostUsd ?? PATTERN_TRAITS[pattern].monthlyCostUsd;
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
  }

  /** The placement of a role: the shared fields with the role's overrides. */
  protected placementFor(role: FleetRole): Placement | undefined {
    return rolePlacement(this.placement, role);
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
      placement: this.placementFor('prometheus'),
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
      placement: this.placementFor('grafana'),
      exposure: options.exposure,
      replicas: options.replicas ?? DEFAULT_GRAFANA_REPLICAS,
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
    });
  }
}
