import { App } from 'cdk8s';
import { parse, stringify } from 'yaml';
import { ErrorCode, ThanosHierarchical, ThanosHierarchicalProps, splitFleet } from '../../lib';
import {
  RULER_WARNINGS_METRIC,
  ThanosCompactor,
  ThanosQuery,
  ThanosRuler,
  ThanosStore,
} from '../../lib/thanos';
import { only, synth } from '../support/manifests';
import { HAS_PROMTOOL, promtool } from '../support/promtool';
import { args, fixture, thrown } from './support';
import { FLEET_TEST_TLS } from '../support/fleet';

/** D1 over 3 clusters with fleet TLS and an S3 bucket; `extra` overrides props. */
function smallD1(extra: Partial<ThanosHierarchicalProps> = {}): ThanosHierarchical {
  return new ThanosHierarchical(new App(), 'fleet', {
    fleet: splitFleet(3),
    domain: 'monitoring.example.com',
    tls: FLEET_TEST_TLS,
    grafana: false,
    objectStorage: { kind: 's3', bucket: 'thanos-fleet', endpoint: 's3.example.com:443' },
    ...extra,
  });
}

const ruleGroups = [{ name: 'g', rules: [{ record: 'a:b', expr: 'sum(up)' }] }];

describe('defect 6: rule groups tolerate an unreachable cluster', () => {
  test('every group is evaluated with partial_response_strategy warn unless told otherwise (thanos-io/thanos@v0.42.4 docs/components/rule.md)', () => {
    const { chart, objectStorage } = fixture();
    new ThanosRuler(chart, 'ruler', { objectStorage, queries: [{ httpUrl: 'http://q:10902' }], ruleGroups });
    new ThanosRuler(chart, 'strict', {
      name: 'strict',
      objectStorage,
      queries: [{ httpUrl: 'http://q:10902' }],
      ruleGroups,
      partialResponseStrategy: 'abort',
    });
    const files = synth(chart)
      .filter((o) => o.kind === 'ConfigMap')
      .map((o) => parse((o as any).data['rules.yaml']));
    expect(files.map((f) => f.groups[0].partial_response_strategy)).toEqual(['warn', 'abort']);
  });

  test('an unknown strategy is an error', () => {
    const { chart, objectStorage } = fixture();
    const e = thrown(
      () =>
        new ThanosRuler(chart, 'r', {
          objectStorage,
          queries: [{ httpUrl: 'http://q:10902' }],
          ruleGroups,
          partialResponseStrategy: 'ignore' as never,
        }),
    );
    expect(e.code).toBe(ErrorCode.INVALID_VALUE);
    expect(e.message).toBe(
      "ThanosRuler 'test/r': 'partialResponseStrategy' is not a strategy Thanos knows ('warn' or 'abort') (got \"ignore\"); use 'warn' to evaluate with the stores that answered, or 'abort' to fail the evaluation",
    );
  });

  test('without self-monitoring, the D1 ruler alerts on partial responses, on the counter thanos-io/thanos@v0.42.4 cmd/thanos/rule.go exports', () => {
    // With self-monitoring (the default) the alert is in the global PrometheusRule, beside the ruler's metrics
    // (test/fleet/self-monitoring.cases.ts).
    const d1 = smallD1({ selfMonitoring: false });
    const rules = parse(d1.ruler.rulesConfigMap.toJson().data['rules.yaml']);
    expect(RULER_WARNINGS_METRIC).toBe('thanos_rule_evaluation_with_warnings_total');
    const alert = rules.groups.flatMap((g: any) => g.rules).find((r: any) => r.alert);
    expect(alert.expr).toContain('thanos_rule_evaluation_with_warnings_total{strategy="warn"}');
    expect(rules.groups.every((g: any) => g.partial_response_strategy === 'warn')).toBe(true);
  });

  (HAS_PROMTOOL ? test : test.skip)(
    'promtool accepts the fleet rules (without the Thanos-only field)',
    () => {
      const d1 = smallD1({ selfMonitoring: false });
      const rules = parse(d1.ruler.rulesConfigMap.toJson().data['rules.yaml']);
      const plain = {
        groups: rules.groups.map(({ partial_response_strategy: _s, ...g }: Record<string, unknown>) => g),
      };
      expect(promtool(['check', 'rules', '{dir}/rules.yaml'], { 'rules.yaml': stringify(plain) })).toMatch(
        /SUCCESS: 3 rules found/,
      );
    },
  );
});

