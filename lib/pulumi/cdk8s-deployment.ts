import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  ErrorCode,
  ObservabilityConstructError,
  UPGRADE_ORDER,
  isEndpointSource,
  upgradeStepOf,
} from '../core';
import { FOUNDATION_KINDS, registerManifest } from './kinds';

/** The Pulumi type token of {@link Cdk8sDeployment}. */
export const CDK8S_DEPLOYMENT_TYPE = 'observability-constructs:index:Cdk8sDeployment';

export interface Cdk8sDeploymentArgs {
  /**
   * What to deploy: one chart, or a whole app of several charts (a fleet spanning clusters has one chart per
   * target cluster).
   */
  readonly source: App | Chart;
  /**
   * The provider of every chart not named in `providers`.
   * @default the component's own provider (the ambient cluster), unless `providers` is given
   */
  readonly provider?: k8s.Provider;
  /**
   * One provider per chart id, for charts that target different clusters. When given, every chart must have a
   * provider here or in `provider`, so no chart lands in the ambient cluster by accident.
   * @default none
   */
  readonly providers?: Readonly<Record<string, k8s.Provider>>;
  /**
   * Roll workloads in the safe upgrade order of their component ({@link UPGRADE_ORDER}): each workload depends on
   * the workloads of the previous step of its component (Jaeger query → ingester → collector; Thanos StoreAPI servers →
   * queriers → query-frontends), so an image bump rolls them one step at a time. @default DEFAULT_UPGRADE_ORDER
   */
  readonly upgradeOrder?: boolean;
}

/** Workloads depend on the previous step of their component's upgrade order unless told otherwise. */
export const DEFAULT_UPGRADE_ORDER = true;

interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** The stable Pulumi name of one object: chart, kind, namespace and name. */
export function resourceName(chartId: string, manifest: Manifest): string {
  const ns = manifest.metadata.namespace;
  return ns === undefined
    ? `${chartId}/${manifest.kind}/${manifest.metadata.name}`
    : `${chartId}/${manifest.kind}/${ns}/${manifest.metadata.name}`;
}

function chartsOf(source: App | Chart): Chart[] {
  return Chart.isChart(source) ? [source] : [...(source as App).charts];
}

function collectEndpoints(root: IConstruct): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const construct of root.node.findAll()) {
    if (!isEndpointSource(construct)) continue;
    for (const [key, value] of Object.entries(construct.endpoints)) {
      endpoints[`${construct.node.path}.${key}`] = value;
    }
  }
  return endpoints;
}

const CONTEXT_NAME = 'Cdk8sDeployment';

/**
 * Deploys a cdk8s construct tree with Pulumi: every object becomes a `@pulumi/kubernetes` resource, child of this
 * component, named `<chart>/<Kind>/<namespace>/<name>`. Namespaces and CustomResourceDefinitions of a chart are
 * created before everything else in it. Each chart can target its own cluster through its own provider. Bad input
 * (a chart without a provider, a chart that fails to render) is refused before anything is registered.
 */
