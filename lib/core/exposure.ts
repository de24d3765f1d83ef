import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';

/** A cloud whose internal load balancers the library knows how to ask for. */
export type LoadBalancerCloud = 'aws' | 'gcp' | 'azure';

/**
 * The Service annotations that make a `LoadBalancer` internal (a private address in the VPC / VNet), per cloud:
 * - aws: `service.beta.kubernetes.io/aws-load-balancer-scheme: internal` for the AWS Load Balancer Controller and the
 *   older `service.beta.kubernetes.io/aws-load-balancer-internal: "true"` for the in-tree / cloud-provider-aws
 *   controller (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/,
 *   https://github.com/kubernetes/cloud-provider-aws/blob/master/docs/service_controller.md);
 * - gcp: `networking.gke.io/load-balancer-type: "Internal"`
 *   (https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters);
 * - azure: `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`
 *   (https://learn.microsoft.com/azure/aks/internal-lb).
 */
export const INTERNAL_LOAD_BALANCER_ANNOTATIONS: Readonly<
  Record<LoadBalancerCloud, Readonly<Record<string, string>>>
> = {
  aws: {
    'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
    'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
  },
  gcp: { 'networking.gke.io/load-balancer-type': 'Internal' },
  azure: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
};

/**
 * The external-dns annotation that publishes a Service's load-balancer address under a host name. external-dns
 * v0.22.0 moved it from the `external-dns.alpha.kubernetes.io/` prefix to `external-dns.kubernetes.io/`
 * (https://kubernetes-sigs.github.io/external-dns/latest/docs/annotations/annotations/); both are set, with the same
 * value, so older and newer releases publish the name.
 */
export const EXTERNAL_DNS_HOSTNAME_ANNOTATIONS: readonly string[] = [
  'external-dns.alpha.kubernetes.io/hostname',
  'external-dns.kubernetes.io/hostname',
];

/**
 * How a server is exposed outside its cluster. One shape for every exposed component (sidecar StoreAPI, querier
 * StoreAPI, receive remote write, Prometheus web), passed down by the fleet patterns.
 */
export interface ServiceExposure {
  /** @default 'ClusterIP' (not exposed outside the cluster) */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** Ask this cloud for an internal load balancer (a private address). @default the cloud's default, often public */
  readonly internalLoadBalancer?: LoadBalancerCloud;
  /** CIDRs allowed to reach the load balancer (`spec.loadBalancerSourceRanges`). @default any address */
  readonly loadBalancerSourceRanges?: readonly string[];
  /**
   * Publish the component's external host name through external-dns (the name the endpoint files use).
   * @default true when the component has an external host
   */
  readonly externalDns?: boolean;
  /** More annotations of the Service. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

const CLOUDS: readonly string[] = Object.keys(INTERNAL_LOAD_BALANCER_ANNOTATIONS);
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+:[0-9a-fA-F:]*\/\d{1,3})$/;

/** Checks an exposure at construction (also for JavaScript callers). */
export function checkServiceExposure(
  exposure: ServiceExposure | undefined,
  context: ErrorContext,
  prop: string,
): void {
  if (exposure === undefined) return;
  const fail = (field: string, problem: string, value: unknown, fix: string): never => {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.${field}`,
      problem,
      value,
      fix,
    });
  };
  const type = exposure.type ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(type)) {
    fail('type', 'is not a Service type', type, "use 'ClusterIP', 'NodePort' or 'LoadBalancer'");
  }
  const lbOnly = (
    [
      ['internalLoadBalancer', exposure.internalLoadBalancer],
      ['loadBalancerSourceRanges', exposure.loadBalancerSourceRanges],
    ] as const
  ).find(([, v]) => v !== undefined);
  if (lbOnly && type !== 'LoadBalancer') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: `${prop}.${lbOnly[0]}`,
      problem: `applies to a LoadBalancer Service, not to a ${type}`,
      value: lbOnly[1],
      fix: `set ${prop}.type: 'LoadBalancer', or drop ${lbOnly[0]}`,
    });
  }
  if (exposure.internalLoadBalancer !== undefined && !CLOUDS.includes(exposure.internalLoadBalancer)) {
    fail(
      'internalLoadBalancer',
      'is not a cloud the library knows the internal load-balancer annotations of',
      exposure.internalLoadBalancer,
      `use one of ${CLOUDS.map((c) => `'${c}'`).join(', ')}, or set the annotations yourself`,
    );
  }
  for (const range of exposure.loadBalancerSourceRanges ?? []) {
    if (typeof range !== 'string' || !CIDR.test(range)) {
      fail(
        'loadBalancerSourceRanges',
        'holds something that is not a CIDR',
        range,
        "write e.g. '10.0.0.0/8'",
      );
    }
  }
}

/** The annotations an exposure puts on its Service: internal load balancer, external-dns name, the user's. */
export function exposureAnnotations(
  exposure: ServiceExposure | undefined,
  externalHost: string | undefined,
): Record<string, string> {
  if (exposure === undefined || (exposure.type ?? 'ClusterIP') === 'ClusterIP') return {};
  const dns = externalHost !== undefined && (exposure.externalDns ?? true);
  return {
    ...(exposure.internalLoadBalancer
      ? INTERNAL_LOAD_BALANCER_ANNOTATIONS[exposure.internalLoadBalancer]
      : {}),
    ...(dns ? Object.fromEntries(EXTERNAL_DNS_HOSTNAME_ANNOTATIONS.map((k) => [k, externalHost])) : {}),
    ...(exposure.annotations ?? {}),
  };
}

/** Puts an exposure on a Service: its annotations and source ranges. */
export function applyServiceExposure(
  service: k8s.KubeService,
  exposure: ServiceExposure | undefined,
  externalHost: string | undefined,
): void {
  for (const [k, v] of Object.entries(exposureAnnotations(exposure, externalHost))) {
    service.metadata.addAnnotation(k, v);
  }
  const ranges = exposure?.loadBalancerSourceRanges;
  if (ranges !== undefined && ranges.length > 0) {
    service.addJsonPatch(JsonPatch.add('/spec/loadBalancerSourceRanges', [...ranges]));
  }
}
