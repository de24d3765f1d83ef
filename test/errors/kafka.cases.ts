import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ErrorCode } from '../../lib/core';
import {
  KafkaCluster,
  KafkaClusterProps,
  KafkaConsumerLagAutoscaler,
  KafkaTopic,
  KafkaUser,
} from '../../lib';
import { testChart } from '../support/manifests';
import { errorTable } from './table';

// Throw sites of lib/kafka that no other test asserted with their code, smallest inputs.
const { INVALID_VALUE, INCOMPATIBLE_PROPS } = ErrorCode;

function setup(clusterProps: KafkaClusterProps = { authentication: 'none' }) {
  const chart = testChart('kafka');
  const cluster = new KafkaCluster(chart, 'traces', clusterProps);
  const topic = new KafkaTopic(chart, 'spans', { cluster, partitions: 6 });
  const target = new k8s.KubeDeployment(chart, 'ingester', {
    metadata: { name: 'ingester', namespace: 'kafka' },
    spec: { selector: { matchLabels: { app: 'ingester' } }, template: { spec: { containers: [] } } },
  });
  return { chart, cluster, topic, target };
}
const autoscale = (s: ReturnType<typeof setup>, props: object) =>
  new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
    target: s.target,
    endpoint: s.cluster,
    topic: s.topic,
    consumerGroup: 'jaeger-ingester',
    ...props,
  } as never);
const user = (chart: Chart, cluster: KafkaCluster, topic: KafkaTopic, id: string, props: object) =>
  new KafkaUser(chart, id, { cluster, topic, ...props } as never);

describe('lib/kafka/autoscaler.ts', () => {
  errorTable([
    {
      site: 'a user of another cluster',
      run: () => {
        const s = setup({ authentication: 'tls' });
        const other = new KafkaCluster(s.chart, 'other', { authentication: 'tls' });
        const otherTopic = new KafkaTopic(s.chart, 'other-spans', { cluster: other, partitions: 6 });
        const u = user(s.chart, other, otherTopic, 'u', {
          access: 'consume',
          consumerGroup: 'jaeger-ingester',
        });
        return autoscale(s, { user: u });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'user',
      message: "belongs to KafkaCluster 'test/other', not to the endpoint 'test/traces'",
    },
    {
      // KafkaUser keeps no consumer group for access 'produce', so only a forged user (as a JavaScript caller could
      // pass) reaches this defensive check.
      site: 'a producing lag reader (forged KafkaUser)',
      run: () => {
        const s = setup({ authentication: 'tls' });
        const u = user(s.chart, s.cluster, s.topic, 'u', {
          access: 'consume',
          consumerGroup: 'jaeger-ingester',
        });
        const forged = {
          cluster: s.cluster,
          consumerGroup: 'jaeger-ingester',
          access: 'produce',
          userName: 'r',
        };
        return autoscale(s, { user: u, lagReader: forged });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'lagReader',
      message: 'is a producing user, whose ACLs do not cover the consumer group',
    },
    {
      // A KafkaCluster with users has no plain listener (plainListener is refused with authentication), so only a
      // forged user on an open cluster reaches this defensive check.
      site: 'a user on the plain listener (forged KafkaUser)',
      run: () => {
        const s = setup();
        const forged = {
          cluster: s.cluster,
          consumerGroup: 'jaeger-ingester',
          access: 'consume',
          userName: 'u',
        };
        return autoscale(s, { user: forged, tls: false });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'tls',
      message: 'must be true with a user: authentication is on the TLS listener',
    },
    {
      site: 'a gate whose minimum is not a number',
      run: () =>
        autoscale(setup(), { gate: { name: 'storage', type: 'metrics-api', metadata: {}, minValue: 'one' } }),
      code: INVALID_VALUE,
      prop: 'gate.minValue',
      message: 'must be a finite number',
    },
    {
      site: 'a gate cooldown of -1 seconds (edge)',
      run: () =>
        autoscale(setup(), {
          gate: { name: 'storage', type: 'metrics-api', metadata: {}, minValue: 1, cooldownSeconds: -1 },
        }),
      code: INVALID_VALUE,
      prop: 'gate.cooldownSeconds',
      message: 'must be a whole number of seconds, at least 0',
    },
  ]);
});

describe('lib/kafka/user.ts', () => {
  errorTable([
    {
      site: 'a topic of another cluster',
      run: () => {
        const s = setup({ authentication: 'tls' });
        const other = new KafkaCluster(s.chart, 'other', { authentication: 'tls' });
        return user(s.chart, other, s.topic, 'u', { access: 'produce' });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'topic',
      message: "belongs to KafkaCluster 'test/traces', not 'test/other'",
    },
    {
      site: "access 'describe' without a group",
      run: () => {
        const s = setup({ authentication: 'tls' });
        return user(s.chart, s.cluster, s.topic, 'u', { access: 'describe' });
      },
      code: INVALID_VALUE,
      prop: 'consumerGroup',
      message: "is required with access 'describe'",
    },
    {
      site: 'an unknown access',
      run: () => {
        const s = setup({ authentication: 'tls' });
        return user(s.chart, s.cluster, s.topic, 'u', { access: 'admin' });
      },
      code: INVALID_VALUE,
      prop: 'access',
      message: "must be 'consume', 'produce' or 'describe'",
    },
  ]);
});
