import { createHash } from 'crypto';
import {
  AgeBucket,
  CompactorShardNode,
  DataPathModel,
  DataProducer,
  HashmodSelector,
  LabelSelector,
  StoreApiNode,
  UPLOAD_DELAY_HOURS,
  ageBuckets,
  formatHours,
} from './model';

/** One way a producer's data of some age reaches the top querier. */
export interface ServingPath {
  /** The StoreAPI holding the data (a sidecar, ruler, receiver) or the store the gateway shards belong to. */
  readonly storeApi: string;
  readonly kind: 'local' | 'bucket';
  /** The queriers between the top querier and the StoreAPI, top first. */
  readonly via: readonly string[];
  /**
   * The endpoint address each of those queriers lists the next hop under; for a sharded store, one last address per
   * shard.
   */
  readonly addresses: readonly string[];
  /** The ages this path serves, within the cell. */
  readonly fromHours: number;
  readonly toHours: number;
}

/** A producer × age cell of the coverage matrix. */
export interface CoverageCell {
  readonly age: string;
  /** `served`, `expired` (older than the producer's data is kept), `gap` or `duplicate`. */
  readonly status: 'served' | 'expired' | 'gap' | 'duplicate';
  readonly paths: readonly ServingPath[];
}

/** What is wrong with a data path, with the fix. */
export interface DataPathProblem {
  readonly producer: string;
  readonly age?: string;
  readonly problem: string;
  readonly fix: string;
}

/** The coverage matrix and stream ownership of a pattern. */
export interface DataPathAnalysis {
  readonly pattern: string;
  readonly topQuerier: string;
  readonly ages: readonly AgeBucket[];
  readonly rows: readonly {
    readonly producer: DataProducer;
    readonly cells: readonly CoverageCell[];
    /** The compactor shards owning the producer's stream in the bucket (exactly one when it uploads). */
    readonly compactors: readonly string[];
    /** How many copies of each sample the bucket keeps after compaction. */
    readonly storedCopies: number;
  }[];
  readonly problems: readonly DataPathProblem[];
}

/** `hashmod` as Prometheus relabeling computes it: md5 of the `;`-joined values, last 8 bytes mod the modulus. */
export function hashmod(values: readonly string[], modulus: number): number {
  const digest = createHash('md5').update(values.join(';')).digest();
  return Number(digest.readBigUInt64BE(8) % BigInt(modulus));
}

function matches(
  labels: Readonly<Record<string, string>>,
  keep: LabelSelector,
  shard?: HashmodSelector,
): boolean {
  for (const [label, values] of Object.entries(keep)) {
    if (!values.includes(labels[label] ?? '')) return false;
  }
  if (shard)
    return (
      hashmod(
        shard.labels.map((l) => labels[l] ?? ''),
        shard.count,
      ) === shard.index
    );
  return true;
}

function normalize(address: string): string {
  return address.replace(/^(dns|dnssrv|dnssrvnoa|dnsdualstack)\+/, '');
}

type Hops = { readonly via: readonly string[]; readonly addresses: readonly string[] };

/** Every StoreAPI the top querier reaches, with the queriers on the way. */
function reachable(model: DataPathModel, problems: DataPathProblem[]): Map<string, Hops> {
  // The same in-cluster name (thanos-query.monitoring.svc) exists in every cluster: prefer the querier's own.
  // Indexed by address, and by cluster and address (the first node of a cluster wins, as a scan in model order
  // would find it): every cluster's sidecar publishes the same in-cluster name, so scanning lists is quadratic.
  const byAddress = new Map<string, StoreApiNode[]>();
  const inCluster = new Map<string, StoreApiNode>();
  for (const node of model.storeApis) {
    for (const a of new Set(node.addresses.map(normalize))) {
      const list = byAddress.get(a);
      if (list) list.push(node);
      else byAddress.set(a, [node]);
      const key = `${node.cluster}\u0000${a}`;
      if (!inCluster.has(key)) inCluster.set(key, node);
    }
  }
  const lookup = (from: StoreApiNode, address: string): StoreApiNode | undefined => {
    const a = normalize(address);
    const candidates = byAddress.get(a) ?? [];
    return (
      inCluster.get(`${from.cluster}\u0000${a}`) ?? (candidates.length === 1 ? candidates[0] : undefined)
    );
  };
  const byId = new Map(model.storeApis.map((n) => [n.id, n]));
  const seen = new Map<string, Hops>();
  const visit = (node: StoreApiNode, hops: Hops) => {
    if (seen.has(node.id)) return;
    seen.set(node.id, hops);
    for (const address of node.endpoints ?? []) {
      const next = lookup(node, address);
      if (next === undefined) {
        problems.push({
          producer: '-',
          problem: `the querier '${node.id}' lists '${address}', which no StoreAPI of the pattern publishes (or several in other clusters do)`,
          fix: 'list the address a component publishes (its storeEndpoints or endpoints), or add the component to the model',
        });
        continue;
      }
      visit(next, { via: [...hops.via, node.id], addresses: [...hops.addresses, address] });
    }
  };
  const top = byId.get(model.topQuerier);
  if (top) visit(top, { via: [], addresses: [] });
  return seen;
}

