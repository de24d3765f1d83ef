import { Cpu, Memory } from './quantity';

/** The requests one workload reserves: per pod, times its replicas. */
export interface WorkloadRequests {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly replicas: number;
  readonly cpu: Cpu;
  readonly memory: Memory;
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet']);

/** The kinds {@link workloadRequests} reads: the workloads and what sets their replicas. */
export const REQUEST_KINDS: ReadonlySet<string> = new Set([
  ...REPLICATED_KINDS,
  'HorizontalPodAutoscaler',
  'ScaledObject',
]);

/**
 * The CPU and memory requests of every Deployment and StatefulSet among synthesized objects (a chart's
 * `toJson()`), each times its replicas. An autoscaled workload without `spec.replicas` counts its autoscaler's
 * minimum. Sizing reports add these up, so they describe what was actually synthesized.
 */
export function workloadRequests(manifests: readonly Obj[]): WorkloadRequests[] {
  const minReplicas = new Map<string, number>();
  for (const m of manifests) {
    if (m.kind === 'HorizontalPodAutoscaler' || m.kind === 'ScaledObject') {
      const target = m.spec?.scaleTargetRef?.name;
      const min = m.spec?.minReplicas ?? m.spec?.minReplicaCount ?? 1;
      if (target) minReplicas.set(`${m.metadata?.namespace}/${target}`, min);
    }
  }
  return manifests
    .filter((m) => REPLICATED_KINDS.has(m.kind))
    .map((m) => {
      const replicas: number =
        m.spec?.replicas ?? minReplicas.get(`${m.metadata?.namespace}/${m.metadata?.name}`) ?? 1;
      const containers: Obj[] = m.spec?.template?.spec?.containers ?? [];
      const cpu = Cpu.sum(containers.map((c) => Cpu.parse(c.resources?.requests?.cpu ?? 0)));
      const memory = Memory.sum(containers.map((c) => Memory.parse(c.resources?.requests?.memory ?? 0)));
      return {
        kind: m.kind,
        namespace: m.metadata?.namespace,
        name: m.metadata?.name,
        replicas,
        cpu: cpu.times(replicas),
        memory: memory.times(replicas),
      };
    });
}

/** The sum of {@link workloadRequests}. */
export function totalRequests(manifests: readonly Obj[]): { readonly cpu: Cpu; readonly memory: Memory } {
  const all = workloadRequests(manifests);
  return { cpu: Cpu.sum(all.map((w) => w.cpu)), memory: Memory.sum(all.map((w) => w.memory)) };
}
