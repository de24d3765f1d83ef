import { Chart } from 'cdk8s';
import {
  DEFAULT_LAG_THRESHOLD,
  ExternalKafka,
  KafkaCluster,
  KafkaClusterProps,
  KafkaConsumerLagAutoscaler,
  KafkaConsumerLagAutoscalerProps,
  KafkaTopic,
  KafkaUser,
} from '../../lib';
import { ErrorCode, createWorkload, healthProbes, resolveResources } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { only, synth, testChart } from '../support/manifests';
import { describeWithShared } from '../support/shared';
import { validateCustomResource } from '../support/validate';

function consumer(chart: Chart, name = 'ingester', namespace = 'kafka', replicas?: number) {
  return createWorkload(chart, name, {
    kind: 'Deployment',
    name,
    namespace,
    labels: { 'app.kubernetes.io/name': name },
    selector: { 'app.kubernetes.io/name': name },
    replicas: 1,
    autoscaledMaxReplicas: replicas === undefined ? 6 : undefined,
    containerName: name,
    image: 'example/consumer:1.0',
    args: [],
    ports: [{ name: 'health', port: 8080 }],
    resources: resolveResources({ cpu: '500m', memory: '512Mi' }, { construct: 't', path: 't' }, 'r'),
    probes: healthProbes('health', '/'),
  }).apiObject;
}

// An open cluster unless a test asks for authentication; the production default (mutual TLS) has its own tests.
function setup(clusterProps: KafkaClusterProps = { authentication: 'none' }) {
  const chart = testChart('kafka');
  const cluster = new KafkaCluster(chart, 'traces', clusterProps);
  const topic = new KafkaTopic(chart, 'jaeger-spans', { cluster, partitions: 6 });
  return { chart, cluster, topic, target: consumer(chart) };
}

function scale(
  props: Partial<KafkaConsumerLagAutoscalerProps> = {},
  clusterProps: KafkaClusterProps = { authentication: 'none' },
) {
  const s = setup(clusterProps);
  const autoscaler = new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
    target: s.target,
    endpoint: s.cluster,
    topic: s.topic,
    consumerGroup: 'jaeger-ingester',
    ...props,
  });
  return { ...s, autoscaler, objects: () => synth(s.chart) };
}

describe('KafkaConsumerLagAutoscaler with KEDA', () => {
  const { objects, autoscaler } = scale();
  const all = objects();
  const scaled = only(all, 'ScaledObject');

  test('a ScaledObject for the Deployment, up to one replica per partition', () => {
    expect(scaled.apiVersion).toBe('keda.sh/v1alpha1');
    expect(scaled.metadata).toMatchObject({ name: 'ingester', namespace: 'kafka' });
    expect(scaled.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'ingester',
    });
    expect(scaled.spec.minReplicaCount).toBe(1);
    expect(scaled.spec.maxReplicaCount).toBe(6);
    expect([autoscaler.minReplicas, autoscaler.maxReplicas]).toEqual([1, 6]);
  });

  test('kafka trigger metadata, every value a string, over the plain listener', () => {
    expect(scaled.spec.triggers).toEqual([
      {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'traces-kafka-bootstrap.kafka.svc.cluster.local:9092',
          consumerGroup: 'jaeger-ingester',
          topic: 'jaeger-spans',
          lagThreshold: String(DEFAULT_LAG_THRESHOLD),
          activationLagThreshold: '0',
          offsetResetPolicy: 'earliest',
          allowIdleConsumers: 'false',
          limitToPartitionsWithLag: 'false',
        },
      },
    ]);
    expect(all.some((m) => m.kind === 'TriggerAuthentication')).toBe(false);
  });

  test('cooldown on both scale-to-zero and scale-down, polling, and a fallback that drains', () => {
    expect(scaled.spec.cooldownPeriod).toBe(300); // the documented @default: five minutes of low lag
    expect(scaled.spec.pollingInterval).toBe(30);
    expect(scaled.spec.advanced).toEqual({
      horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } },
    });
    expect(scaled.spec.fallback).toEqual({ failureThreshold: 3, replicas: 6 });
  });

  test('the KEDA operator may reach the brokers', () => {
    const peers = only(all, 'Kafka').spec.kafka.listeners[0].networkPolicyPeers;
    expect(peers).toContainEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'keda-operator' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } },
    });
  });

  test('thresholds, reset policy, idle consumers and cooldown are passed through as strings', () => {
    const { objects } = scale({
      lagThreshold: 500,
      activationLagThreshold: 10,
      offsetResetPolicy: 'latest',
      allowIdleConsumers: true,
      maxReplicas: 8,
      minReplicas: 0,
      cooldownSeconds: 120,
    });
    const so = only(objects(), 'ScaledObject');
    expect(so.spec.triggers[0].metadata).toMatchObject({
      lagThreshold: '500',
      activationLagThreshold: '10',
      offsetResetPolicy: 'latest',
      allowIdleConsumers: 'true',
    });
    expect([so.spec.minReplicaCount, so.spec.maxReplicaCount, so.spec.cooldownPeriod]).toEqual([0, 8, 120]);
  });
});