describe('defect 9: a query reads one replica of each store shard', () => {
  test('replicated shards are endpoint groups looked up by A records (thanos-io/thanos@v0.42.4 cmd/thanos/endpointset.go)', () => {
    const { chart, objectStorage } = fixture();
    const store = new ThanosStore(chart, 'store', { objectStorage, sharding: { kind: 'hashmod', count: 2 } });
    new ThanosQuery(chart, 'query', { stores: [store] });
    const file = parse(only(synth(chart), 'ConfigMap', 'query-endpoints').data['endpoints.yaml']);
    expect(file.endpoints).toEqual([
      { address: 'dns+store-0.monitoring.svc.cluster.local:10901', group: true },
      { address: 'dns+store-1.monitoring.svc.cluster.local:10901', group: true },
    ]);
  });

  test('D1: the global querier lists the 5 store shards as groups of their 2 replicas, the regional one its store', () => {
    const d1 = smallD1({
      // The reference design's 5 shards of 2 (the model gives a 3-cluster fleet fewer).
      sizing: { globalStore: { shards: 5, replicas: 2 } },
    });
    const groups = (q: ThanosQuery) => q.queryEndpoints.filter((e) => e.group).map((e) => e.address);
    expect(groups(d1.globalQuery)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `dns+thanos-store-${i}.monitoring.svc.cluster.local:10901`),
    );
    expect(groups(d1.regionalQueries['region-a'] as ThanosQuery)).toEqual([
      'dns+thanos-store.monitoring.svc.cluster.local:10901',
    ]);
  });

  test('a single replica stays a plain endpoint', () => {
    const { chart, objectStorage } = fixture();
    const store = new ThanosStore(chart, 'store', { objectStorage, replicas: 1 });
    expect(store.storeEndpoints).toEqual([{ address: 'dns+store.monitoring.svc.cluster.local:10901' }]);
  });
});

describe('defect 7: compactor shards by an explicit assignment', () => {
  test('each shard keeps its values, and the selections are disjoint', () => {
    const { chart, objectStorage } = fixture();
    const compactor = new ThanosCompactor(chart, 'compact', {
      objectStorage,
      sharding: { label: 'receive_region', assignments: [['a', 'd'], ['b'], ['c']] },
    });
    const sets = synth(chart).filter((o) => o.kind === 'StatefulSet');
    expect(sets.map((s) => args(s).find((a) => a.startsWith('--selector.relabel-config=')))).toEqual([
      '--selector.relabel-config=[{"action":"keep","source_labels":["receive_region"],"regex":"a|d"}]',
      '--selector.relabel-config=[{"action":"keep","source_labels":["receive_region"],"regex":"b"}]',
      '--selector.relabel-config=[{"action":"keep","source_labels":["receive_region"],"regex":"c"}]',
    ]);
    expect(compactor.selections.map((s) => s.keepAny)).toEqual([
      { receive_region: ['a', 'd'] },
      { receive_region: ['b'] },
      { receive_region: ['c'] },
    ]);
  });

  test('a value assigned twice is an error', () => {
    const { chart, objectStorage } = fixture();
    const e = thrown(
      () =>
        new ThanosCompactor(chart, 'compact', {
          objectStorage,
          sharding: { label: 'receive_region', assignments: [['a'], ['a', 'b']] },
        }),
    );
    expect(e.code).toBe(ErrorCode.INVALID_VALUE);
    expect(e.message).toBe(
      "ThanosCompactor 'test/compact': 'sharding.assignments[1]' assigns 'a' a second time: two compactors on one stream corrupt it (got [\"a\",\"b\"]); give every value to exactly one shard",
    );
  });
});
