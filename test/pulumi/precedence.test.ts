import { mockPulumi } from '../support/pulumi-mocks';
import { expectConstructError } from '../support/errors';
import { ErrorCode } from '../../lib/core';
import { ApiObject, App, Chart } from 'cdk8s';
import { jaegerWorkload } from '../support/workloads';

// Provider precedence, dependency order, sorted error values and outputs of the Pulumi bridge, which the mocks of
// bridge.test.ts do not see (Pulumi's MockResourceArgs carries the provider but not dependsOn: @pulumi/pulumi@3.248.0
// runtime/mocks.js `MockMonitor.registerResource`). Mutation testing found the dependency list (every resource or
// none pushed into it), the sorting and the outputs unasserted; the precedence test was checked against a hand-made
// mutant that swaps `providers[chart] ?? provider`.

const providerOfResource = new Map<string, string | undefined>();

mockPulumi((args) => providerOfResource.set(args.name, args.provider));

// Imported after the mocks are set, as Pulumi requires.
import * as k8s from '@pulumi/kubernetes';
import { Cdk8sDeployment } from '../../lib/pulumi';
import * as kinds from '../../lib/pulumi/kinds';

function configMap(chart: Chart, name: string): void {
  new ApiObject(chart, name, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'obs' },
  });
}

afterEach(() => jest.restoreAllMocks());

describe('Cdk8sDeployment provider precedence', () => {
  test('a chart listed in providers uses that provider even when provider is also set; the others use provider', async () => {
    const app = new App();
    configMap(new Chart(app, 'listed'), 'listed-cm');
    configMap(new Chart(app, 'unlisted'), 'unlisted-cm');
    const fallback = new k8s.Provider('fallback-provider', { context: 'fallback' });
    const listed = new k8s.Provider('listed-provider', { context: 'listed' });
    new Cdk8sDeployment('precedence', { source: app, provider: fallback, providers: { listed } });
    await new Promise((r) => setImmediate(r));
    // A provider reference reads `<provider URN>::<provider id>`; the URN ends in the provider's name.
    expect(providerOfResource.get('listed/ConfigMap/obs/listed-cm')).toContain('::listed-provider::');
    expect(providerOfResource.get('unlisted/ConfigMap/obs/unlisted-cm')).toContain('::fallback-provider::');
  });
});

describe('Cdk8sDeployment provider errors name providers in sorted order', () => {
  const twoCharts = () => {
    const app = new App();
    new Chart(app, 'a');
    new Chart(app, 'b');
    return app;
  };

  test('of two providers for no chart, the first in name order is reported', () => {
    const p = new k8s.Provider('sorted-p', {});
    expectConstructError(
      () => new Cdk8sDeployment('s1', { source: twoCharts(), providers: { z: p, c: p } }),
      "Cdk8sDeployment 's1': 'providers.c' names no chart of the source (got \"c\"); use one of the chart ids: a, b",
      ErrorCode.DANGLING_REFERENCE,
    );
  });

  test('a chart without a provider lists the given ones sorted', () => {
    const app = twoCharts();
    new Chart(app, 'c');
    const p = new k8s.Provider('sorted-q', {});
    expectConstructError(
      () => new Cdk8sDeployment('s2', { source: app, providers: { b: p, a: p } }),
      "Cdk8sDeployment 's2': 'providers' has no provider for chart 'c' (got [\"a\",\"b\"]); add 'c' to providers, or set provider for the charts not listed",
      ErrorCode.DANGLING_REFERENCE,
    );
  });
});

