import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';
import { isDnsLabel, isDnsSubdomain } from './names';

/** The Gateway API group and version of the HTTPRoute the library writes (the standard channel's v1). */
export const HTTP_ROUTE_API_VERSION = 'gateway.networking.k8s.io/v1';

/** Who may use a UI that has no login of its own (the Jaeger UI, Thanos Query) once it is exposed. */
export type UiAccess =
  /** The Ingress controller or Gateway authenticates users (an OAuth2 proxy, an auth policy you add). */
  | 'authenticated-by-proxy'
  /** Anyone who reaches the host. */
  | 'open';

/** Options every exposure takes. */
interface HttpExposureBase {
  /** The DNS name users open, e.g. `jaeger.example.com`. */
  readonly host: string;
  /** The path prefix routed to the UI. @default the UI's base path, else `/` */
  readonly path?: string;
  /**
   * Required for a UI without a login of its own (the Jaeger UI, Thanos Query): say who authenticates users, or
   * that the UI is open to whoever reaches the host. @default none (then an error for those UIs)
   */
  readonly access?: UiAccess;
}

/** An Ingress (`networking.k8s.io/v1`) with TLS terminated by the Ingress controller. */
export interface IngressExposure extends HttpExposureBase {
  readonly kind: 'ingress';
  /** The IngressClass. @default the cluster's default class */
  readonly ingressClassName?: string;
  /** The TLS Secret (`tls.crt`, `tls.key`) for the host, e.g. issued by cert-manager. */
  readonly tls?: { readonly secretName: string };
  /** Serve plain HTTP (no `tls`), on a network you trust. @default false */
  readonly allowPlaintext?: boolean;
  /** Annotations of the Ingress (controller options, cert-manager, authentication). @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A Gateway API HTTPRoute (`gateway.networking.k8s.io/v1`) attached to an HTTPS listener of a Gateway you run,
 * which terminates TLS (an HTTPRoute carries no certificate of its own).
 */
export interface HttpRouteExposure extends HttpExposureBase {
  readonly kind: 'httpRoute';
  /** The parent Gateway and the name of its HTTPS listener (`sectionName`). */
  readonly gateway: {
    readonly name: string;
    /** @default the route's namespace; another namespace must allow the route in the listener's `allowedRoutes` */
    readonly namespace?: string;
    /** The listener's name; it must be an HTTPS listener, which terminates TLS for `host`. */
    readonly sectionName: string;
  };
}

/** How a UI is reached from outside the cluster: an Ingress or a Gateway API HTTPRoute, with TLS. */
export type HttpExposure = IngressExposure | HttpRouteExposure;

/** What {@link createHttpExposure} exposes. */
export interface HttpExposureTarget {
  readonly namespace: string;
  /** The object's name (the Service's, usually). */
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The Service and the port number it serves the UI on. */
  readonly serviceName: string;
  readonly servicePort: number;
  /** The UI's base path, `''` for `/`. */
  readonly basePath?: string;
  /** Whether the UI has a login of its own (Grafana); else `access` is required. */
  readonly ownLogin: boolean;
}

/** The exposure object and the external URL. */
export interface HttpExposureResult {
  readonly apiObject: ApiObject;
  /** `https://<host><path>`, or `http://` for a plaintext Ingress. */
  readonly url: string;
}

const HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Checks an exposure at a construct's boundary, for JavaScript callers too. */
export function checkHttpExposure(
  exposure: HttpExposure,
  target: Pick<HttpExposureTarget, 'ownLogin' | 'basePath'>,
  context: ErrorContext,
  prop: string,
): HttpExposure {
  const fail = (code: ErrorCode, field: string, problem: string, value: unknown, fix: string): never => {
    throw new ObservabilityConstructError(context, {
      code,
      prop: field ? `${prop}.${field}` : prop,
      problem,
      value,
      fix,
    });
  };
  const kind = (exposure as { kind?: unknown } | undefined)?.kind;
  if (kind !== 'ingress' && kind !== 'httpRoute') {
    fail(
      ErrorCode.INVALID_VALUE,
      'kind',
      "must be 'ingress' or 'httpRoute'",
      kind,
      "e.g. { kind: 'ingress', host: 'ui.example.com', tls: { secretName: 'ui-tls' } }",
    );
  }
  // Gateway API v1 `Hostname` (apis/v1/shared_types.go): RFC 1123, no IP; the library takes exact names only.
  if (typeof exposure.host !== 'string' || !HOST.test(exposure.host) || exposure.host.length > 253) {
    fail(
      ErrorCode.INVALID_NAME,
      'host',
      'must be a DNS name (no IP address, no wildcard)',
      exposure.host,
      "e.g. 'jaeger.example.com'",
    );
  }
  const base = target.basePath ?? '';
  const path = exposure.path ?? (base === '' ? '/' : base);
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
    fail(ErrorCode.INVALID_VALUE, 'path', "must start with '/'", path, "e.g. '/' or the UI's base path");
  }
  if (base !== '' && path !== base) {
    fail(
      ErrorCode.INCOMPATIBLE_PROPS,
      'path',
      `must be the UI's base path '${base}': the UI serves nothing else`,
      path,
      `leave it out, or set it to '${base}'`,
    );
  }
  if (!target.ownLogin && exposure.access !== 'authenticated-by-proxy' && exposure.access !== 'open') {
    fail(
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      'access',
      'is required: this UI has no login, so exposing it lets anyone who reaches the host read all the data',
      exposure.access,
      "set access: 'authenticated-by-proxy' when your Ingress controller or Gateway authenticates users (add its auth annotations or policy), or access: 'open' to accept it",
    );
  }
  if (exposure.kind === 'ingress') {
    if (exposure.tls === undefined && exposure.allowPlaintext !== true) {
      fail(
        ErrorCode.UNSAFE_WITHOUT_OPT_IN,
        'tls',
        'is required: the UI would be served in plain text outside the cluster',
        undefined,
        "give the host's certificate Secret, tls: { secretName: 'ui-tls' }, or set allowPlaintext: true on a network you trust",
      );
    }
    if (exposure.tls !== undefined && !isDnsSubdomain(exposure.tls.secretName)) {
      fail(
        ErrorCode.INVALID_NAME,
        'tls.secretName',
        'must be the name of a TLS Secret in the namespace',
        exposure.tls.secretName,
        "e.g. 'jaeger-ui-tls'",
      );
    }
    if (exposure.ingressClassName !== undefined && !isDnsSubdomain(exposure.ingressClassName)) {
      fail(
        ErrorCode.INVALID_NAME,
        'ingressClassName',
        'must be the name of an IngressClass',
        exposure.ingressClassName,
        "e.g. 'nginx'",
      );
    }
  } else {
    const gateway = exposure.gateway as HttpRouteExposure['gateway'] | undefined;
    if (!isDnsSubdomain(gateway?.name)) {
      fail(
        ErrorCode.INVALID_NAME,
        'gateway.name',
        'must be the name of a Gateway',
        gateway?.name,
        "e.g. gateway: { name: 'public', sectionName: 'https' }",
      );
    }
    // Gateway API v1 `Namespace`: a DNS label of at most 63 characters; `SectionName`: a DNS subdomain of at most
    // 253 (kubernetes-sigs/gateway-api@v1.0.0 apis/v1/shared_types.go, the first release with the v1 HTTPRoute;
    // unchanged at v1.6.1).
    const namespace = gateway!.namespace;
    if (namespace !== undefined && !(typeof namespace === 'string' && isDnsLabel(namespace))) {
      fail(
        ErrorCode.INVALID_NAME,
        'gateway.namespace',
        'must be a namespace name',
        gateway!.namespace,
        "e.g. 'gateways'",
      );
    }
    // ParentReference.sectionName names the listener; the library requires it so the route attaches to the HTTPS
    // listener only, never to a plain-HTTP one of the same Gateway.
    if (!isDnsSubdomain(gateway!.sectionName)) {
      fail(
        ErrorCode.INVALID_VALUE,
        'gateway.sectionName',
        "must name the Gateway's HTTPS listener, which terminates TLS",
        gateway!.sectionName,
        "e.g. sectionName: 'https'",
      );
    }
  }
  return exposure;
}

