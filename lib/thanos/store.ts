import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  Memory,
  ObservabilityConstructError,
  ResourceSpec,
  defaultMetricsScrapers,
  networkPolicy,
  resolveResources,
  uniqueRules,
  serviceDnsName,
  requireProp,
} from '../core';
import { QueryEndpoint } from './config/endpoints';
import {
  MemcachedClient,
  buildCachingBucketConfig,
  buildIndexCacheConfig,
  memcachedEgress,
} from './config/cache';
import { THANOS_PATHS, THANOS_PORTS } from './config/ports';
import {
  BLOCK_ID_LABEL,
  TimePartition,
  checkShardLabels,
  checkTimePartitions,
  renderSelector,
} from './config/relabel';
import {
  GRPC_POLICY_PORTS,
  HTTP_POLICY_PORTS,
  IStoreApi,
  STORE_API_CLIENTS,
  ThanosComponentProps,
  adminOperationFlags,
  checkReplicas,
  partLabels,
  thanosArgs,
  thanosBase,
  thanosPorts,
  thanosServiceMonitor,
} from './common';
import { ThanosObjectStorage } from './object-storage';
import { BlockSelection } from './registry';
import { registerSelections, selectorRules, timeSelection } from './selection';
import { createDataStatefulSet } from './stateful';
import { ThanosHttpTls, httpTlsFlags } from './http-tls';

/**
 * The replica labels this library's HA producers put on the blocks they upload: Prometheus pairs
 * (`prometheus_replica`), receivers (`receive_replica`) and rulers (`rule_replica`). A querier over a bucket
 * deduplicates on all of them; a label no block carries costs nothing.
 */
export const DEFAULT_BUCKET_REPLICA_LABELS: readonly string[] = [
  'prometheus_replica',
  'receive_replica',
  'rule_replica',
];

/** The reference design gives a store gateway 1 core and 2Gi. */
export const DEFAULT_STORE_RESOURCES: ResourceSpec = { cpu: '1', memory: '2Gi' };
export const DEFAULT_STORE_REPLICAS = 2;
/** Thanos's default in-memory index cache. */
export const DEFAULT_INDEX_CACHE_SIZE = '250MB';
/** Thanos defaults to 2GB, more than a 2Gi pod can hold next to the index cache; 1GB fits. */
export const DEFAULT_CHUNK_POOL_SIZE = '1GB';
export const DEFAULT_STORE_VOLUME_SIZE = '10Gi';

/** N shards by the hash of `__block_id` (the default) or of external labels. */
export interface StoreHashmodSharding {
  readonly kind: 'hashmod';
  readonly count: number;
  /** @default [BLOCK_ID_LABEL] */
  readonly labels?: readonly string[];
}

/** One shard per time partition (`--min-time`/`--max-time`). */
export interface StoreTimeSharding {
  readonly kind: 'time';
  readonly partitions: readonly TimePartition[];
}

