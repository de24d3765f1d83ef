// lib/core/upgrade-order.ts on its own: the order the Pulumi bridge rolls workloads in (each step's position is
// asserted as a literal index) and the steps `plan upgrade-order` prints per component.
import { upgradeOrder, upgradeStepOf } from '../../lib/core/upgrade-order';

const labelled = (kind: string, name: string, component: string) => ({
  kind,
  metadata: { labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component } },
});

describe('upgradeOrder', () => {
  test('Strimzi: operator, Kafka version, metadata version; Thanos: StoreAPI servers, queriers, frontend; Jaeger: query, ingester, collector', () => {
    expect(upgradeOrder('strimzi').map((s) => s.roles)).toEqual([
      ['Strimzi Cluster Operator'],
      ['Kafka spec.kafka.version'],
      ['Kafka spec.kafka.metadataVersion'],
    ]);
    expect(upgradeOrder('thanos').map((s) => s.roles)).toEqual([
      ['sidecar (Prometheus)', 'store', 'rule', 'receive', 'compact'],
      ['query'],
      ['query-frontend'],
    ]);
    expect(upgradeOrder('jaeger').map((s) => s.roles)).toEqual([['query'], ['ingester'], ['collector']]);
    expect(upgradeOrder().map((s) => s.component)).toEqual([
      'strimzi',
      'strimzi',
      'strimzi',
      'thanos',
      'thanos',
      'thanos',
      'jaeger',
      'jaeger',
      'jaeger',
    ]);
  });
});

describe('upgradeStepOf', () => {
  test.each([
    [{ kind: 'Kafka' }, 1],
    // a Kafka matcher names only the kind: any labels the object has do not matter
    [labelled('Kafka', 'kafka', 'broker'), 1],
    [labelled('StatefulSet', 'prometheus', 'server'), 3],
    [labelled('StatefulSet', 'thanos', 'store'), 3],
    [labelled('StatefulSet', 'thanos', 'compact'), 3],
    [labelled('Deployment', 'thanos', 'query'), 4],
    [labelled('Deployment', 'thanos', 'query-frontend'), 5],
    [labelled('Deployment', 'jaeger', 'query'), 6],
    [labelled('DaemonSet', 'jaeger', 'ingester'), 7],
    [labelled('Deployment', 'jaeger', 'collector'), 8],
  ])('%j rolls at step %d', (manifest, step) => {
    expect(upgradeStepOf(manifest)).toBe(step);
  });

  test.each([
    ['not a workload kind', labelled('Service', 'thanos', 'query')],
    ['a workload of no step', labelled('Deployment', 'grafana', 'server')],
    ['the right name, another component', labelled('Deployment', 'thanos', 'bucket-web')],
    ['the right component, another name', labelled('Deployment', 'loki', 'query')],
    ['no labels', { kind: 'Deployment' }],
    ['a Kafka-only match on another kind', { kind: 'StatefulSet' }],
  ])('%s: no step', (_what, manifest) => {
    expect(upgradeStepOf(manifest)).toBeUndefined();
  });
});
