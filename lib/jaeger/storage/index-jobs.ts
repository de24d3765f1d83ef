import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ContainerSpec,
  ErrorCode,
  IMAGES,
  ObservabilityConstructError,
  ResourceSpec,
  configHash,
  contextOf,
  createCronJob,
  createJob,
  imageVersion,
  resolveResources,
  standardLabels,
  Placement,
} from '../../core';
import { JAEGER_UID } from '../config';
import { ResolvedLifecycle } from './lifecycle';
import { SearchClientPlumbing } from './plumbing';

/** Resources of every index job container. */
export const DEFAULT_INDEX_JOB_RESOURCES: ResourceSpec = {
  cpu: '100m',
  memory: '128Mi',
  memoryLimit: '256Mi',
};

const ILM_DIR = '/etc/jaeger/ilm';
const ILM_FILE = 'policy.json';

export interface JaegerIndexJobsProps {
  /** Base name; jobs are `<name>-es-…`. */
  readonly name: string;
  readonly namespace: string;
  readonly lifecycle: ResolvedLifecycle;
  readonly search: SearchClientPlumbing;
  readonly indexPrefix: string;
  readonly shards: number;
  readonly replicas: number;
  /** @default DEFAULT_INDEX_JOB_RESOURCES */
  readonly resources?: ResourceSpec;
  /** @default IMAGES.jaegerEsRollover, IMAGES.jaegerEsIndexCleaner, IMAGES.curl */
  readonly images?: { readonly rollover?: string; readonly cleaner?: string; readonly curl?: string };
  /** Where the jobs' pods run. @default none */
  readonly placement?: Placement;
}

/**
 * The jobs an index lifecycle needs, and no others: periodic → the index cleaner; manual rollover → `es-rollover
 * init`, `rollover` and `lookback`, and the cleaner for rolled-over indices; ILM → one Job that creates the policy
 * and runs `es-rollover init` with it. Every job authenticates with the same Secret references as Jaeger.
 */
export class JaegerIndexJobs extends Construct {
  /** The Jobs and CronJobs, by role. */
  public readonly jobs: Readonly<Record<string, k8s.KubeJob | k8s.KubeCronJob>>;

