import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import {
  ErrorCode,
  JaegerDirect,
  JaegerKafkaBuffered,
  JaegerKafkaBufferedProps,
  KAFKA_RECEIVER_ERROR_BACKOFF,
  KafkaCluster,
  KafkaTopic,
  externalSearch,
  jaegerAlertRules,
  storageOutageLoss,
  writeAliasWait,
} from '../../lib';
import { expectConstructError } from '../support/errors';
import { only, synth, testChart } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { describeWithPromtool, promtool } from '../support/promtool';

const basic = externalSearch({
  engine: 'elasticsearch',
  serverUrls: ['https://es.example.com:9200'],
  auth: { kind: 'basic', username: 'jaeger', password: { name: 'es-creds', key: 'password' } },
});

function build(props: Partial<JaegerKafkaBufferedProps> = {}) {
  const chart = testChart('tracing');
  const cluster = new KafkaCluster(chart, 'kafka', { authentication: 'none' });
  const topic = new KafkaTopic(chart, 'spans', { cluster, topicName: 'jaeger-spans', partitions: 12 });
  new JaegerKafkaBuffered(chart, 'jaeger', { kafka: { topic }, storage: { connection: basic }, ...props });
  const objects = synth(chart);
  const config = (name: string) => parse(only(objects, 'ConfigMap', `${name}-config`).data['config.yaml']);
  return { objects, config };
}

