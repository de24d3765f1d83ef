import { ErrorCode } from '../../lib/core';
import { parse } from 'yaml';
import {
  ExternalKafka,
  JaegerKafkaBuffered,
  JaegerKafkaBufferedProps,
  KafkaCluster,
  KafkaTopic,
  externalSearch,
} from '../../lib';
import { expectConstructError } from '../support/errors';
import { danglingReferences, unknownKeys } from '../support/jaeger';
import { only, synth, testChart } from '../support/manifests';
import { policyViolations } from '../support/policy';

const storage = {
  connection: externalSearch({ engine: 'elasticsearch', serverUrls: ['http://es.example.com:9200'] }),
};

function build(
  options: { auth?: 'tls' | 'scram-sha-512' | 'none'; partitions?: number; namespace?: string } = {},
  props: Partial<JaegerKafkaBufferedProps> = {},
) {
  const chart = testChart('tracing');
  const cluster = new KafkaCluster(chart, 'kafka', {
    authentication: options.auth ?? 'none',
    namespace: options.namespace,
  });
  const topic = new KafkaTopic(chart, 'spans', {
    cluster,
    topicName: 'jaeger-spans',
    partitions: options.partitions ?? 12,
  });
  const jaeger = new JaegerKafkaBuffered(chart, 'jaeger', { kafka: { topic }, storage, ...props });
  const objects = synth(chart);
  const config = (name: string) => parse(only(objects, 'ConfigMap', `${name}-config`).data['config.yaml']);
  return { jaeger, objects, config, cluster };
}

