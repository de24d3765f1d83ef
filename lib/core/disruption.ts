import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Topology keys a replicated workload spreads over, most important first. */
export const SPREAD_TOPOLOGY_KEYS = ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'] as const;

/**
 * Topology spread constraints for a replicated workload: across zones and across nodes, one pod of skew at most,
 * as a preference (`ScheduleAnyway`) so a small or single-zone cluster can still schedule every replica.
 */
export function topologySpread(selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
  return SPREAD_TOPOLOGY_KEYS.map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selector } },
  }));
}

/** Options of {@link podDisruptionBudget}. */
export interface DisruptionBudgetOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** How many pods a voluntary disruption (a drain) may take down at once. */
  readonly maxUnavailable: number;
}

/** A PodDisruptionBudget: every workload with more than one replica gets one. */
export function podDisruptionBudget(
  scope: Construct,
  id: string,
  options: DisruptionBudgetOptions,
): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(options.maxUnavailable),
      selector: { matchLabels: { ...options.selector } },
    },
  });
}
