import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** A constructor of a typed `@pulumi/kubernetes` resource. */
type ResourceClass = new (
  name: string,
  args: Record<string, unknown>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

function typed<T>(ctor: T): ResourceClass {
  return ctor as unknown as ResourceClass;
}

/**
 * Typed `@pulumi/kubernetes` classes for the built-in kinds the constructs emit, keyed by `apiVersion/kind`.
 * Anything else (custom resources of Strimzi, KEDA, ECK, the prometheus-operator …) is registered as
 * `apiextensions.CustomResource`.
 */
export const TYPED_KINDS: Readonly<Record<string, ResourceClass>> = {
  'v1/Namespace': typed(k8s.core.v1.Namespace),
  'v1/ConfigMap': typed(k8s.core.v1.ConfigMap),
  'v1/Secret': typed(k8s.core.v1.Secret),
  'v1/Service': typed(k8s.core.v1.Service),
  'v1/ServiceAccount': typed(k8s.core.v1.ServiceAccount),
  'v1/PersistentVolumeClaim': typed(k8s.core.v1.PersistentVolumeClaim),
  'apps/v1/Deployment': typed(k8s.apps.v1.Deployment),
  'apps/v1/StatefulSet': typed(k8s.apps.v1.StatefulSet),
  'apps/v1/DaemonSet': typed(k8s.apps.v1.DaemonSet),
  'batch/v1/Job': typed(k8s.batch.v1.Job),
  'batch/v1/CronJob': typed(k8s.batch.v1.CronJob),
  'policy/v1/PodDisruptionBudget': typed(k8s.policy.v1.PodDisruptionBudget),
  'networking.k8s.io/v1/NetworkPolicy': typed(k8s.networking.v1.NetworkPolicy),
  'networking.k8s.io/v1/Ingress': typed(k8s.networking.v1.Ingress),
  'autoscaling/v2/HorizontalPodAutoscaler': typed(k8s.autoscaling.v2.HorizontalPodAutoscaler),
  'rbac.authorization.k8s.io/v1/Role': typed(k8s.rbac.v1.Role),
  'rbac.authorization.k8s.io/v1/RoleBinding': typed(k8s.rbac.v1.RoleBinding),
  'rbac.authorization.k8s.io/v1/ClusterRole': typed(k8s.rbac.v1.ClusterRole),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': typed(k8s.rbac.v1.ClusterRoleBinding),
  'apiextensions.k8s.io/v1/CustomResourceDefinition': typed(k8s.apiextensions.v1.CustomResourceDefinition),
};

/** Kinds that must exist before the objects that live in them or are defined by them. */
export const FOUNDATION_KINDS: ReadonlySet<string> = new Set([
  'v1/Namespace',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
]);

/** Registers one manifest as the matching `@pulumi/kubernetes` resource. */
export function registerManifest(
  name: string,
  manifest: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const ctor = TYPED_KINDS[key];
  if (ctor) return new ctor(name, manifest, opts);
  return new k8s.apiextensions.CustomResource(
    name,
    manifest as unknown as k8s.apiextensions.CustomResourceArgs,
    opts,
  );
}
