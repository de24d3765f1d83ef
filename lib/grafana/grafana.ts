import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringifyYaml as stringify } from '../core/manifest-yaml';
import { IHttpEndpoint, checkHttpClient, httpCaSecret, withScheme } from '../thanos/http-tls';
import {
  ErrorCode,
  IEndpointSource,
  IMAGES,
  MonitoringOptions,
  ObservabilityConstructError,
  ResourceSpec,
  SecretKeyReference,
  Memory,
  PolicyRule,
  VolumeMountSpec,
  addressEgress,
  defaultMetricsScrapers,
  externalPeers,
  secretVolume,
  uniqueRules,
  urlEgress,
  checkSecretKeyReference,
  configHash,
  contextOf,
  createService,
  createWorkload,
  healthProbes,
  imageVersion,
  networkPolicy,
  resolveName,
  resolveNamespace,
  resolveResources,
  selectorLabels,
  serviceDnsName,
  resolveClusterDomain,
  serviceMonitor,
  standardLabels,
  requireWholeNumber,
  HttpExposure,
  Placement,
  checkHttpExposure,
  checkPlacement,
  createHttpExposure,
  requireProp,
  isDnsSubdomain,
} from '../core';
import { DEFAULT_DASHBOARD_FOLDER, Dashboard, checkDashboard, dashboardConfigMap } from './dashboard';

/** The reference design gives each Grafana replica 500m CPU and 1Gi memory. */
export const DEFAULT_GRAFANA_RESOURCES: ResourceSpec = { cpu: '500m', memory: '1Gi' };
/** Grafana's HTTP port. */
export const GRAFANA_PORT = 3000;
/** The UID of the `grafana/grafana` image. */
export const GRAFANA_UID = 472;

/** The admin user's name unless `adminUser` says otherwise (Grafana's own default). */
export const DEFAULT_GRAFANA_ADMIN_USER = 'admin';
/** The data emptyDir's cap: sessions and plugin state with an external database, the SQLite file without one. */
export const DEFAULT_GRAFANA_DATA_SIZE_LIMIT = '1Gi';
/** Ports of the databases Grafana speaks (PostgreSQL, MySQL), for the egress policy when no endpoint is given. */
export const DEFAULT_GRAFANA_DATABASE_PORTS: readonly number[] = [5432, 3306];
/** Where Secret values are mounted, one directory per value, for the image's `GF_*__FILE` variables. */
export const GRAFANA_SECRETS_DIR = '/etc/grafana/secrets';

/** Where the CAs of HTTPS data sources are mounted, one directory per Secret. */
export const GRAFANA_TLS_DIR = '/etc/grafana/tls';

/** Where the server certificate and key of `serverTls` are mounted. */
export const GRAFANA_SERVER_TLS_DIR = '/etc/grafana/server-tls';

/**
 * HTTPS on Grafana's own port. Grafana reads `[server] protocol` (`http`, `https`, `h2`, `socket`), `cert_file` and
 * `cert_key` (grafana/grafana conf/defaults.ini, read unpinned), set here through the `GF_SERVER_*` environment
 * variables that override `GF_<SECTION>_<KEY>` (grafana.com/docs/grafana/v12.3/setup-grafana/configure-grafana/,
 * "Override configuration with environment variables").
 */
export interface GrafanaServerTls {
  /** A Secret with `tls.crt` and `tls.key` naming the Service's host (a cert-manager Certificate's Secret, say). */
  readonly secretName: string;
  /**
   * The Secret whose `ca.crt` the ServiceMonitor verifies Grafana with; only that key is read. @default `secretName`
   */
  readonly caSecretName?: string;
}

const DATA_DIR = '/var/lib/grafana';
const PROVISIONING_DIR = '/etc/grafana/provisioning';

/** A Prometheus-compatible data source (a Thanos querier or query-frontend, a Prometheus). */
export interface GrafanaDataSource {
  readonly name: string;
  /**
   * Anything with an HTTP query API: `ThanosQuery`, `ThanosQueryFrontend`, `PrometheusWithSidecar`. A source with
   * `httpTls` is called over HTTPS and verified with its `ca.crt`.
   */
  readonly source: IHttpEndpoint;
  /** @default the first data source */
  readonly isDefault?: boolean;
  /**
   * The data source's fixed uid, which dashboards reference (`Dashboard.datasourceUid`).
   * @default the name in lower case, every run of other characters than letters and digits as `-`
   */
  readonly uid?: string;
}

