import { expectConstructError } from '../support/errors';
import { ErrorCode } from '../../lib/core';
import { parse, stringify } from 'yaml';
import { ThanosQuery, ThanosReceive, ThanosRuler } from '../../lib/thanos';
import { only, synth } from '../support/manifests';
import { describeWithPromtool, promtool } from '../support/promtool';
import { args, fixture } from './support';

const ruleGroups = [{ name: 'g', rules: [{ record: 'cluster:up:sum', expr: 'sum by (cluster) (up)' }] }];

describe('ThanosRuler', () => {
  test('rules from a ConfigMap, queries, Alertmanagers, its own replica label dropped from alerts', () => {
    const { chart, objectStorage } = fixture();
    const query = new ThanosQuery(chart, 'query', { endpoints: [{ address: 'a:10901' }] });
    const ruler = new ThanosRuler(chart, 'ruler', {
      objectStorage,
      queries: [query],
      ruleGroups,
      alertmanagerUrls: ['http://alertmanager.monitoring.svc.cluster.local:9093'],
      labels: { ruler: 'global' },
    });
    const objects = synth(chart);
    const set = only(objects, 'StatefulSet', 'ruler');
    expect(args(set)).toEqual([
      'rule',
      '--alert.label-drop=rule_replica',
      '--alertmanagers.url=http://alertmanager.monitoring.svc.cluster.local:9093',
      '--data-dir=/var/thanos/data',
      '--enable-auto-gomemlimit',
      '--eval-interval=1m',
      '--grpc-address=0.0.0.0:10901',
      '--http-address=0.0.0.0:10902',
      '--label=rule_replica="$(POD_NAME)"',
      '--label=ruler="global"',
      '--log.format=logfmt',
      '--log.level=info',
      '--objstore.config-file=/etc/thanos/objstore/objstore.yml',
      '--query=query.monitoring.svc.cluster.local:10902',
      '--rule-file=/etc/thanos/rules/*.yaml',
      '--tsdb.retention=48h',
    ]);
    expect(set.spec.template.spec.containers[0].env[0]).toEqual({
      name: 'POD_NAME',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
    expect(parse(only(objects, 'ConfigMap', 'ruler-rules').data['rules.yaml']).groups[0].name).toBe('g');
    expect(ruler.replicaLabels).toEqual(['rule_replica']);
    expect(ruler.storeEndpoints).toEqual([{ address: 'dns+ruler.monitoring.svc.cluster.local:10901' }]);
  });

  test('errors: no queries, a replica label among the labels, an Alertmanager URL without scheme', () => {
    const { chart, objectStorage } = fixture();
    const query = { httpUrl: 'http://q:10902' };
    expectConstructError(
      () => new ThanosRuler(chart, 'a', { objectStorage, queries: [], ruleGroups }),
      "ThanosRuler 'test/a': 'queries' is empty, so the rules have nothing to evaluate against (got []); pass the ThanosQuery (or ThanosQueryFrontend) the rules should read from",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () =>
        new ThanosRuler(chart, 'b', {
          objectStorage,
          queries: [query],
          ruleGroups,
          labels: { rule_replica: 'x' },
        }),
      "ThanosRuler 'test/b': 'labels' sets the replica label 'rule_replica', which the ruler sets to each pod's name (got {\"rule_replica\":\"x\"}); remove 'rule_replica' from labels",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expectConstructError(
      () =>
        new ThanosRuler(chart, 'c', {
          objectStorage,
          queries: [query],
          ruleGroups,
          alertmanagerUrls: ['am:9093'],
        }),
      "ThanosRuler 'test/c': 'alertmanagerUrls' holds a URL without an http or https scheme, which Thanos requires (got \"am:9093\"); write e.g. 'http://alertmanager.monitoring.svc.cluster.local:9093'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describeWithPromtool('ThanosRuler rule files', () => {
  test('promtool check rules accepts the ConfigMap', () => {
    const { chart, objectStorage } = fixture();
    new ThanosRuler(chart, 'ruler', { objectStorage, queries: [{ httpUrl: 'http://q:10902' }], ruleGroups });
    // promtool knows Prometheus's rule format, without Thanos's per-group partial_response_strategy.
    const file = parse(only(synth(chart), 'ConfigMap', 'ruler-rules').data['rules.yaml']);
    expect(file.groups[0].partial_response_strategy).toBe('warn');
    const rules = stringify({
      groups: file.groups.map(({ partial_response_strategy: _s, ...g }: Record<string, unknown>) => g),
    });
    expect(promtool(['check', 'rules', '{dir}/rules.yaml'], { 'rules.yaml': rules })).toMatch(
      /SUCCESS: 1 rules found/,
    );
  });
});

describe('ThanosReceive', () => {
  test('routers hold the hashring of the ingestors; ingestors have local endpoints, TSDB and upload', () => {
    const { chart, objectStorage } = fixture();
    const receive = new ThanosReceive(chart, 'receive', {
      objectStorage,
      ingestors: 3,
      replicationFactor: 3,
    });
    const objects = synth(chart);
    expect(JSON.parse(only(objects, 'ConfigMap', 'receive-hashring').data['hashrings.json'])).toEqual([
      {
        endpoints: [
          'receive-ingestor-0.receive-ingestor.monitoring.svc.cluster.local:10901',
          'receive-ingestor-1.receive-ingestor.monitoring.svc.cluster.local:10901',
          'receive-ingestor-2.receive-ingestor.monitoring.svc.cluster.local:10901',
        ],
      },
    ]);
    expect(args(only(objects, 'Deployment', 'receive-router'))).toEqual([
      'receive',
      '--enable-auto-gomemlimit',
      '--http-address=0.0.0.0:10902',
      '--log.format=logfmt',
      '--log.level=info',
      '--receive.hashrings-algorithm=ketama',
      '--receive.hashrings-file=/etc/thanos/hashring/hashrings.json',
      '--receive.replication-factor=3',
      '--receive.replication-protocol=protobuf',
      '--receive.tenant-header=THANOS-TENANT',
      '--remote-write.address=0.0.0.0:19291',
    ]);
    expect(args(only(objects, 'StatefulSet', 'receive-ingestor'))).toEqual([
      'receive',
      '--enable-auto-gomemlimit',
      '--grpc-address=0.0.0.0:10901',
      '--http-address=0.0.0.0:10902',
      '--label=receive_replica="$(POD_NAME)"',
      '--log.format=logfmt',
      '--log.level=info',
      '--objstore.config-file=/etc/thanos/objstore/objstore.yml',
      '--receive.local-endpoint=$(POD_NAME).receive-ingestor.monitoring.svc.cluster.local:10901',
      '--receive.tenant-header=THANOS-TENANT',
      '--tsdb.path=/var/thanos/data',
      '--tsdb.retention=15d',
    ]);
    expect(receive.remoteWriteUrl).toBe(
      'http://receive-router.monitoring.svc.cluster.local:19291/api/v1/receive',
    );
    expect(receive.storeEndpoints).toEqual([
      { address: 'dns+receive-ingestor.monitoring.svc.cluster.local:10901' },
    ]);
    expect(receive.replicaLabels).toEqual(['receive_replica']);
    const ingestorPolicy = only(objects, 'NetworkPolicy', 'receive-ingestor');
    expect(ingestorPolicy.spec.ingress[0].from).toEqual([
      {
        podSelector: {
          matchLabels: expect.objectContaining({ 'observability-constructs.io/part': 'router' }),
        },
      },
      expect.objectContaining({
        podSelector: {
          matchLabels: { 'app.kubernetes.io/name': 'thanos', 'app.kubernetes.io/component': 'query' },
        },
      }),
    ]);
  });

  test("the ingestor PDB allows what the write quorum tolerates; Cap'n Proto adds addresses and a port", () => {
    const { chart, objectStorage } = fixture();
    new ThanosReceive(chart, 'receive', {
      objectStorage,
      ingestors: 6,
      replicationFactor: 5,
      capnproto: true,
    });
    const objects = synth(chart);
    expect(only(objects, 'PodDisruptionBudget', 'receive-ingestor').spec.maxUnavailable).toBe(2);
    const ring = JSON.parse(only(objects, 'ConfigMap', 'receive-hashring').data['hashrings.json']);
    expect(ring[0].endpoints[0]).toEqual({
      address: 'receive-ingestor-0.receive-ingestor.monitoring.svc.cluster.local:10901',
      capnproto_address: 'receive-ingestor-0.receive-ingestor.monitoring.svc.cluster.local:19391',
    });
    expect(args(only(objects, 'Deployment', 'receive-router'))).toContain(
      '--receive.replication-protocol=capnproto',
    );
  });

  test('a replication factor above the ingestors is an error', () => {
    const { chart, objectStorage } = fixture();
    expectConstructError(
      () => new ThanosReceive(chart, 'receive', { objectStorage, ingestors: 2, replicationFactor: 3 }),
      "ThanosReceive 'test/receive': 'ingestors[0].endpoints' must hold at least replicationFactor 3 endpoints: each series is written to that many receivers (got 2); add endpoints (ingestor replicas) or lower replicationFactor to 2",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});
