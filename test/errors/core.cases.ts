import { ErrorCode } from '../../lib/core';
import { resolveClusterDomain } from '../../lib/core/cluster-domain';
import { checkGoDuration, checkPrometheusDuration, parseDuration } from '../../lib/core/duration';
import { requireWholeNumber } from '../../lib/core/errors';
import { checkServiceExposure } from '../../lib/core/exposure';
import { checkHttpExposure } from '../../lib/core/http-exposure';
import { monitoringRelabelings } from '../../lib/core/monitoring';
import { checkDnsLabel } from '../../lib/core/names';
import { checkPatternPlacement, checkPlacement, operatorPodPlacement } from '../../lib/core/placement';
import { Cpu, Memory } from '../../lib/core/quantity';
import { resolveResources } from '../../lib/core/resources';
import { checkSecretKeyReference } from '../../lib/core/secrets';
import { errorTable } from './table';

// Throw sites of lib/core: the shared checks every construct calls, one row per site (and per `fail(...)` call).
const {
  INVALID_VALUE,
  INCOMPATIBLE_PROPS,
  INVALID_QUANTITY,
  INVALID_NAME,
  LITERAL_SECRET,
  DANGLING_REFERENCE,
  UNSAFE_WITHOUT_OPT_IN,
} = ErrorCode;
const ctx = { construct: 'Test', path: 'chart/x' };
const ui = { ownLogin: false };
const ingress = { kind: 'ingress', host: 'ui.example.com', tls: { secretName: 'ui-tls' }, access: 'open' };
const route = {
  kind: 'httpRoute',
  host: 'ui.example.com',
  access: 'open',
  gateway: { name: 'gw', sectionName: 'https' },
};
const http =
  (exposure: object, target: object = ui) =>
  () =>
    checkHttpExposure(exposure as never, target as never, ctx, 'exposure');
const service = (exposure: object) => () => checkServiceExposure(exposure as never, ctx, 'service');
const placement = (p: unknown) => () => checkPlacement(p as never, ctx, 'placement');

// four labels, 253 characters: the longest DNS name
const CLUSTER_DOMAIN_253 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;

