import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ErrorCode, ObservabilityChart } from '../../lib/core';
import { Grafana } from '../../lib/grafana';
import { JaegerAllInOne, JaegerQuery } from '../../lib/jaeger';
import { KafkaCluster, KafkaConsumerLagAutoscaler, KafkaTopic, KafkaUser } from '../../lib/kafka';
import { PrometheusWithSidecar } from '../../lib/prometheus';
import {
  ThanosCompactor,
  ThanosQuery,
  ThanosQueryFrontend,
  ThanosReceive,
  ThanosRuler,
  ThanosStore,
} from '../../lib/thanos';
import { fixture } from '../thanos/support';
import { errorTable } from './table';

// A JavaScript caller the types do not stop: a required prop left out, or a construct created outside a Chart, is a
// typed error naming the prop (it was a TypeError or cdk8s's "cannot find a parent chart").
const { INVALID_VALUE } = ErrorCode;
const chart = () => new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
const make = (C: new (...a: any[]) => unknown, props: object) => () => new C(chart(), 'x', props);
const kafka = () => {
  const c = chart();
  const cluster = new KafkaCluster(c, 'kafka', { authentication: 'tls' });
  return { c, cluster, topic: new KafkaTopic(c, 'spans', { cluster, partitions: 3 }) };
};

describe('a construct outside a Chart', () => {
  errorTable([
    {
      site: 'core/scope.ts: JaegerAllInOne in the App',
      run: () => new JaegerAllInOne(new App(), 'jaeger'),
      code: INVALID_VALUE,
      prop: 'scope',
      message: "JaegerAllInOne 'jaeger': 'scope' must be a Chart or inside one",
    },
    {
      site: 'core/scope.ts: ThanosQuery in the App, with a namespace',
      run: () =>
        new ThanosQuery(new App(), 'q', { namespace: 'monitoring', endpoints: [{ address: 'a:1' }] }),
      code: INVALID_VALUE,
      prop: 'scope',
      message: "'scope' must be a Chart or inside one",
    },
  ]);
});