/**
 * An Ingress or an HTTPRoute in front of a UI's Service. HTTPRoute fields follow Gateway API v1
 * (kubernetes-sigs/gateway-api `apis/v1/httproute_types.go`, `apis/v1/shared_types.go`): `parentRefs` (name,
 * namespace, sectionName), `hostnames`, `rules[].matches[].path` (`PathPrefix`), `rules[].backendRefs` (a Service
 * name and port).
 */
export function createHttpExposure(
  scope: Construct,
  id: string,
  exposure: HttpExposure,
  target: HttpExposureTarget,
): HttpExposureResult {
  const base = target.basePath ?? '';
  const path = exposure.path ?? (base === '' ? '/' : base);
  const metadata = { name: target.name, namespace: target.namespace, labels: { ...target.labels } };
  if (exposure.kind === 'ingress') {
    const ingress = new k8s.KubeIngress(scope, id, {
      metadata: { ...metadata, annotations: exposure.annotations ? { ...exposure.annotations } : undefined },
      spec: {
        ingressClassName: exposure.ingressClassName,
        tls: exposure.tls ? [{ hosts: [exposure.host], secretName: exposure.tls.secretName }] : undefined,
        rules: [
          {
            host: exposure.host,
            http: {
              paths: [
                {
                  path,
                  pathType: 'Prefix',
                  backend: { service: { name: target.serviceName, port: { number: target.servicePort } } },
                },
              ],
            },
          },
        ],
      },
    });
    return {
      apiObject: ingress,
      url: `${exposure.tls ? 'https' : 'http'}://${exposure.host}${path === '/' ? '' : path}`,
    };
  }
  const route = new ApiObject(scope, id, {
    apiVersion: HTTP_ROUTE_API_VERSION,
    kind: 'HTTPRoute',
    metadata,
    spec: {
      parentRefs: [
        {
          name: exposure.gateway.name,
          // left out when undefined, like every null or undefined prop value (cdk8s@2.70.106 lib/_util.js sanitizeValue)
          namespace: exposure.gateway.namespace,
          sectionName: exposure.gateway.sectionName,
        },
      ],
      hostnames: [exposure.host],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: path } }],
          backendRefs: [{ name: target.serviceName, port: target.servicePort }],
        },
      ],
    },
  });
  return { apiObject: route, url: `https://${exposure.host}${path === '/' ? '' : path}` };
}
