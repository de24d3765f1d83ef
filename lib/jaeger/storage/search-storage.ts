import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ContainerSpec,
  ErrorCode,
  IMAGES,
  ObservabilityConstructError,
  PolicyRule,
  ResourceSpec,
  contextOf,
  createCronJob,
  imageVersion,
  podPeer,
  resolveName,
  resolveNamespace,
  resolveResources,
  standardLabels,
  requireWholeNumber,
  TMP_MOUNT_PATH,
  Placement,
  checkPlacement,
} from '../../core';
import { SearchClient, SearchConnection, SearchEngine } from '../../elasticsearch';
import { JAEGER_UID } from '../config';
import { buildSearchBackend } from '../config/search';
import { JaegerIndexJobs, jobNetworkPolicy, searchJobEgress } from './index-jobs';
import {
  ArchiveOptions,
  IndexLifecycle,
  ResolvedArchive,
  ResolvedLifecycle,
  resolveArchive,
  resolveIndexLifecycle,
} from './lifecycle';
import { SEARCH_USERNAME_ENV, SearchClientPlumbing, searchClientPlumbing } from './plumbing';
import { writeAliasWait } from './write-aliases';

/** The wait for the write aliases is one curl every few seconds. */
export const WRITE_ALIAS_WAIT_RESOURCES: ResourceSpec = { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi' };

/** The reference design uses five primary shards per index. */
export const DEFAULT_INDEX_SHARDS = 5;
/** The reference design keeps one replica of each shard, so a lost node loses no spans. */
export const DEFAULT_INDEX_REPLICAS = 1;
/** The index prefix every role and job shares unless told otherwise. */
export const DEFAULT_INDEX_PREFIX = 'jaeger';
/** The dependencies job runs shortly before midnight UTC and processes that day. */
export const DEFAULT_DEPENDENCIES_SCHEDULE = '45 23 * * *';
/** The Elasticsearch major version assumed when the connection does not say (the version ECK deploys by default). */
export const SPARK_ASSUMED_ES_MAJOR = 8;

/**
 * The pinned spark-dependencies variant for an engine: one image per Elasticsearch major and one for OpenSearch
 * (jaegertracing/spark-dependencies@v0.7.2 .github/workflows/ci-cd.yml matrix); undefined when none fits.
 */
export function sparkDependenciesImage(engine: SearchEngine, majorVersion?: number): string | undefined {
  if (engine === 'opensearch') return IMAGES.sparkDependenciesOpenSearch;
  const major = majorVersion ?? SPARK_ASSUMED_ES_MAJOR;
  return major === 7
    ? IMAGES.sparkDependenciesElasticsearch7
    : major === 8
      ? IMAGES.sparkDependenciesElasticsearch8
      : major === 9
        ? IMAGES.sparkDependenciesElasticsearch9
        : undefined;
}
/** The reference design's index refresh interval: spans are searchable within five seconds, at less cost than 1s. */
export const DEFAULT_REFRESH_INTERVAL = '5s';
/** How often the settings job applies the refresh interval to new indices. */
export const DEFAULT_REFRESH_SETTINGS_SCHEDULE = '*/10 * * * *';
/** Spark needs memory: the job's default resources. */
export const DEFAULT_DEPENDENCIES_RESOURCES: ResourceSpec = { cpu: '1', memory: '2Gi', memoryLimit: '3Gi' };

/** The spark-dependencies job, which computes the service graph the UI's dependencies view shows. */
export interface DependenciesJobOptions {
  /** @default DEFAULT_DEPENDENCIES_SCHEDULE */
  readonly schedule?: string;
  /** @default DEFAULT_DEPENDENCIES_RESOURCES */
  readonly resources?: ResourceSpec;
  /** @default the variant for the engine and its major version, see {@link sparkDependenciesImage} */
  readonly image?: string;
}

export interface JaegerSearchStorageProps {
  /** Base name of the jobs. @default the construct id */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /** Where the search engine is: `eck.connection` for an in-cluster ECK cluster, or `externalSearch(…)`. */
  readonly connection: SearchConnection;
  /** Shared by every role and job. @default DEFAULT_INDEX_PREFIX */
  readonly indexPrefix?: string;
  /** @default DEFAULT_INDEX_SHARDS */
  readonly shards?: number;
  /** @default DEFAULT_INDEX_REPLICAS */
  readonly replicas?: number;
  /** @default `{ mode: 'periodic' }` with 30 days of retention */
  readonly lifecycle?: IndexLifecycle;
  /**
   * Keep an archive backend (index prefix `<indexPrefix>-archive`, daily indices deleted after the archive's own
   * retention by their own cleaner). `true` takes the defaults of {@link ArchiveOptions}. @default false
   */
  readonly archive?: boolean | ArchiveOptions;
  /** Run the spark-dependencies job. @default not run */
  readonly dependencies?: DependenciesJobOptions;
  /** Resources of the index jobs. */
  readonly jobResources?: ResourceSpec;
  /** `index.refresh_interval` of every Jaeger index (an Elasticsearch time value). @default DEFAULT_REFRESH_INTERVAL */
  readonly refreshInterval?: string;
  /** When the settings job applies it to new indices. @default DEFAULT_REFRESH_SETTINGS_SCHEDULE */
  readonly refreshSchedule?: string;
  /** Where the index and dependencies jobs' pods run (see Placement). @default none */
  readonly placement?: Placement;
}

const INDEX_PREFIX = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function checkRefreshInterval(value: string, context: ReturnType<typeof contextOf>): string {
  if (typeof value !== 'string' || !/^[1-9][0-9]*(ms|s|m|h)$/.test(value)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'refreshInterval',
      problem: 'is not a positive Elasticsearch time value',
      value,
      fix: `write it like '${DEFAULT_REFRESH_INTERVAL}' or '30s'`,
    });
  }
  return value;
}