/** A consumer authenticating as a KafkaUser, scaled on its lag; the chart's objects. */
function withUser(authentication: 'tls' | 'scram-sha-512') {
  const s = setup({ authentication });
  const user = new KafkaUser(s.chart, 'ingester-user', {
    cluster: s.cluster,
    topic: s.topic,
    access: 'consume',
    consumerGroup: 'jaeger-ingester',
  });
  new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
    target: s.target,
    endpoint: s.cluster,
    topic: s.topic,
    consumerGroup: 'jaeger-ingester',
    user,
  });
  return synth(s.chart);
}

describe('KafkaConsumerLagAutoscaler authentication', () => {
  test('mTLS user: TLS listener, CA from the cluster, certificate and key from the user Secret', () => {
    const objects = withUser('tls');
    const so = only(objects, 'ScaledObject');
    expect(so.spec.triggers[0].metadata).toMatchObject({
      bootstrapServers: 'traces-kafka-bootstrap.kafka.svc.cluster.local:9093',
      tls: 'enable',
    });
    expect(so.spec.triggers[0].metadata.sasl).toBeUndefined();
    expect(so.spec.triggers[0].authenticationRef).toEqual({ name: 'ingester' });
    expect(only(objects, 'TriggerAuthentication').spec).toEqual({
      secretTargetRef: [
        { parameter: 'ca', name: 'traces-cluster-ca-cert', key: 'ca.crt' },
        { parameter: 'cert', name: 'ingester-user', key: 'user.crt' },
        { parameter: 'key', name: 'ingester-user', key: 'user.key' },
      ],
    });
  });

  test('SCRAM user: password from the Secret, username from the ConfigMap, SASL in the metadata', () => {
    const objects = withUser('scram-sha-512');
    expect(only(objects, 'ScaledObject').spec.triggers[0].metadata).toMatchObject({
      tls: 'enable',
      sasl: 'scram_sha512',
    });
    expect(only(objects, 'TriggerAuthentication').spec).toEqual({
      secretTargetRef: [
        { parameter: 'ca', name: 'traces-cluster-ca-cert', key: 'ca.crt' },
        { parameter: 'password', name: 'ingester-user', key: 'password' },
      ],
      configMapTargetRef: [{ parameter: 'username', name: 'ingester-user-username', key: 'username' }],
    });
  });

  test('an authenticated cluster (the production default) without a user', () => {
    const s = setup({});
    expectConstructError(
      () =>
        new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
          target: s.target,
          endpoint: s.cluster,
          topic: s.topic,
          consumerGroup: 'jaeger-ingester',
        }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'user' is required: 'test/traces' authenticates its clients (tls), so an anonymous consumer and lag reader would be denied (got undefined); create a KafkaUser with consumerGroup 'jaeger-ingester' and read access to the topic, and pass it as user",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('an external cluster over TLS with a copied CA, in another namespace', () => {
    const chart = testChart('tracing');
    const external = new ExternalKafka(chart, 'msk', {
      tlsBootstrapServers: 'b-1.example.com:9094',
      caSecretName: 'msk-ca',
    });
    new KafkaConsumerLagAutoscaler(chart, 'lag', {
      target: consumer(chart, 'ingester', 'tracing'),
      endpoint: external,
      topic: { topicName: 'jaeger-spans', partitions: 12 },
      consumerGroup: 'jaeger-ingester',
    });
    const objects = synth(chart);
    expect(only(objects, 'ScaledObject').spec.triggers[0].metadata).toMatchObject({
      bootstrapServers: 'b-1.example.com:9094',
      tls: 'enable',
    });
    expect(only(objects, 'TriggerAuthentication').spec.secretTargetRef).toEqual([
      { parameter: 'ca', name: 'msk-ca', key: 'ca.crt' },
    ]);
  });
});

