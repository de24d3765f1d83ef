// A Pulumi program (TypeScript) that deploys a cdk8s construct tree. Run it with `pulumi up` in a stack whose
// kubeconfig points at the target cluster; the tests run it under Pulumi's mocks.
// #region readme-pulumi
import * as k8s from '@pulumi/kubernetes';
import { App, Chart } from 'cdk8s';
import { JaegerAllInOne } from 'observability-constructs';
import { Cdk8sDeployment } from 'observability-constructs/pulumi';

const app = new App();
const chart = new Chart(app, 'tracing', { namespace: 'tracing' });
const jaeger = new JaegerAllInOne(chart, 'jaeger', { storage: { kind: 'badger', size: '20Gi' } });

const provider = new k8s.Provider('dev-cluster', { context: 'dev' });
const tracing = new Cdk8sDeployment('tracing', { source: app, providers: { tracing: provider } });

export const otlpEndpoint = jaeger.otlpGrpcEndpoint;
export const endpoints = tracing.endpoints;
// #endregion readme-pulumi
