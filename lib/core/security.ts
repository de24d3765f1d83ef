import { k8s } from 'cdk8s-plus-28';

/** The non-root user and group every container runs as unless a construct knows its image's own. */
export const DEFAULT_RUN_AS_USER = 10001;

/**
 * The pod-level security context of the Pod Security Standard *restricted*: non-root with a numeric UID (so the
 * kubelet can verify it), seccomp `RuntimeDefault`, and an fsGroup so mounted volumes are writable by that user.
 */
export function restrictedPodSecurityContext(
  runAsUser: number = DEFAULT_RUN_AS_USER,
): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser,
    runAsGroup: runAsUser,
    fsGroup: runAsUser,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The container-level security context of the *restricted* standard, plus a read-only root filesystem: every
 * path a container writes to must be an explicit volume.
 */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