/** A data source's uid from its name when none is given: `Thanos` → `thanos`, `Thanos (EU)` → `thanos-eu`. */
export function defaultDataSourceUid(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}

/** Where each dashboard folder's ConfigMap is mounted, one directory per folder. */
export const GRAFANA_DASHBOARDS_DIR = '/etc/grafana/dashboards';
/** How often Grafana rescans the dashboard files (a changed ConfigMap reaches the pods without a restart). */
export const DEFAULT_DASHBOARD_RESCAN_SECONDS = 60;

export interface GrafanaProps {
  /** @default the construct id */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /** Provisioned data sources; the first is the default unless another says so. */
  readonly dataSources: readonly GrafanaDataSource[];
  /** The admin password, from a Secret. Grafana's built-in default is refused. */
  readonly adminPassword: SecretKeyReference;
  /**
   * The admin user's name, or a Secret key holding it (so the name is no more guessable than the password).
   * @default DEFAULT_GRAFANA_ADMIN_USER
   */
  readonly adminUser?: string | SecretKeyReference;
  /**
   * `host:port` of the database behind `databaseUrl`, for the egress policy (the library cannot read the Secret).
   * @default any address but the metadata range on DEFAULT_GRAFANA_DATABASE_PORTS
   */
  readonly databaseEndpoint?: string;
  /** Cap of the data emptyDir. @default DEFAULT_GRAFANA_DATA_SIZE_LIMIT */
  readonly dataSizeLimit?: string;
  /** More egress (alerting webhooks, plugins' endpoints). @default none */
  readonly extraEgress?: readonly PolicyRule[];
  /**
   * A database URL (`postgres://…`, `mysql://…`) from a Secret. Required for more than one replica: each pod's own
   * SQLite would hold its own sessions, and users would be logged out as requests move between pods.
   * @default SQLite on an emptyDir, one replica only
   */
  readonly databaseUrl?: SecretKeyReference;
  /** @default 1 */
  readonly replicas?: number;
  /** @default DEFAULT_GRAFANA_RESOURCES */
  readonly resources?: ResourceSpec;
  /** @default IMAGES.grafana */
  readonly image?: string;
  /**
   * Peers allowed to the UI, e.g. your ingress controller's namespace. `kubectl port-forward` works without any.
   * @default only Prometheus pods of the namespace (metrics)
   */
  readonly users?: readonly k8s.NetworkPolicyPeer[];
  /** @default true */
  readonly networkPolicy?: boolean;
  /** Peers allowed to scrape the metrics (on the UI port). @default defaultMetricsScrapers(): Prometheus pods of the namespace */
  readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
  readonly monitoring?: MonitoringOptions;
  /** The cluster's DNS domain, in Grafana's own URL. @default DEFAULT_CLUSTER_DOMAIN */
  readonly clusterDomain?: string;
  /** Node selection, tolerations, priority, pull secrets, pod labels and a mirror registry. @default none */
  readonly placement?: Placement;
  /** Expose Grafana (which has its own login) through an Ingress or a Gateway API HTTPRoute, with TLS. @default not exposed */
  readonly exposure?: HttpExposure;
  /**
   * Serve HTTPS on port 3000 with a certificate from a Secret: `url` becomes `https://…`, probes and the
   * ServiceMonitor switch to HTTPS. Cannot be combined with `exposure` (its backend is called in plain text).
   * @default plain HTTP inside the cluster
   */
  readonly serverTls?: GrafanaServerTls;
  /**
   * Dashboards provisioned from ConfigMaps (one per folder) through a file provider: read-only in the UI, updated
   * when the ConfigMap changes. Each references a data source of `dataSources` by uid. @default none
   */
  readonly dashboards?: readonly Dashboard[];
}

/**
 * Grafana with its data sources provisioned from the handles of the components it reads (never typed URLs), the
 * admin password and database from Secrets, restricted pod security on a read-only root, no phoning home.
 */
