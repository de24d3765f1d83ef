import { App, Chart } from 'cdk8s';
import { metricsCapacity, sizeSearchStorage, tracingCapacity } from '../../lib/capacity';
import {
  requireAtMost,
  requireCount,
  requireNonNegative,
  requirePositive,
} from '../../lib/capacity/validate';
import { planCoverage } from '../../lib/cli/fleet-coverage';
import { planFleetChange, planMigration } from '../../lib/cli/fleet-day2';
import { ErrorCode } from '../../lib/core';
import { EckElasticsearch, ElasticsearchExporter } from '../../lib/elasticsearch';
import { recommendPattern } from '../../lib/fleet/recommend';
import { Memcached } from '../../lib/memcached';
import { checkMemcachedSizes } from '../../lib/memcached/sizing';
import { errorTable } from './table';

// Throw sites of the capacity models, the CLI planners, Elasticsearch and memcached, smallest inputs.
const {
  INVALID_VALUE,
  INCOMPATIBLE_PROPS,
  INVALID_QUANTITY,
  INVALID_NAME,
  UNKNOWN_MIGRATION,
  INCOMPATIBLE_FLEET_CHANGE,
} = ErrorCode;
const ctx = { construct: 'Test', path: 'model' };
const metrics =
  (load: object, options: object = {}) =>
  () =>
    metricsCapacity('hierarchical', { clusters: 2, ...load } as never, options);
const span = { spansPerSecond: 1000, bytesPerSpan: 500, retentionDays: 7, indexReplicas: 1 };
const chart = () => new Chart(new App(), 'c', { namespace: 'tracing' });
const eck = (props: object) => () => new EckElasticsearch(chart(), 'es', props);

