import { stringify } from 'yaml';
import { MetricFact } from '../core';

/**
 * Where the MBeans behind the JMX rules are attested: Strimzi's own example rules turn every
 * `kafka.<domain><type=T, name=N>` MBean into `kafka_<domain>_<t>_<n>` (lower case) and its dashboards read the
 * names below, so the MBeans exist in the Kafka 4.3.1 that Strimzi 1.2.0 runs.
 */
const STRIMZI_EXAMPLES =
  'strimzi/strimzi-kafka-operator@1.2.0 packaging/examples/metrics/kafka-metrics.yaml (generic rules), packaging/examples/metrics/grafana-dashboards/strimzi-kafka.json';
/** kafka_exporter's descriptors (namespace `kafka`): the version Strimzi 1.2.0 bundles in its Kafka image. */
const KAFKA_EXPORTER_SOURCE =
  'danielqsj/kafka_exporter@v1.9.0 kafka_exporter.go (BuildFQName(namespace="kafka", …)); version from strimzi/strimzi-kafka-operator@1.2.0 docker-images/kafka-based/kafka/Dockerfile KAFKA_EXPORTER_VERSION=1.9.0';

/** The metric names the Kafka rules and dashboard read, with where each is defined. */
export const KAFKA_METRICS = {
  underReplicatedPartitions: 'kafka_server_replicamanager_underreplicatedpartitions',
  offlinePartitions: 'kafka_controller_kafkacontroller_offlinepartitionscount',
  activeControllers: 'kafka_controller_kafkacontroller_activecontrollercount',
  messagesIn: 'kafka_server_brokertopicmetrics_messagesin_total',
  bytesIn: 'kafka_server_brokertopicmetrics_bytesin_total',
  bytesOut: 'kafka_server_brokertopicmetrics_bytesout_total',
  /** kafka_exporter, labels consumergroup, topic, partition. */
  consumerGroupLag: 'kafka_consumergroup_lag',
  consumerGroupOffset: 'kafka_consumergroup_current_offset',
  /** kafka_exporter, labels topic, partition: the log end offset, so its rate is the produce rate. */
  topicPartitionOffset: 'kafka_topic_partition_current_offset',
} as const;

export const KAFKA_METRIC_FACTS: Readonly<Record<string, MetricFact>> = {
  [KAFKA_METRICS.underReplicatedPartitions]: {
    source: `our JMX rule on kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions>; ${STRIMZI_EXAMPLES}`,
  },
  [KAFKA_METRICS.offlinePartitions]: {
    source: `our JMX rule on kafka.controller<type=KafkaController, name=OfflinePartitionsCount>; ${STRIMZI_EXAMPLES}`,
  },
  [KAFKA_METRICS.activeControllers]: {
    source: `our JMX rule on kafka.controller<type=KafkaController, name=ActiveControllerCount>; ${STRIMZI_EXAMPLES}`,
  },
  [KAFKA_METRICS.messagesIn]: {
    source: `our JMX rule on kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec>; ${STRIMZI_EXAMPLES}`,
  },
  [KAFKA_METRICS.bytesIn]: {
    source: `our JMX rule on kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec>; ${STRIMZI_EXAMPLES}`,
  },
  [KAFKA_METRICS.bytesOut]: {
    source: `our JMX rule on kafka.server<type=BrokerTopicMetrics, name=BytesOutPerSec>; ${STRIMZI_EXAMPLES}`,
  },
  [KAFKA_METRICS.consumerGroupLag]: { source: KAFKA_EXPORTER_SOURCE },
  [KAFKA_METRICS.consumerGroupOffset]: { source: KAFKA_EXPORTER_SOURCE },
  [KAFKA_METRICS.topicPartitionOffset]: { source: KAFKA_EXPORTER_SOURCE },
};

/** One rule of the Prometheus JMX exporter's config. */
interface JmxRule {
  readonly pattern: string;
  readonly name: string;
  readonly type: 'GAUGE' | 'COUNTER';
  readonly labels?: Record<string, string>;
}

/**
 * Our JMX exporter rules: only the MBeans the alerts and the dashboard read, each with an explicit name (so nothing
 * else is exported and the series count stays small). Strimzi serves them on port 9404 (`tcp-prometheus`,
 * strimzi/strimzi-kafka-operator@1.2.0 cluster-operator/src/main/java/io/strimzi/operator/cluster/model/metrics/
 * MetricsModel.java). The names equal the ones Strimzi's generic rules would give, so its dashboards work too.
 */
export const KAFKA_JMX_RULES: readonly JmxRule[] = [
  {
    pattern: 'kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value',
    name: KAFKA_METRICS.underReplicatedPartitions,
    type: 'GAUGE',
  },
  {
    pattern: 'kafka.controller<type=KafkaController, name=OfflinePartitionsCount><>Value',
    name: KAFKA_METRICS.offlinePartitions,
    type: 'GAUGE',
  },
  {
    pattern: 'kafka.controller<type=KafkaController, name=ActiveControllerCount><>Value',
    name: KAFKA_METRICS.activeControllers,
    type: 'GAUGE',
  },
  // The per-topic meters carry `topic=`; the broker-wide one has no key: match only the latter.
  {
    pattern: 'kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>Count',
    name: KAFKA_METRICS.messagesIn,
    type: 'COUNTER',
  },
  {
    pattern: 'kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec><>Count',
    name: KAFKA_METRICS.bytesIn,
    type: 'COUNTER',
  },
  {
    pattern: 'kafka.server<type=BrokerTopicMetrics, name=BytesOutPerSec><>Count',
    name: KAFKA_METRICS.bytesOut,
    type: 'COUNTER',
  },
];

/** The ConfigMap key Strimzi reads the JMX exporter config from (`metricsConfig.valueFrom.configMapKeyRef.key`). */
export const KAFKA_JMX_CONFIG_KEY = 'kafka-metrics-config.yml';

/** The JMX exporter config file: our rules, nothing else. */
export function kafkaJmxExporterConfig(): string {
  return stringify({ lowercaseOutputName: true, rules: KAFKA_JMX_RULES.map((r) => ({ ...r })) });
}