export class Grafana extends Construct implements IEndpointSource {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly url: string;
  public readonly endpoints: Readonly<Record<string, string>>;
  /** Grafana's URL outside the cluster, when `exposure` is set. */
  public readonly externalUrl?: string;
  /** Set when Grafana serves HTTPS. */
  public readonly serverTls?: GrafanaServerTls;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    const context = contextOf(this, 'Grafana');
    const name = resolveName(this, props.name, context);
    const namespace = resolveNamespace(this, props.namespace, context);
    const clusterDomain = resolveClusterDomain(props.clusterDomain, context);
    const replicas = props.replicas ?? 1;
    requireWholeNumber(
      replicas,
      1,
      context,
      'replicas',
      'the reference design runs 2 replicas (with a shared database)',
    );
    if (replicas > 1 && props.databaseUrl === undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'databaseUrl',
        problem: `is required with ${replicas} replicas: each pod's own SQLite would hold its own sessions`,
        value: undefined,
        fix: "give a Secret key holding a postgres:// or mysql:// URL, e.g. { name: 'grafana-db', key: 'url' }",
      });
    }
    if (
      requireProp(
        props.dataSources,
        context,
        'dataSources',
        "pass the global querier, e.g. [{ name: 'Thanos', source: query }]",
      ).length === 0
    ) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'dataSources',
        problem: 'must list at least one data source',
        value: [],
        fix: "pass the global querier, e.g. [{ name: 'Thanos', source: query }]",
      });
    }
    const serverTls = checkServerTls(props.serverTls, context);
    if (serverTls !== undefined && props.exposure !== undefined) {
      // An Ingress's backend protocol is controller-specific (an annotation per controller), and an HTTPRoute's
      // needs a BackendTLSPolicy the library does not emit: the exposure would call port 3000 in plain text.
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'exposure',
        problem:
          'cannot be set together with serverTls: the Ingress or HTTPRoute would call the HTTPS port in plain text',
        value: props.exposure,
        fix: 'drop serverTls on an exposed Grafana (the exposure terminates TLS), or drop exposure',
      });
    }
    const admin = checkSecretKeyReference(props.adminPassword, context, 'adminPassword');
    const database = props.databaseUrl
      ? checkSecretKeyReference(props.databaseUrl, context, 'databaseUrl')
      : undefined;
    const resources = resolveResources(props.resources ?? DEFAULT_GRAFANA_RESOURCES, context, 'resources');
    const image = props.image ?? IMAGES.grafana;
    const info = { name: 'grafana', instance: name, component: 'dashboards', version: imageVersion(image) };
    const labels = standardLabels(info);
    const selector = selectorLabels(info);
    const explicitDefault = props.dataSources.some((d) => d.isDefault);
    props.dataSources.forEach((d, i) => checkHttpClient(d.source, context, `dataSources[${i}].source`));
    const caSecrets = [
      ...new Set(
        props.dataSources.flatMap((d) => (d.source.httpTls ? [httpCaSecret(d.source.httpTls)] : [])),
      ),
    ].sort();
    const caFile = (secret: string) => `${GRAFANA_TLS_DIR}/${secret}/ca.crt`;
    const uids = checkDataSourceUids(props.dataSources, context);
    const dashboards = checkDashboards(props.dashboards ?? [], uids, context);
    const provisioning = stringify(
      {
        apiVersion: 1,
        datasources: props.dataSources.map((d, i) => ({
          name: d.name,
          uid: uids[i],
          type: 'prometheus',
          access: 'proxy',
          url: d.source.httpUrl,
          isDefault: explicitDefault ? (d.isDefault ?? false) : i === 0,
          editable: false,
          // An HTTPS source is verified with its CA, read from the mounted Secret when the file is provisioned:
          // provisioning values go through `$__file{}` expansion (grafana/grafana pkg/services/provisioning/values
          // values.go `interpolateValue` → pkg/setting/expanders.go `fileExpander`, read unpinned); the fields are
          // the data source's `tlsAuthWithCACert` and secure `tlsCACert` (Grafana docs, administration/provisioning).
          ...(d.source.httpTls
            ? {
                jsonData: { tlsAuthWithCACert: true },
                secureJsonData: { tlsCACert: `$__file{${caFile(httpCaSecret(d.source.httpTls))}}` },
              }
            : {}),
        })),
      },
      { lineWidth: 0 },
    );
    const configMap = new k8s.KubeConfigMap(this, 'datasources', {
      metadata: { name: `${name}-datasources`, namespace, labels },
      data: { 'datasources.yaml': provisioning },
    });
    const dashboardVolumes = this.provisionDashboards(dashboards, { name, namespace, labels });
    // Secret values reach Grafana as files: the image's entrypoint reads every `GF_<X>__FILE` into `GF_<X>`
    // (grafana/grafana packaging/docker/run.sh), so no credential sits in the pod spec's environment.
    const secretFiles: VolumeMountSpec[] = [];
    const secretFile = (envName: string, ref: SecretKeyReference): k8s.EnvVar => {
      const dir = `${GRAFANA_SECRETS_DIR}/${envName.toLowerCase().replace(/_/g, '-')}`;
      secretFiles.push({
        volume: secretVolume(`secret-${secretFiles.length}`, ref.name, [{ key: ref.key, path: 'value' }]),
        mountPath: dir,
        readOnly: true,
      });
      return { name: `${envName}__FILE`, value: `${dir}/value` };
    };
    const adminUser = props.adminUser ?? DEFAULT_GRAFANA_ADMIN_USER;
    const userRef =
      typeof adminUser === 'string' ? undefined : checkSecretKeyReference(adminUser, context, 'adminUser');
    if (typeof adminUser === 'string' && !/^[A-Za-z0-9][-A-Za-z0-9_.@]{0,63}$/.test(adminUser)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'adminUser',
        problem: 'is not a login name (letters, digits and -_.@, at most 64 characters)',
        value: adminUser,
        fix: "write e.g. 'grafana-admin', or pass a Secret key: { name: 'grafana-admin', key: 'user' }",
      });
    }
    const env: k8s.EnvVar[] = [
      { name: 'GF_PATHS_DATA', value: DATA_DIR },
      { name: 'GF_PATHS_PROVISIONING', value: PROVISIONING_DIR },
      { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
      userRef
        ? secretFile('GF_SECURITY_ADMIN_USER', userRef)
        : { name: 'GF_SECURITY_ADMIN_USER', value: adminUser as string },
      secretFile('GF_SECURITY_ADMIN_PASSWORD', admin),
      ...(database ? [secretFile('GF_DATABASE_URL', database)] : []),
      ...(serverTls
        ? [
            { name: 'GF_SERVER_PROTOCOL', value: 'https' },
            { name: 'GF_SERVER_CERT_FILE', value: `${GRAFANA_SERVER_TLS_DIR}/tls.crt` },
            { name: 'GF_SERVER_CERT_KEY', value: `${GRAFANA_SERVER_TLS_DIR}/tls.key` },
          ]
        : []),
    ];
    const secrets = [
      ...(userRef ? [userRef.name] : []),
      admin.name,
      ...(database ? [database.name] : []),
      ...(serverTls ? [serverTls.secretName] : []),
    ];
    const dataSizeLimit = Memory.parse(
      props.dataSizeLimit ?? DEFAULT_GRAFANA_DATA_SIZE_LIMIT,
      context,
      'dataSizeLimit',
    );
    const ports = [{ name: 'http', port: GRAFANA_PORT }];
    this.deployment = createWorkload(this, 'deployment', {
      kind: 'Deployment',
      placement: checkPlacement(props.placement, context),
      name,
      namespace,
      labels,
      selector,
      replicas,
      containerName: 'grafana',
      image,
      args: [],
      env,
      ports,
      resources,
      probes: withScheme(healthProbes('http', '/api/health'), serverTls),
      volumes: [
        {
          volume: {
            name: 'data',
            emptyDir: { sizeLimit: k8s.Quantity.fromString(dataSizeLimit.toString()) },
          },
          mountPath: DATA_DIR,
        },
        ...secretFiles,
        ...(serverTls
          ? [
              {
                volume: secretVolume('server-tls', serverTls.secretName, [
                  { key: 'tls.crt', path: 'tls.crt' },
                  { key: 'tls.key', path: 'tls.key' },
                ]),
                mountPath: GRAFANA_SERVER_TLS_DIR,
                readOnly: true,
              },
            ]
          : []),
        ...caSecrets.map((secret, i) => ({
          volume: secretVolume(`datasource-ca-${i}`, secret, [{ key: 'ca.crt', path: 'ca.crt' }]),
          mountPath: `${GRAFANA_TLS_DIR}/${secret}`,
          readOnly: true,
        })),
        {
          volume: { name: 'datasources', configMap: { name: configMap.name } },
          mountPath: `${PROVISIONING_DIR}/datasources`,
          readOnly: true,
        },
        ...dashboardVolumes.volumes,
      ],
      configHash: configHash(provisioning + dashboardVolumes.providers),
      runAsUser: GRAFANA_UID,
      externalReferences: [...new Set([...secrets, ...caSecrets])].map((n) => ({
        kind: 'Secret' as const,
        name: n,
      })),
    }).apiObject as k8s.KubeDeployment;
    this.service = createService(this, 'service', { name, namespace, labels, selector, ports });
    if (props.networkPolicy ?? true) {
      networkPolicy(this, 'network-policy', {
        name,
        namespace,
        labels,
        podSelector: selector,
        ingress: [
          {
            peers: [...(props.users ?? []), ...(props.metricsScrapers ?? defaultMetricsScrapers())],
            ports: [{ port: GRAFANA_PORT }],
          },
        ],
        // The data sources, the database, and what the user adds: no route to the metadata service (SSRF).
        egress: uniqueRules([
          ...props.dataSources.map((d) => urlEgress(d.source.httpUrl)),
          ...(database
            ? props.databaseEndpoint !== undefined
              ? [addressEgress(props.databaseEndpoint)]
              : [{ peers: externalPeers(), ports: DEFAULT_GRAFANA_DATABASE_PORTS.map((port) => ({ port })) }]
            : []),
          ...(props.extraEgress ?? []),
        ]),
      });
    }
    if (props.monitoring?.serviceMonitor) {
      serviceMonitor(this, 'service-monitor', {
        name,
        namespace,
        labels,
        serviceSelector: selector,
        portName: 'http',
        monitoring: props.monitoring,
        // Prometheus scrapes pod addresses: it verifies the certificate against the CA and the Service's host name.
        tls: serverTls && {
          caSecret: { name: serverTls.caSecretName ?? serverTls.secretName, key: 'ca.crt' },
          serverName: serviceDnsName(name, namespace, clusterDomain),
        },
      });
    }
    const scheme = serverTls ? 'https' : 'http';
    this.url = `${scheme}://${serviceDnsName(name, namespace, clusterDomain)}:${GRAFANA_PORT}`;
    this.serverTls = serverTls;
    this.endpoints = { grafana: this.url };
    if (props.exposure !== undefined) {
      const target = {
        namespace,
        name,
        labels,
        serviceName: name,
        servicePort: GRAFANA_PORT,
        ownLogin: true,
      };
      const exposure = checkHttpExposure(props.exposure, target, context, 'exposure');
      this.externalUrl = createHttpExposure(this, 'exposure', exposure, target).url;
    }
  }

  /**
   * One ConfigMap of dashboard JSON per folder, mounted under GRAFANA_DASHBOARDS_DIR, and the file providers that
   * load them (Grafana's dashboard provisioning: `apiVersion: 1`, `providers[]` of `type: file` with
   * `options.path`, `folder`, `folderUid`, `disableDeletion`, `allowUiUpdates`, `updateIntervalSeconds`;
   * grafana.com/docs/grafana/latest/administration/provisioning/#dashboards, read unpinned).
   */
  private provisionDashboards(
    dashboards: readonly Dashboard[],
    meta: { name: string; namespace: string; labels: Record<string, string> },
  ): { volumes: VolumeMountSpec[]; providers: string } {
    if (dashboards.length === 0) return { volumes: [], providers: '' };
    const folders = [...new Set(dashboards.map((d) => d.folder ?? DEFAULT_DASHBOARD_FOLDER))].sort();
    const slug = (folder: string) => defaultDataSourceUid(folder) || 'general';
    const volumes: VolumeMountSpec[] = folders.map((folder) => {
      const cm = dashboardConfigMap(this, `dashboards-${slug(folder)}`, {
        name: `${meta.name}-dashboards-${slug(folder)}`,
        namespace: meta.namespace,
        labels: meta.labels,
        dashboards: dashboards.filter((d) => (d.folder ?? DEFAULT_DASHBOARD_FOLDER) === folder),
      });
      return {
        volume: { name: `dashboards-${slug(folder)}`, configMap: { name: cm.name } },
        mountPath: `${GRAFANA_DASHBOARDS_DIR}/${slug(folder)}`,
        readOnly: true,
      };
    });
    const providers = stringify(
      {
        apiVersion: 1,
        providers: folders.map((folder) => ({
          name: slug(folder),
          folder,
          folderUid: slug(folder),
          type: 'file',
          disableDeletion: true,
          allowUiUpdates: false,
          updateIntervalSeconds: DEFAULT_DASHBOARD_RESCAN_SECONDS,
          options: { path: `${GRAFANA_DASHBOARDS_DIR}/${slug(folder)}`, foldersFromFilesStructure: false },
        })),
      },
      { lineWidth: 0 },
    );
    const providerMap = new k8s.KubeConfigMap(this, 'dashboard-providers', {
      metadata: { name: `${meta.name}-dashboard-providers`, namespace: meta.namespace, labels: meta.labels },
      data: { 'dashboards.yaml': providers },
    });
    volumes.push({
      volume: { name: 'dashboard-providers', configMap: { name: providerMap.name } },
      mountPath: `${PROVISIONING_DIR}/dashboards`,
      readOnly: true,
    });
    return { volumes, providers };
  }
}