describe('Cdk8sDeployment dependency order', () => {
  test('every non-foundation object depends on every Namespace and CRD of its chart, foundations on nothing', () => {
    const register = jest.spyOn(kinds, 'registerManifest');
    const chart = new Chart(new App(), 'order');
    configMap(chart, 'cm');
    new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'obs' } });
    new ApiObject(chart, 'crd', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Thing', plural: 'things' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true }],
      },
    });
    new ApiObject(chart, 'thing', {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 't', namespace: 'obs' },
    });
    const component = new Cdk8sDeployment('order', { source: chart });

    const calls = register.mock.calls.map(([name, , opts]) => ({ name, dependsOn: opts.dependsOn }));
    // Foundations first, in chart order; then everything else, in chart order.
    expect(calls.map((c) => c.name)).toEqual([
      'order/Namespace/obs',
      'order/CustomResourceDefinition/things.example.com',
      'order/ConfigMap/obs/cm',
      'order/Thing/obs/t',
    ]);
    const foundation = [
      component.resources['order/Namespace/obs'],
      component.resources['order/CustomResourceDefinition/things.example.com'],
    ];
    expect(foundation.every((r) => r !== undefined)).toBe(true);
    expect(calls[0]!.dependsOn).toEqual([]);
    expect(calls[1]!.dependsOn).toEqual([]);
    // The same resource objects, not look-alikes.
    for (const other of calls.slice(2)) {
      expect(other.dependsOn).toHaveLength(2);
      expect((other.dependsOn as unknown[])[0]).toBe(foundation[0]);
      expect((other.dependsOn as unknown[])[1]).toBe(foundation[1]);
    }
  });

  test("a workload with an upgrade step depends on its chart's foundations and on the workloads of the step before", () => {
    const register = jest.spyOn(kinds, 'registerManifest');
    const chart = new Chart(new App(), 'steps');
    new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tracing' } });
    // Listed against the registration order: the query, which the collector waits for, comes second; the Kafka
    // cluster (Strimzi's step 1, a workload without upgrade dependencies here) before the ConfigMap, which has no step.
    jaegerWorkload(chart, 'collector');
    jaegerWorkload(chart, 'query');
    new ApiObject(chart, 'kafka', {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'Kafka',
      metadata: { name: 'kafka', namespace: 'tracing' },
    });
    configMap(chart, 'cm');
    const component = new Cdk8sDeployment('steps', { source: chart });

    const dependsOn = new Map(register.mock.calls.map(([name, , opts]) => [name, opts.dependsOn]));
    const namespace = component.resources['steps/Namespace/tracing'];
    const query = component.resources['steps/Deployment/tracing/jaeger-query'];
    expect(namespace).toBeDefined();
    expect(query).toBeDefined();
    // Foundations first, then the objects without a step, then the workloads step by step, each with its
    // dependencies as resources already registered: the same objects.
    expect([...dependsOn.keys()]).toEqual([
      'steps/Namespace/tracing',
      'steps/ConfigMap/obs/cm',
      'steps/Kafka/tracing/kafka',
      'steps/Deployment/tracing/jaeger-query',
      'steps/Deployment/tracing/jaeger-collector',
    ]);
    const queryWaits = dependsOn.get('steps/Deployment/tracing/jaeger-query') as unknown[];
    expect(queryWaits).toHaveLength(1);
    expect(queryWaits[0]).toBe(namespace);
    const collectorWaits = dependsOn.get('steps/Deployment/tracing/jaeger-collector') as unknown[];
    expect(collectorWaits).toHaveLength(2);
    expect(collectorWaits[0]).toBe(namespace);
    expect(collectorWaits[1]).toBe(query);
  });

  test('every resource is a child of the component', () => {
    const register = jest.spyOn(kinds, 'registerManifest');
    const chart = new Chart(new App(), 'parent');
    configMap(chart, 'cm');
    const component = new Cdk8sDeployment('parent', { source: chart });
    expect(register).toHaveBeenCalledTimes(1);
    expect(register.mock.calls[0]![2].parent).toBe(component);
  });

  test('the component registers its endpoints as its outputs', () => {
    const registerOutputs = jest.spyOn(Cdk8sDeployment.prototype as any, 'registerOutputs');
    const component = new Cdk8sDeployment('outputs', { source: new Chart(new App(), 'outputs') });
    expect(registerOutputs).toHaveBeenCalledTimes(1);
    expect(registerOutputs.mock.calls[0]![0]).toEqual({ endpoints: component.endpoints });
    expect((registerOutputs.mock.calls[0]![0] as any).endpoints).toBe(component.endpoints);
  });
});

describe('Cdk8sDeployment refusals leave nothing half registered', () => {
  // Before, the charts were checked and rendered one at a time while registering: a refusal in the second chart came
  // after the first chart's objects were registered, and its workloads' dependsOn waited for a chain that never
  // completed, so a program that caught the error never finished.
  const twoCharts = () => {
    const app = new App();
    const first = new Chart(app, 'first');
    jaegerWorkload(first, 'query');
    const second = new Chart(app, 'second');
    configMap(second, 'cm');
    return { app, second };
  };

  test('a chart without a provider is refused before any object is registered', () => {
    const register = jest.spyOn(kinds, 'registerManifest');
    const p = new k8s.Provider('half-p', {});
    expectConstructError(
      () => new Cdk8sDeployment('half', { source: twoCharts().app, providers: { first: p } }),
      "Cdk8sDeployment 'half': 'providers' has no provider for chart 'second' (got [\"first\"]); add 'second' to providers, or set provider for the charts not listed",
      ErrorCode.DANGLING_REFERENCE,
    );
    expect(register).not.toHaveBeenCalled();
  });

  test('a chart that fails to render is refused before any object is registered', () => {
    const register = jest.spyOn(kinds, 'registerManifest');
    const { app, second } = twoCharts();
    jest.spyOn(second, 'toJson').mockImplementation(() => {
      throw new Error('second chart: validation failed');
    });
    expect(() => new Cdk8sDeployment('unrendered', { source: app })).toThrow(
      'second chart: validation failed',
    );
    expect(register).not.toHaveBeenCalled();
  });
});
