/** One step of a safe rollout after a version bump in the image table. */
export interface UpgradeStep {
  readonly component: 'strimzi' | 'thanos' | 'jaeger';
  /** The roles rolled in this step (resources of these roles carry `dependsOn` on the previous step in Pulumi). */
  readonly roles: readonly string[];
  readonly why: string;
  /** Where the order comes from, as `repo@tag path`, or `not verified` with the reasoning. */
  readonly source: string;
}

/**
 * The order to roll the pinned components in after an image bump, applied one step at a time (cdk8s: apply the
 * charts' objects of each step's roles, wait for them to be ready, then the next step).
 */
export const UPGRADE_ORDER: readonly UpgradeStep[] = [
  {
    component: 'strimzi',
    roles: ['strimzi-operator'],
    why: 'the Cluster Operator first; it then rolls the Kafka nodes itself',
    source: 'strimzi/strimzi-kafka-operator@1.2.0 documentation/assemblies/upgrading/assembly-upgrade.adoc',
  },
  {
    component: 'strimzi',
    roles: ['kafka-version'],
    why: 'then spec.kafka.version, which the operator rolls broker by broker',
    source:
      'strimzi/strimzi-kafka-operator@1.2.0 documentation/modules/upgrading/proc-upgrade-kafka-kraft.adoc',
  },
  {
    component: 'strimzi',
    roles: ['kafka-metadata-version'],
    why: 'last the metadata version, once every node runs the new Kafka (it cannot be lowered past the downgraded version)',
    source: 'strimzi/strimzi-kafka-operator@1.2.0 documentation/assemblies/upgrading/assembly-downgrade.adoc',
  },
  {
    component: 'thanos',
    roles: ['sidecar', 'store', 'ruler', 'receive', 'compactor'],
    why: 'StoreAPI servers and the compactor before the queriers that read them',
    source:
      'not verified: no upgrade order found in thanos-io/thanos@v0.42.4 docs/; servers before their clients',
  },
  {
    component: 'thanos',
    roles: ['query', 'query-frontend'],
    why: 'queriers after the StoreAPIs they list, the frontend last',
    source:
      'not verified: no upgrade order found in thanos-io/thanos@v0.42.4 docs/; servers before their clients',
  },
  {
    component: 'jaeger',
    roles: ['query'],
    why: 'query first, so the UI reads what newer writers may write',
    source:
      'not verified here: the Jaeger deployment docs (jaegertracing/documentation) order query → ingester → collector',
  },
  { component: 'jaeger', roles: ['ingester'], why: 'then the ingesters', source: 'as above' },
  { component: 'jaeger', roles: ['collector'], why: 'collectors last', source: 'as above' },
];

/** The rollout steps, in order (optionally of one component). */
export function upgradeOrder(component?: UpgradeStep['component']): readonly UpgradeStep[] {
  return component === undefined ? UPGRADE_ORDER : UPGRADE_ORDER.filter((s) => s.component === component);
}
