import { mockPulumi } from '../support/pulumi-mocks';
import { expectConstructError } from '../support/errors';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart, Testing } from 'cdk8s';
import { ApiObject } from 'cdk8s';

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly provider?: string;
  readonly parent?: string;
}

const registered: Registered[] = [];

mockPulumi((args) =>
  registered.push({
    type: args.type,
    name: args.name,
    inputs: args.inputs,
    provider: args.provider,
  }),
);

// Imported after the mocks are set, as Pulumi requires.
import * as k8s from '@pulumi/kubernetes';
import { JaegerAllInOne, ThanosHierarchical, splitFleet } from '../../lib';
import { CDK8S_DEPLOYMENT_TYPE, Cdk8sDeployment, resourceName } from '../../lib/pulumi';
import { ErrorCode } from '../../lib/core';

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

function urnName(urn: string | undefined): string | undefined {
  return urn?.split('::').pop();
}

beforeEach(() => {
  registered.length = 0;
});

describe('Cdk8sDeployment', () => {
  test('registers every object of a chart as a typed resource, child of the component', async () => {
    const app = Testing.app();
    const chart = new Chart(app, 'tracing', { namespace: 'tracing' });
    new JaegerAllInOne(chart, 'jaeger', { storage: { kind: 'badger' } });
    const component = new Cdk8sDeployment('tracing', { source: chart });

    expect(Object.keys(component.resources)).toEqual([
      'tracing/PersistentVolumeClaim/tracing/jaeger-badger',
      'tracing/ConfigMap/tracing/jaeger-config',
      'tracing/ConfigMap/tracing/jaeger-sampling',
      'tracing/Deployment/tracing/jaeger',
      'tracing/Service/tracing/jaeger',
      'tracing/NetworkPolicy/tracing/jaeger',
    ]);
    await new Promise((r) => setImmediate(r));
    const types = registered.map((r) => [r.type, r.name]);
    expect(types.sort()).toEqual([
      ['kubernetes:apps/v1:Deployment', 'tracing/Deployment/tracing/jaeger'],
      ['kubernetes:core/v1:ConfigMap', 'tracing/ConfigMap/tracing/jaeger-config'],
      ['kubernetes:core/v1:ConfigMap', 'tracing/ConfigMap/tracing/jaeger-sampling'],
      ['kubernetes:core/v1:PersistentVolumeClaim', 'tracing/PersistentVolumeClaim/tracing/jaeger-badger'],
      ['kubernetes:core/v1:Service', 'tracing/Service/tracing/jaeger'],
      ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'tracing/NetworkPolicy/tracing/jaeger'],
      // The component's type token is part of every child's URN: a new token would make Pulumi replace each
      // resource of an existing stack (unless the release adds aliases), so it is pinned here as text.
      ['observability-constructs:index:Cdk8sDeployment', 'tracing'],
    ]);
    expect(CDK8S_DEPLOYMENT_TYPE).toBe('observability-constructs:index:Cdk8sDeployment');
    const urns = await Promise.all(Object.values(component.resources).map((r) => promiseOf(r.urn)));
    const componentUrn = await promiseOf(component.urn);
    for (const urn of urns) expect(urn).toContain('observability-constructs:index:Cdk8sDeployment$');
    expect(urnName(componentUrn)).toBe('tracing');
  });

  test("the construct's props arrive in the resources' inputs", async () => {
    // Registrations of earlier tests may still arrive: this test's chart has a name of its own.
    const chart = new Chart(Testing.app(), 'inputs', { namespace: 'tracing' });
    new JaegerAllInOne(chart, 'jaeger', {
      storage: { kind: 'badger', size: '33Gi' },
      resources: { cpu: '3', memory: '3Gi' },
    });
    new Cdk8sDeployment('inputs', { source: chart });
    await new Promise((r) => setImmediate(r));
    const pvc = registered.find((r) => r.name === 'inputs/PersistentVolumeClaim/tracing/jaeger-badger');
    expect(pvc?.inputs.spec.resources.requests.storage).toBe('33Gi');
    const deployment = registered.find((r) => r.name === 'inputs/Deployment/tracing/jaeger');
    expect(deployment?.inputs.metadata).toEqual(
      expect.objectContaining({ name: 'jaeger', namespace: 'tracing' }),
    );
    expect(deployment?.inputs.spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: '3',
      memory: '3Gi',
    });
  });

  test('namespaces and CRDs come first; custom resources and others depend on them', async () => {
    const chart = new Chart(Testing.app(), 'c');
    new ApiObject(chart, 'monitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'm', namespace: 'obs' },
      spec: { selector: {} },
    });
    new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'obs' } });
    const component = new Cdk8sDeployment('c', { source: chart });
    expect(Object.keys(component.resources)).toEqual(['c/Namespace/obs', 'c/ServiceMonitor/obs/m']);
    await new Promise((r) => setImmediate(r));
    expect(registered.map((r) => r.type)).toEqual([
      CDK8S_DEPLOYMENT_TYPE,
      'kubernetes:core/v1:Namespace',
      'kubernetes:monitoring.coreos.com/v1:ServiceMonitor',
    ]);
    const monitor = registered[2];
    expect(monitor?.inputs.spec).toEqual({ selector: {} });
  });

  test('one provider per chart for an app that spans clusters', async () => {
    const app = new App();
    for (const id of ['region-a', 'region-b']) {
      new JaegerAllInOne(new Chart(app, id, { namespace: 'tracing' }), 'jaeger');
    }
    const providers = {
      'region-a': new k8s.Provider('a', { context: 'a' }),
      'region-b': new k8s.Provider('b', { context: 'b' }),
    };
    const component = new Cdk8sDeployment('fleet', { source: app, providers });
    await new Promise((r) => setImmediate(r));
    const providerOf = (name: string) => registered.find((r) => r.name === name)?.provider ?? '';
    expect(providerOf('region-a/Deployment/tracing/jaeger')).toContain('::a::');
    expect(providerOf('region-b/Deployment/tracing/jaeger')).toContain('::b::');
    const endpoints = await promiseOf(component.endpoints);
    expect(endpoints).toEqual(
      expect.objectContaining({
        'region-a/jaeger.otlpGrpc': 'http://jaeger.tracing.svc.cluster.local:4317',
        'region-b/jaeger.query': 'http://jaeger.tracing.svc.cluster.local:16686',
      }),
    );
  });

  test('a chart without a provider, or a provider for no chart, is an error', () => {
    const app = new App();
    new Chart(app, 'a');
    new Chart(app, 'b');
    const provider = new k8s.Provider('p', {});
    expectConstructError(
      () => new Cdk8sDeployment('x', { source: app, providers: { a: provider } }),
      "Cdk8sDeployment 'x': 'providers' has no provider for chart 'b' (got [\"a\"]); add 'b' to providers, or set provider for the charts not listed",
      ErrorCode.DANGLING_REFERENCE,
    );
    expectConstructError(
      () => new Cdk8sDeployment('y', { source: app, providers: { c: provider } }),
      "Cdk8sDeployment 'y': 'providers.c' names no chart of the source (got \"c\"); use one of the chart ids: a, b",
      ErrorCode.DANGLING_REFERENCE,
    );
    expect(
      () => new Cdk8sDeployment('z', { source: app, provider, providers: { a: provider } }),
    ).not.toThrow();
    for (const providers of [{ a: provider }, { c: provider }] as Record<string, k8s.Provider>[]) {
      const thrown = (() => {
        try {
          new Cdk8sDeployment('w', { source: app, providers });
        } catch (e) {
          return e as { code?: string };
        }
        return undefined;
      })();
      expect(thrown?.code).toBe(ErrorCode.DANGLING_REFERENCE);
    }
  });

  test('resource names are chart/Kind/namespace/name, or chart/Kind/name when cluster-scoped', () => {
    expect(
      resourceName('c', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' } }),
    ).toBe('c/Service/n/s');
    expect(resourceName('c', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } })).toBe(
      'c/Namespace/n',
    );
  });
});

