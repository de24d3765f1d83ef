import { ApiObject, Chart } from 'cdk8s';
import { resolvedManifest } from '../../core/render';
import { IConstruct } from 'constructs';
import { PrometheusWithSidecar } from '../../prometheus';
import {
  BlockSelection,
  ThanosCompactor,
  ThanosQuery,
  ThanosReceive,
  ThanosRuler,
  ThanosStore,
} from '../../thanos';
import { CompactorShardNode, DataProducer, LabelSelector, StoreApiNode } from './model';

const UNIT_HOURS: Record<string, number> = { y: 365 * 24, w: 7 * 24, d: 24, h: 1, m: 1 / 60, s: 1 / 3600 };

/** Hours of a Prometheus duration (`15d`, `1w2d`, `48h`); `0d` (forever, for retention) is `Infinity`. */
export function durationHours(value: string): number {
  const hours = [...value.matchAll(/([0-9]+)(ms|y|w|d|h|m|s)/g)].reduce(
    (sum, [, n, unit]) => sum + (unit === 'ms' ? 0 : Number(n) * (UNIT_HOURS[unit as string] as number)),
    0,
  );
  return hours === 0 ? Infinity : hours;
}

/**
 * Every address a component publishes: its `storeEndpoints`, the values of its `endpoints` handle, and any
 * `…Endpoint`/`…Endpoints` property (`externalGrpcEndpoint`, say), so a pattern that lists a component by another
 * of its published names still finds it.
 */
function addressesOf(component: {
  readonly storeEndpoints: readonly { readonly address: string }[];
  readonly endpoints: Readonly<Record<string, string>>;
}): string[] {
  const named = Object.entries(component as unknown as Record<string, unknown>)
    .filter(([key]) => /Endpoints?$/.test(key) && key !== 'storeEndpoints' && key !== 'queryEndpoints')
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .map((v) => (typeof v === 'object' && v !== null ? (v as { address?: unknown }).address : v))
    .filter((v): v is string => typeof v === 'string' && v !== '');
  return [
    ...new Set([
      ...component.storeEndpoints.map((e) => e.address),
      ...Object.values(component.endpoints),
      ...named,
    ]),
  ];
}

function clusterOf(construct: IConstruct): string {
  return Chart.of(construct).node.id;
}

/** A workload's manifest, as far as the model reads it. */
interface WorkloadJson {
  readonly spec: { replicas?: number; template: { spec: { containers: { args?: string[] }[] } } };
}

/**
 * The manifest of a workload, resolved as synthesis resolves it, without the generated `k8s` class's final mapping
 * (which leaves `replicas` and container `args` as they are; see {@link resolvedManifest}). Each builder reads it
 * once.
 */
function manifestOf(object: ApiObject): WorkloadJson {
  return resolvedManifest(object) as unknown as WorkloadJson;
}

function replicasOf(manifest: WorkloadJson): number {
  return manifest.spec?.replicas ?? 1;
}

/** The value of `--flag=value` among a workload's container args. */
function argOf(manifest: WorkloadJson, flag: string): string | undefined {
  for (const c of manifest.spec.template.spec.containers) {
    for (const a of c.args ?? []) if (a.startsWith(`--${flag}=`)) return a.slice(flag.length + 3);
  }
  return undefined;
}

/** A Prometheus pair with its sidecar: the producer, and the sidecar as the StoreAPI over its local TSDB. */
export function sidecarDataPath(
  prometheus: PrometheusWithSidecar,
  uploads: boolean,
): { producer: DataProducer; storeApi: StoreApiNode } {
  const id = prometheus.node.path;
  const manifest = manifestOf(prometheus.statefulSet);
  const retention = argOf(manifest, 'storage.tsdb.retention.time') ?? '15d';
  const producer: DataProducer = {
    id,
    kind: 'prometheus',
    labels: { ...prometheus.externalLabels },
    blockReplicaLabels: [...prometheus.replicaLabels],
    seriesReplicaLabels: [],
    writers: replicasOf(manifest),
    localRetentionHours: durationHours(retention),
    uploads,
  };
  return {
    producer,
    storeApi: {
      id: `${id}/sidecar`,
      kind: 'sidecar',
      cluster: clusterOf(prometheus),
      addresses: addressesOf(prometheus),
      local: { producers: [id], retentionHours: producer.localRetentionHours },
    },
  };
}