describe('JaegerKafkaBuffered defaults (large profile, plain listener)', () => {
  const { jaeger, objects, config } = build();

  test('collector → Kafka, ingester Kafka → storage, query on storage; every object passes the policy', () => {
    expect(config('jaeger-collector').service.pipelines.traces.exporters).toEqual(['kafka']);
    // Memory limiter before batch on the collector (asserted before only by the golden files).
    expect(config('jaeger-collector').service.pipelines.traces.processors).toEqual([
      'memory_limiter',
      'batch',
    ]);
    expect(config('jaeger-ingester').service.pipelines.traces).toEqual({
      receivers: ['kafka'],
      processors: ['memory_limiter'],
      exporters: ['jaeger_storage_exporter'],
    });
    expect(config('jaeger-query').service.extensions).toContain('jaeger_query');
    expect(policyViolations(objects)).toEqual([]);
    for (const role of ['jaeger-collector', 'jaeger-ingester', 'jaeger-query']) {
      expect([role, unknownKeys(config(role))]).toEqual([role, []]);
      expect([role, danglingReferences(config(role))]).toEqual([role, []]);
    }
  });

  test('topic and encoding are identical on both sides; spans keyed by trace ID; all replicas acknowledge', () => {
    const exporter = config('jaeger-collector').exporters.kafka;
    const receiver = config('jaeger-ingester').receivers.kafka;
    expect(exporter.traces).toEqual({ topic: 'jaeger-spans', encoding: 'otlp_proto' });
    expect(receiver.traces).toEqual({ topics: ['jaeger-spans'], encoding: 'otlp_proto' });
    expect(exporter.brokers).toEqual(receiver.brokers);
    expect(exporter.brokers).toEqual(['kafka-kafka-bootstrap.tracing.svc.cluster.local:9092']);
    expect(exporter.partition_traces_by_id).toBe(true);
    expect(exporter.producer.required_acks).toBe(-1);
  });

  test('markAfterPipeline: offsets marked after the exporter accepted the spans, no batch processor, no exporter queue', () => {
    const ingester = config('jaeger-ingester');
    expect(ingester.receivers.kafka.message_marking).toEqual({ after: true, on_error: false });
    expect(ingester.receivers.kafka.group_id).toBe('jaeger-ingester');
    expect(ingester.receivers.kafka.initial_offset).toBe('earliest');
    expect(ingester.processors.batch).toBeUndefined();
    expect(ingester.exporters.jaeger_storage_exporter).toEqual({
      trace_storage: 'primary',
      retry_on_failure: { enabled: true },
    });
  });

  test("the reference design's large profile: collector 5, query 3, ingester 2 up to the partitions, scaled by KEDA", () => {
    expect(only(objects, 'HorizontalPodAutoscaler', 'jaeger-collector').spec.minReplicas).toBe(5);
    expect(only(objects, 'HorizontalPodAutoscaler', 'jaeger-query').spec.minReplicas).toBe(3);
    const scaled = only(objects, 'ScaledObject');
    // Zero belongs to the storage gate (idleReplicaCount); while it is open the profile's 2 ingesters run.
    expect([scaled.spec.minReplicaCount, scaled.spec.maxReplicaCount]).toEqual([2, 12]);
    expect(scaled.spec.idleReplicaCount).toBe(0);
    expect(scaled.spec.advanced.scalingModifiers.formula).toBe(
      '(storage ?? 0) >= 1 ? max(lag ?? 120000, 20000) : 0',
    );
    expect(scaled.spec.scaleTargetRef.name).toBe('jaeger-ingester');
    expect(scaled.spec.triggers[0].metadata).toEqual(
      expect.objectContaining({ consumerGroup: 'jaeger-ingester', topic: 'jaeger-spans' }),
    );
    expect(only(objects, 'Deployment', 'jaeger-ingester').spec.replicas).toBeUndefined();
    expect(only(objects, 'PodDisruptionBudget', 'jaeger-ingester').spec.maxUnavailable).toBe(1);
  });

  test('only the collectors, the ingesters and KEDA reach the brokers', () => {
    const kafka = only(objects, 'Kafka');
    const peers = kafka.spec.kafka.listeners[0].networkPolicyPeers;
    expect(peers).toEqual(
      expect.arrayContaining([
        {
          podSelector: {
            matchLabels: {
              'app.kubernetes.io/name': 'jaeger',
              'app.kubernetes.io/instance': 'jaeger-collector',
              'app.kubernetes.io/component': 'collector',
            },
          },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tracing' } },
        },
      ]),
    );
  });

  test('the collector may only reach the brokers; the ingester the brokers and the external storage (egress.cases.ts)', () => {
    const collector = only(objects, 'NetworkPolicy', 'jaeger-collector');
    expect(collector.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(collector.spec.egress[0].ports).toEqual([{ port: 9092, protocol: 'TCP' }]);
    expect(only(objects, 'NetworkPolicy', 'jaeger-ingester').spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('handles', () => {
    expect(jaeger.consumerGroup).toBe('jaeger-ingester');
    expect(jaeger.topicName).toBe('jaeger-spans');
    expect(jaeger.endpoints.otlpGrpc).toBe('http://jaeger-collector.tracing.svc.cluster.local:4317');
  });
});

describe('JaegerKafkaBuffered on an authenticated cluster', () => {
  test('mutual TLS: a producing and a consuming KafkaUser, certificates mounted from their Secrets', () => {
    const { objects, config, jaeger } = build({ auth: 'tls' });
    expect(objects.filter((o) => o.kind === 'KafkaUser').map((o) => o.metadata.name)).toEqual([
      'jaeger-collector',
      'jaeger-ingester',
      'jaeger-keda',
    ]);
    expect(jaeger.consumerUser?.consumerGroup).toBe('jaeger-ingester');
    const receiver = config('jaeger-ingester').receivers.kafka;
    expect(receiver.brokers).toEqual(['kafka-kafka-bootstrap.tracing.svc.cluster.local:9093']);
    expect(receiver.tls).toEqual({
      ca_file: '/etc/jaeger/kafka/ca.crt',
      cert_file: '/etc/jaeger/kafka/user.crt',
      key_file: '/etc/jaeger/kafka/user.key',
    });
    const volume = only(objects, 'Deployment', 'jaeger-ingester').spec.template.spec.volumes.find(
      (v: any) => v.name === 'kafka-credentials',
    );
    expect(volume.projected.sources.map((s: any) => s.secret.name)).toEqual([
      'kafka-cluster-ca-cert',
      'jaeger-ingester',
      'jaeger-ingester',
    ]);
    expect(only(objects, 'TriggerAuthentication').metadata.name).toBe('jaeger-ingester');
  });

  test('SCRAM-SHA-512: the password from the user Secret through the environment', () => {
    const { objects, config } = build({ auth: 'scram-sha-512' });
    expect(config('jaeger-collector').exporters.kafka.auth).toEqual({
      sasl: { username: 'jaeger-collector', password: '${env:KAFKA_PASSWORD}', mechanism: 'SCRAM-SHA-512' },
    });
    const env = only(objects, 'Deployment', 'jaeger-collector').spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'GOMEMLIMIT', value: '1152MiB' },
      { name: 'KAFKA_PASSWORD', valueFrom: { secretKeyRef: { name: 'jaeger-collector', key: 'password' } } },
    ]);
  });
});

describe('JaegerKafkaBuffered options', () => {
  test('an external Kafka by bootstrap servers; offsets marked on receipt: a batch processor', () => {
    const chart = testChart('tracing');
    const endpoint = new ExternalKafka(chart, 'kafka', { bootstrapServers: 'kafka-0.example.com:9092' });
    new JaegerKafkaBuffered(chart, 'jaeger', {
      kafka: { endpoint, topicName: 'spans', partitions: 6 },
      storage,
      markAfterPipeline: false,
      encoding: 'otlp_json',
      consumerGroup: 'tracing-ingest',
    });
    const objects = synth(chart);
    const ingester = parse(only(objects, 'ConfigMap', 'jaeger-ingester-config').data['config.yaml']);
    expect(ingester.service.pipelines.traces.processors).toEqual(['memory_limiter', 'batch']);
    expect(ingester.receivers.kafka.message_marking).toBeUndefined();
    expect(ingester.receivers.kafka.traces).toEqual({ topics: ['spans'], encoding: 'otlp_json' });
    expect(ingester.receivers.kafka.group_id).toBe('tracing-ingest');
    expect(only(objects, 'ScaledObject').spec.maxReplicaCount).toBe(6);
    expect(only(objects, 'NetworkPolicy', 'jaeger-collector').spec.policyTypes).toEqual([
      'Ingress',
      'Egress',
    ]);
  });

  test('monitoring: ServiceMonitors for three roles and the buffered-path alerts', () => {
    const { objects } = build({}, { monitoring: { serviceMonitor: true } });
    expect(objects.filter((o) => o.kind === 'ServiceMonitor')).toHaveLength(3);
    expect(only(objects, 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert)).toEqual([
      'JaegerRefusedSpans',
      'JaegerSpansDropped',
      'JaegerExporterQueueNearFull',
      'JaegerStorageWriteErrors',
      'JaegerKafkaExportErrors',
      'JaegerIngesterConsumerLag',
      'JaegerIngestersStopped',
      'JaegerIngesterBackingOff',
    ]);
  });
});

describe('JaegerKafkaBuffered errors', () => {
  test('ingester.maxReplicas at the partition count is accepted, one above it is not (edge and edge+1)', () => {
    const { objects } = build({ partitions: 4 }, { ingester: { maxReplicas: 4 } });
    expect(only(objects, 'ScaledObject').spec.maxReplicaCount).toBe(4);
    const error = expectConstructError(
      () => build({ partitions: 4 }, { ingester: { maxReplicas: 5 } }),
      "JaegerKafkaBuffered 'test/jaeger': 'ingester.maxReplicas' is above the 4 partitions of topic 'jaeger-spans': ingesters past that would sit idle (got 5); lower ingester.maxReplicas to 4, or give the topic at least 5 partitions",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expect(error.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
  });

  test('ingester.minReplicas equal to maxReplicas is accepted, one above it is not (edge and edge+1)', () => {
    const { objects } = build({ partitions: 4 }, { ingester: { minReplicas: 4, maxReplicas: 4 } });
    expect(only(objects, 'ScaledObject').spec.maxReplicaCount).toBe(4);
    const error = expectConstructError(
      () => build({ partitions: 4 }, { ingester: { minReplicas: 4, maxReplicas: 3 } }),
      "JaegerKafkaBuffered 'test/jaeger': 'ingester.minReplicas' is above ingester.maxReplicas 3 (got 4); lower ingester.minReplicas to at most 3",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expect(error.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
  });

  test('partitions below the ingester maximum', () => {
    expectConstructError(
      () => build({ partitions: 4 }, { ingester: { maxReplicas: 8 } }),
      "JaegerKafkaBuffered 'test/jaeger': 'ingester.maxReplicas' is above the 4 partitions of topic 'jaeger-spans': ingesters past that would sit idle (got 8); lower ingester.maxReplicas to 4, or give the topic at least 8 partitions",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a minimum above the maximum', () => {
    expectConstructError(
      () => build({ partitions: 4 }, { ingester: { minReplicas: 5 } }),
      "JaegerKafkaBuffered 'test/jaeger': 'ingester.minReplicas' is above ingester.maxReplicas 4 (got 5); lower ingester.minReplicas to at most 4",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('memory storage', () => {
    expectConstructError(
      () => build({}, { storage: { kind: 'badger' } as never }),
      "JaegerKafkaBuffered 'test/jaeger': 'storage' is badger storage, which lives inside one process and cannot be shared by separate collectors and queries (got \"badger\"); use JaegerAllInOne for memory or badger storage, or give an Elasticsearch/OpenSearch connection",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('unreplicated indices in the large profile', () => {
    expectConstructError(
      () => build({}, { storage: { ...storage, replicas: 0 } }),
      "JaegerKafkaBuffered 'test/jaeger': 'storage.replicas' is 0 in the large profile: losing one search node would lose spans (got 0); keep at least 1 replica (as the reference design does), or set allowUnreplicatedIndices: true to accept the risk",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
  });

  test('a batch with markAfterPipeline', () => {
    expectConstructError(
      () => build({}, { ingester: { batch: { sendBatchSize: 10 } } }),
      "JaegerIngester 'test/jaeger/ingester': 'batch' has no effect when offsets are marked after the pipeline: a batch would acknowledge messages before they are written (got {\"sendBatchSize\":10}); drop batch, or set markAfterPipeline: false",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('TLS credentials in another namespace', () => {
    expectConstructError(
      () => build({ auth: 'tls', namespace: 'kafka' }),
      "JaegerKafkaBuffered 'test/jaeger': 'kafka' keeps its CA and user Secrets in namespace 'kafka', which pods in 'tracing' cannot mount (got \"strimzi:kafka/kafka\"); deploy Jaeger in 'kafka', or copy the Secrets into 'tracing' and use ExternalKafka",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('two instances sharing one consumer group, on an authenticated (default) and an open cluster', () => {
    const sharing = (authentication?: 'none') => {
      const chart = testChart('tracing');
      const cluster = new KafkaCluster(chart, 'kafka', { authentication });
      const topic = new KafkaTopic(chart, 'spans', { cluster, partitions: 6 });
      new JaegerKafkaBuffered(chart, 'a', { kafka: { topic }, storage, consumerGroup: 'shared' });
      return () =>
        new JaegerKafkaBuffered(chart, 'b', { kafka: { topic }, storage, consumerGroup: 'shared' });
    };
    expectConstructError(
      sharing(),
      "KafkaUser 'test/b/consumer-user': 'consumerGroup' is already consumed by Deployment/tracing/a-ingester as KafkaUser/tracing/a-ingester: members of one group split the partitions, so each pipeline would miss the other's share (got \"shared\"); give each pipeline its own consumer group",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      sharing('none'),
      "KafkaConsumerLagAutoscaler 'test/b/ingester-autoscaler': 'consumerGroup' is already consumed by Deployment/tracing/a-ingester: members of one group split the partitions, so each pipeline would miss the other's share (got \"shared\"); give each pipeline its own consumer group",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a bare topic name on an authenticated cluster', () => {
    const chart = testChart('tracing');
    const cluster = new KafkaCluster(chart, 'kafka');
    expectConstructError(
      () =>
        new JaegerKafkaBuffered(chart, 'jaeger', {
          kafka: { endpoint: cluster, topicName: 'jaeger-spans', partitions: 6 },
          storage,
        }),
      "JaegerKafkaBuffered 'test/jaeger': 'kafka.endpoint' authenticates its clients (tls), and a bare topic name gives the pattern no topic to grant its users access to (got \"test/kafka\"); create the topic as a KafkaTopic on 'test/kafka' and pass { topic }",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});