describe('lib/core checks', () => {
  test('cluster-domain.ts: a domain of 253 characters is accepted', () => {
    expect(CLUSTER_DOMAIN_253).toHaveLength(253);
    expect(resolveClusterDomain(CLUSTER_DOMAIN_253, ctx)).toBe(CLUSTER_DOMAIN_253);
  });
  errorTable([
    {
      site: 'errors.ts requireWholeNumber (edge: 0 < 1)',
      run: () => requireWholeNumber(0, 1, ctx, 'replicas', 'use 1'),
      code: INVALID_VALUE,
      prop: 'replicas',
      message: 'must be a whole number of at least 1',
    },
    {
      site: 'cluster-domain.ts: a trailing dot',
      run: () => resolveClusterDomain('cluster.local.', ctx),
      code: INVALID_NAME,
      prop: 'clusterDomain',
      message: 'must be the DNS domain of the cluster',
      value: 'cluster.local.',
      fix: "use the kubelet's clusterDomain, e.g. 'cluster.local'",
    },
    {
      site: 'cluster-domain.ts: 254 characters (edge: a DNS name has at most 253)',
      run: () => resolveClusterDomain(`${CLUSTER_DOMAIN_253.slice(0, -1)}dd`, ctx),
      code: INVALID_NAME,
      prop: 'clusterDomain',
      message: 'must be the DNS domain of the cluster',
    },
    {
      site: 'cluster-domain.ts: not a string',
      run: () => resolveClusterDomain(5 as never, ctx, 'fleet.clusterDomain'),
      code: INVALID_NAME,
      prop: 'fleet.clusterDomain',
      message: 'must be the DNS domain of the cluster',
      value: 5,
    },
    {
      site: 'duration.ts parseDuration: 0s',
      run: () => parseDuration('0s', ctx, 'd'),
      code: INVALID_VALUE,
      prop: 'd',
      message: 'is not a positive Go duration',
    },
    {
      site: 'duration.ts checkGoDuration: days',
      run: () => checkGoDuration('1d', ctx, 'd'),
      code: INVALID_VALUE,
      prop: 'd',
      message: 'is not a Go duration',
    },
    {
      site: 'duration.ts checkPrometheusDuration: a fraction',
      run: () => checkPrometheusDuration('1.5h', ctx, 'd'),
      code: INVALID_VALUE,
      prop: 'd',
      message: 'is not a Prometheus duration',
    },
    {
      site: 'names.ts: upper case',
      run: () => checkDnsLabel('Name', ctx, 'name'),
      code: INVALID_NAME,
      prop: 'name',
      message: 'must be a DNS label of at most 63 characters',
    },
    {
      site: 'quantity.ts: a negative CPU number',
      run: () => Cpu.parse(-1, ctx, 'cpu'),
      code: INVALID_QUANTITY,
      prop: 'cpu',
      message: 'is not a valid CPU quantity',
    },
    {
      site: 'quantity.ts: a CPU suffix Kubernetes does not use for CPU',
      run: () => Cpu.parse('1Gi', ctx, 'cpu'),
      code: INVALID_QUANTITY,
      prop: 'cpu',
      message: 'is not a valid CPU quantity',
    },
    {
      site: 'quantity.ts: a fraction of a millicore',
      run: () => Cpu.parse('0.5m', ctx, 'cpu'),
      code: INVALID_QUANTITY,
      prop: 'cpu',
      message: 'is not a valid CPU (whole millicores) quantity',
    },
    {
      site: 'quantity.ts: a negative memory number',
      run: () => Memory.parse(-1, ctx, 'memory'),
      code: INVALID_QUANTITY,
      prop: 'memory',
      message: 'is not a valid memory quantity',
    },
    {
      site: 'quantity.ts: millibytes',
      run: () => Memory.parse('500m', ctx, 'memory'),
      code: INVALID_QUANTITY,
      prop: 'memory',
      message: 'is not a valid memory quantity',
    },
    {
      site: 'quantity.ts: a fraction of a byte',
      run: () => Memory.parse('1.5', ctx, 'memory'),
      code: INVALID_QUANTITY,
      prop: 'memory',
      message: 'is not a valid memory (whole bytes) quantity',
    },
    {
      site: 'resources.ts: zero CPU',
      run: () => resolveResources({ cpu: '0', memory: '1Gi' }, ctx, 'resources'),
      code: INVALID_VALUE,
      prop: 'resources.cpu',
      message: 'must be greater than zero',
    },
    {
      site: 'resources.ts: a CPU limit below the request (edge: 499m < 500m)',
      run: () => resolveResources({ cpu: '500m', memory: '1Gi', cpuLimit: '499m' }, ctx, 'resources'),
      code: INVALID_VALUE,
      prop: 'resources.cpuLimit',
      message: 'must not be below the CPU request 500m',
    },
    {
      site: 'resources.ts: a memory limit below the request',
      run: () => resolveResources({ cpu: '500m', memory: '1Gi', memoryLimit: '512Mi' }, ctx, 'resources'),
      code: INVALID_VALUE,
      prop: 'resources.memoryLimit',
      message: 'must not be below the memory request',
    },
    {
      site: 'secrets.ts: a literal credential',
      run: () => checkSecretKeyReference('hunter2' as never, ctx, 'password'),
      code: LITERAL_SECRET,
      prop: 'password',
      message: 'is a literal credential',
    },
    {
      site: 'secrets.ts: a Secret name Kubernetes rejects',
      run: () => checkSecretKeyReference({ name: 'Bad_Name', key: 'k' }, ctx, 'password'),
      code: INVALID_NAME,
      prop: 'password.name',
      message: 'must name a Secret',
    },
    {
      site: 'secrets.ts: a key Kubernetes rejects',
      run: () => checkSecretKeyReference({ name: 's', key: 'a key' }, ctx, 'password'),
      code: DANGLING_REFERENCE,
      prop: 'password.key',
      message: "must name a key of Secret 's'",
    },
    {
      site: 'monitoring.ts: a reserved label name',
      run: () => monitoringRelabelings({ staticLabels: { __x: 'y' } } as never, ctx),
      code: INVALID_NAME,
      prop: 'monitoring.staticLabels',
      message: 'has a name that is not a Prometheus label name',
    },
    {
      site: 'monitoring.ts: an empty job',
      run: () => monitoringRelabelings({ job: '' } as never, ctx),
      code: INVALID_VALUE,
      prop: 'monitoring.job',
      message: 'must be a non-empty string',
    },
  ]);
});