export class Cdk8sDeployment extends pulumi.ComponentResource {
  /** Every registered resource by its Pulumi name. */
  public readonly resources: Readonly<Record<string, pulumi.CustomResource>>;
  /**
   * The upgrade-order edges: each workload's resource name → the resources it depends on (the previous step of its
   * component's {@link UPGRADE_ORDER}). Empty with `upgradeOrder: false`.
   */
  public readonly upgradeDependencies: Readonly<Record<string, readonly string[]>>;
  /** The endpoints the constructs expose, keyed `<construct path>.<endpoint>`. */
  public readonly endpoints: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: Cdk8sDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CDK8S_DEPLOYMENT_TYPE, name, {}, opts);
    const charts = chartsOf(args.source);
    const chartIds = new Set(charts.map((c) => c.node.id));
    const context = { construct: CONTEXT_NAME, path: name };
    for (const id of Object.keys(args.providers ?? {}).sort()) {
      if (!chartIds.has(id)) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.DANGLING_REFERENCE,
          prop: `providers.${id}`,
          problem: 'names no chart of the source',
          value: id,
          fix: `use one of the chart ids: ${[...chartIds].join(', ')}`,
        });
      }
    }

    // Whatever can refuse the input runs before the first registration, so a refusal leaves nothing registered: a
    // provider for every chart, and every chart's manifests (`toJson` validates the whole app first: cdk8s@2.70.106
    // lib/app.js `App._synthChart`).
    const targets = charts.map((chart) => {
      const chartId = chart.node.id;
      const provider = args.providers?.[chartId] ?? args.provider;
      if (provider === undefined && args.providers !== undefined) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.DANGLING_REFERENCE,
          prop: 'providers',
          problem: `has no provider for chart '${chartId}'`,
          value: Object.keys(args.providers).sort(),
          fix: `add '${chartId}' to providers, or set provider for the charts not listed`,
        });
      }
      return { chartId, provider, manifests: chart.toJson() as Manifest[] };
    });

    const ordered = args.upgradeOrder ?? DEFAULT_UPGRADE_ORDER;
    const isFoundation = (m: Manifest) => FOUNDATION_KINDS.has(`${m.apiVersion}/${m.kind}`);
    const entries = targets.flatMap(({ chartId, provider, manifests }) =>
      manifests.map((manifest) => ({
        chartId,
        provider,
        manifest,
        resourceId: resourceName(chartId, manifest),
        foundation: isFoundation(manifest),
        step: ordered ? upgradeStepOf(manifest) : undefined,
      })),
    );

    // The upgrade chain, known before anything registers: each workload waits for the workloads of the closest
    // earlier step of its component that has any here, in every chart. The search stops at the component's first
    // step: the step before it belongs to another component, or is UPGRADE_ORDER[-1], undefined.
    const byStep: string[][] = [];
    for (const { resourceId, step } of entries)
      if (step !== undefined) (byStep[step] ??= []).push(resourceId);
    const dependencies: Record<string, readonly string[]> = {};
    for (const { resourceId, step } of entries) {
      if (step === undefined) continue;
      const { component } = UPGRADE_ORDER[step];
      let names: readonly string[] = [];
      for (
        let previous = step - 1;
        names.length === 0 && UPGRADE_ORDER[previous]?.component === component;
        previous--
      )
        names = byStep[previous] ?? [];
      if (names.length > 0) dependencies[resourceId] = names;
    }

    // Registered in an order that puts every dependency first: each chart's Namespaces and CRDs, then the objects
    // without an upgrade step, then the workloads step by step (a stable sort: chart order within each). So every
    // dependsOn is a list of resources already registered, and a registration that throws leaves none of the earlier
    // ones waiting for it.
    const rank = (e: (typeof entries)[number]) => (e.foundation ? -2 : (e.step ?? -1));
    const resources: Record<string, pulumi.CustomResource> = {};
    const foundations: Record<string, pulumi.CustomResource[]> = {};
    for (const entry of [...entries].sort((a, b) => rank(a) - rank(b))) {
      const foundation = (foundations[entry.chartId] ??= []);
      const resource = registerManifest(
        entry.resourceId,
        entry.manifest as unknown as Record<string, unknown>,
        {
          parent: this,
          provider: entry.provider,
          dependsOn: entry.foundation
            ? []
            : [
                ...foundation,
                ...(dependencies[entry.resourceId] ?? []).map((n) => resources[n] as pulumi.Resource),
              ],
        },
      );
      resources[entry.resourceId] = resource;
      if (entry.foundation) foundation.push(resource);
    }
    this.resources = resources;
    this.upgradeDependencies = dependencies;
    const endpoints: Record<string, string> = {};
    for (const chart of charts) Object.assign(endpoints, collectEndpoints(chart));
    this.endpoints = pulumi.output(endpoints);
    this.registerOutputs({ endpoints: this.endpoints });
  }
}
