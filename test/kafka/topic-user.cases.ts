import { expectConstructError } from '../support/errors';
import { ErrorCode } from '../../lib/core';
import { Chart } from 'cdk8s';
import { KafkaCluster, KafkaClusterProps, KafkaTopic, KafkaUser, sizeTopic } from '../../lib';
import { only, synth, testChart } from '../support/manifests';
import { describeWithShared } from '../support/shared';
import { validateCustomResource } from '../support/validate';

function cluster(props: KafkaClusterProps = {}, chart: Chart = testChart('kafka')) {
  return new KafkaCluster(chart, 'traces', props);
}

describe('KafkaTopic', () => {
  test('defaults: one partition per broker, the cluster replication factor, broker config inherited', () => {
    const c = cluster();
    const topic = new KafkaTopic(c.node.scope as Chart, 'jaeger-spans', { cluster: c });
    const manifest = only(synth(c.node.scope as Chart), 'KafkaTopic');
    expect(manifest.metadata).toMatchObject({ name: 'jaeger-spans', namespace: 'kafka' });
    expect(manifest.metadata.labels?.['strimzi.io/cluster']).toBe('traces');
    expect(manifest.spec).toEqual({ partitions: 3, replicas: 3 });
    expect(topic.topicName).toBe('jaeger-spans');
    expect(topic.partitions).toBe(3);
  });

  test('every config key the issue names, rendered with Kafka names', () => {
    const c = cluster();
    new KafkaTopic(c.node.scope as Chart, 't', {
      cluster: c,
      topicName: 'Jaeger_Spans',
      partitions: 12,
      config: {
        retentionMs: 86_400_000,
        retentionBytes: 1_000_000_000,
        compressionType: 'zstd',
        minInsyncReplicas: 2,
        maxMessageBytes: 2_097_152,
        cleanupPolicy: 'delete',
      },
    });
    const manifest = only(synth(c.node.scope as Chart), 'KafkaTopic');
    expect(manifest.metadata.name).toMatch(/^jaeger-spans-[0-9a-f]{8}$/);
    expect(manifest.spec).toEqual({
      topicName: 'Jaeger_Spans',
      partitions: 12,
      replicas: 3,
      config: {
        'retention.ms': 86_400_000,
        'retention.bytes': 1_000_000_000,
        'compression.type': 'zstd',
        'min.insync.replicas': 2,
        'max.message.bytes': 2_097_152,
        'cleanup.policy': 'delete',
      },
    });
  });

  test('a sizing sets partitions, replicas and retention', () => {
    const c = cluster({
      nodePools: [
        { name: 'controller', roles: ['controller'], replicas: 3 },
        { name: 'broker', roles: ['broker'], replicas: 3, storage: { size: '1500Gi' } },
      ],
    });
    const sizing = sizeTopic(
      {
        ingest: { tracesPerSecond: 10_000, spansPerTrace: 10, bytesPerSpan: 500 },
        consumerThroughput: { spansPerSecond: 5_000 },
        outageWindow: '6h',
        brokers: c.brokers,
      },
      { construct: 'sizeTopic', path: 'jaeger-spans' },
    );
    new KafkaTopic(c.node.scope as Chart, 'jaeger-spans', { cluster: c, sizing });
    expect(only(synth(c.node.scope as Chart), 'KafkaTopic').spec).toEqual({
      partitions: 42,
      replicas: 3,
      config: {
        'retention.ms': 25_920_000,
        'retention.bytes': 30_857_142_858,
        'segment.bytes': 1_073_741_824,
      },
    });
  });

  test('dev cluster: one replica, accepted', () => {
    const c = cluster({ preset: 'dev' });
    const topic = new KafkaTopic(c.node.scope as Chart, 'jaeger-spans', { cluster: c });
    expect([topic.partitions, topic.replicas]).toEqual([1, 1]);
  });
});

