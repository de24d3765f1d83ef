import { ApiObject } from 'cdk8s';
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
import { SearchConnection } from './connection';

/** The Elasticsearch version ECK deploys unless told otherwise (an 8.x release the Jaeger 2.20 client supports). */
export const DEFAULT_ELASTICSEARCH_VERSION = '8.19.23';
/** Nodes of the default node set: three, so a shard and its replica never share a node and a master quorum holds. */
export const DEFAULT_ELASTICSEARCH_NODES = 3;
/** Resources of each node unless told otherwise. The JVM heap is sized by Elasticsearch from the memory limit. */
export const DEFAULT_ELASTICSEARCH_RESOURCES: ResourceSpec = { cpu: '1', memory: '4Gi', cpuLimit: '2' };
/** Data volume of each node. */
export const DEFAULT_ELASTICSEARCH_STORAGE = '100Gi';

/** The HTTP port of Elasticsearch. */
export const ELASTICSEARCH_HTTP_PORT = 9200;

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
    const nodes = props.nodes ?? DEFAULT_ELASTICSEARCH_NODES;
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
    const storage = Memory.parse(props.storageSize ?? DEFAULT_ELASTICSEARCH_STORAGE, context, 'storageSize');
    const labels = standardLabels({
      name: 'elasticsearch',
      instance: name,
      component: 'storage',
      version,
      partOf: 'jaeger',
    });
    const podLabel = { 'elasticsearch.k8s.elastic.co/cluster-name': name };
    const quantity = (q: Cpu | Memory) => q.toString();

    this.apiObject = new ApiObject(this, 'resource', {
      apiVersion: 'elasticsearch.k8s.elastic.co/v1',
      kind: 'Elasticsearch',
      metadata: { name, namespace, labels },
      spec: {
        version,
        nodeSets: [
          {
            name: 'default',
            count: nodes,
            // No mmap: the nodes then need no vm.max_map_count change on the hosts (no privileged init container).
            config: { 'node.store.allow_mmap': false },
            resources: {
              requests: {
                cpu: quantity(resources.requests.cpu),
                memory: quantity(resources.requests.memory),
              },
              limits: { cpu: quantity(resources.limits.cpu), memory: quantity(resources.limits.memory) },
            },
            podTemplate: {
              ...(podPlacement?.metadata ? { metadata: podPlacement.metadata } : {}),
              spec: {
                ...podPlacement?.spec,
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
    this.connection = {
      engine: 'elasticsearch',
      serverUrls: [`https://${name}-es-http.${namespace}.svc:${ELASTICSEARCH_HTTP_PORT}`],
      auth: {
        kind: 'basic',
        username: 'elastic',
        password: { name: `${name}-es-elastic-user`, key: 'elastic' },
      },
      ca: { name: `${name}-es-http-certs-public`, key: 'ca.crt' },
      majorVersion: major,
      inCluster: { namespace, podSelector: podLabel, port: ELASTICSEARCH_HTTP_PORT },
    };
  }
}