type Interval = { from: number; to: number };

function uncovered(need: Interval, have: readonly Interval[]): Interval[] {
  let rest: Interval[] = [need];
  for (const h of have) {
    rest = rest.flatMap((r) => {
      if (h.to <= r.from || h.from >= r.to) return [r];
      const parts: Interval[] = [];
      if (h.from > r.from) parts.push({ from: r.from, to: h.from });
      if (h.to < r.to) parts.push({ from: h.to, to: r.to });
      return parts;
    });
  }
  return rest;
}

/** The reachable StoreAPIs, in model order: those over each producer's local TSDB, and those over the bucket. */
interface ReachableStores {
  readonly local: ReadonlyMap<string, readonly StoreApiNode[]>;
  readonly bucket: readonly StoreApiNode[];
}

function reachableStores(model: DataPathModel, reach: Map<string, Hops>): ReachableStores {
  const local = new Map<string, StoreApiNode[]>();
  const bucket: StoreApiNode[] = [];
  for (const node of model.storeApis) {
    if (!reach.has(node.id)) continue;
    for (const id of new Set(node.local?.producers ?? [])) {
      const list = local.get(id);
      if (list) list.push(node);
      else local.set(id, [node]);
    }
    if (node.bucket) bucket.push(node);
  }
  return { local, bucket };
}

/** The paths serving one producer at the top querier, each with the ages it serves. */
function servingPaths(
  model: DataPathModel,
  producer: DataProducer,
  reach: Map<string, Hops>,
  stored: ReachableStores,
): { paths: ServingPath[]; incomplete: string[] } {
  const paths: ServingPath[] = [];
  const incomplete: string[] = [];
  for (const node of stored.local.get(producer.id) ?? []) {
    paths.push({
      storeApi: node.id,
      kind: 'local',
      ...reach.get(node.id)!,
      fromHours: 0,
      toHours: node.local!.retentionHours,
    });
  }
  const stores = new Map<string, { nodes: StoreApiNode[]; hops: Hops; last: string[] }>();
  for (const node of stored.bucket) {
    const hops = reach.get(node.id)!;
    const b = node.bucket!;
    if (producer.uploads && matches(producer.labels, b.keep, b.labelHashmod)) {
      const entry = stores.get(b.store) ?? { nodes: [], hops, last: [] as string[] };
      entry.nodes.push(node);
      entry.last.push(hops.addresses[hops.addresses.length - 1] as string);
      stores.set(b.store, entry);
    }
  }
  for (const [store, { nodes, hops, last }] of stores) {
    const first = nodes[0]!.bucket!;
    if (
      first.blockShard &&
      new Set(nodes.map((n) => n.bucket!.blockShard!.index)).size < first.blockShard.count
    ) {
      incomplete.push(store);
      continue;
    }
    paths.push({
      storeApi: store,
      kind: 'bucket',
      via: hops.via,
      addresses: [...hops.addresses.slice(0, -1), ...last],
      fromHours: Math.max(UPLOAD_DELAY_HOURS, first.minAgeHours ?? 0),
      toHours: Math.min(first.maxAgeHours ?? Infinity, model.bucketRetentionHours),
    });
  }
  return { paths, incomplete };
}

function owners(compactors: readonly CompactorShardNode[], producer: DataProducer): string[] {
  return compactors.filter((c) => matches(producer.labels, c.keep, c.hashmod)).map((c) => c.id);
}