describe('storage outage: the ingesters stop while the engine is down (issue 11, defect 1)', () => {
  const { objects } = build();
  const scaled = only(objects, 'ScaledObject');

  test('KEDA reads the engine health and scales the ingesters to zero when it fails or is red', () => {
    const storage = scaled.spec.triggers.find((t: any) => t.name === 'storage');
    expect(storage).toEqual({
      type: 'metrics-api',
      name: 'storage',
      metadata: {
        url: 'https://es.example.com:9200/_cluster/health?wait_for_status=yellow&timeout=1s',
        format: 'json',
        valueLocation: 'number_of_data_nodes',
        authModes: 'basic',
      },
      authenticationRef: { name: 'jaeger-ingester-storage' },
    });
    expect(scaled.spec.triggers[0]).toEqual(expect.objectContaining({ type: 'kafka', name: 'lag' }));
    // A failing trigger reads nil from its first failure, which the formula treats as closed.
    expect(scaled.spec.fallback).toEqual({ failureThreshold: 0, replicas: 12, behavior: 'scalingModifiers' });
    expect(scaled.spec.minReplicaCount).toBe(2);
    expect(scaled.spec.idleReplicaCount).toBe(0);
    expect(scaled.spec.cooldownPeriod).toBe(0);
    expect(scaled.spec.pollingInterval).toBe(10);
    expect(scaled.spec.advanced.scalingModifiers).toEqual({
      formula: '(storage ?? 0) >= 1 ? max(lag ?? 120000, 20000) : 0',
      target: '10000',
      activationTarget: '0',
      metricType: 'AverageValue',
    });
  });

  test('the gate authenticates with the storage credentials (user name through a ConfigMap)', () => {
    const auth = only(objects, 'TriggerAuthentication', 'jaeger-ingester-storage');
    expect(auth.spec).toEqual({
      secretTargetRef: [{ parameter: 'password', name: 'es-creds', key: 'password' }],
      configMapTargetRef: [{ parameter: 'username', name: 'jaeger-ingester-storage-gate', key: 'username' }],
    });
    expect(only(objects, 'ConfigMap', 'jaeger-ingester-storage-gate').data).toEqual({ username: 'jaeger' });
  });

  test('storageGate: false leaves the plain lag autoscaler', () => {
    const plain = only(build({ storageGate: false }).objects, 'ScaledObject');
    expect(plain.spec.triggers).toHaveLength(1);
    expect(plain.spec.minReplicaCount).toBe(2);
    expect(plain.spec.advanced.scalingModifiers).toBeUndefined();
  });

  test('without KEDA the gate is refused, naming the loss', () => {
    const error = expectConstructError(
      () => build({ ingester: { autoscaler: { keda: false } } }),
      "JaegerKafkaBuffered 'test/jaeger': 'storageGate' needs KEDA: without it nothing stops the ingesters while the storage is down, and they drain Kafka into a failing bulk indexer (got true); install KEDA and leave ingester.autoscaler.keda unset, or set storageGate: false and accept that spans are lost while the storage is down",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expect(error.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
  });

  test('an API key cannot be used by the gate', () => {
    const chart = testChart('tracing');
    const cluster = new KafkaCluster(chart, 'kafka', { authentication: 'none' });
    const topic = new KafkaTopic(chart, 'spans', { cluster, topicName: 'jaeger-spans', partitions: 12 });
    const connection = externalSearch({
      engine: 'elasticsearch',
      serverUrls: ['https://es.example.com:9200'],
      auth: { kind: 'apiKey', apiKey: { name: 'es-key', key: 'key' } },
    });
    const error = expectConstructError(
      () =>
        new JaegerKafkaBuffered(chart, 'jaeger', {
          kafka: { topic },
          storage: { connection, lifecycle: { mode: 'ilm' } },
        }),
      "JaegerKafkaBuffered 'test/jaeger': 'storageGate' cannot read the engine's health with an API key: KEDA's metrics-api trigger sends no 'Authorization: ApiKey' header (got \"apiKey\"); connect with basic auth or a bearer token, or set storageGate: false and accept losing spans while the storage is down",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    expect(error.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
  });
});

describe('a refused batch backs off instead of pausing its partition (issue 11, defect 7)', () => {
  test('the kafka receiver retries with error_backoff, never giving up', () => {
    const receiver = build().config('jaeger-ingester').receivers.kafka;
    expect(receiver.error_backoff).toEqual({
      enabled: true,
      initial_interval: '5s',
      max_interval: '30s',
      multiplier: 1.5,
      randomization_factor: 0.5,
      max_elapsed_time: '0s',
    });
    expect(receiver.error_backoff).toEqual(KAFKA_RECEIVER_ERROR_BACKOFF);
  });
});

const targets = {
  namespace: 'tracing',
  receivers: ['jaeger-collector'],
  storageWriters: ['jaeger-ingester'],
  kafkaWriters: ['jaeger-collector'],
  consumers: { services: ['jaeger-ingester'], maxLag: 1000 },
};

describe('alerts watch metrics that move when writes fail', () => {
  const rules = jaegerAlertRules(targets);
  const byName = (name: string) => rules.find((r) => r.alert === name)!;
  const rendered = (name: string) =>
    Object.fromEntries(
      Object.entries(byName(name).annotations).map(([k, v]) => [
        k,
        v
          .split('{{ $labels.service }}')
          .join('jaeger-ingester')
          .split('{{ $labels.namespace }}')
          .join('tracing'),
      ]),
    );

  test('storage errors come from the bulk indexer, not the exporter (which never fails on ES/OS)', () => {
    expect(byName('JaegerStorageWriteErrors').expr).toContain('jaeger_(storage_)?bulk_index_errors_total');
    expect(byName('JaegerStorageWriteErrors').expr).not.toContain('otelcol_exporter_send_failed_spans');
  });

  describeWithPromtool('promtool', () => {
    const ruleFile = stringify({ groups: [{ name: 'jaeger', rules }] });
    test('the rules are valid', () => {
      expect(promtool(['check', 'rules', '{dir}/rules.yaml'], { 'rules.yaml': ruleFile })).toMatch(/SUCCESS/);
    });

    test('JaegerStorageWriteErrors and JaegerIngesterBackingOff fire on their failures, and not when healthy', () => {
      const pod = 'namespace="tracing",service="jaeger-ingester"';
      const tests = {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [
              // Bulk errors climb for 20 minutes: the engine refuses writes.
              {
                series: `jaeger_storage_bulk_index_errors_total{${pod},name="primary",role="tracestore"}`,
                values: '0+100x20',
              },
              // Refused batches on the kafka receiver: the pipeline errors and the receiver backs off.
              { series: `otelcol_receiver_refused_spans_total{${pod},receiver="kafka"}`, values: '0+50x20' },
              // The same counter under the scope the release's migration table names: matched as well.
              {
                series:
                  'jaeger_bulk_index_errors_total{namespace="tracing",service="jaeger-ingester",name="archive"}',
                values: '0+1x20',
              },
              // The ingesters' targets are up for 10 minutes, then gone (the gate scaled them to zero).
              { series: `up{${pod}}`, values: '1x10 _x30' },
              // A healthy second installation: flat counters.
              {
                series: 'jaeger_storage_bulk_index_errors_total{namespace="tracing",service="other"}',
                values: '0x20',
              },
            ],
            alert_rule_test: [
              {
                eval_time: '15m',
                alertname: 'JaegerStorageWriteErrors',
                exp_alerts: [
                  {
                    exp_labels: { severity: 'critical', namespace: 'tracing', service: 'jaeger-ingester' },
                    exp_annotations: rendered('JaegerStorageWriteErrors'),
                  },
                ],
              },
              {
                eval_time: '15m',
                alertname: 'JaegerIngesterBackingOff',
                exp_alerts: [
                  {
                    exp_labels: { severity: 'warning', namespace: 'tracing', service: 'jaeger-ingester' },
                    exp_annotations: rendered('JaegerIngesterBackingOff'),
                  },
                ],
              },
              {
                eval_time: '30m',
                alertname: 'JaegerIngestersStopped',
                exp_alerts: [
                  {
                    exp_labels: { severity: 'critical', namespace: 'tracing' },
                    exp_annotations: rendered('JaegerIngestersStopped'),
                  },
                ],
              },
              { eval_time: '10m', alertname: 'JaegerIngestersStopped', exp_alerts: [] },
              // Not yet: both need their `for` to pass.
              { eval_time: '3m', alertname: 'JaegerStorageWriteErrors', exp_alerts: [] },
              { eval_time: '3m', alertname: 'JaegerIngesterBackingOff', exp_alerts: [] },
            ],
          },
        ],
      };
      const out = promtool(['test', 'rules', '{dir}/tests.yaml'], {
        'rules.yaml': ruleFile,
        'tests.yaml': stringify(tests),
      });
      expect(out).toMatch(/SUCCESS/);
    });
  });
});

describe('writers wait for the write aliases on first install (issue 11, defect 6)', () => {
  const initOf = (objects: any[], name: string) =>
    only(objects, 'Deployment', name).spec.template.spec.initContainers as any[] | undefined;

  test('with ILM, the ingesters and collectors of both patterns wait; with daily indices nobody does', () => {
    const ilm = build({ storage: { connection: basic, lifecycle: { mode: 'ilm' } } }).objects;
    const wait = initOf(ilm, 'jaeger-ingester')!;
    expect(wait.map((c) => c.name)).toEqual(['wait-for-write-aliases']);
    expect(policyViolations(ilm)).toEqual([]);
    expect(wait[0].command[2]).toContain(
      'for alias in jaeger-jaeger-span-write jaeger-jaeger-service-write; do',
    );
    expect(wait[0].command[2]).toContain('"https://es.example.com:9200/_alias/$alias"');
    // The buffered collector writes to Kafka only: it does not wait.
    expect(initOf(ilm, 'jaeger-collector')).toBeUndefined();
    const chart = testChart('tracing');
    new JaegerDirect(chart, 'direct', {
      storage: { connection: basic, lifecycle: { mode: 'manualRollover' } },
    });
    expect(initOf(synth(chart), 'direct-collector')!.map((c) => c.name)).toEqual(['wait-for-write-aliases']);
    expect(initOf(build().objects, 'jaeger-ingester')).toBeUndefined();
  });

  test('the wait loops until every alias answers, with the storage credentials, and never writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oc-alias-wait-'));
    try {
      // Stand-ins for curl (fails twice for the first alias, as while init has not run, then succeeds) and sleep.
      writeFileSync(
        join(dir, 'curl'),
        [
          '#!/bin/sh',
          `echo "$*" >> ${dir}/calls`,
          `n=$(cat ${dir}/count 2>/dev/null || echo 0); echo $((n + 1)) > ${dir}/count`,
          '[ "$n" -ge 2 ]',
        ].join('\n'),
        { mode: 0o755 },
      );
      writeFileSync(join(dir, 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      const spec = writeAliasWait(
        {
          connection: basic,
          volumes: [],
          env: [],
          toolEnv: [],
          auth: { kind: 'basic', username: 'jaeger', passwordFile: '/etc/jaeger/search/password' },
          caFile: '/etc/jaeger/search/ca.crt',
          secrets: [],
        },
        'jaeger',
        { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } } as any,
      );
      const out = execFileSync('/bin/sh', ['-c', spec.command![2] as string], {
        encoding: 'utf8',
        env: { PATH: `${dir}:/usr/bin:/bin`, ES_USERNAME: 'jaeger', ES_PASSWORD: 'secret' },
        timeout: 10_000,
      });
      expect(out.match(/waiting for write alias jaeger-jaeger-span-write/g)).toHaveLength(2);
      const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
      expect(calls).toHaveLength(4);
      expect(calls[3]).toBe(
        '--fail --silent --show-error --max-time 10 -o /dev/null --cacert /etc/jaeger/search/ca.crt -u jaeger:secret https://es.example.com:9200/_alias/jaeger-jaeger-service-write',
      );
      expect(calls.every((c) => !c.includes('-X') && !c.includes('--data'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('KEDA reads the lag as its own user, with Describe only (issue 17, item 8)', () => {
  test.each(['tls', 'scram-sha-512'] as const)(
    '%s: a describing KafkaUser, and the trigger uses it',
    (auth) => {
      const chart = testChart('tracing');
      const cluster = new KafkaCluster(chart, 'kafka', { authentication: auth });
      const topic = new KafkaTopic(chart, 'spans', { cluster, topicName: 'jaeger-spans', partitions: 12 });
      new JaegerKafkaBuffered(chart, 'jaeger', { kafka: { topic }, storage: { connection: basic } });
      const objects = synth(chart);
      expect(only(objects, 'KafkaUser', 'jaeger-keda').spec.authorization.acls).toEqual([
        {
          resource: { type: 'topic', name: 'jaeger-spans', patternType: 'literal' },
          operations: ['Describe'],
        },
        {
          resource: { type: 'group', name: 'jaeger-ingester', patternType: 'literal' },
          operations: ['Describe'],
        },
      ]);
      const refs = only(objects, 'TriggerAuthentication', 'jaeger-ingester').spec;
      const names = [...refs.secretTargetRef, ...(refs.configMapTargetRef ?? [])]
        .filter((r: any) => r.parameter !== 'ca')
        .map((r: any) => r.name);
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n: string) => n.startsWith('jaeger-keda'))).toBe(true);
    },
  );
});

describe('what a storage outage still costs with the gate', () => {
  test('the reference design: 100 000 spans/s through 2 ingesters, 500 B spans', () => {
    // 13 s (10 s poll + 3 s KEDA HTTP timeout) × 100 000 spans/s, plus two 5 MB bulk buffers of 500 B spans.
    expect(storageOutageLoss({ drainSpansPerSecond: 100_000, ingesters: 2, bytesPerSpan: 500 })).toEqual({
      detectionSeconds: 13,
      spansConsumedBeforeStop: 1_300_000,
      spansInBulkBuffers: 20_000,
      totalSpans: 1_320_000,
    });
  });

  test('it grows with the polling interval and the drain rate, never with the outage length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 300 }),
        (rate, ingesters, polling) => {
          const a = storageOutageLoss({
            drainSpansPerSecond: rate,
            ingesters,
            bytesPerSpan: 500,
            pollingIntervalSeconds: polling,
          });
          const b = storageOutageLoss({
            drainSpansPerSecond: rate * 2,
            ingesters,
            bytesPerSpan: 500,
            pollingIntervalSeconds: polling + 1,
          });
          // Assertions, not a boolean: a property that returns booleans runs no expect (the require-assertions hook).
          expect(b.totalSpans).toBeGreaterThan(a.totalSpans);
          expect(a.detectionSeconds).toBe(polling + 3);
        },
      ),
    );
  });
});

describe('no name, type or text claims at-least-once delivery into storage', () => {
  const { readdirSync, readFileSync, statSync } = jest.requireActual('node:fs') as typeof import('node:fs');
  const { join } = jest.requireActual('node:path') as typeof import('node:path');
  const root = join(__dirname, '..', '..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const path = join(dir, f);
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
    });

  test('the library and README never name an option after at-least-once, and every mention is a denial', () => {
    const texts = [...files(join(root, 'lib')), join(root, 'README.md')].map((f) => [
      f,
      readFileSync(f, 'utf8'),
    ]);
    const offending = texts.flatMap(([file, text]) =>
      (text as string)
        .split('\n')
        .filter((line) => /atLeastOnce|at[- ]least[- ]once/i.test(line))
        .filter((line) => !/\b(not|no|never)\b[^.]*at[- ]least[- ]once/i.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
