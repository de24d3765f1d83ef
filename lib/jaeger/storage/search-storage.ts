import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
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
  Placement,
  checkPlacement,
} from '../../core';
import { SearchConnection } from '../../elasticsearch';
import { JAEGER_UID } from '../config';
import { buildSearchBackend } from '../config/search';
import { JaegerIndexJobs } from './index-jobs';
import { IndexLifecycle, ResolvedLifecycle, resolveIndexLifecycle } from './lifecycle';
import { SearchClientPlumbing, searchClientPlumbing } from './plumbing';

/** Seed 000: five primary shards per index. */
export const DEFAULT_INDEX_SHARDS = 5;
/** Seed 000: one replica of each shard, so a lost node loses no spans. */
export const DEFAULT_INDEX_REPLICAS = 1;
/** The index prefix every role and job shares unless told otherwise. */
export const DEFAULT_INDEX_PREFIX = 'jaeger';
/** The dependencies job runs shortly before midnight UTC and processes that day. */
export const DEFAULT_DEPENDENCIES_SCHEDULE = '45 23 * * *';
/** The pinned spark-dependencies variant reads Elasticsearch up to this major version (assumed when unknown). */
export const SPARK_IMAGE_MAX_ES_MAJOR = 8;
/** Spark needs memory: the job's default resources. */
export const DEFAULT_DEPENDENCIES_RESOURCES: ResourceSpec = { cpu: '1', memory: '2Gi', memoryLimit: '3Gi' };

/** The spark-dependencies job, which computes the service graph the UI's dependencies view shows. */
export interface DependenciesJobOptions {
  /** @default DEFAULT_DEPENDENCIES_SCHEDULE */
  readonly schedule?: string;
  /** @default DEFAULT_DEPENDENCIES_RESOURCES */
  readonly resources?: ResourceSpec;
  /** @default IMAGES.sparkDependenciesElasticsearch8 */
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
  /** Keep an archive backend (index prefix `<indexPrefix>-archive`, kept until deleted by hand). @default false */
  readonly archive?: boolean;
  /** Run the spark-dependencies job. @default not run */
  readonly dependencies?: DependenciesJobOptions;
  /** Resources of the index jobs. */
  readonly jobResources?: ResourceSpec;
  /** Where the index and dependencies jobs' pods run (see Placement). @default none */
  readonly placement?: Placement;
}