/**
 * The coverage matrix: for every producer and age, the StoreAPIs serving it at the top querier; and for every
 * uploading producer, the compactor shard that owns its stream. Problems: an age no path serves (a gap), two store
 * gateways serving the same blocks, a stream owned by no compactor or by two.
 */
export function analyseDataPath(model: DataPathModel): DataPathAnalysis {
  const problems: DataPathProblem[] = [];
  const reach = reachable(model, problems);
  const ages = ageBuckets(model.bucketRetentionHours);
  const stored = reachableStores(model, reach);
  const rows = model.producers.map((producer) => {
    const { paths, incomplete } = servingPaths(model, producer, reach, stored);
    for (const store of incomplete) {
      problems.push({
        producer: producer.id,
        problem: `the top querier reaches only some '__block_id' shards of '${store}'`,
        fix: `list every shard of '${store}' in the querier's endpoints`,
      });
    }
    const horizon = producer.uploads ? model.bucketRetentionHours : producer.localRetentionHours;
    const cells: CoverageCell[] = ages.map((age) => {
      const need = { from: age.fromHours, to: Math.min(age.toHours, horizon) };
      if (need.from >= need.to) return { age: age.label, status: 'expired', paths: [] };
      const inCell = paths
        .filter((p) => p.fromHours < need.to && p.toHours > need.from)
        .map((p) => ({
          ...p,
          fromHours: Math.max(p.fromHours, need.from),
          toHours: Math.min(p.toHours, need.to),
        }));
      const gaps = uncovered(
        need,
        inCell.map((p) => ({ from: p.fromHours, to: p.toHours })),
      );
      const gateways = inCell.filter((p) => p.kind === 'bucket');
      if (gaps.length > 0) {
        const where = gaps.map((g) => `${formatHours(g.from)}–${formatHours(g.to)}`).join(', ');
        problems.push({
          producer: producer.id,
          age: age.label,
          problem: `no StoreAPI serves its data aged ${where} at the top querier '${model.topQuerier}' (labels ${JSON.stringify(producer.labels)}, local retention ${formatHours(producer.localRetentionHours)})`,
          fix: producer.uploads
            ? "keep its local retention past the age, or give a store gateway a selector that keeps its labels for that age (a producer without a 'region' label falls through per-region stores)"
            : 'keep its local retention past the age, or upload its blocks to the bucket',
        });
        return { age: age.label, status: 'gap', paths: inCell };
      }
      for (let i = 0; i < gateways.length; i++) {
        for (let j = i + 1; j < gateways.length; j++) {
          const a = gateways[i]!;
          const b = gateways[j]!;
          if (a.fromHours < b.toHours && b.fromHours < a.toHours) {
            problems.push({
              producer: producer.id,
              age: age.label,
              problem: `the store gateways '${a.storeApi}' and '${b.storeApi}' both serve its blocks`,
              fix: 'give the stores disjoint selectors or non-overlapping time ranges',
            });
            return { age: age.label, status: 'duplicate', paths: inCell };
          }
        }
      }
      return { age: age.label, status: 'served', paths: inCell };
    });
    const owned = producer.uploads ? owners(model.compactors, producer) : [];
    if (producer.uploads && owned.length !== 1) {
      problems.push({
        producer: producer.id,
        problem:
          owned.length === 0
            ? `its stream ${JSON.stringify(producer.labels)} is owned by no compactor shard: its blocks are never compacted, downsampled or deleted`
            : `its stream ${JSON.stringify(producer.labels)} is owned by ${owned.length} compactor shards (${owned.join(', ')}), which corrupt it`,
        fix: 'give the compactor shards selectors that assign every stream to exactly one shard',
      });
    }
    const removed = owned.length === 1 ? model.compactors.find((c) => c.id === owned[0])!.replicaLabels : [];
    const blockCopies = producer.blockReplicaLabels.every((l) => removed.includes(l)) ? 1 : producer.writers;
    const storedCopies = producer.seriesReplicaLabels.length > 0 ? producer.writers : blockCopies;
    return { producer, cells, compactors: owned, storedCopies };
  });
  return { pattern: model.pattern, topQuerier: model.topQuerier, ages, rows, problems };
}