describe('lib/capacity', () => {
  errorTable([
    {
      site: 'metrics-load.ts: a load that is not an object',
      run: () => metricsCapacity('hierarchical', 'big' as never),
      code: INVALID_VALUE,
      prop: 'load',
      message: 'must be an object',
    },
    {
      site: 'metrics-load.ts: regions above the fan-out limit (edge: 51 > 50)',
      run: metrics({ clustersPerRegion: 51 }),
      code: INCOMPATIBLE_PROPS,
      prop: 'clustersPerRegion',
      message: 'is above the querier fan-out limit of 50 endpoints',
    },
    {
      site: 'metrics-load.ts: retention that is not an object',
      run: metrics({ retentionDays: 30 }),
      code: INVALID_VALUE,
      prop: 'retentionDays',
      message: 'must be { raw, fiveMinutes, oneHour } in days',
    },
    {
      site: 'metrics-load.ts: retention past the model (edge: 3651)',
      run: metrics({ retentionDays: { raw: 3651, fiveMinutes: 30, oneHour: 30 } }),
      code: INVALID_VALUE,
      prop: 'retentionDays.raw',
      message: 'is above 3650 days, past what the capacity model is calibrated for',
    },
    {
      site: 'metrics.ts: replicas 0 in an override (edge)',
      run: metrics({}, { sizing: { compactor: { replicas: 0 } } }),
      code: INVALID_VALUE,
      prop: 'sizing.compactor.replicas',
      message: 'must be a whole number from 1 to 10000',
    },
    {
      site: 'metrics.ts: a storage override that is not a size',
      run: metrics({}, { sizing: { compactor: { storage: 'lots' } } }),
      code: INVALID_QUANTITY,
      prop: 'sizing.compactor.storage',
      message: 'must be a size in Ki, Mi, Gi or Ti',
    },
    {
      site: 'metrics.ts: an explicit region above the fan-out limit',
      run: metrics({}, { regions: [51] }),
      code: INCOMPATIBLE_PROPS,
      prop: 'regions',
      message: 'hold a region of 51 clusters, above the querier fan-out limit of 50',
    },
    {
      site: 'metrics.ts: an override of a role the pattern lacks',
      run: metrics({}, { sizing: { receiver: { replicas: 2 } } }),
      code: INVALID_VALUE,
      prop: 'sizing.receiver',
      message: 'names no role of this pattern',
    },
    {
      site: 'metrics.ts: shards on a role that does not shard',
      run: metrics({}, { sizing: { ruler: { shards: 2 } } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'sizing.ruler.shards',
      message: 'is set on thanos/rule, which does not shard',
    },
    {
      site: 'search-storage.ts: a disk watermark above 1 (edge: 1.01)',
      run: () => sizeSearchStorage({ ...span, diskWatermark: 1.01 }, ctx),
      code: INVALID_VALUE,
      prop: 'diskWatermark',
      message: 'must be a fraction above 0 and at most 1',
    },
    {
      site: 'tracing.ts: a peak below the average (edge: 0.99)',
      run: () => tracingCapacity({ tracesPerSecond: 100, peakFactor: 0.99 }),
      code: INVALID_VALUE,
      prop: 'peakFactor',
      message: 'must be at least 1',
    },
    {
      site: 'tracing.ts: a load that is not an object',
      run: () => tracingCapacity(null as never),
      code: INVALID_VALUE,
      prop: 'load',
      message: 'must be an object',
    },
    {
      site: 'validate.ts requirePositive: 0 (edge)',
      run: () => requirePositive(0, ctx, 'rate', 'give a rate'),
      code: INVALID_VALUE,
      prop: 'rate',
      message: 'must be a finite number above 0',
    },
    {
      site: 'validate.ts requireNonNegative: -0.01 (edge)',
      run: () => requireNonNegative(-0.01, ctx, 'price', 'give a price'),
      code: INVALID_VALUE,
      prop: 'price',
      message: 'must be a finite number of at least 0',
    },
    {
      site: 'validate.ts requireCount: below the minimum (edge: 0 < 1)',
      run: () => requireCount(0, 1, 5, ctx, 'n', 'e.g. 3'),
      code: INVALID_VALUE,
      prop: 'n',
      message: 'must be a whole number of at least 1',
    },
    {
      site: 'validate.ts requireCount: above the maximum (edge: 6 > 5)',
      run: () => requireCount(6, 1, 5, ctx, 'n', 'e.g. 3'),
      code: INVALID_VALUE,
      prop: 'n',
      message: 'is above 5, past what the capacity model is calibrated for',
    },
    {
      site: 'validate.ts requireAtMost: above the maximum (edge: 5.5 > 5)',
      run: () => requireAtMost(5.5, 5, ctx, 'f', 'e.g. 3'),
      code: INVALID_VALUE,
      prop: 'f',
      message: 'is above 5, past what the capacity model is calibrated for',
    },
  ]);
});

describe('lib/cli planners and lib/fleet/recommend.ts', () => {
  errorTable([
    {
      site: 'fleet-day2.ts: a migration from federation',
      run: () => planMigration({ clusters: 2, from: 'federation' }),
      code: UNKNOWN_MIGRATION,
      prop: 'migrateFrom',
      message: 'names a migration the library does not have',
    },
    {
      site: 'fleet-day2.ts: a change plan for receive',
      run: () => planFleetChange({ pattern: 'receive', from: 2, to: 3 }),
      code: INCOMPATIBLE_FLEET_CHANGE,
      prop: 'pattern',
      message: 'has no cluster-change plan yet',
    },
    {
      site: 'fleet-day2.ts: shrinking without naming the dropped cluster',
      run: () => planFleetChange({ pattern: 'hierarchical', from: 3, to: 2 }),
      code: INCOMPATIBLE_FLEET_CHANGE,
      prop: 'removing',
      message: 'must name the 1 cluster(s) that 2 of 3 drops',
    },
    {
      site: 'fleet-day2.ts: growing past 999 renames every cluster (edge: 999 → 1000)',
      run: () => planFleetChange({ pattern: 'hierarchical', from: 999, to: 1000 }),
      code: INCOMPATIBLE_FLEET_CHANGE,
      prop: 'clusters',
      message: 'renames every cluster between 999 and 1000',
    },
    {
      site: 'fleet-coverage.ts: coverage of federation',
      run: () => planCoverage({ clusters: 2, pattern: 'federation' } as never),
      code: INCOMPATIBLE_PROPS,
      prop: 'coverage',
      message: 'has no data paths to show for',
    },
    {
      site: 'recommend.ts: requirements no pattern meets',
      run: () => recommendPattern({ clusters: 2, budgetUsdPerMonth: 1 }),
      code: INCOMPATIBLE_PROPS,
      prop: 'requirements',
      message: 'rule out every pattern',
    },
  ]);
});

describe('lib/elasticsearch and lib/memcached', () => {
  errorTable([
    {
      site: 'eck.ts: a version not written in full',
      run: eck({ version: '8.15' }),
      code: INVALID_VALUE,
      prop: 'version',
      message: 'must be an Elasticsearch release 7.x, 8.x or 9.x written in full',
    },
    {
      site: 'eck.ts: storage below the span load',
      run: eck({ nodes: 3, storageSize: '1Gi', spanLoad: span }),
      code: INCOMPATIBLE_PROPS,
      prop: 'storageSize',
      message: '× 3 nodes cannot hold the span load',
    },
    {
      site: 'eck.ts: less than 512Mi of heap (edge: 1023Mi)',
      run: eck({ resources: { cpu: '1', memory: '1023Mi' } }),
      code: INVALID_VALUE,
      prop: 'resources.memory',
      message: 'leaves less than 512Mi of heap at half the memory limit',
    },
    {
      site: 'eck.ts: a roles index prefix with upper case',
      run: eck({ jaegerUsers: { indexPrefix: 'Jaeger', secrets: {} } }),
      code: INVALID_NAME,
      prop: 'jaegerUsers.indexPrefix',
      message: 'must be lower case letters, digits and inner dashes',
    },
    {
      site: 'eck.ts: a missing user Secret',
      run: eck({ jaegerUsers: { secrets: {} } }),
      code: INVALID_VALUE,
      prop: 'jaegerUsers.secrets.writer',
      message: 'must name a basic-auth Secret in the cluster namespace',
    },
    {
      site: 'exporter.ts: not an EckElasticsearch',
      run: () => new ElasticsearchExporter(chart(), 'x', { cluster: {}, credentialsSecret: 's' } as never),
      code: INVALID_VALUE,
      prop: 'cluster',
      message: 'must be an EckElasticsearch',
    },
    {
      site: 'exporter.ts: a credentials Secret name',
      run: () => {
        const c = chart();
        const es = new EckElasticsearch(c, 'es', {});
        return new ElasticsearchExporter(c, 'x', { cluster: es, credentialsSecret: 'Bad_Name' });
      },
      code: INVALID_VALUE,
      prop: 'credentialsSecret',
      message: "must name a basic-auth Secret in namespace 'tracing'",
    },
    {
      site: 'memcached.ts: 0 replicas (edge)',
      run: () => new Memcached(chart(), 'm', { replicas: 0, clients: [{ podSelector: {} }] }),
      code: INVALID_VALUE,
      prop: 'replicas',
      message: 'must be a whole number of at least 1',
    },
    {
      site: 'memcached.ts: no client',
      run: () => new Memcached(chart(), 'm', { clients: [] }),
      code: INVALID_VALUE,
      prop: 'clients',
      message: 'must name at least one peer',
    },
    {
      site: 'sizing.ts: an item size above half the memory (edge: 2 × 33 > 64)',
      run: () => checkMemcachedSizes({ memoryMiB: 64, maxItemSizeMiB: 33 }, ctx),
      code: INCOMPATIBLE_PROPS,
      prop: 'maxItemSizeMiB',
      message: 'must be at most half of memoryMiB (64)',
    },
  ]);
});
