import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ContainerSpec,
  IMAGES,
  ResourceSpec,
  configHash,
  contextOf,
  createCronJob,
  createJob,
  imageVersion,
  networkPolicy,
  PolicyRule,
  podPeer,
  uniqueRules,
  urlEgress,
  resolveResources,
  selectorLabels,
  standardLabels,
  Placement,
} from '../../core';
import { SearchConnection } from '../../elasticsearch';
import { JAEGER_UID } from '../config';
import { ResolvedArchive, ResolvedLifecycle } from './lifecycle';
import { searchCurl, searchCurlEnv } from './curl';
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
  /** Where the jobs may connect: the search engine's pods (or its port, when it is outside the cluster). */
  readonly egress: readonly PolicyRule[];
  /** The archive backend's indices and how long they are kept; undefined when there is no archive. */
  readonly archive?: ResolvedArchive;
  /** The index refresh interval the settings job applies, and when it runs. */
  readonly refresh: { readonly interval: string; readonly schedule: string };
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
    // Both tools take a bearer token or API key from a file (jaegertracing/jaeger@v2.20.0
    // cmd/es-rollover/app/flags.go, cmd/es-index-cleaner/app/flags.go); basic auth comes from ES_USERNAME and
    // ES_PASSWORD in `toolEnv`, as neither tool has a password-file flag.
    const authFlags = [
      ...(search.tokenFile ? [`--es.token-file=${search.tokenFile}`] : []),
      ...(search.apiKeyFile ? [`--es.api-key-file=${search.apiKeyFile}`] : []),
    ];
    // The sampling index rotates like the others and gets its template and aliases from es-rollover only with
    // --adaptive-sampling (cmd/es-rollover/app/index_options.go `RolloverIndices`).
    const samplingFlags = ['--adaptive-sampling=true'];
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
        ...samplingFlags,
        ...extra,
        ...tlsFlags,
        ...authFlags,
      ]);
    const jobs: Record<string, k8s.KubeJob | k8s.KubeCronJob> = {};

    const cleaner = (id: string, jobName: string, days: number, schedule: string, extra: string[]) =>
      createCronJob(this, id, {
        placement: props.placement,
        name: jobName,
        namespace,
        labels: labels('es-index-cleaner', images.cleaner),
        schedule,
        runAsUser: JAEGER_UID,
        externalReferences: external,
        containers: [
          tool('es-index-cleaner', images.cleaner, [String(days), url, ...extra, ...tlsFlags, ...authFlags]),
        ],
      });
    if (lifecycle.schedules.cleaner !== undefined) {
      jobs.cleaner = cleaner(
        'cleaner',
        `${props.name}-es-index-cleaner`,
        lifecycle.retentionDays,
        lifecycle.schedules.cleaner,
        [
          `--index-prefix=${props.indexPrefix}`,
          ...(lifecycle.mode === 'manualRollover' ? ['--rollover=true'] : []),
        ],
      );
    }
    // Jaeger 2.20.0 has no key for the refresh interval (jaegertracing/jaeger@v2.20.0
    // internal/storage/elasticsearch/config/config.go `IndexOptions`: priority, date_layout, shards, replicas,
    // rollover_frequency, rotation) and its templates set none (esclient/index_templates/*.json); on Elasticsearch 8
    // its composable templates are the only ones an index gets. So a job applies the setting to every open Jaeger
    // index on a schedule: a new index runs on the default refresh until the next run.
    jobs.settings = createCronJob(this, 'settings', {
      placement: props.placement,
      name: `${props.name}-es-index-settings`,
      namespace,
      labels: labels('es-index-settings', images.curl),
      schedule: props.refresh.schedule,
      runAsUser: JAEGER_UID,
      externalReferences: external,
      containers: [
        {
          name: 'es-index-settings',
          image: images.curl,
          command: [
            '/bin/sh',
            '-c',
            [
              'set -eu',
              searchCurl(
                search,
                `-X PUT -H 'Content-Type: application/json' --data '${JSON.stringify({ index: { refresh_interval: props.refresh.interval } })}' '${url}/${props.indexPrefix}-jaeger-*/_settings?allow_no_indices=true'`,
              ),
            ].join('\n'),
          ],
          env: searchCurlEnv(search),
          resources,
          volumes: search.volumes,
        },
      ],
    });
    if (props.archive) {
      // The archive backend writes daily indices under its own prefix; the cleaner's default (periodic) pattern
      // deletes them after the archive's own retention (cmd/es-index-cleaner/app/index_filter.go).
      jobs.archiveCleaner = cleaner(
        'archive-cleaner',
        `${props.name}-es-archive-cleaner`,
        props.archive.retentionDays,
        props.archive.cleanerSchedule,
        [`--index-prefix=${props.archive.indexPrefix}`],
      );
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
      const script = [
        'set -eu',
        searchCurl(
          search,
          `--retry 10 --retry-all-errors --retry-delay 10 -X PUT -H 'Content-Type: application/json' --data @${ILM_DIR}/${ILM_FILE} '${url}/_ilm/policy/${policy.name}'`,
        ),
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
            env: searchCurlEnv(search),
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
    const components = new Set(
      Object.values(jobs).map((j) => j.toJson().metadata.labels['app.kubernetes.io/component'] as string),
    );
    for (const component of [...components].sort()) {
      jobNetworkPolicy(this, `${component}-network-policy`, {
        name: props.name,
        namespace,
        component,
        version: imageVersion(
          component === 'es-index-cleaner'
            ? images.cleaner
            : component === 'es-index-settings'
              ? images.curl
              : images.rollover,
        ),
        egress: props.egress,
      });
    }
  }
}

/**
 * Egress to the search engine, of the jobs and of every Jaeger role: to the engine's pods on its HTTP port when it
 * runs in the cluster, else to the host and port of each server URL (a Service name: its namespace's pods; anything
 * else: any address but the link-local metadata range, on that port).
 */
export function searchJobEgress(connection: SearchConnection): PolicyRule[] {
  if (connection.inCluster) {
    return [
      {
        peers: [podPeer({ ...connection.inCluster.podSelector }, connection.inCluster.namespace)],
        ports: [{ port: connection.inCluster.port }],
      },
    ];
  }
  return uniqueRules(connection.serverUrls.map((u) => urlEgress(u)));
}

/** A job's pods accept no connections and reach only the search engine and DNS. */
export function jobNetworkPolicy(
  scope: Construct,
  id: string,
  options: {
    readonly name: string;
    readonly namespace: string;
    readonly component: string;
    readonly version: string;
    readonly egress: readonly PolicyRule[];
  },
): k8s.KubeNetworkPolicy {
  const info = { name: 'jaeger', instance: options.name, component: options.component };
  return networkPolicy(scope, id, {
    name: `${options.name}-${options.component}`,
    namespace: options.namespace,
    labels: standardLabels({ ...info, version: options.version, partOf: 'jaeger' }),
    podSelector: selectorLabels(info),
    ingress: [],
    egress: options.egress,
  });
}
