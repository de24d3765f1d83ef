import { mockPulumi, drained } from '../support/pulumi-mocks';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { jaegerWorkload } from '../support/workloads';

mockPulumi();

// Imported after the mocks are set, as Pulumi requires.
import { Cdk8sDeployment } from '../../lib/pulumi';
import * as kinds from '../../lib/pulumi/kinds';

// A registration that throws (for example @pulumi/kubernetes refusing an object without a required property, as
// @pulumi/kubernetes@4.34.2 apps/v1/deployment.js does for a Deployment without `spec`) comes after the objects
// before it were registered. Before, a workload's upgrade dependencies were a promise that the constructor resolved
// at its end: the workloads registered before the failure waited for it forever, so a program that caught the error
// never finished. Now the chain is computed first and every dependency registers before the object that names it. In
// its own file: the test drains Pulumi's RPC queue itself, which must come last.

test('a registration that throws leaves no earlier registration waiting', async () => {
  const chart = new Chart(new App(), 'midway');
  jaegerWorkload(chart, 'query');
  jaegerWorkload(chart, 'collector');
  const failure = new Error('collector: missing required property');
  const original = kinds.registerManifest;
  const register = jest.spyOn(kinds, 'registerManifest').mockImplementation((name, manifest, opts) => {
    if (name.endsWith('jaeger-collector')) throw failure;
    return original(name, manifest, opts);
  });
  expect(() => new Cdk8sDeployment('midway', { source: chart })).toThrow(failure);
  expect(register.mock.calls.map(([name]) => name)).toEqual([
    'midway/Deployment/tracing/jaeger-query',
    'midway/Deployment/tracing/jaeger-collector',
  ]);
  await expect(drained(pulumi.runtime.disconnect(), 2_000)).resolves.toBeUndefined();
});