const INDEX_PREFIX = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

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
  public readonly plumbing: SearchClientPlumbing;
  /** Where the jobs' pods run. */
  private readonly placement?: Placement;
  /** The `jaeger_storage` backend for the primary storage. */
  public readonly backend: Record<string, unknown>;
  /** The archive backend, when `archive` is set. */
  public readonly archiveBackend?: Record<string, unknown>;
  /** Egress to the engine's pods when it runs in the cluster; undefined when it is outside (no egress policy). */
  public readonly egress?: PolicyRule;
  public readonly indexJobs: JaegerIndexJobs;
  public readonly dependenciesJob?: k8s.KubeCronJob;

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
    const seed = `seed 000 uses ${DEFAULT_INDEX_SHARDS} shards and ${DEFAULT_INDEX_REPLICAS} replica`;
    requireWholeNumber(shards, 1, context, 'shards', seed);
    requireWholeNumber(replicas, 0, context, 'replicas', seed);
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
    this.plumbing = searchClientPlumbing(props.connection, context, 'connection');
    const common = {
      engine: props.connection.engine,
      serverUrls: props.connection.serverUrls,
      auth: this.plumbing.auth,
      caFile: this.plumbing.caFile,
      shards,
      replicas,
    };
    this.backend = buildSearchBackend({
      ...common,
      indexPrefix,
      rotation: this.lifecycle.rotation,
      createMappings: this.lifecycle.createMappings,
      maxSpanAge: this.lifecycle.maxSpanAge,
    });
    if (props.archive) {
      this.archiveBackend = buildSearchBackend({
        ...common,
        indexPrefix: `${indexPrefix}-archive`,
        rotation: { kind: 'periodic' },
        createMappings: true,
        maxSpanAge: this.lifecycle.maxSpanAge,
      });
    }
    const inCluster = props.connection.inCluster;
    if (inCluster) {
      this.egress = {
        peers: [podPeer({ ...inCluster.podSelector }, inCluster.namespace)],
        ports: [{ port: inCluster.port }],
      };
    }
    this.indexJobs = new JaegerIndexJobs(this, 'index-jobs', {
      name,
      namespace,
      lifecycle: this.lifecycle,
      search: this.plumbing,
      indexPrefix,
      shards,
      replicas,
      resources: props.jobResources,
      placement: this.placement,
    });
    if (props.dependencies) {
      this.dependenciesJob = this.dependenciesCronJob(name, namespace, props.dependencies, context);
    }
  }

  private dependenciesCronJob(
    name: string,
    namespace: string,
    options: DependenciesJobOptions,
    context: ReturnType<typeof contextOf>,
  ): k8s.KubeCronJob {
    const connection = this.connection;
    const pinnedImageFits =
      connection.engine === 'elasticsearch' &&
      (connection.majorVersion ?? SPARK_IMAGE_MAX_ES_MAJOR) <= SPARK_IMAGE_MAX_ES_MAJOR &&
      !this.plumbing.tokenFile &&
      !this.plumbing.apiKeyFile;
    if (options.image === undefined && !pinnedImageFits) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'dependencies',
        problem:
          'needs Elasticsearch 7.17 or 8.x with basic auth or none: the pinned spark-dependencies image covers only those',
        value: {
          engine: connection.engine,
          majorVersion: connection.majorVersion,
          auth: connection.auth?.kind,
        },
        fix: 'leave dependencies out, or pass an image variant for your engine in dependencies.image',
      });
    }
    const image = options.image ?? IMAGES.sparkDependenciesElasticsearch8;
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
    const env: k8s.EnvVar[] = [
      { name: 'ES_NODES', value: connection.serverUrls.join(',') },
      { name: 'ES_INDEX_PREFIX', value: this.indexPrefix },
      { name: 'ES_NODES_WAN_ONLY', value: 'true' },
      // The pod's UID has no passwd entry; Spark and Hadoop then need a user name from the environment.
      { name: 'SPARK_USER', value: 'jaeger' },
      { name: 'HADOOP_USER_NAME', value: 'jaeger' },
      ...this.plumbing.toolEnv,
    ];
    if (this.lifecycle.mode !== 'periodic') env.push({ name: 'ES_USE_ALIASES', value: 'true' });
    const truststore = '/tmp/truststore.p12';
    if (this.plumbing.caFile) {
      env.push({
        name: 'JAVA_OPTS',
        value: `-Djavax.net.ssl.trustStore=${truststore} -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12`,
      });
    }
    const schedule = options.schedule ?? DEFAULT_DEPENDENCIES_SCHEDULE;
    return createCronJob(this, 'dependencies', {
      placement: this.placement,
      name: `${name}-spark-dependencies`,
      namespace,
      labels,
      schedule,
      runAsUser: JAEGER_UID,
      externalReferences: this.plumbing.secrets.map((n) => ({ kind: 'Secret' as const, name: n })),
      // The JVM trusts a Java trust store, not a PEM file: build one from the CA before the job starts. The
      // store holds only the public CA certificate, so its password protects nothing and is not a secret.
      initContainers: this.plumbing.caFile
        ? [
            {
              name: 'truststore',
              image,
              command: [
                'keytool',
                '-importcert',
                '-noprompt',
                '-alias',
                'search-ca',
                '-file',
                this.plumbing.caFile,
                '-keystore',
                truststore,
                '-storetype',
                'PKCS12',
                '-storepass',
                'changeit',
              ],
              resources,
              volumes: this.plumbing.volumes,
            },
          ]
        : undefined,
      containers: [{ name: 'spark-dependencies', image, env, resources, volumes: this.plumbing.volumes }],
    });
  }
}
