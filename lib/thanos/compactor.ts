import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  IEndpointSource,
  Memory,
  ResourceSpec,
  defaultMetricsScrapers,
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  networkPolicy,
  resolveResources,
  requireProp,
} from '../core';
import { checkGoDuration, checkPrometheusDuration } from '../core/duration';
import { THANOS_PATHS } from './config/ports';
import { checkShardLabels, renderSelector } from './config/relabel';
import {
  HTTP_POLICY_PORTS,
  ThanosComponentProps,
  adminOperationFlags,
  partLabels,
  thanosArgs,
  thanosBase,
  thanosPorts,
  thanosServiceMonitor,
  thanosHttpUrl,
} from './common';
import { ThanosObjectStorage } from './object-storage';
import { BlockSelection } from './registry';
import { registerSelections, selectorRules } from './selection';
import { createDataStatefulSet } from './stateful';
import { ThanosHttpTls, httpTlsFlags } from './http-tls';

/** The reference design gives a compactor 1 core and 2Gi. */
export const DEFAULT_COMPACTOR_RESOURCES: ResourceSpec = { cpu: '1', memory: '2Gi' };
export const DEFAULT_COMPACTOR_VOLUME_SIZE = '100Gi';
/** Keep every resolution forever unless the user opts into deletion (Thanos's own default, `0d`). */
export const DEFAULT_RETENTION = '0d';
export const DEFAULT_WAIT_INTERVAL = '5m';

/** Retention per resolution, Prometheus durations; `0d` keeps data forever. */
export interface CompactorRetention {
  /** @default DEFAULT_RETENTION */
  readonly raw?: string;
  /** @default DEFAULT_RETENTION */
  readonly fiveMinutes?: string;
  /** @default DEFAULT_RETENTION */
  readonly oneHour?: string;
}

export interface ThanosCompactorProps extends ThanosComponentProps {
  /**
   * Serve the HTTP port (10902: UI, API, metrics) over TLS from this Secret's `tls.crt`/`tls.key`; the ServiceMonitor
   * then scrapes over HTTPS. With shards, the certificate must name the component's `<name>` Service host (the
   * ServiceMonitor's server name) and every shard's. @default plain HTTP (NetworkPolicies keep other pods out)
   */
  readonly httpTls?: ThanosHttpTls;
  readonly objectStorage: ThanosObjectStorage;
  /**
   * Split the bucket between `count` compactors by the hash of external labels that identify streams (`cluster`):
   * each stream is compacted by exactly one of them. @default one compactor for every stream
   */
  readonly sharding?: CompactorHashmodSharding | CompactorExplicitSharding;
  /** Compact only blocks with these external labels. @default every block */
  readonly externalLabels?: Record<string, string>;
  /** @default keep every resolution forever */
  readonly retention?: CompactorRetention;
  /** Create 5m and 1h downsampled blocks. @default true */
  readonly downsampling?: boolean;
  /** Labels that tell replicated blocks apart (receive replication), merged by vertical compaction. @default none */
  readonly deduplicationReplicaLabels?: readonly string[];
  /**
   * How replicated blocks merge (`--deduplication.func`): Thanos's default merges samples one to one, which suits
   * blocks with precisely the same samples (receive replication); `penalty` suits Prometheus HA pairs, whose
   * samples differ in time. @default Thanos's one-to-one merge
   */
  readonly deduplicationFunc?: 'penalty';
  /** A Go duration. @default DEFAULT_WAIT_INTERVAL */
  readonly waitInterval?: string;
  /** @default DEFAULT_COMPACTOR_VOLUME_SIZE, default StorageClass */
  readonly storage?: { readonly size?: string; readonly storageClassName?: string };
  /**
   * Let the block viewer mark blocks for deletion or no-compaction (a POST anyone who reaches the HTTP port can
   * send). @default DEFAULT_ADMIN_OPERATIONS (off: `--disable-admin-operations`)
   */
  readonly adminOperations?: boolean;
  /**
   * @default enabled: the HTTP port only from Prometheus pods in the namespace (DEFAULT_METRICS_SCRAPER_LABELS);
   * egress only to DNS and the bucket
   */
  readonly networkPolicy?: {
    readonly enabled?: boolean;
    readonly metricsScrapers?: readonly k8s.NetworkPolicyPeer[];
  };
}

