import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { podDisruptionBudget, topologySpread } from './disruption';
import { Placement } from './placement';
import { ContainerSpec, NamedPort, SidecarContainerSpec, VolumeMountSpec, buildPodTemplate } from './pod';
import { Resources } from './resources';
import { DEFAULT_CLUSTER_DOMAIN } from './cluster-domain';

/** A drain takes down one pod of a replicated workload at a time unless its budget says otherwise. */
export const DEFAULT_MAX_UNAVAILABLE = 1;

/** Options of {@link createWorkload}. */
export interface WorkloadOptions {
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** Replicas, or the minimum when an autoscaler owns the count (then `replicas` is left out of the spec). */
  readonly replicas: number;
  /** Set when an autoscaler owns the replica count: the spec carries no `replicas`, the PDB uses this maximum. */
  readonly autoscaledMaxReplicas?: number;
  readonly containerName: string;
  readonly image: string;
  readonly args: readonly string[];
  readonly env?: readonly k8s.EnvVar[];
  readonly ports: readonly NamedPort[];
  readonly resources: Resources;
  readonly probes: {
    readonly liveness: k8s.Probe;
    readonly readiness: k8s.Probe;
    readonly startup?: k8s.Probe;
  };
  readonly volumes?: readonly VolumeMountSpec[];
  /** Containers that must finish before the main one starts. @default none */
  readonly initContainers?: readonly ContainerSpec[];
  /** Hash of the configuration; put on the pod template so a change rolls the pods. */
  readonly configHash?: string;
  readonly runAsUser?: number;
  /** `Recreate` for single-writer storage (a ReadWriteOnce volume). @default RollingUpdate */
  readonly strategy?: 'Recreate' | 'RollingUpdate';
  /** The pods need the Kubernetes API. @default false: no service-account token is mounted */
  readonly needsKubernetesApi?: boolean;
  readonly serviceAccountName?: string;
  /** StatefulSet only: the governing headless Service. */
  readonly serviceName?: string;
  /** StatefulSet only: volume claim templates. */
  readonly volumeClaimTemplates?: readonly k8s.KubePersistentVolumeClaimProps[];
  readonly terminationGracePeriodSeconds?: number;
  /** ConfigMaps and Secrets the user said exist already, recorded in {@link EXTERNAL_REFERENCES_ANNOTATION}. */
  readonly externalReferences?: readonly { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string }[];
  /** More containers in the pod, after the main one (a Thanos sidecar next to Prometheus, say). @default none */
  readonly sidecars?: readonly SidecarContainerSpec[];
  /**
   * `maxUnavailable` of the PodDisruptionBudget of a replicated workload: how many pods a drain may take down at
   * once (a receive hashring tolerates replication factor minus write quorum). @default 1
   */
  readonly maxUnavailable?: number;
  /** The user's placement of the pods (node selection, tolerations, mirror registry …). @default none */
  readonly placement?: Placement;
}

/** What {@link createWorkload} made. */
export interface Workload {
  readonly apiObject: k8s.KubeDeployment | k8s.KubeStatefulSet;
  readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
}

/**
 * A Deployment or StatefulSet with everything every workload of the library gets: restricted security contexts,
 * a writable `/tmp` on a read-only root, resources, probes, the config hash annotation, no service-account token
 * unless asked, topology spread and a PodDisruptionBudget when more than one replica can run.
 */
export function createWorkload(scope: Construct, id: string, options: WorkloadOptions): Workload {
  const maxReplicas = options.autoscaledMaxReplicas ?? options.replicas;
  const replicated = maxReplicas > 1;
  const template = buildPodTemplate({
    ...options,
    containers: [
      {
        name: options.containerName,
        image: options.image,
        args: options.args,
        env: options.env,
        ports: options.ports,
        resources: options.resources,
        probes: options.probes,
        volumes: options.volumes,
      },
      ...(options.sidecars ?? []),
    ],
    topologySpreadConstraints: replicated ? topologySpread(options.selector) : undefined,
  });
  const metadata = { name: options.name, namespace: options.namespace, labels: { ...options.labels } };
  const replicas = options.autoscaledMaxReplicas === undefined ? options.replicas : undefined;
  const apiObject =
    options.kind === 'Deployment'
      ? new k8s.KubeDeployment(scope, id, {
          metadata,
          spec: {
            replicas,
            revisionHistoryLimit: 5,
            selector: { matchLabels: { ...options.selector } },
            strategy:
              options.strategy === 'Recreate'
                ? { type: 'Recreate' }
                : {
                    type: 'RollingUpdate',
                    rollingUpdate: {
                      maxSurge: k8s.IntOrString.fromString('25%'),
                      maxUnavailable: k8s.IntOrString.fromNumber(0),
                    },
                  },
            template,
          },
        })
      : new k8s.KubeStatefulSet(scope, id, {
          metadata,
          spec: {
            replicas,
            revisionHistoryLimit: 5,
            serviceName: options.serviceName ?? options.name,
            podManagementPolicy: 'Parallel',
            selector: { matchLabels: { ...options.selector } },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
            volumeClaimTemplates: options.volumeClaimTemplates?.map((t) => ({ ...t })),
            template,
          },
        });
  const pdb = replicated
    ? podDisruptionBudget(scope, `${id}-pdb`, {
        name: options.name,
        namespace: options.namespace,
        labels: options.labels,
        selector: options.selector,
        maxUnavailable: options.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
      })
    : undefined;
  return { apiObject, podDisruptionBudget: pdb };
}

/** Options of {@link createService}. */
export interface ServiceOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly ports: readonly NamedPort[];
  /** @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** A headless Service (`clusterIP: None`), for StatefulSets and for gRPC clients that balance per pod. */
  readonly headless?: boolean;
}

/** A Service whose ports mirror the container ports by name. */
export function createService(scope: Construct, id: string, options: ServiceOptions): k8s.KubeService {
  return new k8s.KubeService(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    spec: {
      type: options.headless ? 'ClusterIP' : (options.type ?? 'ClusterIP'),
      clusterIp: options.headless ? 'None' : undefined,
      selector: { ...options.selector },
      ports: options.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: k8s.IntOrString.fromString(p.name),
        protocol: p.protocol ?? 'TCP',
      })),
    },
  });
}

/** The in-cluster DNS name of a Service, in a cluster whose DNS domain is `clusterDomain`. */
export function serviceDnsName(
  name: string,
  namespace: string,
  clusterDomain: string = DEFAULT_CLUSTER_DOMAIN,
): string {
  return `${name}.${namespace}.svc.${clusterDomain}`;
}