  constructor(scope: Construct, id: string, props: JaegerIndexJobsProps) {
    super(scope, id);
    const context = contextOf(this, 'JaegerIndexJobs');
    const { lifecycle, search, namespace } = props;
    const url = search.connection.serverUrls[0] as string;
    const resources = resolveResources(props.resources ?? DEFAULT_INDEX_JOB_RESOURCES, context, 'resources');
    const images = {
      rollover: props.images?.rollover ?? IMAGES.jaegerEsRollover,
      cleaner: props.images?.cleaner ?? IMAGES.jaegerEsIndexCleaner,
      curl: props.images?.curl ?? IMAGES.curl,
    };
    const labels = (component: string, image: string) =>
      standardLabels({
        name: 'jaeger',
        instance: props.name,
        component,
        version: imageVersion(image),
        partOf: 'jaeger',
      });
    const tlsFlags = search.caFile ? ['--es.tls.enabled=true', `--es.tls.ca=${search.caFile}`] : [];
    const rolloverAuthFlags = [
      ...(search.tokenFile ? [`--es.token-file=${search.tokenFile}`] : []),
      ...(search.apiKeyFile ? [`--es.api-key-file=${search.apiKeyFile}`] : []),
    ];
    const external = [...search.secrets.map((name) => ({ kind: 'Secret' as const, name }))];
    const tool = (name: string, image: string, args: string[]): ContainerSpec => ({
      name,
      image,
      args,
      env: search.toolEnv,
      resources,
      volumes: search.volumes,
    });
    const rollover = (action: string, extra: string[]) =>
      tool(`es-rollover-${action}`, images.rollover, [
        action,
        url,
        `--index-prefix=${props.indexPrefix}`,
        ...extra,
        ...tlsFlags,
        ...rolloverAuthFlags,
      ]);
    const jobs: Record<string, k8s.KubeJob | k8s.KubeCronJob> = {};

    const needsCleaner = lifecycle.schedules.cleaner !== undefined;
    if (needsCleaner && (search.tokenFile || search.apiKeyFile)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'storage.auth',
        problem: `is ${search.tokenFile ? 'a bearer token' : 'an API key'}, which es-index-cleaner cannot use`,
        value: search.connection.auth?.kind,
        fix: "use basic auth, or the 'ilm' lifecycle, in which Elasticsearch deletes old indices itself",
      });
    }
    if (needsCleaner) {
      jobs.cleaner = createCronJob(this, 'cleaner', {
        placement: props.placement,
        name: `${props.name}-es-index-cleaner`,
        namespace,
        labels: labels('es-index-cleaner', images.cleaner),
        schedule: lifecycle.schedules.cleaner as string,
        runAsUser: JAEGER_UID,
        externalReferences: external,
        containers: [
          tool('es-index-cleaner', images.cleaner, [
            String(lifecycle.retentionDays),
            url,
            `--es.index-prefix=${props.indexPrefix}`,
            ...(lifecycle.mode === 'manualRollover' ? ['--rollover=true'] : []),
            ...tlsFlags,
          ]),
        ],
      });
    }
    const initArgs = [`--shards=${props.shards}`, `--replicas=${props.replicas}`];
    if (lifecycle.mode === 'manualRollover') {
      jobs.init = createJob(this, 'init', {
        placement: props.placement,
        name: `${props.name}-es-rollover-init`,
        namespace,
        labels: labels('es-rollover', images.rollover),
        runAsUser: JAEGER_UID,
        externalReferences: external,
        containers: [rollover('init', initArgs)],
      });
      jobs.rollover = createCronJob(this, 'rollover', {
        placement: props.placement,
        name: `${props.name}-es-rollover`,
        namespace,
        labels: labels('es-rollover', images.rollover),
        schedule: lifecycle.schedules.rollover as string,
        runAsUser: JAEGER_UID,
        externalReferences: external,
        containers: [rollover('rollover', [`--conditions=${lifecycle.rolloverConditions}`])],
      });
      jobs.lookback = createCronJob(this, 'lookback', {
        placement: props.placement,
        name: `${props.name}-es-lookback`,
        namespace,
        labels: labels('es-rollover', images.rollover),
        schedule: lifecycle.schedules.lookback as string,
        runAsUser: JAEGER_UID,
        externalReferences: external,
        containers: [rollover('lookback', ['--unit=days', `--unit-count=${lifecycle.retentionDays}`])],
      });
    }
    if (lifecycle.mode === 'ilm' && lifecycle.ilmPolicy) {
      const policy = lifecycle.ilmPolicy;
      const policyJson = `${JSON.stringify(policy.document, null, 2)}\n`;
      const configMap = new k8s.KubeConfigMap(this, 'ilm-policy', {
        metadata: {
          name: `${props.name}-ilm-policy`,
          namespace,
          labels: labels('es-rollover', images.rollover),
        },
        data: { [ILM_FILE]: policyJson },
      });
      const authArgs =
        search.auth?.kind === 'basic'
          ? '-u "${ES_USERNAME}:${ES_PASSWORD}"'
          : search.tokenFile
            ? `-H "Authorization: Bearer $(cat ${search.tokenFile})"`
            : search.apiKeyFile
              ? `-H "Authorization: ApiKey $(cat ${search.apiKeyFile})"`
              : '';
      const script = [
        'set -eu',
        `curl --fail-with-body --silent --show-error --retry 10 --retry-all-errors --retry-delay 10 -X PUT \\`,
        `  ${search.caFile ? `--cacert ${search.caFile} ` : ''}${authArgs ? `${authArgs} ` : ''}\\`,
        `  -H 'Content-Type: application/json' --data @${ILM_DIR}/${ILM_FILE} \\`,
        `  '${url}/_ilm/policy/${policy.name}'`,
      ].join('\n');
      jobs.init = createJob(this, 'init', {
        placement: props.placement,
        name: `${props.name}-es-ilm-init`,
        namespace,
        labels: labels('es-rollover', images.rollover),
        runAsUser: JAEGER_UID,
        externalReferences: external,
        configHash: configHash(policyJson),
        initContainers: [
          {
            name: 'create-ilm-policy',
            image: images.curl,
            command: ['/bin/sh', '-c', script],
            env: search.toolEnv,
            resources,
            volumes: [
              ...search.volumes,
              {
                volume: { name: 'ilm-policy', configMap: { name: configMap.name } },
                mountPath: ILM_DIR,
                readOnly: true,
              },
            ],
          },
        ],
        containers: [
          rollover('init', [...initArgs, '--es.use-ilm=true', `--es.ilm-policy-name=${policy.name}`]),
        ],
      });
    }
    this.jobs = jobs;
  }
}