/** `count` shards by the hash of external labels: even only on average, for many distinct streams. */
export interface CompactorHashmodSharding {
  readonly labels: readonly string[];
  readonly count: number;
}

/**
 * One shard per entry of `assignments`, keeping the blocks whose `label` is one of the entry's values: for a key
 * space known when the manifests are written (the regions of a fleet), so the streams are spread evenly rather than
 * where a hash happens to put them. A block whose label has none of the values is compacted by no shard.
 */
export interface CompactorExplicitSharding {
  readonly label: string;
  readonly assignments: readonly (readonly string[])[];
}

/** Splits `values` into `count` assignments of sizes differing by at most one, in order. */
export function evenAssignments(values: readonly string[], count: number): string[][] {
  const shards = Math.max(1, Math.min(count, values.length));
  return Array.from({ length: shards }, (_, i) => values.filter((_v, j) => j % shards === i));
}

/** One compactor shard. */
export interface CompactorShard {
  readonly statefulSet: k8s.KubeStatefulSet;
  readonly service: k8s.KubeService;
}

/**
 * Thanos Compactor: a singleton per stream. Sharded only through disjoint hashmod selectors on external labels,
 * so "3 compactors" are 3 shards that never touch the same blocks; a second compactor on the same bucket is an
 * error unless the selections are provably disjoint. Runs continuously (`--wait`).
 */
export class ThanosCompactor extends Construct implements IEndpointSource {
  public readonly shards: readonly CompactorShard[];
  public readonly endpoints: Readonly<Record<string, string>>;
  /** Which blocks each shard compacts, in shard order. */
  public readonly selections: readonly BlockSelection[];
  /** How long raw data stays in the bucket (`--retention.resolution-raw`; `0d` is forever). */
  public readonly rawRetention: string;
  /** The replica labels removed from block external labels before grouping blocks into streams. */
  public readonly deduplicationReplicaLabels: readonly string[];

