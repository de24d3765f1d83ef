import { ErrorCode } from '../../lib/core';
import { resolveArchive, resolveIndexLifecycle } from '../../lib/jaeger';
import { buildPrometheusConfig, checkRuleGroups } from '../../lib/prometheus/config';
import { ThanosCompactor } from '../../lib/thanos';
import { fixture } from '../thanos/support';
import { errorTable } from './table';

// Throw sites of the config builders whose checks go through a local `fail(...)` helper: one row per call.
const { INVALID_VALUE, INCOMPATIBLE_PROPS } = ErrorCode;
const ctx = { construct: 'Test', path: 'chart/x' };
const prom = (options: object) => () =>
  buildPrometheusConfig({ externalLabels: {}, ...options } as never, ctx);
const rules = (groups: object[]) => () => checkRuleGroups(groups as never, ctx, 'ruleGroups');
const lifecycle =
  (l: object, engine = 'elasticsearch') =>
  () =>
    resolveIndexLifecycle(l as never, engine as never, 'jaeger', ctx, 'lifecycle');
const compactor = (assignments: string[][]) => () => {
  const { chart, objectStorage } = fixture();
  return new ThanosCompactor(chart, 'c', { objectStorage, sharding: { label: 'cluster', assignments } });
};

describe('lib/prometheus/config/prometheus-config.ts', () => {
  errorTable([
    {
      site: 'a reserved external label',
      run: prom({ externalLabels: { __name__: 'x' } }),
      code: INVALID_VALUE,
      prop: 'externalLabels',
      message: 'has an invalid label name',
    },
    {
      site: 'a duplicate job name',
      run: prom({
        scrapeJobs: [{ jobName: 'a', staticTargets: ['x:1'] }],
        federation: [{ jobName: 'a', targets: ['y:1'], match: ['up'] }],
      }),
      code: INVALID_VALUE,
      prop: 'federation[0].jobName',
      message: 'is the name of another job',
    },
    {
      site: 'a job with both target kinds',
      run: prom({ scrapeJobs: [{ jobName: 'j', staticTargets: ['x:1'], kubernetes: { role: 'pod' } }] }),
      code: INVALID_VALUE,
      prop: 'scrapeJobs[0]',
      message: 'must have either staticTargets or kubernetes discovery',
    },
    {
      site: 'a federation job without match[]',
      run: prom({ federation: [{ jobName: 'f', targets: ['y:1'], match: [] }] }),
      code: INVALID_VALUE,
      prop: 'federation[0].match',
      message: 'is empty, and /federate returns nothing without a selector',
    },
    {
      site: 'a federation job without targets',
      run: prom({ federation: [{ jobName: 'f', targets: [], match: ['up'] }] }),
      code: INVALID_VALUE,
      prop: 'federation[0].targets',
      message: 'is empty',
    },
    {
      site: 'a remote write URL without scheme',
      run: prom({ remoteWrite: [{ url: 'receive:19291' }] }),
      code: INVALID_VALUE,
      prop: 'remoteWrite[0].url',
      message: 'is not an http or https URL',
    },
  ]);
});

describe('lib/prometheus/config/rules.ts', () => {
  const rule = { record: 'cluster:up:sum', expr: 'sum(up)' };
  errorTable([
    {
      site: 'two groups with one name',
      run: rules([
        { name: 'g', rules: [rule] },
        { name: 'g', rules: [rule] },
      ]),
      code: INVALID_VALUE,
      prop: 'ruleGroups[1].name',
      message: 'is the name of another group',
    },
    {
      site: 'a group without rules',
      run: rules([{ name: 'g', rules: [] }]),
      code: INVALID_VALUE,
      prop: 'ruleGroups[0].rules',
      message: 'is empty',
    },
    {
      site: 'an empty expression',
      run: rules([{ name: 'g', rules: [{ record: 'a:b', expr: ' ' }] }]),
      code: INVALID_VALUE,
      prop: 'ruleGroups[0].rules[0].expr',
      message: 'is empty',
    },
    {
      site: 'a record name with a dash',
      run: rules([{ name: 'g', rules: [{ record: 'cluster-up', expr: 'up' }] }]),
      code: INVALID_VALUE,
      prop: 'ruleGroups[0].rules[0].record',
      message: 'is not a valid metric name',
    },
    {
      site: 'an alert name with a colon',
      run: rules([{ name: 'g', rules: [{ alert: 'Up:Down', expr: 'up == 0' }] }]),
      code: INVALID_VALUE,
      prop: 'ruleGroups[0].rules[0].alert',
      message: 'is not a valid',
    },
    {
      site: 'a label name with a dash',
      run: rules([{ name: 'g', rules: [{ ...rule, labels: { 'a-b': 'x' } }] }]),
      code: INVALID_VALUE,
      prop: 'ruleGroups[0].rules[0].labels',
      message: 'has an invalid label name',
    },
  ]);
});