export interface ThanosStoreProps extends ThanosComponentProps {
  /**
   * Serve the HTTP port (10902: UI, API, metrics) over TLS from this Secret's `tls.crt`/`tls.key`; the ServiceMonitor
   * then scrapes over HTTPS. With shards, the certificate must name the component's `<name>` Service host (the
   * ServiceMonitor's server name) and every shard's. @default plain HTTP (NetworkPolicies keep other pods out)
   */
  readonly httpTls?: ThanosHttpTls;
  readonly objectStorage: ThanosObjectStorage;
  /** @default one shard serving every block */
  readonly sharding?: StoreHashmodSharding | StoreTimeSharding;
  /** Serve only blocks with these external labels (`region: 'a'`). @default every block */
  readonly externalLabels?: Record<string, string>;
  /**
   * Serve only this time range, on every shard (`--min-time`/`--max-time`): recent blocks in one store, older ones
   * in another. Not with time sharding, which sets a range per shard. @default every time
   */
  readonly timeRange?: TimePartition;
  /**
   * A read path of its own: no querier lists this store together with the stores of the default path, so its blocks
   * may overlap theirs (a migration runs an old and a new read path side by side). The fleet patterns' data-path
   * model checks each read path for blocks served twice. @default the one read path of the App
   */
  readonly readPath?: string;
  /**
   * The replica labels of the blocks in the bucket (set by the HA producers that upload them), which a querier over
   * this store must deduplicate on. @default DEFAULT_BUCKET_REPLICA_LABELS
   */
  readonly replicaLabels?: readonly string[];
  /** Pods per shard. @default DEFAULT_STORE_REPLICAS */
  readonly replicas?: number;
  /** The in-memory index cache, bytes with a unit, as Thanos reads them. Not with `memcached.index`. @default DEFAULT_INDEX_CACHE_SIZE */
  readonly indexCacheSize?: string;
  /**
   * Caches shared by every pod in memcached (give a `Memcached` construct's `addresses` and `maxItemSize`): `index`
   * replaces the in-memory index cache (`--index-cache.config`), `bucket` caches chunks and meta files
   * (`--store.caching-bucket.config`). The store's egress policy then admits the memcached pods.
   * @default none: the in-memory index cache of `indexCacheSize`, no caching bucket
   */
  readonly memcached?: { readonly index?: MemcachedClient; readonly bucket?: MemcachedClient };
  /** @default DEFAULT_CHUNK_POOL_SIZE */
  readonly chunkPoolSize?: string;
  /** The cache volume of each pod (index headers). @default DEFAULT_STORE_VOLUME_SIZE, default StorageClass */
  readonly storage?: { readonly size?: string; readonly storageClassName?: string };
  /**
   * Let the block viewer mark blocks for deletion or no-compaction (a POST anyone who reaches the HTTP port can
   * send; it also needs a credential that may write). @default DEFAULT_ADMIN_OPERATIONS (off)
   */
  readonly adminOperations?: boolean;
  /**
   * @default StoreAPI open to Thanos queriers in the namespace, metrics to Prometheus pods in the namespace; egress
   * only to DNS and the bucket
   */
  readonly networkPolicy?: {
    readonly enabled?: boolean;
    readonly grpcClients?: readonly k8s.NetworkPolicyPeer[];
    readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
  };
}

/** One shard of a store gateway. */
export interface StoreShard {
  readonly statefulSet: k8s.KubeStatefulSet;
  readonly service: k8s.KubeService;
  /** `dns+<headless Service>:10901`: every pod of the shard. */
  readonly grpcEndpoint: string;
}

const BYTES = /^([0-9]+)(B|KB|MB|GB|KiB|MiB|GiB)$/;
const UNIT: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

/**
 * Thanos Store gateway: the StoreAPI over the blocks in object storage, as one StatefulSet per shard (hashmod on
 * `__block_id` or external labels, or time partitions), each shard its own endpoint.
 */
export class ThanosStore extends Construct implements IStoreApi, IEndpointSource {
  public readonly shards: readonly StoreShard[];
  public readonly storeEndpoints: readonly QueryEndpoint[];
  /** The replica labels of the blocks this store serves (their producers'), for the queriers above it. */
  public readonly replicaLabels: readonly string[];
  public readonly endpoints: Readonly<Record<string, string>>;
  /** Which blocks each shard serves (external-label selector, hashmod, time range), in shard order. */
  public readonly selections: readonly BlockSelection[];
  /** Pods per shard. */
  public readonly replicas: number;