describe('a fleet under Pulumi', () => {
  test('every chart of a D1 fleet lands in its own cluster through its own provider', async () => {
    const app = new App();
    new ThanosHierarchical(app, 'd1', {
      fleet: splitFleet(6, 3),
      domain: 'monitoring.example.com',
      objectStorage: {
        kind: 's3',
        bucket: 'fleet-bucket',
        endpoint: 'minio.example.com:9000',
      },
      grafana: false,
      tls: { secretName: 'fleet-tls', queryClientCaSecretName: 'fleet-query-client-ca' },
    });
    const providers = Object.fromEntries(
      app.charts.map((c) => [c.node.id, new k8s.Provider(`provider-${c.node.id}`, { context: c.node.id })]),
    );
    expect(Object.keys(providers)).toHaveLength(9);
    const fleet = new Cdk8sDeployment('fleet', { source: app, providers });
    await new Promise((r) => setImmediate(r));
    // Provider references read `<provider URN>::<provider id>`; the URN ends in the provider's name.
    const byChart = new Map<string, Set<string>>();
    for (const name of Object.keys(fleet.resources)) {
      const chart = name.split('/')[0] as string;
      const provider = registered.find((r) => r.name === name)?.provider ?? '';
      byChart.set(chart, (byChart.get(chart) ?? new Set()).add(provider));
    }
    for (const [chart, seen] of byChart) {
      expect([chart, seen.size]).toEqual([chart, 1]);
      expect([...seen][0]).toContain(`::provider-${chart}::`);
    }
    expect(byChart.size).toBe(9);
  });
});

describe('examples/pulumi', () => {
  test('the example program runs under mocks and exports the endpoints', async () => {
    const program = await import('../../examples/pulumi/index');
    expect(program.otlpEndpoint).toBe('http://jaeger.tracing.svc.cluster.local:4317');
    const endpoints = await promiseOf(program.endpoints);
    expect(endpoints['tracing/jaeger.query']).toBe('http://jaeger.tracing.svc.cluster.local:16686');
    await new Promise((r) => setImmediate(r));
    const provider = registered.find((r) => r.name === 'dev-cluster');
    expect(provider?.type).toBe('pulumi:providers:kubernetes');
    expect(provider?.inputs.context).toBe('dev');
    const deployment = registered.find((r) => r.name === 'tracing/Deployment/tracing/jaeger');
    expect(deployment?.provider).toContain('::dev-cluster::');
  });
});