describe('lib/thanos/compactor.ts (explicit sharding)', () => {
  errorTable([
    {
      site: 'no assignment',
      run: compactor([]),
      code: INVALID_VALUE,
      prop: 'sharding.assignments',
      message: 'is empty, so no shard compacts anything',
    },
    {
      site: 'an empty shard',
      run: compactor([['a'], []]),
      code: INVALID_VALUE,
      prop: 'sharding.assignments[1]',
      message: 'is empty: the shard would compact nothing',
    },
    {
      site: 'a value in two shards',
      run: compactor([['a'], ['a']]),
      code: INVALID_VALUE,
      prop: 'sharding.assignments[1]',
      message: "assigns 'a' a second time",
    },
  ]);
});

describe('lib/jaeger/storage/lifecycle.ts', () => {
  errorTable([
    {
      site: 'retention of 0 days (edge)',
      run: lifecycle({ mode: 'periodic', retentionDays: 0 }),
      code: INVALID_VALUE,
      prop: 'lifecycle.retentionDays',
      message: 'must be a whole number of days, at least 1',
    },
    {
      site: 'a four-field cleaner schedule',
      run: lifecycle({ mode: 'periodic', cleanerSchedule: '0 * * *' }),
      code: INVALID_VALUE,
      prop: 'lifecycle.cleanerSchedule',
      message: 'is not a five-field cron schedule',
    },
    {
      site: 'a max age without unit',
      run: lifecycle({ mode: 'manualRollover', maxAge: '1' }),
      code: INVALID_VALUE,
      prop: 'lifecycle.maxAge',
      message: 'is not an Elasticsearch time value',
    },
    {
      site: 'a max size without unit',
      run: lifecycle({ mode: 'manualRollover', maxSize: '50' }),
      code: INVALID_VALUE,
      prop: 'lifecycle.maxSize',
      message: 'is not an Elasticsearch byte size',
    },
    {
      site: 'an unknown mode',
      run: lifecycle({ mode: 'daily' }),
      code: INVALID_VALUE,
      prop: 'lifecycle.mode',
      message: "must be 'periodic', 'manualRollover' or 'ilm'",
    },
    {
      site: 'an option of another mode',
      run: lifecycle({ mode: 'periodic', maxAge: '1d' }),
      code: INCOMPATIBLE_PROPS,
      prop: 'lifecycle.maxAge',
      message: "does not apply to mode 'periodic'",
    },
    {
      site: 'ILM on OpenSearch',
      run: lifecycle({ mode: 'ilm' }, 'opensearch'),
      code: INCOMPATIBLE_PROPS,
      prop: 'lifecycle.mode',
      message: 'needs Elasticsearch; opensearch manages indices with ISM',
    },
    {
      site: 'delete not after warm (edge: equal)',
      run: lifecycle({ mode: 'ilm', warmAfterDays: 7, deleteAfterDays: 7 }),
      code: INCOMPATIBLE_PROPS,
      prop: 'lifecycle.deleteAfterDays',
      message: 'must be later than warmAfterDays 7',
    },
    {
      site: 'an ILM policy name with upper case',
      run: lifecycle({ mode: 'ilm', policyName: 'Jaeger' }),
      code: INVALID_VALUE,
      prop: 'lifecycle.policyName',
      message: 'is not a valid ILM policy name',
    },
    {
      site: 'archive neither boolean nor options',
      run: () => resolveArchive('yes' as never, 'jaeger', ctx),
      code: INVALID_VALUE,
      prop: 'archive',
      message: 'must be a boolean or archive options',
    },
    {
      site: 'an unknown archive option',
      run: () => resolveArchive({ retention: 365 } as never, 'jaeger', ctx),
      code: INVALID_VALUE,
      prop: 'archive.retention',
      message: 'is not an archive option',
    },
  ]);
});
