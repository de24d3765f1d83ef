import { Dashboard } from '../grafana';
import { KAFKA_METRICS as K } from './metrics';

const RATE = '[$__rate_interval]';

/** Inputs of {@link kafkaDashboard}. */
export interface KafkaDashboardOptions {
  readonly cluster: string;
  readonly namespace: string;
  readonly kafkaJob: string;
  readonly exporterJob: string;
  readonly datasourceUid: string;
}

/**
 * The Kafka dashboard: partition health (under-replicated, offline, active controller), throughput in and out, and
 * per consumer group the lag and the commit rate (a group with lag and no commits is stuck). Reads only the metrics
 * of {@link KAFKA_METRICS}.
 */
export function kafkaDashboard(o: KafkaDashboardOptions): Dashboard {
  const b = `namespace="${o.namespace}",job="${o.kafkaJob}"`;
  const e = `namespace="${o.namespace}",job="${o.exporterJob}"`;
  return {
    uid: `kafka-${o.namespace}-${o.cluster}`.slice(0, 40),
    title: `Kafka ${o.namespace}/${o.cluster}`,
    datasourceUid: o.datasourceUid,
    folder: 'Tracing',
    tags: ['kafka', 'tracing'],
    rows: [
      {
        title: 'Partitions and controller',
        panels: [
          {
            title: 'Under-replicated partitions',
            type: 'stat',
            width: 8,
            targets: [{ expr: `sum(${K.underReplicatedPartitions}{${b}})` }],
          },
          {
            title: 'Offline partitions',
            type: 'stat',
            width: 8,
            targets: [{ expr: `sum(${K.offlinePartitions}{${b}})` }],
          },
          {
            title: 'Active controllers (must be 1)',
            type: 'stat',
            width: 8,
            targets: [{ expr: `sum(${K.activeControllers}{${b}})` }],
          },
        ],
      },
      {
        title: 'Throughput',
        panels: [
          {
            title: 'Messages in per broker',
            unit: 'short',
            targets: [{ expr: `sum by (pod) (rate(${K.messagesIn}{${b}}${RATE}))`, legendFormat: '{{pod}}' }],
          },
          {
            title: 'Bytes in and out',
            unit: 'Bps',
            targets: [
              { expr: `sum(rate(${K.bytesIn}{${b}}${RATE}))`, legendFormat: 'in' },
              { expr: `sum(rate(${K.bytesOut}{${b}}${RATE}))`, legendFormat: 'out' },
            ],
          },
        ],
      },
      {
        title: 'Consumer groups',
        panels: [
          {
            title: 'Lag (messages)',
            targets: [
              {
                expr: `sum by (consumergroup, topic) (${K.consumerGroupLag}{${e}})`,
                legendFormat: '{{consumergroup}} {{topic}}',
              },
            ],
          },
          {
            title: 'Committed offsets per second (0 with lag = stuck)',
            targets: [
              {
                expr: `sum by (consumergroup, topic) (rate(${K.consumerGroupOffset}{${e}}${RATE}))`,
                legendFormat: '{{consumergroup}} {{topic}}',
              },
            ],
          },
          {
            title: 'Produced messages per second, by topic',
            targets: [
              {
                expr: `sum by (topic) (rate(${K.topicPartitionOffset}{${e}}${RATE}))`,
                legendFormat: '{{topic}}',
              },
            ],
          },
        ],
      },
    ],
  };
}