describe('lib/core/exposure.ts (Services)', () => {
  test('a ClusterIP, a NodePort and a LoadBalancer with every field are accepted; no exposure is too', () => {
    expect(() => service({})()).not.toThrow();
    expect(() => service({ type: 'NodePort' })()).not.toThrow();
    expect(() =>
      service({
        type: 'LoadBalancer',
        internalLoadBalancer: 'azure',
        loadBalancerSourceRanges: ['10.0.0.0/8', 'fd00::/8'],
      })(),
    ).not.toThrow();
    expect(() => checkServiceExposure(undefined, ctx, 'service')).not.toThrow();
  });

  errorTable([
    {
      site: 'an unknown Service type',
      run: service({ type: 'ExternalName' }),
      code: INVALID_VALUE,
      prop: 'service.type',
      message: 'is not a Service type',
      value: 'ExternalName',
      fix: "use 'ClusterIP', 'NodePort' or 'LoadBalancer'",
    },
    {
      site: 'a load-balancer field on a NodePort',
      run: service({ type: 'NodePort', loadBalancerSourceRanges: ['10.0.0.0/8'] }),
      code: INCOMPATIBLE_PROPS,
      prop: 'service.loadBalancerSourceRanges',
      message: 'applies to a LoadBalancer Service, not to a NodePort',
      value: ['10.0.0.0/8'],
      fix: "set service.type: 'LoadBalancer', or drop loadBalancerSourceRanges",
    },
    {
      site: 'an internal load balancer on a Service of the default type (ClusterIP)',
      run: service({ internalLoadBalancer: 'aws' }),
      code: INCOMPATIBLE_PROPS,
      prop: 'service.internalLoadBalancer',
      message: 'applies to a LoadBalancer Service, not to a ClusterIP',
      value: 'aws',
    },
    {
      site: 'an unknown cloud',
      run: service({ type: 'LoadBalancer', internalLoadBalancer: 'moon' }),
      code: INVALID_VALUE,
      prop: 'service.internalLoadBalancer',
      message: 'is not a cloud the library knows',
      value: 'moon',
      fix: "use one of 'aws', 'gcp', 'azure', or set the annotations yourself",
    },
    {
      site: 'a source range that is not a CIDR',
      run: service({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '10.0.0.0'] }),
      code: INVALID_VALUE,
      prop: 'service.loadBalancerSourceRanges',
      message: 'holds something that is not a CIDR',
      value: '10.0.0.0',
      fix: "write e.g. '10.0.0.0/8'",
    },
    {
      site: 'a source range that is not a string',
      run: service({ type: 'LoadBalancer', loadBalancerSourceRanges: [10] }),
      code: INVALID_VALUE,
      prop: 'service.loadBalancerSourceRanges',
      message: 'holds something that is not a CIDR',
      value: 10,
    },
    {
      // a list whose text is a CIDR: String(['10.0.0.0/8']) would pass the pattern
      site: 'a source range given as a list',
      run: service({ type: 'LoadBalancer', loadBalancerSourceRanges: [['10.0.0.0/8']] }),
      code: INVALID_VALUE,
      prop: 'service.loadBalancerSourceRanges',
      message: 'holds something that is not a CIDR',
      value: ['10.0.0.0/8'],
    },
  ]);
});