/** The uid of every data source (given or from its name), checked and unique. */
function checkDataSourceUids(
  sources: readonly GrafanaDataSource[],
  context: ReturnType<typeof contextOf>,
): string[] {
  const uids = sources.map((d) => d.uid ?? defaultDataSourceUid(String(d.name)));
  uids.forEach((uid, i) => {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(uid) || uids.indexOf(uid) !== i) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `dataSources[${i}].uid`,
        problem: uids.indexOf(uid) !== i ? 'is the uid of another data source' : 'is not a Grafana uid',
        value: uid,
        fix: "give each data source its own uid of up to 40 letters, digits, '-' and '_', e.g. 'thanos'",
      });
    }
  });
  return uids;
}

/** Dashboards checked: valid, unique uids, each on a provisioned data source. */
function checkDashboards(
  dashboards: readonly Dashboard[],
  dataSourceUids: readonly string[],
  context: ReturnType<typeof contextOf>,
): readonly Dashboard[] {
  const seen = new Set<string>();
  dashboards.forEach((d, i) => {
    checkDashboard(d, context, `dashboards[${i}]`);
    if (seen.has(d.uid)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `dashboards[${i}].uid`,
        problem: 'is the uid of another dashboard',
        value: d.uid,
        fix: 'give every dashboard its own uid',
      });
    }
    seen.add(d.uid);
    if (!dataSourceUids.includes(d.datasourceUid)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.DANGLING_REFERENCE,
        prop: `dashboards[${i}].datasourceUid`,
        problem: `names no provisioned data source (uids: ${dataSourceUids.join(', ')})`,
        value: d.datasourceUid,
        fix: "use the uid of one of dataSources, or set that data source's uid",
      });
    }
  });
  return dashboards;
}

/** Checks `serverTls` at run time too (JavaScript callers): each Secret name must be a Kubernetes name. */
function checkServerTls(
  value: GrafanaServerTls | undefined,
  context: ReturnType<typeof contextOf>,
): GrafanaServerTls | undefined {
  if (value === undefined) return undefined;
  for (const prop of ['secretName', 'caSecretName'] as const) {
    const v = (value as unknown as Record<string, unknown>)?.[prop];
    if (prop === 'caSecretName' && v === undefined) continue;
    if (!isDnsSubdomain(v)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_NAME,
        prop: `serverTls.${prop}`,
        problem: 'must name a Secret of the namespace',
        value: v,
        fix: "give the name of a Secret with tls.crt, tls.key and ca.crt, e.g. { secretName: 'grafana-tls' }",
      });
    }
  }
  return value;
}
