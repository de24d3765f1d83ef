import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { KubernetesDiscovery, ScrapeJob } from './config/prometheus-config';

/**
 * What each Kubernetes SD role lists and watches, from prometheus/prometheus@v3.13.2
 * discovery/kubernetes/kubernetes.go (Discovery.Run): `endpointslice` watches EndpointSlices, Services and Pods;
 * `endpoints` Endpoints, Services and Pods; `pod` Pods; `service` Services; `node` Nodes (cluster-scoped). The
 * informers only list and watch, so `get` is not granted.
 */
export const SD_ROLE_RESOURCES: Readonly<
  Record<KubernetesDiscovery['role'], readonly { readonly apiGroup: string; readonly resource: string }[]>
> = {
  endpointslice: [
    { apiGroup: 'discovery.k8s.io', resource: 'endpointslices' },
    { apiGroup: '', resource: 'services' },
    { apiGroup: '', resource: 'pods' },
  ],
  endpoints: [
    { apiGroup: '', resource: 'endpoints' },
    { apiGroup: '', resource: 'services' },
    { apiGroup: '', resource: 'pods' },
  ],
  pod: [{ apiGroup: '', resource: 'pods' }],
  service: [{ apiGroup: '', resource: 'services' }],
  node: [{ apiGroup: '', resource: 'nodes' }],
};

/** The RBAC rules the scrape jobs need: cluster-wide, and per namespace for jobs limited to namespaces. */
export interface DiscoveryRules {
  readonly cluster: k8s.PolicyRule[];
  readonly namespaces: Readonly<Record<string, k8s.PolicyRule[]>>;
}

const WATCH = ['list', 'watch'];

/**
 * Least privilege from the jobs: each SD role's resources, cluster-wide only for jobs that discover in every
 * namespace (and for nodes, which have no namespace); `get` on `nodes/metrics` for node jobs that present the
 * service-account token (the kubelet's authorization of `/metrics*`). Sorted, so the output is deterministic.
 */
export function discoveryRules(jobs: readonly ScrapeJob[]): DiscoveryRules {
  const scopes = new Map<string, Map<string, Set<string>>>();
  const add = (scope: string, apiGroup: string, resource: string) => {
    const groups = scopes.get(scope) ?? new Map<string, Set<string>>();
    scopes.set(scope, groups);
    const resources = groups.get(apiGroup) ?? new Set<string>();
    groups.set(apiGroup, resources);
    resources.add(resource);
  };
  let kubeletMetrics = false;
  for (const job of jobs) {
    const sd = job.kubernetes;
    if (sd === undefined) continue;
    const targets = sd.role === 'node' || sd.namespaces === undefined ? [''] : [...sd.namespaces];
    for (const { apiGroup, resource } of SD_ROLE_RESOURCES[sd.role]) {
      for (const scope of targets) add(scope, apiGroup, resource);
    }
    if (sd.role === 'node' && job.serviceAccountCredentials) kubeletMetrics = true;
  }
  const rules = (scope: string): k8s.PolicyRule[] =>
    [...(scopes.get(scope)?.entries() ?? [])]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([apiGroup, resources]) => ({
        apiGroups: [apiGroup],
        resources: [...resources].sort(),
        verbs: WATCH,
      }));
  const cluster = [
    ...rules(''),
    ...(kubeletMetrics ? [{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] }] : []),
  ];
  const namespaces = Object.fromEntries(
    [...scopes.keys()]
      .filter((s) => s !== '')
      .sort()
      .map((ns) => [ns, rules(ns)]),
  );
  return { cluster, namespaces };
}

/** Whether the jobs talk to the Kubernetes API or present the service-account token. */
export function needsServiceAccount(jobs: readonly ScrapeJob[]): boolean {
  return jobs.some((j) => j.kubernetes !== undefined || j.serviceAccountCredentials === true);
}

/**
 * A ServiceAccount for Prometheus with exactly the discovery rights its jobs need: a ClusterRole for cluster-wide
 * jobs, a Role in each namespace a job is limited to.
 */
export function discoveryRbac(
  scope: Construct,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  jobs: readonly ScrapeJob[],
): k8s.KubeServiceAccount {
  const account = new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { name, namespace, labels },
    automountServiceAccountToken: false,
  });
  const subjects = [{ kind: 'ServiceAccount', name, namespace }];
  const { cluster, namespaces } = discoveryRules(jobs);
  if (cluster.length > 0) {
    const roleName = `${namespace}-${name}-discovery`;
    const role = new k8s.KubeClusterRole(scope, 'cluster-role', {
      metadata: { name: roleName, labels },
      rules: cluster,
    });
    const binding = new k8s.KubeClusterRoleBinding(scope, 'cluster-role-binding', {
      metadata: { name: roleName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects,
    });
    // Cluster-scoped: the chart's namespace, which cdk8s puts on every object, does not belong on them.
    for (const clusterScoped of [role, binding])
      clusterScoped.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  for (const [ns, rules] of Object.entries(namespaces)) {
    const roleName = `${name}-discovery`;
    new k8s.KubeRole(scope, `role-${ns}`, { metadata: { name: roleName, namespace: ns, labels }, rules });
    new k8s.KubeRoleBinding(scope, `role-binding-${ns}`, {
      metadata: { name: roleName, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects,
    });
  }
  return account;
}