describe('lib/core/http-exposure.ts (Ingress, HTTPRoute)', () => {
  const domain253 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.io`;
  test('a host of 253 characters is accepted, 254 are refused (Gateway API v1 Hostname, MaxLength 253)', () => {
    expect(domain253).toHaveLength(253);
    expect(() => http({ ...ingress, host: domain253 })()).not.toThrow();
    expect(() => http({ ...ingress, host: `x${domain253}` })()).toThrow(/'exposure.host' must be a DNS name/);
  });
  test('a Gateway namespace of 63 characters and a listener name with dots are accepted', () => {
    const gateway = { name: 'gw', namespace: 'n'.repeat(63), sectionName: 'https.public' };
    expect(() => http({ ...route, gateway })()).not.toThrow();
  });
  test('an Ingress over plain HTTP is accepted with allowPlaintext: true', () => {
    expect(() => http({ ...ingress, tls: undefined, allowPlaintext: true })()).not.toThrow();
  });

  errorTable([
    {
      site: 'an unknown kind',
      run: http({ ...ingress, kind: 'nodePort' }),
      code: INVALID_VALUE,
      prop: 'exposure.kind',
      message: "must be 'ingress' or 'httpRoute'",
      value: 'nodePort',
      fix: "e.g. { kind: 'ingress', host: 'ui.example.com', tls: { secretName: 'ui-tls' } }",
    },
    {
      site: 'an IP address as host',
      run: http({ ...ingress, host: '10.0.0.1' }),
      code: INVALID_NAME,
      prop: 'exposure.host',
      message: 'must be a DNS name (no IP address, no wildcard)',
      value: '10.0.0.1',
      fix: "e.g. 'jaeger.example.com'",
    },
    {
      site: 'a host that is not a string',
      run: http({ ...ingress, host: 42 }),
      code: INVALID_NAME,
      prop: 'exposure.host',
      message: 'must be a DNS name',
      value: 42,
    },
    {
      site: 'a host given as a list (its text alone would pass the pattern)',
      run: http({ ...ingress, host: ['ui.example.com'] }),
      code: INVALID_NAME,
      prop: 'exposure.host',
      message: 'must be a DNS name',
      value: ['ui.example.com'],
    },
    {
      site: 'a relative path',
      run: http({ ...ingress, path: 'ui' }),
      code: INVALID_VALUE,
      prop: 'exposure.path',
      message: "must start with '/'",
      value: 'ui',
      fix: "e.g. '/' or the UI's base path",
    },
    {
      site: 'a path that is not a string',
      run: http({ ...ingress, path: 7 }),
      code: INVALID_VALUE,
      prop: 'exposure.path',
      message: "must start with '/'",
      value: 7,
    },
    {
      site: "a path other than the UI's base path",
      run: http({ ...ingress, path: '/' }, { ownLogin: false, basePath: '/jaeger' }),
      code: INCOMPATIBLE_PROPS,
      prop: 'exposure.path',
      message: "must be the UI's base path '/jaeger'",
      value: '/',
      fix: "leave it out, or set it to '/jaeger'",
    },
    {
      site: 'a UI without login and no access statement',
      run: http({ ...ingress, access: undefined }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'exposure.access',
      message: 'is required: this UI has no login',
      value: undefined,
      fix: "set access: 'authenticated-by-proxy' when your Ingress controller or Gateway authenticates users (add its auth annotations or policy), or access: 'open' to accept it",
    },
    {
      site: 'an Ingress without TLS',
      run: http({ ...ingress, tls: undefined }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'exposure.tls',
      message: 'is required: the UI would be served in plain text outside the cluster',
      fix: "give the host's certificate Secret, tls: { secretName: 'ui-tls' }, or set allowPlaintext: true on a network you trust",
    },
    {
      site: 'an Ingress without TLS, allowPlaintext given as a string',
      run: http({ ...ingress, tls: undefined, allowPlaintext: 'true' }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'exposure.tls',
      message: 'is required',
    },
    {
      site: 'an Ingress TLS Secret name',
      run: http({ ...ingress, tls: { secretName: 'Bad_Name' } }),
      code: INVALID_NAME,
      prop: 'exposure.tls.secretName',
      message: 'must be the name of a TLS Secret in the namespace',
      value: 'Bad_Name',
      fix: "e.g. 'jaeger-ui-tls'",
    },
    {
      site: 'an IngressClass name',
      run: http({ ...ingress, ingressClassName: 'Nginx!' }),
      code: INVALID_NAME,
      prop: 'exposure.ingressClassName',
      message: 'must be the name of an IngressClass',
      value: 'Nginx!',
      fix: "e.g. 'nginx'",
    },
    {
      site: 'an HTTPRoute without a Gateway',
      run: http({ ...route, gateway: undefined }),
      code: INVALID_NAME,
      prop: 'exposure.gateway.name',
      message: 'must be the name of a Gateway',
      value: undefined,
      fix: "e.g. gateway: { name: 'public', sectionName: 'https' }",
    },
    {
      site: 'a Gateway namespace',
      run: http({ ...route, gateway: { name: 'gw', namespace: 'Bad_NS', sectionName: 'https' } }),
      code: INVALID_NAME,
      prop: 'exposure.gateway.namespace',
      message: 'must be a namespace name',
      value: 'Bad_NS',
      fix: "e.g. 'gateways'",
    },
    {
      site: 'a Gateway namespace of 64 characters (Gateway API v1 Namespace, MaxLength 63)',
      run: http({ ...route, gateway: { name: 'gw', namespace: 'n'.repeat(64), sectionName: 'https' } }),
      code: INVALID_NAME,
      prop: 'exposure.gateway.namespace',
      message: 'must be a namespace name',
    },
    {
      site: 'a Gateway namespace with a dot (a DNS label, unlike a listener name)',
      run: http({ ...route, gateway: { name: 'gw', namespace: 'gateways.prod', sectionName: 'https' } }),
      code: INVALID_NAME,
      prop: 'exposure.gateway.namespace',
      message: 'must be a namespace name',
    },
    {
      site: 'a Gateway namespace that is not a string',
      run: http({ ...route, gateway: { name: 'gw', namespace: 12, sectionName: 'https' } }),
      code: INVALID_NAME,
      prop: 'exposure.gateway.namespace',
      message: 'must be a namespace name',
      value: 12,
    },
    {
      site: 'a Gateway namespace given as a list',
      run: http({ ...route, gateway: { name: 'gw', namespace: ['gateways'], sectionName: 'https' } }),
      code: INVALID_NAME,
      prop: 'exposure.gateway.namespace',
      message: 'must be a namespace name',
      value: ['gateways'],
    },
    {
      site: 'a Gateway without a listener',
      run: http({ ...route, gateway: { name: 'gw' } }),
      code: INVALID_VALUE,
      prop: 'exposure.gateway.sectionName',
      message: "must name the Gateway's HTTPS listener",
      value: undefined,
      fix: "e.g. sectionName: 'https'",
    },
    {
      site: 'a listener name of 254 characters (Gateway API v1 SectionName, MaxLength 253)',
      run: http({ ...route, gateway: { name: 'gw', sectionName: `x${domain253}` } }),
      code: INVALID_VALUE,
      prop: 'exposure.gateway.sectionName',
      message: "must name the Gateway's HTTPS listener",
    },
  ]);
});

describe('lib/core/placement.ts', () => {
  const pattern = (p: unknown) => () => checkPatternPlacement(p as never, ['query', 'store'], ctx);
  const fields =
    'use one of nodeSelector, tolerations, affinity, priorityClassName, imagePullSecrets, podAnnotations, podLabels, imageRegistry';
  const mapFix = "e.g. { 'topology.kubernetes.io/zone': 'eu-west-1a' }";
  errorTable([
    {
      site: 'a role the pattern does not have',
      run: pattern({ roles: { nobody: {} } }),
      code: INVALID_VALUE,
      prop: 'placement.roles.nobody',
      message: 'is not a role of this pattern',
      value: 'nobody',
      fix: 'use one of query, store',
    },
    {
      site: "a pattern's placement with an unknown field",
      run: pattern({ nodeName: 'n1' }),
      code: INVALID_VALUE,
      prop: 'placement.nodeName',
      message: 'is not a placement field',
      fix: fields,
    },
    {
      site: "a role's placement with an unknown field (roles only at the top)",
      run: pattern({ roles: { query: { roles: {} } } }),
      code: INVALID_VALUE,
      prop: 'placement.roles.query.roles',
      message: 'is not a placement field',
      value: 'roles',
    },
    {
      site: 'not an object',
      run: placement('monitoring'),
      code: INVALID_VALUE,
      prop: 'placement',
      message: 'must be an object',
      value: 'monitoring',
      fix: "e.g. placement: { nodeSelector: { 'node-role/monitoring': 'true' } }",
    },
    {
      site: 'null',
      run: placement(null),
      code: INVALID_VALUE,
      prop: 'placement',
      message: 'must be an object',
      value: null,
    },
    {
      site: 'an unknown field',
      run: placement({ nodeName: 'n1' }),
      code: INVALID_VALUE,
      prop: 'placement.nodeName',
      message: 'is not a placement field',
      value: 'nodeName',
      fix: fields,
    },
    {
      site: 'a node selector with a number',
      run: placement({ nodeSelector: { zone: 1 } }),
      code: INVALID_VALUE,
      prop: 'placement.nodeSelector',
      message: 'must map names to strings',
      value: { zone: 1 },
      fix: mapFix,
    },
    {
      site: 'a node selector with one string and one number',
      run: placement({ nodeSelector: { a: 'x', zone: 1 } }),
      code: INVALID_VALUE,
      prop: 'placement.nodeSelector',
      message: 'must map names to strings',
    },
    {
      site: 'a node selector given as a string',
      run: placement({ nodeSelector: 'zone=a' }),
      code: INVALID_VALUE,
      prop: 'placement.nodeSelector',
      message: 'must map names to strings',
      value: 'zone=a',
    },
    {
      site: 'pod labels given as null',
      run: placement({ podLabels: null }),
      code: INVALID_VALUE,
      prop: 'placement.podLabels',
      message: 'must map names to strings',
      value: null,
    },
    {
      site: 'a reserved pod label',
      run: placement({ podLabels: { team: 'a', 'app.kubernetes.io/name': 'x' } }),
      code: INVALID_VALUE,
      prop: 'placement.podLabels.app.kubernetes.io/name',
      message:
        'uses a key the constructs set themselves (app.kubernetes.io/…): selectors and rollouts depend on them',
      value: 'app.kubernetes.io/name',
      fix: 'choose a key outside these prefixes',
    },
    {
      site: 'a reserved pod annotation',
      run: placement({ podAnnotations: { 'observability-constructs.io/config-hash': 'x' } }),
      code: INVALID_VALUE,
      prop: 'placement.podAnnotations.observability-constructs.io/config-hash',
      message: 'uses a key the constructs set themselves (observability-constructs.io/…)',
    },
    {
      site: 'tolerations not in a list',
      run: placement({ tolerations: { key: 'k' } }),
      code: INVALID_VALUE,
      prop: 'placement.tolerations',
      message: 'must be a list',
      value: { key: 'k' },
      fix: 'wrap the value in [ ]',
    },
    {
      site: 'an image pull Secret name',
      run: placement({ imagePullSecrets: ['ok', 'Bad_Name'] }),
      code: INVALID_VALUE,
      prop: 'placement.imagePullSecrets[1]',
      message: 'must be the name of a Secret',
      value: 'Bad_Name',
      fix: "e.g. imagePullSecrets: ['mirror-pull']",
    },
    {
      site: 'a PriorityClass name',
      run: placement({ priorityClassName: 'Critical!' }),
      code: INVALID_VALUE,
      prop: 'placement.priorityClassName',
      message: 'must be the name of a PriorityClass',
      value: 'Critical!',
      fix: "e.g. 'monitoring-critical'",
    },
    {
      site: 'a registry with a scheme',
      run: placement({ imageRegistry: 'https://mirror.example.com' }),
      code: INVALID_VALUE,
      prop: 'placement.imageRegistry',
      message: 'must be a registry host',
      value: 'https://mirror.example.com',
      fix: "e.g. 'mirror.example.com' or 'harbor.example.com:5000/observability'",
    },
    {
      site: 'a registry that is not a string',
      run: placement({ imageRegistry: 5000 }),
      code: INVALID_VALUE,
      prop: 'placement.imageRegistry',
      message: 'must be a registry host',
      value: 5000,
    },
    {
      site: "a registry for an operator's pods",
      run: () =>
        operatorPodPlacement({ imageRegistry: 'mirror.example.com' }, ctx, { nodeSelectorAsAffinity: true }),
      code: INCOMPATIBLE_PROPS,
      prop: 'placement.imageRegistry',
      message: "cannot move the images of an operator's pods",
      value: 'mirror.example.com',
      fix: "leave it out and mirror the images in the operator's own configuration when you install it",
    },
  ]);
});