describe('a required prop left out', () => {
  errorTable([
    {
      site: 'core/chart.ts: ObservabilityChart namespace',
      run: () => new ObservabilityChart(Testing.app(), 'c', {} as never),
      code: INVALID_VALUE,
      prop: 'namespace',
      message: "ObservabilityChart 'c': 'namespace' is required",
    },
    {
      site: 'grafana.ts: dataSources',
      run: make(Grafana, { adminPassword: { name: 'a', key: 'p' } }),
      code: INVALID_VALUE,
      prop: 'dataSources',
      message: "Grafana 'test/x': 'dataSources' is required",
    },
    {
      site: 'jaeger/query.ts: storage',
      run: make(JaegerQuery, {}),
      code: INVALID_VALUE,
      prop: 'storage',
      message: "JaegerQuery 'test/x': 'storage' is required",
    },
    {
      site: 'kafka/topic.ts: cluster',
      run: make(KafkaTopic, {}),
      code: INVALID_VALUE,
      prop: 'cluster',
      message: "KafkaTopic 'test/x': 'cluster' is required",
    },
    {
      site: 'kafka/user.ts: cluster',
      run: () => {
        const { c, topic } = kafka();
        return new KafkaUser(c, 'u', { topic, access: 'produce' } as never);
      },
      code: INVALID_VALUE,
      prop: 'cluster',
      message: "KafkaUser 'test/u': 'cluster' is required",
    },
    {
      site: 'kafka/user.ts: topic',
      run: () => {
        const { c, cluster } = kafka();
        return new KafkaUser(c, 'u', { cluster, access: 'produce' } as never);
      },
      code: INVALID_VALUE,
      prop: 'topic',
      message: "KafkaUser 'test/u': 'topic' is required",
    },
    {
      site: 'kafka/autoscaler.ts: target',
      run: () => {
        const { c, cluster, topic } = kafka();
        return new KafkaConsumerLagAutoscaler(c, 'a', {
          endpoint: cluster,
          topic,
          consumerGroup: 'g',
        } as never);
      },
      code: INVALID_VALUE,
      prop: 'target',
      message: "KafkaConsumerLagAutoscaler 'test/a': 'target' is required",
    },
    {
      site: 'kafka/autoscaler.ts: endpoint',
      run: () => {
        const { c, topic } = kafka();
        const target = new k8s.KubeDeployment(c, 'd', {
          metadata: { name: 'd', namespace: 'monitoring' },
          spec: { selector: {}, template: {} },
        });
        return new KafkaConsumerLagAutoscaler(c, 'a', { target, topic, consumerGroup: 'g' } as never);
      },
      code: INVALID_VALUE,
      prop: 'endpoint',
      message: "KafkaConsumerLagAutoscaler 'test/a': 'endpoint' is required",
    },
    {
      site: 'kafka/autoscaler.ts: topic',
      run: () => {
        const { c, cluster } = kafka();
        const target = new k8s.KubeDeployment(c, 'd', {
          metadata: { name: 'd', namespace: 'monitoring' },
          spec: { selector: {}, template: {} },
        });
        return new KafkaConsumerLagAutoscaler(c, 'a', {
          target,
          endpoint: cluster,
          consumerGroup: 'g',
        } as never);
      },
      code: INVALID_VALUE,
      prop: 'topic',
      message: "KafkaConsumerLagAutoscaler 'test/a': 'topic' is required",
    },
    {
      site: 'kafka/autoscaler.ts: consumerGroup',
      run: () => {
        const { c, cluster, topic } = kafka();
        const target = new k8s.KubeDeployment(c, 'd', {
          metadata: { name: 'd', namespace: 'monitoring' },
          spec: { selector: {}, template: {} },
        });
        return new KafkaConsumerLagAutoscaler(c, 'a', { target, endpoint: cluster, topic } as never);
      },
      code: INVALID_VALUE,
      prop: 'consumerGroup',
      message: "KafkaConsumerLagAutoscaler 'test/a': 'consumerGroup' is required",
    },
    {
      site: 'thanos/ruler.ts: ruleGroups',
      run: () => {
        const { chart: c, objectStorage } = fixture();
        return new ThanosRuler(c, 'r', { objectStorage, queries: [{ httpUrl: 'http://q:10902' }] } as never);
      },
      code: INVALID_VALUE,
      prop: 'ruleGroups',
      message: "ThanosRuler 'test/r': 'ruleGroups' is required",
    },
    {
      site: 'prometheus-with-sidecar.ts: externalLabels',
      run: make(PrometheusWithSidecar, {}),
      code: INVALID_VALUE,
      prop: 'externalLabels',
      message: "PrometheusWithSidecar 'test/x': 'externalLabels' is required",
    },
    ...[ThanosCompactor, ThanosReceive, ThanosRuler, ThanosStore].map((C) => ({
      site: `thanos: ${C.name} objectStorage`,
      run: make(C, { queries: [{ httpUrl: 'http://q:10902' }] }),
      code: INVALID_VALUE,
      prop: 'objectStorage',
      message: `${C.name} 'test/x': 'objectStorage' is required`,
    })),
    {
      site: 'thanos/ruler.ts: queries',
      run: () => {
        const { chart: c, objectStorage } = fixture();
        return new ThanosRuler(c, 'r', { objectStorage } as never);
      },
      code: INVALID_VALUE,
      prop: 'queries',
      message: "ThanosRuler 'test/r': 'queries' is required",
    },
    {
      site: 'thanos/query-frontend.ts: query',
      run: make(ThanosQueryFrontend, {}),
      code: INVALID_VALUE,
      prop: 'query',
      message: "ThanosQueryFrontend 'test/x': 'query' is required",
    },
  ]);
});
