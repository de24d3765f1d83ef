import { k8s } from 'cdk8s-plus-28';
import { CONFIG_HASH_ANNOTATION } from './config-hash';
import { Placement, withRegistry } from './placement';
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

/** One container of a pod. */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  /** Replaces the image's entrypoint. @default the image's entrypoint */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly k8s.EnvVar[];
  readonly ports?: readonly NamedPort[];
  readonly resources: Resources;
  /** Probes of a long-running container; jobs have none. */
  readonly probes?: {
    readonly liveness: k8s.Probe;
    readonly readiness: k8s.Probe;
    readonly startup?: k8s.Probe;
  };
  readonly volumes?: readonly VolumeMountSpec[];
}

/**
 * A second container in a workload's pod. It gets the same restricted security context and writable `/tmp`; a
 * volume of the same name as another container's is mounted, not declared twice, so containers can share data.
 */
export type SidecarContainerSpec = ContainerSpec;

/** Seconds a pod has to shut down (flush, hand over) before it is killed, unless its workload says otherwise. */
export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

/** Options of {@link buildPodTemplate}. */
export interface PodTemplateOptions {
  readonly labels: Record<string, string>;
  readonly containers: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  /** Hash of the configuration; put on the pod template so a change rolls the pods. */
  readonly configHash?: string;
  /** ConfigMaps and Secrets the user said exist already, recorded in {@link EXTERNAL_REFERENCES_ANNOTATION}. */
  readonly externalReferences?: readonly { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string }[];
  /** The pods need the Kubernetes API. @default false: no service-account token is mounted */
  readonly needsKubernetesApi?: boolean;
  readonly serviceAccountName?: string;
  readonly runAsUser?: number;
  readonly terminationGracePeriodSeconds?: number;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  /** `Never` or `OnFailure` for jobs. @default the controller's default */
  readonly restartPolicy?: 'Never' | 'OnFailure';
  /** The user's placement (checked by the construct with `checkPlacement`). @default none */
  readonly placement?: Placement;
}

const TMP_VOLUME: VolumeMountSpec = {
  volume: { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
  mountPath: TMP_MOUNT_PATH,
};

/** A container with the restricted security context, its resources and a writable `/tmp`. */
export function buildContainer(spec: ContainerSpec): k8s.Container {
  const volumes = [TMP_VOLUME, ...(spec.volumes ?? [])];
  return {
    name: spec.name,
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    command: spec.command ? [...spec.command] : undefined,
    args: spec.args ? [...spec.args] : undefined,
    env: spec.env && spec.env.length > 0 ? [...spec.env] : undefined,
    ports: spec.ports?.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })),
    resources: toResourceRequirements(spec.resources),
    livenessProbe: spec.probes?.liveness,
    readinessProbe: spec.probes?.readiness,
    startupProbe: spec.probes?.startup,
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: volumes.map((v) => ({
      name: v.volume.name,
      mountPath: v.mountPath,
      subPath: v.subPath,
      readOnly: v.readOnly,
    })),
  };
}

/**
 * A pod template every workload and job of the library uses: restricted pod security, no service-account token
 * unless asked, the config hash and external-reference annotations, and each volume once.
 */
export function buildPodTemplate(options: PodTemplateOptions): k8s.PodTemplateSpec {
  const annotations: Record<string, string> = {};
  if (options.configHash) annotations[CONFIG_HASH_ANNOTATION] = options.configHash;
  if (options.externalReferences && options.externalReferences.length > 0) {
    annotations[EXTERNAL_REFERENCES_ANNOTATION] = [
      ...new Set(options.externalReferences.map((r) => `${r.kind}/${r.name}`)),
    ]
      .sort()
      .join(',');
  }
  const all = [...(options.initContainers ?? []), ...options.containers];
  const volumes = new Map<string, k8s.Volume>();
  for (const v of [TMP_VOLUME, ...all.flatMap((c) => c.volumes ?? [])]) {
    if (!v.claimTemplate && !volumes.has(v.volume.name)) volumes.set(v.volume.name, v.volume);
  }
  const placement = options.placement ?? {};
  // The construct's labels and annotations are spread last: the user's cannot replace them (selectors, rollouts).
  const allAnnotations = { ...placement.podAnnotations, ...annotations };
  const container = (spec: ContainerSpec) =>
    buildContainer({ ...spec, image: withRegistry(spec.image, placement.imageRegistry) });
  return {
    metadata: {
      labels: { ...placement.podLabels, ...options.labels },
      annotations: Object.keys(allAnnotations).length > 0 ? allAnnotations : undefined,
    },
    spec: {
      automountServiceAccountToken: options.needsKubernetesApi ?? false,
      serviceAccountName: options.serviceAccountName,
      nodeSelector: placement.nodeSelector ? { ...placement.nodeSelector } : undefined,
      tolerations: placement.tolerations ? [...placement.tolerations] : undefined,
      affinity: placement.affinity,
      priorityClassName: placement.priorityClassName,
      imagePullSecrets: placement.imagePullSecrets?.map((name) => ({ name })),
      securityContext: restrictedPodSecurityContext(options.runAsUser),
      terminationGracePeriodSeconds:
        options.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS,
      topologySpreadConstraints: options.topologySpreadConstraints,
      restartPolicy: options.restartPolicy,
      initContainers: options.initContainers?.map(container),
      containers: options.containers.map(container),
      volumes: [...volumes.values()],
    },
  };
}
