import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { configHash } from './config-hash';
import { Placement } from './placement';
import { ContainerSpec, buildPodTemplate } from './pod';

/** Options shared by {@link createJob} and {@link createCronJob}. */
export interface JobOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly containers: readonly ContainerSpec[];
  /** Run before the containers, in order; each must succeed. */
  readonly initContainers?: readonly ContainerSpec[];
  readonly runAsUser?: number;
  readonly externalReferences?: readonly { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string }[];
  readonly configHash?: string;
  /** Retries before the Job fails. @default DEFAULT_JOB_BACKOFF_LIMIT */
  readonly backoffLimit?: number;
  /** A run that takes longer is killed. @default DEFAULT_JOB_DEADLINE_SECONDS */
  readonly activeDeadlineSeconds?: number;
  /** The user's placement of the job pods. @default none */
  readonly placement?: Placement;
}

/** Retries of a failing job pod. */
export const DEFAULT_JOB_BACKOFF_LIMIT = 6;
/** One hour: index jobs finish in minutes; one stuck longer is killed and retried on the next schedule. */
export const DEFAULT_JOB_DEADLINE_SECONDS = 3600;

function jobSpec(options: JobOptions): k8s.JobSpec {
  return {
    backoffLimit: options.backoffLimit ?? DEFAULT_JOB_BACKOFF_LIMIT,
    activeDeadlineSeconds: options.activeDeadlineSeconds ?? DEFAULT_JOB_DEADLINE_SECONDS,
    template: buildPodTemplate({ ...options, restartPolicy: 'OnFailure' }),
  };
}

/** How long a finished one-off Job stays for inspection before Kubernetes deletes it. */
export const DEFAULT_JOB_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A one-off Job with the library's pod defaults (restricted security, resources, no service-account token). A
 * Job's pod template is immutable, so its name ends in a hash of the template: a changed Job is a new Job that
 * runs again (and `kubectl apply` does not fail), an unchanged one keeps its name. Jobs must be idempotent; a
 * finished one is deleted after {@link DEFAULT_JOB_TTL_SECONDS}.
 */
export function createJob(scope: Construct, id: string, options: JobOptions): k8s.KubeJob {
  const spec = jobSpec(options);
  const name = `${options.name}-${configHash(spec).slice(0, 8)}`;
  return new k8s.KubeJob(scope, id, {
    metadata: { name, namespace: options.namespace, labels: { ...options.labels } },
    spec: { ...spec, ttlSecondsAfterFinished: DEFAULT_JOB_TTL_SECONDS },
  });
}

/** Options of {@link createCronJob}. */
export interface CronJobOptions extends JobOptions {
  /** Cron schedule, e.g. `55 23 * * *`. Interpreted in `timeZone`. */
  readonly schedule: string;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
}

/**
 * A CronJob that never runs two copies at once, keeps three finished runs of each outcome for inspection, and
 * skips a run it could not start within ten minutes rather than piling them up.
 */
export function createCronJob(scope: Construct, id: string, options: CronJobOptions): k8s.KubeCronJob {
  return new k8s.KubeCronJob(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    spec: {
      schedule: options.schedule,
      timeZone: options.timeZone ?? 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: { metadata: { labels: { ...options.labels } }, spec: jobSpec(options) },
    },
  });
}
