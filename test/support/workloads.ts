import { ApiObject, Chart } from 'cdk8s';

/** A Deployment labelled as one of Jaeger's components, so it has a step in the upgrade order. */
export function jaegerWorkload(chart: Chart, component: string): void {
  new ApiObject(chart, component, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `jaeger-${component}`,
      namespace: 'tracing',
      labels: { 'app.kubernetes.io/name': 'jaeger', 'app.kubernetes.io/component': component },
    },
    spec: {
      selector: { matchLabels: { app: component } },
      template: { metadata: { labels: { app: component } } },
    },
  });
}