  constructor(scope: Construct, id: string, props: ThanosCompactorProps) {
    super(scope, id);
    const base = thanosBase(this, props, 'ThanosCompactor', 'compact');
    const { context, name, namespace } = base;
    requireProp(props.objectStorage, context, 'objectStorage', 'pass a ThanosObjectStorage').checkNamespace(
      namespace,
      context,
    );
    const resources = resolveResources(props.resources ?? DEFAULT_COMPACTOR_RESOURCES, context, 'resources');
    const size = Memory.parse(props.storage?.size ?? DEFAULT_COMPACTOR_VOLUME_SIZE, context, 'storage.size');
    const retention = props.retention ?? {};
    const raw = checkPrometheusDuration(retention.raw ?? DEFAULT_RETENTION, context, 'retention.raw');
    const fiveMinutes = checkPrometheusDuration(
      retention.fiveMinutes ?? DEFAULT_RETENTION,
      context,
      'retention.fiveMinutes',
    );
    const oneHour = checkPrometheusDuration(
      retention.oneHour ?? DEFAULT_RETENTION,
      context,
      'retention.oneHour',
    );
    const waitInterval = checkGoDuration(
      props.waitInterval ?? DEFAULT_WAIT_INTERVAL,
      context,
      'waitInterval',
    );
    const keep = { ...(props.externalLabels ?? {}) };
    const sharding = props.sharding;
    const explicit = sharding !== undefined && 'assignments' in sharding ? sharding : undefined;
    const hashed = sharding !== undefined && !('assignments' in sharding) ? sharding : undefined;
    if (explicit) checkAssignments(explicit, context);
    const count = explicit ? explicit.assignments.length : (hashed?.count ?? 1);
    if (hashed) checkShardLabels(hashed.labels, count, false, context, 'sharding');
    const bucket = props.objectStorage.bucketId;
    const parts = Array.from({ length: count }, (_, index) => {
      const hashmod = hashed ? { labels: [...hashed.labels], count, index } : undefined;
      const keepAny = explicit ? { [explicit.label]: [...explicit.assignments[index]] } : undefined;
      const rules = selectorRules(keep, hashmod, keepAny);
      return {
        suffix: count > 1 ? `-${index}` : '',
        selector: rules.length > 0 ? renderSelector(rules) : undefined,
        selection: {
          path: count > 1 ? `${this.node.path}/shard-${index}` : this.node.path,
          bucket,
          keep,
          hashmod,
          ...(keepAny ? { keepAny } : {}),
        },
      };
    });
    this.selections = parts.map((p) => p.selection);
    this.rawRetention = raw;
    this.deduplicationReplicaLabels = [...(props.deduplicationReplicaLabels ?? [])];
    registerSelections(
      this,
      'compactor',
      parts.map((p) => p.selection),
      context,
      'objectStorage',
    );

    const ports = thanosPorts(false);
    this.shards = parts.map((part, index) => {
      const shardScope = count > 1 ? new Construct(this, `shard-${index}`) : this;
      const shardName = `${name}${part.suffix}`;
      const { labels, selector } = partLabels(base, `shard-${index}`);
      const args = thanosArgs(
        base,
        'compact',
        {
          'data-dir': THANOS_PATHS.data,
          'objstore.config-file': props.objectStorage.configFile,
          wait: true,
          'wait-interval': waitInterval,
          'retention.resolution-raw': raw,
          'retention.resolution-5m': fiveMinutes,
          'retention.resolution-1h': oneHour,
          'downsampling.disable': props.downsampling === false ? true : undefined,
          'deduplication.replica-label':
            props.deduplicationReplicaLabels && props.deduplicationReplicaLabels.length > 0
              ? props.deduplicationReplicaLabels
              : undefined,
          'deduplication.func': props.deduplicationFunc,
          'selector.relabel-config': part.selector,
          ...adminOperationFlags(props.adminOperations),
          ...httpTlsFlags(props.httpTls),
        },
        props,
        { grpc: false },
      );
      const { statefulSet, service } = createDataStatefulSet(shardScope, {
        base,
        name: shardName,
        labels,
        selector,
        replicas: 1,
        containerName: 'thanos-compact',
        args,
        objectStorage: props.objectStorage,
        httpTls: props.httpTls,
        ports,
        resources,
        size,
        storageClassName: props.storage?.storageClassName,
        configInputs: [part.selector ?? ''],
        terminationGracePeriodSeconds: 120,
      });
      if (props.networkPolicy?.enabled ?? true) {
        networkPolicy(shardScope, 'network-policy', {
          name: shardName,
          namespace,
          labels,
          podSelector: selector,
          ingress: [
            {
              peers: props.networkPolicy?.metricsScrapers ?? defaultMetricsScrapers(),
              ports: HTTP_POLICY_PORTS,
            },
          ],
          egress: props.objectStorage.egress,
        });
      }
      return { statefulSet, service };
    });
    this.endpoints = Object.fromEntries(
      parts.map((p, i) => [
        `httpShard${i}`,
        thanosHttpUrl(`${name}${p.suffix}`, namespace, base.clusterDomain, props.httpTls !== undefined),
      ]),
    );
    thanosServiceMonitor(this, base, props.monitoring, base.selector, props.httpTls);
  }
}

function checkAssignments(sharding: CompactorExplicitSharding, context: ErrorContext): void {
  const fail = (prop: string, problem: string, value: unknown, fix: string): never => {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem,
      value,
      fix,
    });
  };
  checkShardLabels([sharding.label], 1, false, context, 'sharding');
  if (sharding.assignments.length === 0) {
    fail(
      'sharding.assignments',
      'is empty, so no shard compacts anything',
      [],
      'give one list of values per shard',
    );
  }
  const seen = new Set<string>();
  sharding.assignments.forEach((values, i) => {
    if (values.length === 0) {
      fail(
        `sharding.assignments[${i}]`,
        'is empty: the shard would compact nothing',
        [],
        'drop the shard or give it values',
      );
    }
    for (const v of values) {
      if (seen.has(v)) {
        fail(
          `sharding.assignments[${i}]`,
          `assigns '${v}' a second time: two compactors on one stream corrupt it`,
          values,
          'give every value to exactly one shard',
        );
      }
      seen.add(v);
    }
  });
}