function checkSchedule(value: string, context: ReturnType<typeof contextOf>, prop: string): string {
  if (typeof value !== 'string' || !/^(\S+\s+){4}\S+$/.test(value.trim())) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'is not a five-field cron schedule',
      value,
      fix: `write it like '${DEFAULT_REFRESH_SETTINGS_SCHEDULE}'`,
    });
  }
  return value;
}

/**
 * Jaeger's storage on Elasticsearch or OpenSearch: the backend config every role shares (one index prefix, shard
 * and replica counts, rotation from the lifecycle), the Secret plumbing, the lifecycle's jobs, and the egress
 * rule to the engine's pods when it runs in the cluster. Collector, query and ingester take this as their
 * `storage`, so they cannot disagree on any of it.
 */
export class JaegerSearchStorage extends Construct {
  public readonly connection: SearchConnection;
  public readonly indexPrefix: string;
  public readonly shards: number;
  public readonly replicas: number;
  public readonly lifecycle: ResolvedLifecycle;
  /** Secrets and environment of the writers (collector, ingester). */
  public readonly plumbing: SearchClientPlumbing;
  /** …of the query, with the reader's credentials. */
  public readonly readerPlumbing: SearchClientPlumbing;
  /** …of the index and dependencies jobs, with the lifecycle credentials. */
  public readonly lifecyclePlumbing: SearchClientPlumbing;
  /** The `jaeger_storage` backend for the primary storage, as the writers use it. */
  /** Where the jobs' pods run. */
  private readonly placement?: Placement;
  public readonly backend: Record<string, unknown>;
  /** The same backend with the reader's credentials, for the query. */
  public readonly readerBackend: Record<string, unknown>;
  /** The archive backend (reader credentials: only the query reads and writes it), when `archive` is set. */
  public readonly archiveBackend?: Record<string, unknown>;
  /** The archive's prefix and retention, when `archive` is set. */
  public readonly archive?: ResolvedArchive;
  /** Egress to the engine's pods when it runs in the cluster; undefined when it is outside. */
  public readonly egress?: PolicyRule;
  /**
   * Egress to the engine, in the cluster or not: its pods, or the host and port of each server URL (never the
   * link-local metadata range). Every role that reads or writes spans, and every job, gets these rules.
   */
  public readonly egressRules: readonly PolicyRule[];
  public readonly indexJobs: JaegerIndexJobs;
  public readonly dependenciesJob?: k8s.KubeCronJob;
  /**
   * Init containers for every pod that writes spans: with read/write aliases, a wait until `es-rollover init` has
   * created them (so no write auto-creates an index under an alias's name); none with daily indices.
   */
  public readonly writerInitContainers: readonly ContainerSpec[];