  constructor(scope: Construct, id: string, props: ThanosStoreProps) {
    super(scope, id);
    const base = thanosBase(this, props, 'ThanosStore', 'store');
    const { context, name, namespace } = base;
    requireProp(props.objectStorage, context, 'objectStorage', 'pass a ThanosObjectStorage').checkNamespace(
      namespace,
      context,
    );
    this.replicaLabels = [...new Set(props.replicaLabels ?? DEFAULT_BUCKET_REPLICA_LABELS)].sort();
    const replicas = checkReplicas(props.replicas ?? DEFAULT_STORE_REPLICAS, context, 'replicas');
    const resources = resolveResources(props.resources ?? DEFAULT_STORE_RESOURCES, context, 'resources');
    const remoteIndex = props.memcached?.index;
    if (remoteIndex !== undefined && props.indexCacheSize !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'indexCacheSize',
        problem: 'sizes the in-memory index cache, which memcached.index replaces (Thanos ignores it then)',
        value: props.indexCacheSize,
        fix: 'drop indexCacheSize, or memcached.index',
      });
    }
    const indexCacheConfig =
      remoteIndex === undefined ? undefined : buildIndexCacheConfig(remoteIndex, context, 'memcached.index');
    const bucketCacheConfig =
      props.memcached?.bucket === undefined
        ? undefined
        : buildCachingBucketConfig(props.memcached.bucket, context, 'memcached.bucket');
    // With the index cache in memcached, no pod memory goes to it.
    const indexCache =
      remoteIndex === undefined
        ? parseBytes(props.indexCacheSize ?? DEFAULT_INDEX_CACHE_SIZE, 'indexCacheSize')
        : { text: '0B', bytes: 0 };
    const chunkPool = parseBytes(props.chunkPoolSize ?? DEFAULT_CHUNK_POOL_SIZE, 'chunkPoolSize');
    if (indexCache.bytes + chunkPool.bytes >= resources.limits.memory.bytes) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'chunkPoolSize',
        problem: `plus indexCacheSize ${indexCache.text} must stay below the memory limit ${resources.limits.memory}, or the pod is OOM-killed under load`,
        value: chunkPool.text,
        fix: 'lower chunkPoolSize or indexCacheSize, or raise resources.memory',
      });
    }
    const size = Memory.parse(props.storage?.size ?? DEFAULT_STORE_VOLUME_SIZE, context, 'storage.size');
    const keep = { ...(props.externalLabels ?? {}) };
    const sharding = props.sharding;
    const range = props.timeRange;
    if (range !== undefined && sharding?.kind === 'time') {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'timeRange',
        problem: 'cannot be combined with time sharding, which gives every shard its own range',
        value: range,
        fix: 'drop timeRange, or shard by hashmod',
      });
    }
    if (range !== undefined) checkTimePartitions([range], context, 'timeRange');
    const rangeSelection = range === undefined ? undefined : timeSelection(range, context, 'timeRange');

    type Part = { suffix: string; selector?: string; time?: TimePartition; selection: BlockSelection };
    const bucket = props.objectStorage.bucketId;
    let parts: Part[];
    if (sharding?.kind === 'hashmod') {
      const labels = sharding.labels ?? [BLOCK_ID_LABEL];
      checkShardLabels(labels, sharding.count, true, context, 'sharding');
      parts = Array.from({ length: sharding.count }, (_, index) => {
        const shard = { labels, count: sharding.count, index };
        return {
          suffix: sharding.count > 1 ? `-${index}` : '',
          selector: renderSelector(selectorRules(keep, shard)),
          time: range,
          selection: {
            path: `${this.node.path}/shard-${index}`,
            bucket,
            keep,
            hashmod: shard,
            time: rangeSelection,
          },
        };
      });
    } else if (sharding?.kind === 'time') {
      checkTimePartitions(sharding.partitions, context, 'sharding.partitions');
      parts = sharding.partitions.map((p, index) => ({
        suffix: sharding.partitions.length > 1 ? `-${index}` : '',
        selector: Object.keys(keep).length > 0 ? renderSelector(selectorRules(keep)) : undefined,
        time: p,
        selection: {
          path: `${this.node.path}/shard-${index}`,
          bucket,
          keep,
          time: timeSelection(p, context, `sharding.partitions[${index}]`),
        },
      }));
    } else {
      parts = [
        {
          suffix: '',
          selector: Object.keys(keep).length > 0 ? renderSelector(selectorRules(keep)) : undefined,
          time: range,
          selection: { path: this.node.path, bucket, keep, time: rangeSelection },
        },
      ];
    }
    registerSelections(
      this,
      'store',
      parts.map((p) => p.selection),
      context,
      'sharding',
      props.readPath,
    );

    const ports = thanosPorts(true);
    const policy = props.networkPolicy ?? {};
    this.shards = parts.map((part, index) => {
      const shardScope = parts.length > 1 ? new Construct(this, `shard-${index}`) : this;
      const shardName = `${name}${part.suffix}`;
      const { labels, selector } = partLabels(base, `shard-${index}`);
      const args = thanosArgs(
        base,
        'store',
        {
          'data-dir': THANOS_PATHS.data,
          'objstore.config-file': props.objectStorage.configFile,
          'index-cache-size': remoteIndex === undefined ? indexCache.text : undefined,
          'index-cache.config': indexCacheConfig,
          'store.caching-bucket.config': bucketCacheConfig,
          'chunk-pool-size': chunkPool.text,
          'selector.relabel-config': part.selector,
          'min-time': part.time?.minTime,
          'max-time': part.time?.maxTime,
          ...adminOperationFlags(props.adminOperations),
          ...httpTlsFlags(props.httpTls),
        },
        props,
        { grpc: true },
      );
      const { statefulSet, service } = createDataStatefulSet(shardScope, {
        base,
        name: shardName,
        labels,
        selector,
        replicas,
        containerName: 'thanos-store',
        args,
        objectStorage: props.objectStorage,
        httpTls: props.httpTls,
        ports,
        resources,
        size,
        storageClassName: props.storage?.storageClassName,
        configInputs: [part.selector ?? ''],
        startupSeconds: 600,
      });
      if (policy.enabled ?? true) {
        networkPolicy(shardScope, 'network-policy', {
          name: shardName,
          namespace,
          labels,
          podSelector: selector,
          ingress: [
            { peers: policy.grpcClients ?? STORE_API_CLIENTS, ports: GRPC_POLICY_PORTS },
            { peers: policy.metricsScrapers ?? defaultMetricsScrapers(), ports: HTTP_POLICY_PORTS },
          ],
          egress: uniqueRules([
            ...props.objectStorage.egress,
            ...memcachedEgress(props.memcached?.index),
            ...memcachedEgress(props.memcached?.bucket),
          ]),
        });
      }
      return {
        statefulSet,
        service,
        grpcEndpoint: `dns+${serviceDnsName(shardName, namespace, base.clusterDomain)}:${THANOS_PORTS.grpc}`,
      };
    });
    // The replicas of one shard hold the same blocks: the querier treats them as one endpoint group, so a query
    // reads each shard once, from one replica, and fails over to another (see QueryEndpoint.group).
    this.storeEndpoints = this.shards.map((s) => ({
      address: s.grpcEndpoint,
      ...(replicas > 1 ? { group: true } : {}),
    }));
    this.selections = parts.map((p) => p.selection);
    this.replicas = replicas;
    this.endpoints = Object.fromEntries(this.shards.map((s, i) => [`grpcShard${i}`, s.grpcEndpoint]));
    thanosServiceMonitor(this, base, props.monitoring, base.selector, props.httpTls);

    function parseBytes(value: string, prop: string): { text: string; bytes: number } {
      const match = BYTES.exec(value);
      if (!match) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop,
          problem: 'is not a byte size Thanos reads',
          value,
          fix: "write a number with a unit, e.g. '250MB' or '1GB'",
        });
      }
      return { text: value, bytes: Number(match[1]) * UNIT[match[2]] };
    }
  }
}
