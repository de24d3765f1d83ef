import {
  DEFAULT_RACK_AWARE,
  ExternalKafka,
  KafkaCluster,
  KafkaClusterProps,
  RACK_TOPOLOGY_KEY,
} from '../../lib';
import { ErrorCode, podPeer } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { only, synth, testChart } from '../support/manifests';
import { describeWithShared } from '../support/shared';
import { validateCustomResource } from '../support/validate';

function build(props: KafkaClusterProps = {}) {
  const chart = testChart('kafka');
  const cluster = new KafkaCluster(chart, 'traces', props);
  return { chart, cluster, objects: () => synth(chart) };
}

describe('KafkaCluster production defaults', () => {
  const { cluster, objects } = build();
  const all = objects();
  const kafka = only(all, 'Kafka');

  test('a Kafka and a controller and a broker pool, all in the namespace', () => {
    expect(all.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Kafka/traces',
      'KafkaNodePool/controller',
      'KafkaNodePool/broker',
    ]);
    expect(all.every((o) => o.metadata.namespace === 'kafka')).toBe(true);
    expect(all.every((o) => o.apiVersion === 'kafka.strimzi.io/v1')).toBe(true);
  });

  test('KRaft only: no ZooKeeper, no legacy annotations, pinned Kafka and metadata version', () => {
    expect(kafka.spec.zookeeper).toBeUndefined();
    expect((kafka.metadata as any).annotations).toBeUndefined();
    // Literals, not the constants: strimzi/strimzi-kafka-operator@1.2.0
    // packaging/examples/kafka/kafka-single-node.yaml (version 4.3.1, metadataVersion 4.3-IV0).
    expect(kafka.spec.kafka.version).toBe('4.3.1');
    expect(kafka.spec.kafka.metadataVersion).toBe('4.3-IV0');
    expect(kafka.spec.kafka.replicas).toBeUndefined();
    expect(kafka.spec.kafka.storage).toBeUndefined();
  });

  test('data-safe broker defaults', () => {
    // The replication numbers of strimzi/strimzi-kafka-operator@1.2.0 packaging/examples/kafka/kafka-persistent.yaml
    // (3 copies, 2 in sync, transaction log min ISR 2), plus no unclean election and no auto-created topics.
    expect(kafka.spec.kafka.config).toEqual({
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
      'unclean.leader.election.enable': false,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'auto.create.topics.enable': false,
    });
  });

  test('one internal TLS listener with mutual-TLS clients and ACLs, open to the namespace only', () => {
    expect(kafka.spec.kafka.listeners).toEqual([
      {
        name: 'tls',
        port: 9093,
        type: 'internal',
        tls: true,
        authentication: { type: 'tls' },
        networkPolicyPeers: [{ podSelector: {} }],
      },
    ]);
    expect(kafka.spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(cluster.authentication).toBe('tls');
  });

  test("authentication: 'none' opens the cluster: plain and TLS listeners, no ACLs", () => {
    const open = build({ authentication: 'none' });
    const spec = only(open.objects(), 'Kafka', 'traces').spec;
    expect(spec.kafka.listeners).toEqual([
      { name: 'plain', port: 9092, type: 'internal', tls: false, networkPolicyPeers: [{ podSelector: {} }] },
      { name: 'tls', port: 9093, type: 'internal', tls: true, networkPolicyPeers: [{ podSelector: {} }] },
    ]);
    expect(spec.kafka.authorization).toBeUndefined();
    expect(open.cluster.authentication).toBeUndefined();
    expect(open.cluster.bootstrapServers).toBe('traces-kafka-bootstrap.kafka.svc.cluster.local:9092');
  });

  test('rack awareness over zones, topic and user operators', () => {
    expect(kafka.spec.kafka.rack).toEqual({ type: 'topology-label', topologyKey: RACK_TOPOLOGY_KEY });
    expect(RACK_TOPOLOGY_KEY).toBe('topology.kubernetes.io/zone');
    expect(kafka.spec.entityOperator).toEqual({ topicOperator: {}, userOperator: {} });
    expect(kafka.spec.kafka.metricsConfig).toBeUndefined();
  });

  test('pools are linked by label and keep their volumes', () => {
    const controller = only(all, 'KafkaNodePool', 'controller');
    const broker = only(all, 'KafkaNodePool', 'broker');
    for (const pool of [controller, broker]) {
      expect(pool.metadata.labels?.['strimzi.io/cluster']).toBe('traces');
      expect(pool.spec.replicas).toBe(3);
      expect(pool.spec.storage.type).toBe('jbod');
      expect(pool.spec.storage.volumes[0]).toMatchObject({
        id: 0,
        type: 'persistent-claim',
        deleteClaim: false,
        kraftMetadata: 'shared',
      });
    }
    expect(controller.spec.roles).toEqual(['controller']);
    expect(broker.spec.roles).toEqual(['broker']);
    // The documented @defaults of KafkaClusterProps (broker 100Gi, controller 20Gi, broker 1 CPU / 4Gi), as literals.
    expect(controller.spec.storage.volumes[0].size).toBe('20Gi');
    expect(broker.spec.storage.volumes[0].size).toBe('100Gi');
    expect(broker.spec.resources).toEqual({
      requests: { cpu: '1', memory: '4Gi' },
      limits: { cpu: '2', memory: '4Gi' },
    });
  });

  test('handles: bootstrap servers, cluster CA Secret, broker facts', () => {
    expect(cluster.bootstrapServers).toBeUndefined();
    expect(cluster.tlsBootstrapServers).toBe('traces-kafka-bootstrap.kafka.svc.cluster.local:9093');
    expect(cluster.caSecretName).toBe('traces-cluster-ca-cert');
    expect(cluster.caSecret).toEqual({ name: 'traces-cluster-ca-cert', key: 'ca.crt' });
    expect(cluster.secretNamespace).toBe('kafka');
    expect(cluster.brokers).toBe(3);
    expect(cluster.brokerStorageBytes).toBe(100 * 2 ** 30);
    expect(cluster.endpoints).toEqual({ tlsBootstrap: cluster.tlsBootstrapServers });
  });
});

