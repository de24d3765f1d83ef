import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CONFIG_HASH_ANNOTATION } from './config-hash';
import { podDisruptionBudget, topologySpread } from './disruption';
import { Resources, toResourceRequirements } from './resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';

/** A port a container listens on. Names follow IANA_SVC_NAME: at most 15 characters. */
export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP';
}

/** A volume and where the main container mounts it. */
export interface VolumeMountSpec {
  readonly volume: k8s.Volume;
  readonly mountPath: string;
  readonly subPath?: string;
  readonly readOnly?: boolean;
  /**
   * The volume is a StatefulSet volume claim template of that name: it is mounted but not declared as a pod
   * volume (the StatefulSet adds it). @default false
   */
  readonly claimTemplate?: boolean;
}

/** The mount path of the writable scratch volume every workload gets (the root filesystem is read-only). */
export const TMP_MOUNT_PATH = '/tmp';

/**
 * The pod-template annotation listing ConfigMaps and Secrets the pods reference but the construct does not create
 * (`Secret/es-credentials,ConfigMap/ca`): the user declared them as existing.
 */
export const EXTERNAL_REFERENCES_ANNOTATION = 'observability-constructs.io/external-references';

/**
 * A second container in the same pod (a Thanos sidecar next to Prometheus, say). It gets the same restricted
 * security context and the writable `/tmp` as the main container; its volumes are added to the pod.
 */
export interface SidecarContainerSpec {
  readonly name: string;
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
  /**
   * Volumes the sidecar mounts. A volume of the same name as one of the main container's (or another sidecar's)
   * is mounted, not declared twice, so two containers can share a data volume.
   */
  readonly volumes?: readonly VolumeMountSpec[];
}

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
  /** More containers in the pod, after the main one. @default none */
  readonly sidecars?: readonly SidecarContainerSpec[];
  /**
   * `maxUnavailable` of the PodDisruptionBudget of a replicated workload: how many pods a drain may take down at
   * once (a receive hashring tolerates replication factor minus write quorum). @default 1
   */
  readonly maxUnavailable?: number;
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
  const volumes: VolumeMountSpec[] = [
    {
      volume: { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
      mountPath: TMP_MOUNT_PATH,
    },
    ...(options.volumes ?? []),
  ];
  const container = podContainer({
    name: options.containerName,
    image: options.image,
    args: options.args,
    env: options.env,
    ports: options.ports,
    resources: options.resources,
    probes: options.probes,
    volumes,
  });
  const sidecars = (options.sidecars ?? []).map((sidecar) =>
    podContainer({ ...sidecar, volumes: [volumes[0], ...(sidecar.volumes ?? [])] }),
  );
  const podVolumes = new Map<string, k8s.Volume>();
  for (const v of [...volumes, ...(options.sidecars ?? []).flatMap((c) => c.volumes ?? [])]) {
    if (!v.claimTemplate && !podVolumes.has(v.volume.name)) podVolumes.set(v.volume.name, v.volume);
  }
  const annotations: Record<string, string> = {};
  if (options.configHash) annotations[CONFIG_HASH_ANNOTATION] = options.configHash;
  if (options.externalReferences && options.externalReferences.length > 0) {
    annotations[EXTERNAL_REFERENCES_ANNOTATION] = options.externalReferences
      .map((r) => `${r.kind}/${r.name}`)
      .sort()
      .join(',');
  }
  const template: k8s.PodTemplateSpec = {
    metadata: {
      labels: { ...options.labels },
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    },
    spec: {
      automountServiceAccountToken: options.needsKubernetesApi ?? false,
      serviceAccountName: options.serviceAccountName,
      securityContext: restrictedPodSecurityContext(options.runAsUser),
      terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 30,
      topologySpreadConstraints: replicated ? topologySpread(options.selector) : undefined,
      containers: [container, ...sidecars],
      volumes: [...podVolumes.values()],
    },
  };
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
        maxUnavailable: options.maxUnavailable ?? 1,
      })
    : undefined;
  return { apiObject, podDisruptionBudget: pdb };
}

/** One container of a pod with the library's restricted security context. */
function podContainer(
  spec: SidecarContainerSpec & { readonly volumes: readonly VolumeMountSpec[] },
): k8s.Container {
  return {
    name: spec.name,
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    args: [...spec.args],
    env: spec.env && spec.env.length > 0 ? [...spec.env] : undefined,
    ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })),
    resources: toResourceRequirements(spec.resources),
    livenessProbe: spec.probes.liveness,
    readinessProbe: spec.probes.readiness,
    startupProbe: spec.probes.startup,
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: spec.volumes.map((v) => ({
      name: v.volume.name,
      mountPath: v.mountPath,
      subPath: v.subPath,
      readOnly: v.readOnly,
    })),
  };
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

/** The in-cluster DNS name of a Service. */
export function serviceDnsName(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}