  constructor(scope: Construct, id: string, props: JaegerSearchStorageProps) {
    super(scope, id);
    const context = contextOf(this, 'JaegerSearchStorage');
    this.placement = checkPlacement(props.placement, context);
    const unknownKind = (props.connection as unknown as { kind?: string } | undefined)?.kind;
    if (unknownKind === 'memory' || unknownKind === 'badger' || props.connection?.engine === undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'connection',
        problem:
          'must be an Elasticsearch or OpenSearch connection: collectors and queries in separate pods need shared storage',
        value: unknownKind ?? props.connection,
        fix: 'pass eck.connection or externalSearch({...}); for memory or badger storage use JaegerAllInOne',
      });
    }
    const name = resolveName(this, props.name, context);
    const namespace = resolveNamespace(this, props.namespace, context);
    const indexPrefix = props.indexPrefix ?? DEFAULT_INDEX_PREFIX;
    if (!INDEX_PREFIX.test(indexPrefix)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_NAME,
        prop: 'indexPrefix',
        problem: 'must be lower case letters, digits and inner dashes',
        value: indexPrefix,
        fix: `use e.g. '${DEFAULT_INDEX_PREFIX}' (Jaeger adds the '-' before its index names)`,
      });
    }
    const shards = props.shards ?? DEFAULT_INDEX_SHARDS;
    const replicas = props.replicas ?? DEFAULT_INDEX_REPLICAS;
    const reference = `the reference design uses ${DEFAULT_INDEX_SHARDS} shards and ${DEFAULT_INDEX_REPLICAS} replica`;
    requireWholeNumber(shards, 1, context, 'shards', reference);
    requireWholeNumber(replicas, 0, context, 'replicas', reference);
    this.connection = props.connection;
    this.indexPrefix = indexPrefix;
    this.shards = shards;
    this.replicas = replicas;
    this.lifecycle = resolveIndexLifecycle(
      props.lifecycle ?? { mode: 'periodic' },
      props.connection.engine,
      indexPrefix,
      context,
      'lifecycle',
    );
    const rolesPrefix = props.connection.rolesIndexPrefix;
    if (rolesPrefix !== undefined && rolesPrefix !== indexPrefix) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'indexPrefix',
        problem: `differs from the prefix '${rolesPrefix}' the connection's users have privileges on`,
        value: indexPrefix,
        fix: `use indexPrefix '${rolesPrefix}', or give the users' roles this prefix (EckElasticsearch jaegerUsers.indexPrefix)`,
      });
    }
    // Each kind of client gets its own credentials when the connection has them (least privilege).
    const plumbingFor = (client: SearchClient) =>
      searchClientPlumbing(
        { ...props.connection, auth: props.connection.clientAuth?.[client] ?? props.connection.auth },
        context,
        'connection',
      );
    this.plumbing = plumbingFor('writer');
    this.readerPlumbing = plumbingFor('reader');
    this.lifecyclePlumbing = plumbingFor('lifecycle');
    const common = (plumbing: SearchClientPlumbing) => ({
      engine: props.connection.engine,
      serverUrls: props.connection.serverUrls,
      auth: plumbing.auth,
      caFile: plumbing.caFile,
      shards,
      replicas,
    });
    const primary = {
      indexPrefix,
      rotation: this.lifecycle.rotation,
      createMappings: this.lifecycle.createMappings,
      maxSpanAge: this.lifecycle.maxSpanAge,
    };
    this.backend = buildSearchBackend({ ...common(this.plumbing), ...primary });
    this.readerBackend = buildSearchBackend({ ...common(this.readerPlumbing), ...primary });
    this.archive = resolveArchive(props.archive, indexPrefix, context);
    if (this.archive) {
      this.archiveBackend = buildSearchBackend({
        ...common(this.readerPlumbing),
        indexPrefix: this.archive.indexPrefix,
        rotation: { kind: 'periodic' },
        createMappings: true,
        maxSpanAge: this.archive.maxSpanAge,
      });
    }
    const inCluster = props.connection.inCluster;
    if (inCluster) {
      this.egress = {
        peers: [podPeer({ ...inCluster.podSelector }, inCluster.namespace)],
        ports: [{ port: inCluster.port }],
      };
    }
    const jobEgress = searchJobEgress(props.connection);
    this.egressRules = jobEgress;
    this.indexJobs = new JaegerIndexJobs(this, 'index-jobs', {
      egress: jobEgress,
      name,
      namespace,
      lifecycle: this.lifecycle,
      search: this.lifecyclePlumbing,
      indexPrefix,
      shards,
      replicas,
      archive: this.archive,
      refresh: {
        interval: checkRefreshInterval(props.refreshInterval ?? DEFAULT_REFRESH_INTERVAL, context),
        schedule: checkSchedule(
          props.refreshSchedule ?? DEFAULT_REFRESH_SETTINGS_SCHEDULE,
          context,
          'refreshSchedule',
        ),
      },
      resources: props.jobResources,
      placement: this.placement,
    });
    this.writerInitContainers =
      this.lifecycle.mode === 'periodic'
        ? []
        : [
            writeAliasWait(
              this.plumbing,
              indexPrefix,
              resolveResources(WRITE_ALIAS_WAIT_RESOURCES, context, 'jobResources'),
            ),
          ];
    if (props.dependencies) {
      this.dependenciesJob = this.dependenciesCronJob(name, namespace, props.dependencies, context);
      jobNetworkPolicy(this, 'dependencies-network-policy', {
        name,
        namespace,
        component: 'spark-dependencies',
        version: this.dependenciesJob.toJson().metadata.labels['app.kubernetes.io/version'],
        egress: jobEgress,
      });
    }
  }

  private dependenciesCronJob(
    name: string,
    namespace: string,
    options: DependenciesJobOptions,
    context: ReturnType<typeof contextOf>,
  ): k8s.KubeCronJob {
    const connection = this.connection;
    const engine = connection.engine;
    const pinned = sparkDependenciesImage(engine, connection.majorVersion);
    const basicOrNone = !this.lifecyclePlumbing.tokenFile && !this.lifecyclePlumbing.apiKeyFile;
    if (options.image === undefined && (!pinned || !basicOrNone)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'dependencies',
        problem:
          'needs Elasticsearch 7, 8 or 9 or OpenSearch with basic auth or none: spark-dependencies reads only a user name and password',
        value: { engine, majorVersion: connection.majorVersion, auth: connection.auth?.kind },
        fix: 'leave dependencies out, use basic auth, or pass an image for your engine in dependencies.image',
      });
    }
    const image = options.image ?? (pinned as string);
    const resources = resolveResources(
      options.resources ?? DEFAULT_DEPENDENCIES_RESOURCES,
      context,
      'dependencies.resources',
    );
    const labels = standardLabels({
      name: 'jaeger',
      instance: name,
      component: 'spark-dependencies',
      version: imageVersion(image),
      partOf: 'jaeger',
    });
    // The variables each variant reads (SPARK_DEPENDENCIES_ENV): ES_* for Elasticsearch, OS_* for OpenSearch.
    const p = engine === 'opensearch' ? 'OS_' : 'ES_';
    const env: k8s.EnvVar[] = [
      { name: `${p}NODES`, value: connection.serverUrls.join(',') },
      { name: `${p}INDEX_PREFIX`, value: this.indexPrefix },
      { name: `${p}NODES_WAN_ONLY`, value: 'true' },
      // The pod's UID has no passwd entry; Spark and Hadoop then need a user name from the environment.
      { name: 'SPARK_USER', value: 'jaeger' },
      { name: 'HADOOP_USER_NAME', value: 'jaeger' },
    ];
    const auth = this.lifecyclePlumbing.auth;
    if (auth?.kind === 'basic') {
      const user = this.lifecyclePlumbing.toolEnv.find((e) => e.name === SEARCH_USERNAME_ENV) as k8s.EnvVar;
      env.push({ ...user, name: `${p}USERNAME` });
    }
    if (this.lifecycle.mode !== 'periodic') env.push({ name: `${p}USE_ALIASES`, value: 'true' });
    // The job reads its password only from the environment (SPARK_DEPENDENCIES_ENV sources); the wrapper sets it
    // from the mounted Secret file, so the pod spec carries no secret in env. The JVM trusts a Java trust store,
    // not a PEM file: the init container builds one from the CA with a password made up for this run, as the store
    // holds only the public CA certificate. The image's entrypoint is /entrypoint.sh (jaegertracing/
    // spark-dependencies@v0.7.2 Dockerfile), which appends JAVA_OPTS to the java command line (entrypoint.sh).
    const truststore = `${TMP_MOUNT_PATH}/truststore.p12`;
    const storepass = `${TMP_MOUNT_PATH}/truststore.pass`;
    const wrapper = [
      'set -eu',
      ...(auth?.kind === 'basic'
        ? [`${p}PASSWORD="$(cat ${auth.passwordFile})"`, `export ${p}PASSWORD`]
        : []),
      ...(this.lifecyclePlumbing.caFile
        ? [
            `JAVA_OPTS="\${JAVA_OPTS:-} -Djavax.net.ssl.trustStore=${truststore} -Djavax.net.ssl.trustStorePassword=$(cat ${storepass}) -Djavax.net.ssl.trustStoreType=PKCS12"`,
            'export JAVA_OPTS',
          ]
        : []),
      'exec /entrypoint.sh "$@"',
    ].join('\n');
    const schedule = options.schedule ?? DEFAULT_DEPENDENCIES_SCHEDULE;
    return createCronJob(this, 'dependencies', {
      placement: this.placement,
      name: `${name}-spark-dependencies`,
      namespace,
      labels,
      schedule,
      runAsUser: JAEGER_UID,
      externalReferences: this.lifecyclePlumbing.secrets.map((n) => ({ kind: 'Secret' as const, name: n })),
      initContainers: this.lifecyclePlumbing.caFile
        ? [
            {
              name: 'truststore',
              image,
              command: [
                '/bin/sh',
                '-c',
                [
                  'set -eu',
                  'umask 077',
                  `head -c 32 /dev/urandom | base64 > ${storepass}`,
                  `keytool -importcert -noprompt -alias search-ca -file ${this.lifecyclePlumbing.caFile} -keystore ${truststore} -storetype PKCS12 -storepass:file ${storepass}`,
                ].join('\n'),
              ],
              resources,
              volumes: this.lifecyclePlumbing.volumes,
            },
          ]
        : undefined,
      containers: [
        {
          name: 'spark-dependencies',
          image,
          command: ['/bin/sh', '-c', wrapper, 'spark-dependencies'],
          env,
          resources,
          volumes: this.lifecyclePlumbing.volumes,
        },
      ],
    });
  }
}