describe('KafkaCluster options', () => {
  test('dev preset: one combined pool, one copy of everything', () => {
    const { objects, cluster } = build({ preset: 'dev' });
    const all = objects();
    const pool = only(all, 'KafkaNodePool');
    expect(pool.metadata.name).toBe('dual-role');
    expect(pool.spec.roles).toEqual(['controller', 'broker']);
    expect(pool.spec.replicas).toBe(1);
    // strimzi/strimzi-kafka-operator@1.2.0 packaging/examples/kafka/kafka-single-node.yaml: one copy of everything.
    expect(only(all, 'Kafka').spec.kafka.config).toEqual({
      'default.replication.factor': 1,
      'min.insync.replicas': 1,
      'unclean.leader.election.enable': false,
      'offsets.topic.replication.factor': 1,
      'transaction.state.log.replication.factor': 1,
      'transaction.state.log.min.isr': 1,
      'auto.create.topics.enable': false,
    });
    expect(cluster.defaultReplicationFactor).toBe(1);
    expect(cluster.authentication).toBeUndefined();
    expect(only(all, 'Kafka').spec.kafka.listeners.map((l: any) => l.name)).toEqual(['plain', 'tls']);
  });

  test('rack awareness: off in dev (laptop nodes have no zone label, kafka-init would exit), on in production', () => {
    expect(only(build({ preset: 'dev' }).objects(), 'Kafka').spec.kafka.rack).toBeUndefined();
    expect(DEFAULT_RACK_AWARE).toEqual({ production: true, dev: false });
    expect(only(build({ preset: 'dev', rackAware: true }).objects(), 'Kafka').spec.kafka.rack).toEqual({
      type: 'topology-label',
      topologyKey: RACK_TOPOLOGY_KEY,
    });
    expect(only(build({ preset: 'production' }).objects(), 'Kafka').spec.kafka.rack.topologyKey).toBe(
      'topology.kubernetes.io/zone',
    );
    const error = expectConstructError(
      () => build({ rackAware: 'yes' as unknown as boolean }),
      "KafkaCluster 'test/traces': 'rackAware' must be a boolean (got \"yes\"); write true (every node carries 'topology.kubernetes.io/zone') or false",
      ErrorCode.INVALID_VALUE,
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
  });

  test('authentication goes on the TLS listener with simple authorization, and drops the plain listener', () => {
    const { objects, cluster } = build({ authentication: 'tls' });
    const kafka = only(objects(), 'Kafka');
    expect(kafka.spec.kafka.listeners.map((l: any) => l.name)).toEqual(['tls']);
    expect(kafka.spec.kafka.listeners[0].authentication).toEqual({ type: 'tls' });
    expect(kafka.spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(cluster.bootstrapServers).toBeUndefined();
    expect(cluster.endpoints).toEqual({ tlsBootstrap: cluster.tlsBootstrapServers });
  });

  test('named clients, and clients added later, reach the listeners; duplicates once', () => {
    const { objects, cluster } = build({ networkPolicy: { clients: [podPeer({ app: 'collector' })] } });
    cluster.allowClient(podPeer({ app: 'ingester' }, 'tracing'));
    cluster.allowClient(podPeer({ app: 'collector' }));
    const peers = only(objects(), 'Kafka').spec.kafka.listeners[0].networkPolicyPeers;
    expect(peers).toEqual([
      { podSelector: { matchLabels: { app: 'collector' } } },
      {
        podSelector: { matchLabels: { app: 'ingester' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tracing' } },
      },
    ]);
  });

  test('metrics, rack awareness off, storage class, config overrides, other version', () => {
    const { objects } = build({
      metrics: { allowList: ['kafka_server_.*'] },
      rackAware: false,
      version: '4.2.0',
      config: { 'num.partitions': 6 },
      nodePools: [
        { name: 'controller', roles: ['controller'], replicas: 3 },
        {
          name: 'broker',
          roles: ['broker'],
          replicas: 4,
          storage: { size: '2Ti', storageClassName: 'fast' },
        },
      ],
    });
    const all = objects();
    const kafka = only(all, 'Kafka');
    expect(kafka.spec.kafka.metricsConfig).toEqual({
      type: 'strimziMetricsReporter',
      values: { allowList: ['kafka_server_.*'] },
    });
    expect(kafka.spec.kafka.rack).toBeUndefined();
    expect(kafka.spec.kafka.version).toBe('4.2.0');
    expect(kafka.spec.kafka.metadataVersion).toBeUndefined();
    expect(kafka.spec.kafka.config['num.partitions']).toBe(6);
    expect(only(all, 'KafkaNodePool', 'broker').spec.storage.volumes[0]).toMatchObject({
      size: '2Ti',
      class: 'fast',
    });
  });
});

describe('KafkaCluster errors', () => {
  test('replication factor above the brokers', () => {
    expectConstructError(
      () =>
        build({
          nodePools: [{ name: 'dual', roles: ['controller', 'broker'], replicas: 1 }],
        }),
      "KafkaCluster 'test/traces': 'config['default.replication.factor']' must not exceed the 1 broker(s): each replica needs its own broker (got 3); add broker replicas to the node pools or set it to 1 or less",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('min.insync.replicas equal to the replication factor without the opt-in', () => {
    expectConstructError(
      () => build({ config: { 'min.insync.replicas': 3 } }),
      "KafkaCluster 'test/traces': 'config['min.insync.replicas']' equals config['default.replication.factor'] 3: one broker down (a restart, a node drain) stops every write (got 3); set it to 2, or set allowMinInsyncEqualsReplicas: true to accept stopped writes",
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
    expect(() =>
      build({ config: { 'min.insync.replicas': 3 }, allowMinInsyncEqualsReplicas: true }),
    ).not.toThrow();
  });

  test('a plain listener with authentication', () => {
    expectConstructError(
      () => build({ authentication: 'scram-sha-512', plainListener: true }),
      "KafkaCluster 'test/traces': 'plainListener' cannot be served with authentication 'scram-sha-512': its clients would be anonymous, and the ACLs deny them (got true); connect every client through the TLS listener (tlsBootstrapServers), or set authentication: 'none'",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () => build({ plainListener: true }),
      "KafkaCluster 'test/traces': 'plainListener' cannot be served with authentication 'tls': its clients would be anonymous, and the ACLs deny them (got true); connect every client through the TLS listener (tlsBootstrapServers), or set authentication: 'none'",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('an unknown authentication', () => {
    expectConstructError(
      () => build({ authentication: 'plain' as never }),
      "KafkaCluster 'test/traces': 'authentication' must be one of 'tls', 'scram-sha-512', 'none' (got \"plain\"); use 'tls' (mutual TLS KafkaUsers), 'scram-sha-512' (password KafkaUsers) or 'none' (an open cluster)",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('no clients at all', () => {
    expectConstructError(
      () => build({ networkPolicy: { clients: [] } }),
      "KafkaCluster 'test/traces': 'networkPolicy.clients' must name at least one peer: Strimzi opens a listener without peers to every pod (got []); name the client pods, e.g. [podPeer({ app: \"my-consumer\" })]",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('pools: missing role, duplicate name, bad replicas, bad roles, bad size', () => {
    expectConstructError(
      () => build({ nodePools: [{ name: 'b', roles: ['broker'], replicas: 3 }] }),
      "KafkaCluster 'test/traces': 'nodePools' has no pool with the 'controller' role: a KRaft cluster needs controllers and brokers (got [\"b\"]); add a pool with roles ['controller'] (or ['controller', 'broker'] for a small cluster)",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () =>
        build({
          nodePools: [
            { name: 'a', roles: ['controller'], replicas: 3 },
            { name: 'a', roles: ['broker'], replicas: 3 },
          ],
        }),
      "KafkaCluster 'test/traces': 'nodePools[1].name' names a pool that already exists (got \"a\"); give each node pool its own name",
      ErrorCode.INVALID_NAME,
    );
    expectConstructError(
      () => build({ nodePools: [{ name: 'a', roles: ['controller', 'broker'], replicas: 0 }] }),
      "KafkaCluster 'test/traces': 'nodePools[0].replicas' must be a whole number of at least 1 (got 0); use 3 for a production pool",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => build({ nodePools: [{ name: 'a', roles: [], replicas: 3 }] }),
      "KafkaCluster 'test/traces': 'nodePools[0].roles' must be 'controller', 'broker' or both (got []); use ['broker'], ['controller'] or ['controller', 'broker']",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () =>
        build({
          nodePools: [{ name: 'a', roles: ['controller', 'broker'], replicas: 3, storage: { size: 'big' } }],
        }),
      "KafkaCluster 'test/traces': 'nodePools[0].storage.size' is not a valid memory quantity (got \"big\"); write it as Kubernetes does, e.g. '512Mi' or '2Gi'",
      ErrorCode.INVALID_QUANTITY,
    );
  });
});

describe('ExternalKafka', () => {
  test('bootstrap servers and CA by name', () => {
    const external = new ExternalKafka(testChart(), 'msk', {
      tlsBootstrapServers: 'b-1.example.com:9094,b-2.example.com:9094',
      caSecretName: 'msk-ca',
    });
    expect(external.bootstrapServers).toBeUndefined();
    expect(external.tlsBootstrapServers).toBe('b-1.example.com:9094,b-2.example.com:9094');
    expect(external.caSecret).toEqual({ name: 'msk-ca', key: 'ca.crt' });
    expect(external.identity).toBe('external:b-1.example.com:9094,b-2.example.com:9094');
  });
  test('errors', () => {
    expectConstructError(
      () => new ExternalKafka(testChart(), 'x', {}),
      "ExternalKafka 'test/x': 'bootstrapServers' or tlsBootstrapServers is required (got undefined); give the brokers' addresses, e.g. 'kafka-0.example.com:9092,kafka-1.example.com:9092'",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => new ExternalKafka(testChart(), 'x', { bootstrapServers: 'kafka:9092; other' }),
      "ExternalKafka 'test/x': 'bootstrapServers' must be a comma-separated list of host:port (got \"kafka:9092; other\"); write it like 'kafka-0.example.com:9092,kafka-1.example.com:9092'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describeWithShared('KafkaCluster custom resources validate against the Strimzi 1.2.0 CRDs', () => {
  const variants: [string, KafkaClusterProps][] = [
    ['production', {}],
    ['dev', { preset: 'dev' }],
    ['open', { authentication: 'none' }],
    ['tls auth with metrics', { authentication: 'tls', metrics: {} }],
    ['scram auth, no rack', { authentication: 'scram-sha-512', rackAware: false }],
  ];
  test.each(variants)('%s', (_name, props) => {
    for (const manifest of build(props).objects()) {
      expect(validateCustomResource(manifest)).toBeUndefined();
    }
  });
  test('the CRD rules the JSON schema cannot express (x-kubernetes-validations) hold', () => {
    const kafka = only(build({ metrics: {} }).objects(), 'Kafka');
    // rack: type topology-label needs a non-empty topologyKey
    expect(kafka.spec.kafka.rack.topologyKey).not.toBe('');
    // metricsConfig: jmxPrometheusExporter would need valueFrom; the reporter does not
    expect(kafka.spec.kafka.metricsConfig.type).toBe('strimziMetricsReporter');
  });
});