/** A ruler: the producer of its results, and its own StoreAPI over them. */
export function rulerDataPath(ruler: ThanosRuler): { producer: DataProducer; storeApi: StoreApiNode } {
  const id = ruler.node.path;
  const retentionHours = durationHours(ruler.retention);
  return {
    producer: {
      id,
      kind: 'ruler',
      labels: { ...ruler.externalLabels },
      blockReplicaLabels: [...ruler.replicaLabels],
      seriesReplicaLabels: [],
      writers: replicasOf(manifestOf(ruler.statefulSet)),
      localRetentionHours: retentionHours,
      uploads: true,
    },
    storeApi: {
      id,
      kind: 'ruler',
      cluster: clusterOf(ruler),
      addresses: addressesOf(ruler),
      local: { producers: [id], retentionHours },
    },
  };
}

/**
 * A receive hashring and the Prometheus that remote-write to it, one tenant each: a producer per tenant (its blocks
 * carry the receive labels and the tenant label), the ingestors as one StoreAPI over every tenant.
 */
export function receiveDataPath(
  receive: ThanosReceive,
  writers: readonly { readonly tenant: string; readonly prometheus: PrometheusWithSidecar }[],
): { producers: DataProducer[]; storeApi: StoreApiNode } {
  const retentionHours = durationHours(receive.retention);
  const producers = writers.map(({ tenant, prometheus }) => {
    const count = replicasOf(manifestOf(prometheus.statefulSet));
    return {
      id: prometheus.node.path,
      kind: 'receive' as const,
      labels: { ...receive.labels, [receive.tenantLabel]: tenant },
      blockReplicaLabels: [...receive.replicaLabels],
      // A remote-written series carries its writer's external labels, the replica label among them.
      seriesReplicaLabels: count > 1 ? [...prometheus.replicaLabels] : [],
      writers: count,
      localRetentionHours: retentionHours,
      uploads: true,
    };
  });
  return {
    producers,
    storeApi: {
      id: receive.node.path,
      kind: 'receive',
      cluster: clusterOf(receive),
      addresses: addressesOf(receive),
      local: { producers: producers.map((p) => p.id), retentionHours },
    },
  };
}

function selector(selection: BlockSelection): LabelSelector {
  return {
    ...Object.fromEntries(Object.entries(selection.keep).map(([k, v]) => [k, [v]])),
    ...(selection.keepAny ?? {}),
  };
}

/** The shards of a store gateway, each a StoreAPI over a selection of the bucket. */
export function storeDataPath(store: ThanosStore): StoreApiNode[] {
  return store.selections.map((s, i) => {
    const time = s.time?.form === 'relative' ? s.time : undefined;
    const onBlockId = s.hashmod?.labels.length === 1 && s.hashmod.labels[0] === '__block_id';
    return {
      id: store.shards.length > 1 ? `${store.node.path}/shard-${i}` : store.node.path,
      kind: 'store' as const,
      cluster: clusterOf(store),
      addresses: [store.storeEndpoints[i]!.address],
      bucket: {
        store: store.node.path,
        keep: selector(s),
        ...(s.hashmod && onBlockId ? { blockShard: { count: s.hashmod.count, index: s.hashmod.index } } : {}),
        ...(s.hashmod && !onBlockId ? { labelHashmod: s.hashmod } : {}),
        ...(time?.max !== undefined ? { minAgeHours: -time.max / 3_600_000 } : {}),
        ...(time?.min !== undefined ? { maxAgeHours: -time.min / 3_600_000 } : {}),
      },
    };
  });
}

/** A querier: a StoreAPI listing others by address. `extraAddresses`: names it is reached by from elsewhere. */
export function queryDataPath(query: ThanosQuery, extraAddresses: readonly string[] = []): StoreApiNode {
  return {
    id: query.node.path,
    kind: 'query',
    cluster: clusterOf(query),
    addresses: [...addressesOf(query), ...extraAddresses],
    endpoints: query.queryEndpoints.map((e) => e.address),
  };
}

/** The shards of a compactor. */
export function compactorDataPath(compactor: ThanosCompactor): CompactorShardNode[] {
  return compactor.selections.map((s) => ({
    id: s.path,
    keep: selector(s),
    ...(s.hashmod ? { hashmod: s.hashmod } : {}),
    replicaLabels: [...compactor.deduplicationReplicaLabels],
  }));
}
