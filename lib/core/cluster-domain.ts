import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';
import { isDnsLabel } from './names';

/**
 * The DNS domain of a Kubernetes cluster (the kubelet's `clusterDomain`): Services resolve as
 * `<service>.<namespace>.svc.<clusterDomain>`. Kubernetes' default; clusters built with another one (kubeadm
 * `networking.dnsDomain`, a managed cluster's setting) must say so, or every in-cluster URL fails to resolve.
 */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** Checks a cluster DNS domain (`cluster.local`, `k8s.internal`): DNS labels joined by dots, no trailing dot. */
export function resolveClusterDomain(
  value: string | undefined,
  context: ErrorContext,
  prop = 'clusterDomain',
): string {
  const domain = value ?? DEFAULT_CLUSTER_DOMAIN;
  if (typeof domain !== 'string' || domain.length > 253 || !domain.split('.').every((l) => isDnsLabel(l))) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop,
      problem:
        'must be the DNS domain of the cluster: DNS labels joined by dots, without a leading or trailing dot',
      value: domain,
      fix: `use the kubelet's clusterDomain, e.g. '${DEFAULT_CLUSTER_DOMAIN}'`,
    });
  }
  return domain;
}