describe('KafkaConsumerLagAutoscaler without KEDA', () => {
  test('an autoscaling/v2 HPA on CPU and memory replaces the ScaledObject', () => {
    const { objects, autoscaler } = scale({ keda: false, fallbackHpa: { cpuUtilization: 60 } });
    const all = objects();
    expect(all.some((m) => m.kind === 'ScaledObject')).toBe(false);
    const hpa = only(all, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ingester' },
      minReplicas: 1,
      maxReplicas: 6,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    });
    expect(autoscaler.horizontalPodAutoscaler).toBeDefined();
    // No KEDA operator to let in.
    const peers = only(all, 'Kafka').spec.kafka.listeners[0].networkPolicyPeers;
    expect(peers).toEqual([{ podSelector: {} }]);
  });
});

describe('KafkaConsumerLagAutoscaler errors', () => {
  test('a gate named like the lag trigger', () => {
    const error = expectConstructError(
      () => scale({ gate: { name: 'lag', type: 'metrics-api', metadata: {}, minValue: 1 } }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'gate.name' must be lower-case letters and digits starting with a letter, and not 'lag' (the lag trigger's name) (got \"lag\"); use e.g. 'storage'",
      ErrorCode.INVALID_NAME,
    );
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
  });

  test('a producing lag reader', () => {
    const s = setup({ authentication: 'tls' });
    const user = new KafkaUser(s.chart, 'u', {
      cluster: s.cluster,
      topic: s.topic,
      access: 'consume',
      consumerGroup: 'g',
    });
    const producer = new KafkaUser(s.chart, 'p', { cluster: s.cluster, topic: s.topic, access: 'produce' });
    const error = expectConstructError(
      () =>
        new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
          target: s.target,
          endpoint: s.cluster,
          topic: s.topic,
          consumerGroup: 'g',
          user,
          lagReader: producer,
        }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'lagReader' must be a user of 'test/traces' for consumer group 'g' (it is for 'none' on 'test/traces') (got \"p\"); create it with access 'describe' and consumerGroup 'g' on the endpoint's cluster",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expect(error.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
  });

  test('maxReplicas > partitions unless idle consumers are allowed', () => {
    expectConstructError(
      () => scale({ maxReplicas: 8 }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'maxReplicas' exceeds the topic's 6 partitions: each partition has one consumer in a group, so the extra replicas would sit idle (got 8); lower maxReplicas to 6, add partitions, or set allowIdleConsumers: true",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expect(() => scale({ maxReplicas: 8, allowIdleConsumers: true })).not.toThrow();
  });

  test('a consumer group shared by two pipelines', () => {
    const s = setup();
    new KafkaConsumerLagAutoscaler(s.chart, 'a', {
      target: s.target,
      endpoint: s.cluster,
      topic: s.topic,
      consumerGroup: 'shared',
    });
    const other = consumer(s.chart, 'analytics');
    expectConstructError(
      () =>
        new KafkaConsumerLagAutoscaler(s.chart, 'b', {
          target: other,
          endpoint: s.cluster,
          topic: s.topic,
          consumerGroup: 'shared',
        }),
      "KafkaConsumerLagAutoscaler 'test/b': 'consumerGroup' is already consumed by Deployment/kafka/ingester: members of one group split the partitions, so each pipeline would miss the other's share (got \"shared\"); give each pipeline its own consumer group",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('the same group on another cluster, or in another app, is not shared', () => {
    const s = setup();
    new KafkaConsumerLagAutoscaler(s.chart, 'a', {
      target: s.target,
      endpoint: s.cluster,
      topic: s.topic,
      consumerGroup: 'g',
    });
    const second = new KafkaCluster(s.chart, 'other', { authentication: 'none' });
    expect(
      () =>
        new KafkaConsumerLagAutoscaler(s.chart, 'b', {
          target: consumer(s.chart, 'analytics'),
          endpoint: second,
          topic: { topicName: 'jaeger-spans', partitions: 6 },
          consumerGroup: 'g',
        }),
    ).not.toThrow();
    expect(() => scale({ consumerGroup: 'g' })).not.toThrow();
  });

  test('a target that sets replicas, or is not a workload', () => {
    const s = setup();
    expectConstructError(
      () =>
        new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
          target: consumer(s.chart, 'fixed', 'kafka', 2),
          endpoint: s.cluster,
          topic: s.topic,
          consumerGroup: 'g',
        }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'target' sets spec.replicas, which every apply would reset under the autoscaler (got \"Deployment/fixed\"); build the workload with autoscaledMaxReplicas so it leaves replicas to the autoscaler",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () =>
        new KafkaConsumerLagAutoscaler(s.chart, 'lag2', {
          target: s.topic.apiObject,
          endpoint: s.cluster,
          topic: s.topic,
          consumerGroup: 'g',
        }),
      "KafkaConsumerLagAutoscaler 'test/lag2': 'target' must be a Deployment or StatefulSet with a namespace (got \"KafkaTopic/jaeger-spans\"); pass the workload createWorkload returned (its apiObject)",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('min above max, zero min without KEDA, bad seconds', () => {
    expectConstructError(
      () => scale({ minReplicas: 7, maxReplicas: 6 }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'maxReplicas' must be a whole number of at least minReplicas (7) and 1 (got 6); use the topic's partition count, 6",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => scale({ minReplicas: 0, keda: false }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'minReplicas' must be a whole number of at least 1 (an HPA cannot scale to zero) (got 0); use 1",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => scale({ cooldownSeconds: 0.5 }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'cooldownSeconds' must be a whole number of seconds, at least 1 (got 0.5); use 300",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('user and TLS mismatches', () => {
    const s = setup({ authentication: 'tls' });
    const user = new KafkaUser(s.chart, 'u', {
      cluster: s.cluster,
      topic: s.topic,
      access: 'consume',
      consumerGroup: 'jaeger-ingester',
    });
    const base = { target: s.target, endpoint: s.cluster, topic: s.topic, user };
    expectConstructError(
      () => new KafkaConsumerLagAutoscaler(s.chart, 'a', { ...base, consumerGroup: 'other' }),
      "KafkaConsumerLagAutoscaler 'test/a': 'consumerGroup' is not the group KafkaUser 'u' may read (jaeger-ingester), so its ACLs would deny it (got \"other\"); use consumerGroup 'jaeger-ingester' on both, with a consuming user",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () =>
        new KafkaConsumerLagAutoscaler(s.chart, 'b', {
          ...base,
          consumerGroup: 'jaeger-ingester',
          tls: false,
        }),
      "KafkaConsumerLagAutoscaler 'test/b': 'tls' asks for the plain listener, which 'test/traces' does not serve (got false); set tls: true",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('Secrets in another namespace than the consumer', () => {
    const s = setup();
    expectConstructError(
      () =>
        new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
          target: consumer(s.chart, 'ingester2', 'tracing'),
          endpoint: s.cluster,
          topic: s.topic,
          consumerGroup: 'g',
          tls: true,
        }),
      "KafkaConsumerLagAutoscaler 'test/lag': 'target' runs in namespace 'tracing', but the Kafka CA and user Secrets are in 'kafka', and KEDA reads them from the ScaledObject's namespace (got \"Deployment/tracing/ingester2\"); run the consumer in namespace 'kafka', or copy the CA Secret and use an ExternalKafka endpoint",
      ErrorCode.DANGLING_REFERENCE,
    );
  });
});

describeWithShared('KafkaConsumerLagAutoscaler validates against the KEDA 2.20 CRDs', () => {
  test('plain, TLS user and SCRAM user variants', () => {
    const variants: [KafkaClusterProps, boolean][] = [
      [{ authentication: 'none' }, false],
      [{}, true],
      [{ authentication: 'tls' }, true],
      [{ authentication: 'scram-sha-512' }, true],
    ];
    for (const [clusterProps, withUser] of variants) {
      const s = setup(clusterProps);
      const user = withUser
        ? new KafkaUser(s.chart, 'u', {
            cluster: s.cluster,
            topic: s.topic,
            access: 'consume',
            consumerGroup: 'g',
          })
        : undefined;
      new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
        target: s.target,
        endpoint: s.cluster,
        topic: s.topic,
        consumerGroup: 'g',
        user,
      });
      const keda = synth(s.chart).filter((m) => m.apiVersion.startsWith('keda.sh/'));
      expect(keda.length).toBe(withUser ? 2 : 1);
      for (const m of keda) expect(validateCustomResource(m)).toBeUndefined();
      // The CRD's CEL rule: minReplicaCount <= maxReplicaCount.
      const so = only(keda, 'ScaledObject');
      expect(so.spec.minReplicaCount).toBeLessThanOrEqual(so.spec.maxReplicaCount);
    }
  });

  test('a gated ScaledObject (scalingModifiers, idle replicas, describing lag reader) passes the CRD', () => {
    const s = setup({ authentication: 'tls' });
    const user = new KafkaUser(s.chart, 'u', {
      cluster: s.cluster,
      topic: s.topic,
      access: 'consume',
      consumerGroup: 'g',
    });
    const reader = new KafkaUser(s.chart, 'r', {
      cluster: s.cluster,
      topic: s.topic,
      access: 'describe',
      consumerGroup: 'g',
    });
    new KafkaConsumerLagAutoscaler(s.chart, 'lag', {
      target: s.target,
      endpoint: s.cluster,
      topic: s.topic,
      consumerGroup: 'g',
      user,
      lagReader: reader,
      minReplicas: 2,
      gate: {
        name: 'storage',
        type: 'metrics-api',
        metadata: { url: 'http://es:9200/_cluster/health', valueLocation: 'number_of_data_nodes' },
        secretRefs: [{ parameter: 'password', name: 'es', key: 'password' }],
        minValue: 1,
      },
    });
    const keda = synth(s.chart).filter((m) => m.apiVersion.startsWith('keda.sh/'));
    expect(keda.map((m) => m.kind).sort()).toEqual([
      'ScaledObject',
      'TriggerAuthentication',
      'TriggerAuthentication',
    ]);
    for (const m of keda) expect(validateCustomResource(m)).toBeUndefined();
    expect(
      only(keda, 'TriggerAuthentication', 'ingester').spec.secretTargetRef.map((r: any) => r.name),
    ).toContain('r');
  });

  test('the schema check is real: a numeric trigger value is rejected', () => {
    const { objects } = scale();
    const so = JSON.parse(JSON.stringify(only(objects(), 'ScaledObject')));
    so.spec.triggers[0].metadata.lagThreshold = 10;
    expect(validateCustomResource(so)).toMatch(/must be string/);
  });
});
