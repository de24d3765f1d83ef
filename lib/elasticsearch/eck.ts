import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Cpu,
  ErrorCode,
  Memory,
  ObservabilityConstructError,
  contextOf,
  resolveName,
  resolveNamespace,
  resolveResources,
  ResourceSpec,
  standardLabels,
  requireWholeNumber,
  Placement,
  operatorPodPlacement,
} from '../core';
import { k8s } from 'cdk8s-plus-28';
import { stringifyYaml as stringify } from '../core/manifest-yaml';
import { SearchAuth, SearchConnection } from './connection';
import { SEARCH_CLIENTS, SearchClient, SearchRole, jaegerSearchRoles, searchRoleName } from './roles';
import { SearchStorageLoad, sizeSearchStorage } from '../capacity/search-storage';

/** The Elasticsearch version ECK deploys unless told otherwise (an 8.x release the Jaeger 2.20 client supports). */
export const DEFAULT_ELASTICSEARCH_VERSION = '8.19.23';
/** Nodes of the default node set: three, so a shard and its replica never share a node and a master quorum holds. */
export const DEFAULT_ELASTICSEARCH_NODES = 3;
/**
 * Resources of each node unless told otherwise: memory request equal to its limit (a node is never the first to be
 * OOM-killed or evicted for memory it was promised), CPU allowed to burst to twice its request.
 */
export const DEFAULT_ELASTICSEARCH_RESOURCES: ResourceSpec = { cpu: '1', memory: '4Gi', cpuLimit: '2' };
/**
 * Elastic's heap guidance: the JVM heap takes half the node's memory and the other half stays for the file system
 * cache Lucene reads through; never above the compressed-object-pointer threshold (just under 32 GB).
 */
export const ELASTICSEARCH_HEAP_FRACTION = 0.5;
/** The largest heap the nodes get, in MiB: 31 GiB, below the compressed-object-pointer threshold. */
export const ELASTICSEARCH_MAX_HEAP_MIB = 31 * 1024;
/** The main container of an ECK node (elastic/cloud-on-k8s@v3.5.0 pkg/apis/elasticsearch/v1/elasticsearch_types.go). */
export const ELASTICSEARCH_CONTAINER_NAME = 'elasticsearch';
/** Data volume of each node. */
export const DEFAULT_ELASTICSEARCH_STORAGE = '100Gi';

/** The HTTP port of Elasticsearch. */
export const ELASTICSEARCH_HTTP_PORT = 9200;

/** The index prefix the Jaeger roles cover unless told otherwise (Jaeger's storage default). */
export const DEFAULT_JAEGER_ROLES_INDEX_PREFIX = 'jaeger';

/**
 * Least-privilege users for Jaeger, one per kind of client, created by ECK's file realm. Passwords are never
 * generated or written by the library: each user is a Secret of type `kubernetes.io/basic-auth` the user creates
 * in the cluster's namespace, with keys `username` (the name below) and `password`.
 */
export interface EckJaegerUsers {
  /** Index prefix the roles cover; the Jaeger storage must use the same. @default DEFAULT_JAEGER_ROLES_INDEX_PREFIX */
  readonly indexPrefix?: string;
  /** The basic-auth Secret of each user. */
  readonly secrets: Readonly<Record<SearchClient, string>>;
  /** User names, equal to each Secret's `username` key. @default `<indexPrefix>-writer`, `-reader`, `-lifecycle` */
  readonly usernames?: Readonly<Partial<Record<SearchClient, string>>>;
}

export interface EckElasticsearchProps {
  /** Name of the `Elasticsearch` resource; ECK derives its Services and Secrets from it. @default the construct id */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /** @default DEFAULT_ELASTICSEARCH_VERSION */
  readonly version?: string;
  /** @default DEFAULT_ELASTICSEARCH_NODES */
  readonly nodes?: number;
  /** Resources of each node. @default DEFAULT_ELASTICSEARCH_RESOURCES */
  readonly resources?: ResourceSpec;
  /** Data volume per node. @default DEFAULT_ELASTICSEARCH_STORAGE */
  readonly storageSize?: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /**
   * Create least-privilege roles (a roles Secret from {@link jaegerSearchRoles}) and bind them to three users
   * whose basic-auth Secrets you create; `connection` then hands each Jaeger client its own user instead of the
   * `elastic` superuser. @default Jaeger connects as `elastic`
   */
  readonly jaegerUsers?: EckJaegerUsers;
  /**
   * The spans the cluster must keep (spans/s, bytes per span, retention days, index replicas). When given, the
   * capacity model sizes the nodes and each node's volume from it (`sizeSearchStorage`: throughput × span size ×
   * retention × (1 + replicas) ÷ the disk watermark), and an explicit `nodes` × `storageSize` that cannot hold it is
   * refused with the size needed. @default not checked
   */
  readonly spanLoad?: SearchStorageLoad;
  /**
   * Where the Elasticsearch pods run (ECK's `podTemplate`); `imageRegistry` is refused (ECK picks the image).
   * @default none
   */
  readonly placement?: Placement;
}

