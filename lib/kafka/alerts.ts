import { AlertRule, alertRule } from '../core';
import { KAFKA_METRICS } from './metrics';

/**
 * A consumer group whose oldest unread message is older than this share of its topic's `retention.ms` alerts:
 * past 100% Kafka deletes what it has not read, so at half there is still as long again to react.
 */
export const KAFKA_LAG_RETENTION_FRACTION = 0.5;
/** How long a partition may hold lag without its group's committed offset moving before it counts as stuck. */
export const KAFKA_STUCK_PARTITION_WINDOW = '15m';
/** Window of the produce rate that turns a lag in messages into a lag in time. */
export const KAFKA_PRODUCE_RATE_WINDOW = '10m';

/** A topic whose retention bounds how far its consumers may fall behind. */
export interface KafkaTopicRetention {
  readonly topic: string;
  readonly retentionMs: number;
}

/** What the Kafka alerts select: the scrape jobs the PodMonitors set, and the topics with a known retention. */
export interface KafkaAlertTargets {
  readonly namespace: string;
  /** `job` of the broker and controller pods. */
  readonly kafkaJob: string;
  /** `job` of kafka_exporter. */
  readonly exporterJob: string;
  readonly topics: readonly KafkaTopicRetention[];
}

/**
 * Alerts on a Strimzi Kafka cluster: partitions without their full replica set or without a leader, no (or more
 * than one) active KRaft controller, consumer groups so far behind that retention will delete what they have not
 * read, and partitions whose consumers hold lag without committing.
 */
export function kafkaAlertRules(t: KafkaAlertTargets): AlertRule[] {
  const broker = `{namespace="${t.namespace}",job="${t.kafkaJob}"}`;
  const exporter = (extra = '') => `{namespace="${t.namespace}",job="${t.exporterJob}"${extra}}`;
  const rules: AlertRule[] = [
    alertRule(
      'KafkaUnderReplicatedPartitions',
      `sum by (namespace) (${KAFKA_METRICS.underReplicatedPartitions}${broker}) > 0`,
      '10m',
      'warning',
      {
        summary: 'Kafka partitions are under-replicated',
        description:
          '{{ $value }} partitions in {{ $labels.namespace }} have fewer in-sync replicas than replicas: one more broker loss can stop writes or lose data.',
        runbook:
          'Find the broker that is down or slow (kubectl get pods -l strimzi.io/kind=Kafka), check its disk and network; the count falls as it catches up.',
      },
    ),
    alertRule(
      'KafkaOfflinePartitions',
      `sum by (namespace) (${KAFKA_METRICS.offlinePartitions}${broker}) > 0`,
      '1m',
      'critical',
      {
        summary: 'Kafka partitions have no leader',
        description:
          '{{ $value }} partitions in {{ $labels.namespace }} are offline: nobody can write to or read from them.',
        runbook:
          'Bring back the brokers holding their replicas (their pods and volumes); do not enable unclean leader election unless losing the unreplicated data is acceptable.',
      },
    ),
    alertRule(
      'KafkaNoActiveController',
      `sum by (namespace) (${KAFKA_METRICS.activeControllers}${broker}) != 1`,
      '5m',
      'critical',
      {
        summary: 'Kafka has no single active controller',
        description:
          '{{ $labels.namespace }} reports {{ $value }} active KRaft controllers instead of 1: topic, partition and leader changes are stuck.',
        runbook:
          'Check the controller pods (strimzi.io/controller-role=true) and their quorum in the logs; a majority of controllers must be running.',
      },
    ),
  ];
  const lag = (extra: string) =>
    `sum by (namespace, consumergroup, topic) (${KAFKA_METRICS.consumerGroupLag}${exporter(extra)})`;
  const produceRate = (extra: string) =>
    `sum by (namespace, topic) (rate(${KAFKA_METRICS.topicPartitionOffset}${exporter(extra)}[${KAFKA_PRODUCE_RATE_WINDOW}]))`;
  for (const topic of [...t.topics].sort((a, b) => a.topic.localeCompare(b.topic))) {
    const only = `,topic="${topic.topic}"`;
    const seconds = Math.floor((topic.retentionMs / 1000) * KAFKA_LAG_RETENTION_FRACTION);
    // lag (messages) ÷ produce rate (messages/s) = how old the oldest unread message is, in seconds. An idle topic
    // (rate 0) is left to KafkaConsumerGroupStuck: the division would be infinite.
    rules.push(
      alertRule(
        'KafkaConsumerLagNearRetention',
        `(${lag(only)} / on (namespace, topic) group_left ${produceRate(only)}) > ${seconds} and on (namespace, topic) ${produceRate(only)} > 0`,
        '10m',
        'critical',
        {
          summary: `A consumer group is behind by more than ${Math.round(KAFKA_LAG_RETENTION_FRACTION * 100)}% of topic ${topic.topic}'s retention`,
          description: `{{ $labels.consumergroup }} on {{ $labels.topic }} is {{ $value | humanizeDuration }} behind; Kafka deletes messages older than ${topic.retentionMs / 1000}s, so it loses what it has not read by then.`,
          runbook:
            'Scale the consumers up (or fix what slows them: their storage, their errors); if they cannot catch up in time, raise the topic retention while the brokers have disk.',
        },
      ),
    );
  }
  rules.push(
    alertRule(
      'KafkaConsumerGroupStuck',
      `(${KAFKA_METRICS.consumerGroupLag}${exporter()} > 0) and on (namespace, consumergroup, topic, partition) (changes(${KAFKA_METRICS.consumerGroupOffset}${exporter()}[${KAFKA_STUCK_PARTITION_WINDOW}]) == 0)`,
      '5m',
      'warning',
      {
        summary: 'A Kafka partition has lag but its consumer group commits nothing',
        description:
          '{{ $labels.consumergroup }} has {{ $value }} unread messages on {{ $labels.topic }}/{{ $labels.partition }} and its committed offset has not moved for ' +
          KAFKA_STUCK_PARTITION_WINDOW +
          '.',
        runbook:
          'Check the consumers of the group: are they running, assigned this partition, and not failing on a message (their logs, their error metrics)?',
      },
    ),
  );
  return rules;
}
