import { k8s } from 'cdk8s-plus-28';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';
import { mirrorImage } from './images';
import { isDnsSubdomain } from './names';

/**
 * Where and how a workload's pods run, beyond what the library decides: one shape for every workload of every
 * construct (`placement` on each component; per role on the patterns). Everything is optional; unset fields leave
 * the pod spec as the construct makes it. For anything not covered here, see the README's escape hatch
 * (`ApiObject.of(...).addJsonPatch`).
 */
export interface Placement {
  /** `spec.nodeSelector` of the pods. @default none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** `spec.tolerations` of the pods, e.g. for dedicated monitoring nodes. @default none */
  readonly tolerations?: readonly k8s.Toleration[];
  /**
   * `spec.affinity` of the pods. The constructs already spread replicated workloads over zones and nodes with
   * topology spread constraints, which stay. @default none
   */
  readonly affinity?: k8s.Affinity;
  /** `spec.priorityClassName`, a PriorityClass the cluster has. @default none */
  readonly priorityClassName?: string;
  /** Names of `kubernetes.io/dockerconfigjson` Secrets to pull the images with (a private mirror). @default none */
  readonly imagePullSecrets?: readonly string[];
  /** Extra pod-template annotations (e.g. a service mesh's). They cannot replace the library's own. @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Extra pod-template labels. They cannot replace the construct's labels, so selectors never change.
   * @default none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * A registry (host, optionally with a path) that replaces the registry of every image of the workload, for
   * air-gapped clusters with a mirror: `mirror.example.com` turns `quay.io/thanos/thanos:v0.42.4` into
   * `mirror.example.com/thanos/thanos:v0.42.4` and `jaegertracing/jaeger:2.20.0` (Docker Hub) into
   * `mirror.example.com/jaegertracing/jaeger:2.20.0`. Tags never change. @default the images' own registries
   */
  readonly imageRegistry?: string;
}

/**
 * A placement shared by every role of a pattern, with per-role overrides. A role's placement replaces the shared
 * one field by field (a role's `tolerations` replaces the shared list; fields the role leaves out are shared).
 */
export interface PatternPlacement<Role extends string> extends Placement {
  /** Per-role overrides. @default none: every role gets the shared placement */
  readonly roles?: Readonly<Partial<Record<Role, Placement>>>;
}

const PLACEMENT_KEYS: readonly (keyof Placement)[] = [
  'nodeSelector',
  'tolerations',
  'affinity',
  'priorityClassName',
  'imagePullSecrets',
  'podAnnotations',
  'podLabels',
  'imageRegistry',
];

/** `override`'s fields over `base`'s, field by field; undefined when both are. */
export function mergePlacement(base?: Placement, override?: Placement): Placement | undefined {
  if (base === undefined) return override;
  if (override === undefined) return base;
  const merged: Record<string, unknown> = {};
  for (const key of PLACEMENT_KEYS) {
    const value = override[key] ?? base[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged as Placement;
}

/** Checks a pattern's placement: the shared fields, and each role's overrides under a role the pattern has. */
export function checkPatternPlacement<Role extends string>(
  placement: PatternPlacement<Role> | undefined,
  roles: readonly Role[],
  context: ErrorContext,
): PatternPlacement<Role> | undefined {
  checkPlacement(placement, context, 'placement', { allowRoles: true });
  for (const [role, override] of Object.entries(placement?.roles ?? {})) {
    if (!(roles as readonly string[]).includes(role)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `placement.roles.${role}`,
        problem: 'is not a role of this pattern',
        value: role,
        fix: `use one of ${roles.join(', ')}`,
      });
    }
    checkPlacement(override as Placement, context, `placement.roles.${role}`);
  }
  return placement;
}

/** The placement of one role of a pattern: the shared fields with the role's overrides. */
export function rolePlacement<Role extends string>(
  placement: PatternPlacement<Role> | undefined,
  role: Role,
): Placement | undefined {
  if (placement === undefined) return undefined;
  const { roles, ...shared } = placement;
  return mergePlacement(shared, roles?.[role]);
}

/** Label keys the constructs own (their selectors are made of them). */
export const RESERVED_LABEL_PREFIXES: readonly string[] = ['app.kubernetes.io/'];
/** Annotation keys the constructs own (config hashes, external references). */
export const RESERVED_ANNOTATION_PREFIXES: readonly string[] = ['observability-constructs.io/'];

const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$/;