/**
 * An Elasticsearch cluster run by the ECK operator (`elasticsearch.k8s.elastic.co/v1`, ECK 3.5): one node set of
 * master+data nodes on persistent volumes, spread over zones. ECK creates the TLS certificates, the `elastic` user
 * and a PodDisruptionBudget; `connection` hands their names to Jaeger so nobody copies strings.
 */
export class EckElasticsearch extends Construct {
  public readonly apiObject: ApiObject;
  /** Everything a client needs: HTTPS URL, the `elastic` user's Secret, the CA Secret, the pods for policies. */
  public readonly connection: SearchConnection;
  public readonly clusterName: string;
  public readonly namespace: string;
  /** The index prefix of the Jaeger roles (`jaegerUsers.indexPrefix`, else DEFAULT_JAEGER_ROLES_INDEX_PREFIX). */
  public readonly indexPrefix: string;
  private readonly roleSecrets: string[] = [];
  private readonly fileRealmSecrets: string[] = [];
  private readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: EckElasticsearchProps = {}) {
    super(scope, id);
    const context = contextOf(this, 'EckElasticsearch');
    const podPlacement = operatorPodPlacement(props.placement, context, { nodeSelectorAsAffinity: false });
    // ECK appends suffixes such as `-es-default-0` and `-es-http-certs-public` to the name.
    const name = resolveName(this, props.name, context, 36);
    const namespace = resolveNamespace(this, props.namespace, context);
    const version = props.version ?? DEFAULT_ELASTICSEARCH_VERSION;
    const major = Number(/^(\d+)\.\d+\.\d+$/.exec(version)?.[1]);
    if (!(major >= 7 && major <= 9)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'version',
        problem: 'must be an Elasticsearch release 7.x, 8.x or 9.x written in full',
        value: version,
        fix: `write e.g. '${DEFAULT_ELASTICSEARCH_VERSION}'`,
      });
    }
    const sized = props.spanLoad === undefined ? undefined : sizeSearchStorage(props.spanLoad, context);
    const nodes = props.nodes ?? Math.max(DEFAULT_ELASTICSEARCH_NODES, sized?.nodes ?? 0);
    requireWholeNumber(
      nodes,
      1,
      context,
      'nodes',
      `use ${DEFAULT_ELASTICSEARCH_NODES} for a cluster that survives the loss of a node`,
    );
    const resources = resolveResources(
      props.resources ?? DEFAULT_ELASTICSEARCH_RESOURCES,
      context,
      'resources',
    );
    const storage = Memory.parse(
      props.storageSize ??
        (sized === undefined
          ? DEFAULT_ELASTICSEARCH_STORAGE
          : `${Math.ceil(sized.diskBytes / nodes / 2 ** 30 - 1e-9)}Gi`),
      context,
      'storageSize',
    );
    if (sized !== undefined && storage.bytes * nodes < sized.diskBytes) {
      const perNode = Math.ceil(sized.diskBytes / nodes / 2 ** 30 - 1e-9);
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'storageSize',
        problem: `× ${nodes} nodes cannot hold the span load: ${(sized.bytesPerDay / 1e9).toFixed(1)} GB/day × ${props.spanLoad?.retentionDays} days × ${1 + (props.spanLoad?.indexReplicas ?? 0)} copies under the disk watermark needs ${Math.ceil(sized.diskBytes / 2 ** 30)} GiB`,
        value: props.storageSize,
        fix: `give each of the ${nodes} nodes at least ${perNode}Gi (or leave nodes and storageSize out to take the model's ${sized.nodes} × ${sized.storagePerNodeGiB}Gi), or keep spans fewer days`,
      });
    }
    const labels = standardLabels({
      name: 'elasticsearch',
      instance: name,
      component: 'storage',
      version,
      partOf: 'jaeger',
    });
    const podLabel = { 'elasticsearch.k8s.elastic.co/cluster-name': name };
    const quantity = (q: Cpu | Memory) => q.toString();
    const nodeResources = {
      requests: { cpu: quantity(resources.requests.cpu), memory: quantity(resources.requests.memory) },
      limits: { cpu: quantity(resources.limits.cpu), memory: quantity(resources.limits.memory) },
    };
    const heapMiB = Math.min(
      Math.floor((resources.limits.memory.bytes * ELASTICSEARCH_HEAP_FRACTION) / 2 ** 20),
      ELASTICSEARCH_MAX_HEAP_MIB,
    );
    if (heapMiB < 512) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'resources.memory',
        problem: 'leaves less than 512Mi of heap at half the memory limit',
        value: quantity(resources.limits.memory),
        fix: `give each node at least 1Gi; ${DEFAULT_ELASTICSEARCH_RESOURCES.memory} is the default`,
      });
    }

    const users = props.jaegerUsers
      ? this.jaegerUsers(props.jaegerUsers, name, namespace, labels, context)
      : undefined;
    this.apiObject = new ApiObject(this, 'resource', {
      apiVersion: 'elasticsearch.k8s.elastic.co/v1',
      kind: 'Elasticsearch',
      metadata: { name, namespace, labels },
      spec: {
        version,
        // A Lazy: addFileRealmUser (an exporter's user, say) appends after construction.
        auth: Lazy.any({
          produce: () =>
            this.roleSecrets.length + this.fileRealmSecrets.length === 0
              ? undefined
              : {
                  roles: this.roleSecrets.map((secretName) => ({ secretName })),
                  fileRealm: this.fileRealmSecrets.map((secretName) => ({ secretName })),
                },
        }),
        nodeSets: [
          {
            name: 'default',
            count: nodes,
            // No mmap: the nodes then need no vm.max_map_count change on the hosts (no privileged init container).
            config: { 'node.store.allow_mmap': false },
            // ECK 3.5's shorthand for the main container's resources (pkg/apis/common/v1/resources.go), and the
            // same values in the pod template for operators that predate it.
            resources: nodeResources,
            podTemplate: {
              ...(podPlacement?.metadata ? { metadata: podPlacement.metadata } : {}),
              spec: {
                ...podPlacement?.spec,
                containers: [
                  {
                    name: ELASTICSEARCH_CONTAINER_NAME,
                    resources: nodeResources,
                    env: [{ name: 'ES_JAVA_OPTS', value: `-Xms${heapMiB}m -Xmx${heapMiB}m` }],
                  },
                ],
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: 'topology.kubernetes.io/zone',
                    whenUnsatisfiable: 'ScheduleAnyway',
                    labelSelector: { matchLabels: podLabel },
                  },
                ],
              },
            },
            volumeClaimTemplates: [
              {
                metadata: { name: 'elasticsearch-data' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  resources: { requests: { storage: storage.toString() } },
                  ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
                },
              },
            ],
          },
        ],
      },
    });
    this.clusterName = name;
    this.namespace = namespace;
    this.labels = labels;
    this.indexPrefix =
      users?.indexPrefix ?? props.jaegerUsers?.indexPrefix ?? DEFAULT_JAEGER_ROLES_INDEX_PREFIX;
    if (users) {
      for (const r of users.auth.roles) this.roleSecrets.push(r.secretName);
      for (const f of users.auth.fileRealm) this.fileRealmSecrets.push(f.secretName);
    }
    this.connection = {
      engine: 'elasticsearch',
      serverUrls: [`https://${name}-es-http.${namespace}.svc:${ELASTICSEARCH_HTTP_PORT}`],
      auth: users?.clientAuth.writer ?? {
        kind: 'basic',
        username: 'elastic',
        password: { name: `${name}-es-elastic-user`, key: 'elastic' },
      },
      ...(users ? { clientAuth: users.clientAuth, rolesIndexPrefix: users.indexPrefix } : {}),
      ca: { name: `${name}-es-http-certs-public`, key: 'ca.crt' },
      majorVersion: major,
      inCluster: { namespace, podSelector: podLabel, port: ELASTICSEARCH_HTTP_PORT },
    };
  }

  /**
   * Adds one file-realm user with one role: a roles Secret and a mapping Secret, loaded by ECK's `spec.auth` with
   * the user's basic-auth Secret (keys `username`, `password`; the user creates it). Used for the metrics exporter.
   */
  public addFileRealmUser(
    id: string,
    options: {
      readonly roleName: string;
      readonly role: SearchRole;
      readonly username: string;
      readonly basicAuthSecret: string;
    },
  ): void {
    const roles = new k8s.KubeSecret(this, `${id}-role`, {
      metadata: { name: `${this.clusterName}-${id}-role`, namespace: this.namespace, labels: this.labels },
      stringData: { 'roles.yml': stringify({ [options.roleName]: options.role }) },
    });
    const mapping = new k8s.KubeSecret(this, `${id}-users-roles`, {
      metadata: {
        name: `${this.clusterName}-${id}-users-roles`,
        namespace: this.namespace,
        labels: this.labels,
      },
      stringData: { users_roles: `${options.roleName}:${options.username}\n` },
    });
    this.roleSecrets.push(roles.name);
    this.fileRealmSecrets.push(mapping.name, options.basicAuthSecret);
  }

  /**
   * The roles Secret, the role mapping Secret, and ECK's `spec.auth` that loads them with the users' basic-auth
   * Secrets (elastic/cloud-on-k8s@v3.5.0 pkg/apis/elasticsearch/v1/elasticsearch_types.go `Auth`, `RoleSource`
   * with a `roles.yml` key, `FileRealmSource`; pkg/controller/elasticsearch/user/user_provided.go reads a
   * basic-auth Secret's `username`/`password`, and filerealm/realm.go merges a `users_roles`-only Secret's
   * mapping with the users of the others).
   */
  private jaegerUsers(
    options: EckJaegerUsers,
    name: string,
    namespace: string,
    labels: Record<string, string>,
    context: ReturnType<typeof contextOf>,
  ): {
    readonly auth: {
      readonly roles: readonly { readonly secretName: string }[];
      readonly fileRealm: readonly { readonly secretName: string }[];
    };
    readonly clientAuth: Record<SearchClient, SearchAuth>;
    readonly indexPrefix: string;
  } {
    const indexPrefix = options.indexPrefix ?? DEFAULT_JAEGER_ROLES_INDEX_PREFIX;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(indexPrefix)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_NAME,
        prop: 'jaegerUsers.indexPrefix',
        problem: 'must be lower case letters, digits and inner dashes',
        value: indexPrefix,
        fix: `use the Jaeger storage's index prefix, e.g. '${DEFAULT_JAEGER_ROLES_INDEX_PREFIX}'`,
      });
    }
    for (const client of SEARCH_CLIENTS) {
      const secret = options.secrets?.[client];
      if (typeof secret !== 'string' || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(secret)) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop: `jaegerUsers.secrets.${client}`,
          problem: 'must name a basic-auth Secret in the cluster namespace',
          value: secret,
          fix: `create one with keys username and password, e.g. '${name}-jaeger-${client}', and name it here`,
        });
      }
    }
    const roles = jaegerSearchRoles(indexPrefix);
    const username = (client: SearchClient) => options.usernames?.[client] ?? `${indexPrefix}-${client}`;
    const rolesSecret = new k8s.KubeSecret(this, 'jaeger-roles', {
      metadata: { name: `${name}-jaeger-roles`, namespace, labels },
      stringData: { 'roles.yml': stringify(roles) },
    });
    const mappingSecret = new k8s.KubeSecret(this, 'jaeger-users-roles', {
      metadata: { name: `${name}-jaeger-users-roles`, namespace, labels },
      stringData: {
        users_roles: `${SEARCH_CLIENTS.map((c) => `${searchRoleName(indexPrefix, c)}:${username(c)}`).join('\n')}\n`,
      },
    });
    const clientAuth = Object.fromEntries(
      SEARCH_CLIENTS.map((c) => [
        c,
        { kind: 'basic', username: username(c), password: { name: options.secrets[c], key: 'password' } },
      ]),
    ) as Record<SearchClient, SearchAuth>;
    return {
      auth: {
        roles: [{ secretName: rolesSecret.name }],
        fileRealm: [
          { secretName: mappingSecret.name },
          ...SEARCH_CLIENTS.map((c) => ({ secretName: options.secrets[c] })),
        ],
      },
      clientAuth,
      indexPrefix,
    };
  }
}
