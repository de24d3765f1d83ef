import { mockPulumi } from '../support/pulumi-mocks';
import { Chart, Testing } from 'cdk8s';

mockPulumi();

// Imported after the mocks are set, as Pulumi requires.
import {
  JaegerDirect,
  JaegerKafkaBuffered,
  KafkaCluster,
  KafkaTopic,
  ThanosHierarchical,
  externalSearch,
  splitFleet,
} from '../../lib';
import { PLAN_PLACEHOLDERS } from '../../lib/cli/fleet-plan';
import { Cdk8sDeployment } from '../../lib/pulumi';

/** An Elasticsearch outside the cluster, for the Jaeger charts. */
const searchConnection = () =>
  externalSearch({
    engine: 'elasticsearch',
    serverUrls: ['https://es.example.com:9200'],
    auth: { kind: 'basic', username: 'jaeger', password: { name: 'es-creds', key: 'password' } },
  });

describe('Cdk8sDeployment upgrade order (dependsOn)', () => {
  test('Jaeger: the ingester depends on query, the collector on the ingester (Jaeger deployment docs)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'tracing', { namespace: 'tracing' });
    const cluster = new KafkaCluster(chart, 'kafka', { authentication: 'none' });
    const topic = new KafkaTopic(chart, 'spans', { cluster, topicName: 'jaeger-spans', partitions: 12 });
    new JaegerKafkaBuffered(chart, 'jaeger', {
      kafka: { topic },
      storage: { connection: searchConnection() },
    });
    const deps = new Cdk8sDeployment('tracing', { source: chart }).upgradeDependencies;
    const edges = Object.entries(deps).map(([from, to]) => `${from} -> ${to.join(',')}`);
    expect(edges).toEqual([
      'tracing/Deployment/tracing/jaeger-collector -> tracing/Deployment/tracing/jaeger-ingester',
      'tracing/Deployment/tracing/jaeger-ingester -> tracing/Deployment/tracing/jaeger-query',
    ]);
  });

  test('Thanos: queriers depend on the StoreAPI servers they read, across target clusters', () => {
    const app = Testing.app();
    new ThanosHierarchical(app, 'fleet', { fleet: splitFleet(2, 1), ...PLAN_PLACEHOLDERS });
    const deps = new Cdk8sDeployment('fleet', { source: app }).upgradeDependencies;
    expect(deps['monitoring-global/Deployment/monitoring/thanos-query']).toEqual(
      expect.arrayContaining([
        'monitoring-global/StatefulSet/monitoring/thanos-rule',
        'cluster-001/StatefulSet/monitoring/prometheus',
        'monitoring-region-b/StatefulSet/monitoring/thanos-store',
      ]),
    );
    expect(new Cdk8sDeployment('off', { source: app, upgradeOrder: false }).upgradeDependencies).toEqual({});
  });
});

describe('Cdk8sDeployment upgrade order at its edges', () => {
  test('a step with no workload is skipped within a component, and never crosses into another component', () => {
    // One deployment with a Thanos fleet (its last step, the query-frontend, has workloads) and Jaeger without Kafka
    // (no ingester, the step between query and collector).
    const app = Testing.app();
    new ThanosHierarchical(app, 'fleet', { fleet: splitFleet(2, 1), ...PLAN_PLACEHOLDERS });
    const tracing = new Chart(app, 'tracing', { namespace: 'tracing' });
    new JaegerDirect(tracing, 'jaeger', {
      storage: { connection: searchConnection() },
    });
    const deps = new Cdk8sDeployment('all', { source: app }).upgradeDependencies;
    // A step waits for every workload of the step before it, in every chart of the deployment.
    expect(deps['monitoring-global/Deployment/monitoring/thanos-query-frontend']).toEqual([
      'monitoring-global/Deployment/monitoring/thanos-query',
      'monitoring-region-a/Deployment/monitoring/thanos-query',
      'monitoring-region-b/Deployment/monitoring/thanos-query',
    ]);
    // Jaeger's first step waits for nothing of Thanos; its collector waits for the query, past the empty step.
    expect(deps['tracing/Deployment/tracing/jaeger-query']).toBeUndefined();
    expect(deps['tracing/Deployment/tracing/jaeger-collector']).toEqual([
      'tracing/Deployment/tracing/jaeger-query',
    ]);
  });
});