/** Checks a placement at a construct's boundary, for JavaScript callers too. */
export function checkPlacement(
  placement: Placement | undefined,
  context: ErrorContext,
  prop = 'placement',
  options: { readonly allowRoles?: boolean } = {},
): Placement | undefined {
  if (placement === undefined) return undefined;
  const fail = (field: string, problem: string, value: unknown, fix: string): never => {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.${field}`,
      problem,
      value,
      fix,
    });
  };
  if (typeof placement !== 'object' || placement === null) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'must be an object',
      value: placement,
      fix: "e.g. placement: { nodeSelector: { 'node-role/monitoring': 'true' } }",
    });
  }
  const unknown = Object.keys(placement).find(
    (k) => !(PLACEMENT_KEYS as string[]).includes(k) && !(options.allowRoles && k === 'roles'),
  );
  if (unknown !== undefined) {
    fail(unknown, 'is not a placement field', unknown, `use one of ${PLACEMENT_KEYS.join(', ')}`);
  }
  for (const key of ['nodeSelector', 'podAnnotations', 'podLabels'] as const) {
    const map = placement[key];
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Object.values(map).some((v) => typeof v !== 'string')) {
      fail(key, 'must map names to strings', map, "e.g. { 'topology.kubernetes.io/zone': 'eu-west-1a' }");
    }
  }
  const reserved = (key: 'podLabels' | 'podAnnotations', prefixes: readonly string[]) => {
    const taken = Object.keys(placement[key] ?? {}).find((k) => prefixes.some((p) => k.startsWith(p)));
    if (taken !== undefined) {
      fail(
        `${key}.${taken}`,
        `uses a key the constructs set themselves (${prefixes.join(', ')}…): selectors and rollouts depend on them`,
        taken,
        'choose a key outside these prefixes',
      );
    }
  };
  reserved('podLabels', RESERVED_LABEL_PREFIXES);
  reserved('podAnnotations', RESERVED_ANNOTATION_PREFIXES);
  for (const key of ['tolerations', 'imagePullSecrets'] as const) {
    if (placement[key] !== undefined && !Array.isArray(placement[key])) {
      fail(key, 'must be a list', placement[key], 'wrap the value in [ ]');
    }
  }
  (placement.imagePullSecrets ?? []).forEach((name, i) => {
    if (!isDnsSubdomain(name)) {
      fail(
        `imagePullSecrets[${i}]`,
        'must be the name of a Secret',
        name,
        "e.g. imagePullSecrets: ['mirror-pull']",
      );
    }
  });
  const priority = placement.priorityClassName;
  if (priority !== undefined && !isDnsSubdomain(priority)) {
    fail('priorityClassName', 'must be the name of a PriorityClass', priority, "e.g. 'monitoring-critical'");
  }
  const registry = placement.imageRegistry;
  if (registry !== undefined && (typeof registry !== 'string' || !REGISTRY.test(registry))) {
    fail(
      'imageRegistry',
      'must be a registry host, optionally with a port and a path, without a scheme',
      registry,
      "e.g. 'mirror.example.com' or 'harbor.example.com:5000/observability'",
    );
  }
  return placement;
}

/**
 * An image with its registry replaced by `registry` (see {@link Placement.imageRegistry}), by
 * {@link mirrorImage}: the first path component names a registry when it has a '.' or ':' or is `localhost`;
 * otherwise the image is on Docker Hub and the whole reference moves under the mirror.
 */
export function withRegistry(image: string, registry: string | undefined): string {
  return registry === undefined ? image : mirrorImage(image, registry);
}

/**
 * A placement for pods an operator creates (Strimzi's `template.pod`, ECK's `podTemplate`): the operator picks the
 * images, so `imageRegistry` is refused (mirror them through the operator's own image settings). Strimzi's pod
 * template has no `nodeSelector` (its KafkaNodePool CRD, `template.pod`: metadata, imagePullSecrets, affinity,
 * tolerations, priorityClassName …), so `nodeSelector` becomes a required node affinity there.
 */
export function operatorPodPlacement(
  placement: Placement | undefined,
  context: ErrorContext,
  options: { readonly nodeSelectorAsAffinity: boolean; readonly prop?: string },
): { metadata?: Record<string, unknown>; spec: Record<string, unknown> } | undefined {
  const prop = options.prop ?? 'placement';
  const checked = checkPlacement(placement, context, prop);
  if (checked === undefined) return undefined;
  if (checked.imageRegistry !== undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: `${prop}.imageRegistry`,
      problem: "cannot move the images of an operator's pods: the operator chooses them",
      value: checked.imageRegistry,
      fix: "leave it out and mirror the images in the operator's own configuration when you install it",
    });
  }
  let affinity = checked.affinity;
  let nodeSelector = checked.nodeSelector;
  if (options.nodeSelectorAsAffinity && nodeSelector !== undefined) {
    const expressions = Object.entries(nodeSelector).map(([key, value]) => ({
      key,
      operator: 'In',
      values: [value],
    }));
    const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const terms = required?.nodeSelectorTerms ?? [{}];
    affinity = {
      ...affinity,
      nodeAffinity: {
        ...affinity?.nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: terms.map((t) => ({
            ...t,
            matchExpressions: [...(t.matchExpressions ?? []), ...expressions],
          })),
        },
      },
    };
    nodeSelector = undefined;
  }
  const metadata =
    checked.podLabels || checked.podAnnotations
      ? {
          ...(checked.podLabels ? { labels: { ...checked.podLabels } } : {}),
          ...(checked.podAnnotations ? { annotations: { ...checked.podAnnotations } } : {}),
        }
      : undefined;
  const spec = Object.fromEntries(
    Object.entries({
      nodeSelector: nodeSelector ? { ...nodeSelector } : undefined,
      affinity,
      tolerations: checked.tolerations ? [...checked.tolerations] : undefined,
      priorityClassName: checked.priorityClassName,
      imagePullSecrets: checked.imagePullSecrets?.map((name) => ({ name })),
    }).filter(([, v]) => v !== undefined),
  );
  return { metadata, spec };
}