describe('KafkaTopic errors', () => {
  const make = (props: Partial<ConstructorParameters<typeof KafkaTopic>[2]>, clusterProps = {}) => {
    const c = cluster(clusterProps);
    return () => new KafkaTopic(c.node.scope as Chart, 'jaeger-spans', { cluster: c, ...props });
  };

  test('partitions < 1', () => {
    expectConstructError(
      make({ partitions: 0 }),
      "KafkaTopic 'test/jaeger-spans': 'partitions' must be a whole number of at least 1 (got 0); use at least as many partitions as consumers",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('replicas > brokers', () => {
    expectConstructError(
      make({ replicas: 4 }),
      "KafkaTopic 'test/jaeger-spans': 'replicas' must not exceed the 3 broker(s) of KafkaCluster 'test/traces': each replica needs its own broker (got 4); set replicas to 3 or less, or add brokers",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('min.insync.replicas > replicas', () => {
    expectConstructError(
      make({ config: { minInsyncReplicas: 4 } }),
      "KafkaTopic 'test/jaeger-spans': 'config.minInsyncReplicas' must not exceed replicas 3: no write could ever be acknowledged (got 4); set it to 2",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    // Inherited from the cluster: replicas 1 under a cluster-wide min.insync.replicas 2.
    expectConstructError(
      make({ replicas: 1 }),
      "KafkaTopic 'test/jaeger-spans': 'config.minInsyncReplicas' must not exceed replicas 1: no write could ever be acknowledged (got 2); set it to 1",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('min.insync.replicas = replicas needs the opt-in', () => {
    expectConstructError(
      make({ config: { minInsyncReplicas: 3 } }),
      "KafkaTopic 'test/jaeger-spans': 'config.minInsyncReplicas' equals replicas 3: one broker down (a restart, a node drain) stops every write (got 3); set it to 2, or set allowMinInsyncEqualsReplicas: true to accept stopped writes",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
    expect(make({ config: { minInsyncReplicas: 3 }, allowMinInsyncEqualsReplicas: true })).not.toThrow();
  });

  test('a retention the broker disks cannot hold, alone or with other topics', () => {
    // 3 partitions × 3 replicas on 3 brokers: 3 replicas per broker × (30 GB + 1 GiB) > 85% of 100Gi
    expectConstructError(
      make({ config: { retentionBytes: 30_000_000_000 } }),
      "KafkaTopic 'test/jaeger-spans': 'config.retentionBytes' needs 86.8Gi on each broker, but KafkaCluster 'test/traces' plans its 100.0Gi broker volumes at most 85% full (85.0Gi) (got 30000000000); give the broker pool at least 103Gi, add brokers, or retain less",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    const c = cluster();
    const chart = c.node.scope as Chart;
    new KafkaTopic(chart, 'a', { cluster: c, config: { retentionBytes: 20_000_000_000 } });
    expectConstructError(
      () => new KafkaTopic(chart, 'b', { cluster: c, config: { retentionBytes: 9_000_000_000 } }),
      "KafkaTopic 'test/b': 'config.retentionBytes' needs 28.1Gi on each broker on top of 58.9Gi other topics take, but KafkaCluster 'test/traces' plans its 100.0Gi broker volumes at most 85% full (85.0Gi) (got 9000000000); give the broker pool at least 103Gi, add brokers, or retain less",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a sized window the default broker volumes cannot hold', () => {
    const c = cluster();
    const sizing = sizeTopic(
      {
        ingest: { megabytesPerSecond: 50 },
        consumerThroughput: { megabytesPerSecond: 2.5 },
        outageWindow: '6h',
        brokers: 3,
      },
      { construct: 'sizeTopic', path: 'x' },
    );
    expectConstructError(
      () => new KafkaTopic(c.node.scope as Chart, 'jaeger-spans', { cluster: c, sizing }),
      "KafkaTopic 'test/jaeger-spans': 'sizing' needs 1249.0Gi on each broker, but KafkaCluster 'test/traces' plans its 100.0Gi broker volumes at most 85% full (85.0Gi) (got \"42 partitions × 30857142858 bytes\"); give the broker pool at least 1470Gi, add brokers, or retain less",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a topic name Kafka rejects', () => {
    expectConstructError(
      make({ topicName: 'jaeger spans' }),
      "KafkaTopic 'test/jaeger-spans': 'topicName' is not a topic name Kafka accepts (1 to 249 ASCII letters, digits, '.', '_' and '-', and not '.' or '..') (got \"jaeger spans\"); choose a name such as 'jaeger-spans'",
      ErrorCode.INVALID_NAME,
    );
  });

  test('sizing together with what it computes', () => {
    const sizing = sizeTopic(
      {
        ingest: { megabytesPerSecond: 1 },
        consumerThroughput: { megabytesPerSecond: 1 },
        outageWindow: '1h',
        brokers: 3,
      },
      { construct: 'sizeTopic', path: 'x' },
    );
    expectConstructError(
      make({ sizing, partitions: 6 }),
      "KafkaTopic 'test/jaeger-spans': 'partitions' cannot be set together with sizing, which computes it (got 6); leave partitions out, or size the topic by hand without sizing",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('unknown compression and cleanup policy', () => {
    expectConstructError(
      make({ config: { compressionType: 'brotli' as any } }),
      "KafkaTopic 'test/jaeger-spans': 'config.compressionType' must be one of 'producer', 'zstd', 'lz4', 'snappy', 'gzip', 'uncompressed' (got \"brotli\"); use 'producer'",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      make({ config: { cleanupPolicy: 'forever' as any } }),
      "KafkaTopic 'test/jaeger-spans': 'config.cleanupPolicy' must be one of 'delete', 'compact', 'compact,delete' (got \"forever\"); use 'delete'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('KafkaUser', () => {
  test('a TLS consumer limited to one topic and one group; its Secret is the handle', () => {
    const c = cluster({ authentication: 'tls' });
    const chart = c.node.scope as Chart;
    const topic = new KafkaTopic(chart, 'jaeger-spans', { cluster: c });
    const user = new KafkaUser(chart, 'ingester', {
      cluster: c,
      topic,
      access: 'consume',
      consumerGroup: 'jaeger-ingester',
    });
    const manifest = only(synth(chart), 'KafkaUser');
    expect(manifest.metadata).toMatchObject({ name: 'ingester', namespace: 'kafka' });
    expect(manifest.metadata.labels?.['strimzi.io/cluster']).toBe('traces');
    expect(manifest.spec).toEqual({
      authentication: { type: 'tls' },
      authorization: {
        type: 'simple',
        acls: [
          {
            resource: { type: 'topic', name: 'jaeger-spans', patternType: 'literal' },
            operations: ['Read', 'Describe'],
          },
          {
            resource: { type: 'group', name: 'jaeger-ingester', patternType: 'literal' },
            operations: ['Read'],
          },
        ],
      },
    });
    expect(user.secretName).toBe('ingester');
    expect(user.usernameConfigMap).toBeUndefined();
  });

  test('a SCRAM producer, with its username in a ConfigMap', () => {
    const c = cluster({ authentication: 'scram-sha-512' });
    const chart = c.node.scope as Chart;
    const topic = new KafkaTopic(chart, 'jaeger-spans', { cluster: c });
    const user = new KafkaUser(chart, 'collector', { cluster: c, topic, access: 'produce' });
    const objects = synth(chart);
    expect(only(objects, 'KafkaUser').spec.authorization.acls).toEqual([
      {
        resource: { type: 'topic', name: 'jaeger-spans', patternType: 'literal' },
        operations: ['Write', 'Describe'],
      },
    ]);
    expect(only(objects, 'ConfigMap', 'collector-username').data).toEqual({ username: 'collector' });
    expect(user.usernameConfigMap?.name).toBe('collector-username');
  });

  test('errors: no authentication on the cluster, consume without a group, shared group', () => {
    const open = cluster({ authentication: 'none' });
    const openTopic = new KafkaTopic(open.node.scope as Chart, 'spans', { cluster: open });
    expectConstructError(
      () =>
        new KafkaUser(open.node.scope as Chart, 'u', { cluster: open, topic: openTopic, access: 'produce' }),
      "KafkaUser 'test/u': 'cluster' has no listener authentication, so the user's credentials and ACLs would never be checked (got \"test/traces\"); set authentication: 'tls' or 'scram-sha-512' on the KafkaCluster",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    const c = cluster({ authentication: 'tls' });
    const chart = c.node.scope as Chart;
    const topic = new KafkaTopic(chart, 'spans', { cluster: c });
    expectConstructError(
      () => new KafkaUser(chart, 'u', { cluster: c, topic, access: 'consume' }),
      "KafkaUser 'test/u': 'consumerGroup' is required with access 'consume' (got undefined); name the consumer's group.id, e.g. 'jaeger-ingester'",
      ErrorCode.INVALID_VALUE,
    );
    new KafkaUser(chart, 'a', { cluster: c, topic, access: 'consume', consumerGroup: 'g' });
    expectConstructError(
      () => new KafkaUser(chart, 'b', { cluster: c, topic, access: 'consume', consumerGroup: 'g' }),
      "KafkaUser 'test/b': 'consumerGroup' is already consumed by KafkaUser/kafka/a: members of one group split the partitions, so each pipeline would miss the other's share (got \"g\"); give each pipeline its own consumer group",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});

describeWithShared('KafkaTopic and KafkaUser validate against the Strimzi 1.2.0 CRDs', () => {
  test('topic with every config key, TLS and SCRAM users', () => {
    for (const authentication of ['tls', 'scram-sha-512'] as const) {
      const c = cluster({ authentication });
      const chart = c.node.scope as Chart;
      const topic = new KafkaTopic(chart, 'jaeger-spans', {
        cluster: c,
        config: {
          retentionMs: 1000,
          compressionType: 'lz4',
          cleanupPolicy: 'compact,delete',
          maxMessageBytes: 10,
        },
      });
      new KafkaUser(chart, 'consumer', { cluster: c, topic, access: 'consume', consumerGroup: 'g' });
      new KafkaUser(chart, 'producer', { cluster: c, topic, access: 'produce' });
      const custom = synth(chart).filter((m) => m.apiVersion.startsWith('kafka.strimzi.io/'));
      expect(custom.map((m) => m.kind)).toEqual([
        'Kafka',
        'KafkaNodePool',
        'KafkaNodePool',
        'KafkaTopic',
        'KafkaUser',
        'KafkaUser',
      ]);
      for (const m of custom) expect(validateCustomResource(m)).toBeUndefined();
    }
  });
});
