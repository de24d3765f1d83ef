/** The library's value of `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = 'observability-constructs';

/** What identifies a workload, rendered into the `app.kubernetes.io/*` labels. */
export interface LabelInfo {
  /** The application, e.g. `jaeger`, `thanos`. */
  readonly name: string;
  /** The instance, unique per installation (the construct's resource name). */
  readonly instance: string;
  /** The role inside the application, e.g. `collector`, `query`, `all-in-one`. */
  readonly component: string;
  /** The upstream version the image runs. */
  readonly version: string;
  /** The larger system the workload belongs to. */
  readonly partOf?: string;
}

/** All recommended labels for every object of a workload. */
export function standardLabels(info: LabelInfo): Record<string, string> {
  return {
    'app.kubernetes.io/name': info.name,
    'app.kubernetes.io/instance': info.instance,
    'app.kubernetes.io/version': info.version,
    'app.kubernetes.io/component': info.component,
    'app.kubernetes.io/part-of': info.partOf ?? info.name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/**
 * The labels a selector matches on: a subset of {@link standardLabels} without `version` (selectors are immutable,
 * so a version bump must not change them) and without the labels shared by many workloads.
 */
export function selectorLabels(
  info: Pick<LabelInfo, 'name' | 'instance' | 'component'>,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': info.name,
    'app.kubernetes.io/instance': info.instance,
    'app.kubernetes.io/component': info.component,
  };
}
