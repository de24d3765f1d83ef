/** A workload a step rolls: the `app.kubernetes.io/name` and `app.kubernetes.io/component` labels, or a kind. */
export interface UpgradeMatch {
  readonly name?: string;
  readonly component?: string;
  readonly kind?: string;
}

/** One step of a safe rollout after a version bump in the image table (lib/core/images.ts). */
export interface UpgradeStep {
  readonly component: 'strimzi' | 'thanos' | 'jaeger';
  /** What rolls in this step, as the plan prints it. */
  readonly roles: readonly string[];
  /** The workloads of this step among the objects the library synthesizes (none: a step outside them). */
  readonly match: readonly UpgradeMatch[];
  readonly why: string;
  /** Where the order comes from, as `repo@ref path`. */
  readonly source: string;
}

const JAEGER_DOCS =
  'jaegertracing/documentation@d9251ffa content/docs/v2/2.20/deployment/_index.md ("first query, then ingester if using Kafka, then collector")';
/**
 * thanos-io/thanos@v0.42.4 docs/ states no upgrade order (searched for "upgrad"): the Thanos steps follow the Jaeger
 * rule (the receiving end first), StoreAPI servers before the queriers that call them, the frontend last. A compactor
 * shard is one StatefulSet pod, replaced and never doubled (docs/operating/troubleshooting.md: never two compactors on
 * one stream, "even for short duration").
 */
const THANOS_DOCS = 'no order in thanos-io/thanos@v0.42.4 docs/: the receiving end first, as for Jaeger';

/**
 * The order to roll the pinned components in after an image bump, one step at a time: apply a step's objects, wait
 * until they are ready, then the next step. The Pulumi bridge encodes it as `dependsOn` between the workloads of
 * consecutive steps of one component; for cdk8s, `plan --upgrade` prints it. The steps of different components are
 * independent.
 */
export const UPGRADE_ORDER: readonly UpgradeStep[] = [
  {
    component: 'strimzi',
    roles: ['Strimzi Cluster Operator'],
    match: [],
    why: 'the operator first (installed beside the library, with the method it was installed with); it must support the running Kafka version',
    source: 'strimzi/strimzi-kafka-operator@1.2.0 documentation/assemblies/upgrading/assembly-upgrade.adoc',
  },
  {
    component: 'strimzi',
    roles: ['Kafka spec.kafka.version'],
    match: [{ kind: 'Kafka' }],
    why: 'then the Kafka version, which the operator rolls node by node; keep metadataVersion at the old version',
    source:
      'strimzi/strimzi-kafka-operator@1.2.0 documentation/modules/upgrading/proc-upgrade-kafka-kraft.adoc',
  },
  {
    component: 'strimzi',
    roles: ['Kafka spec.kafka.metadataVersion'],
    match: [],
    why: 'last the metadata version, in a second apply once every node runs the new Kafka (a raised metadata version limits downgrades)',
    source: 'strimzi/strimzi-kafka-operator@1.2.0 documentation/assemblies/upgrading/assembly-downgrade.adoc',
  },
  {
    component: 'thanos',
    roles: ['sidecar (Prometheus)', 'store', 'rule', 'receive', 'compact'],
    match: [
      { name: 'prometheus', component: 'server' },
      { name: 'thanos', component: 'store' },
      { name: 'thanos', component: 'rule' },
      { name: 'thanos', component: 'receive' },
      { name: 'thanos', component: 'compact' },
    ],
    why: 'the StoreAPI servers and the compactor before the queriers that read them',
    source: THANOS_DOCS,
  },
  {
    component: 'thanos',
    roles: ['query'],
    match: [{ name: 'thanos', component: 'query' }],
    why: 'the queriers once every StoreAPI they list runs the new version',
    source: THANOS_DOCS,
  },
  {
    component: 'thanos',
    roles: ['query-frontend'],
    match: [{ name: 'thanos', component: 'query-frontend' }],
    why: 'the frontend last, in front of upgraded queriers',
    source: THANOS_DOCS,
  },
  {
    component: 'jaeger',
    roles: ['query'],
    match: [{ name: 'jaeger', component: 'query' }],
    why: 'query first: the end of the ingestion pipeline understands what upgraded writers send',
    source: JAEGER_DOCS,
  },
  {
    component: 'jaeger',
    roles: ['ingester'],
    match: [{ name: 'jaeger', component: 'ingester' }],
    why: 'then the ingesters (with Kafka)',
    source: JAEGER_DOCS,
  },
  {
    component: 'jaeger',
    roles: ['collector'],
    match: [{ name: 'jaeger', component: 'collector' }],
    why: 'collectors last',
    source: JAEGER_DOCS,
  },
];

/** The rollout steps, in order (optionally of one component). */
export function upgradeOrder(component?: UpgradeStep['component']): readonly UpgradeStep[] {
  return component === undefined ? UPGRADE_ORDER : UPGRADE_ORDER.filter((s) => s.component === component);
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Kafka']);

/** The index in {@link UPGRADE_ORDER} of the step that rolls a synthesized object, if it is a workload of one. */
export function upgradeStepOf(manifest: {
  readonly kind: string;
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>> };
}): number | undefined {
  if (!WORKLOAD_KINDS.has(manifest.kind)) return undefined;
  const labels = manifest.metadata?.labels ?? {};
  const index = UPGRADE_ORDER.findIndex((step) =>
    step.match.some(
      (m) =>
        (m.kind === undefined || m.kind === manifest.kind) &&
        (m.name === undefined || labels['app.kubernetes.io/name'] === m.name) &&
        (m.component === undefined || labels['app.kubernetes.io/component'] === m.component),
    ),
  );
  return index < 0 ? undefined : index;
}
