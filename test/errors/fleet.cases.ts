import { App, Chart } from 'cdk8s';
import { PLAN_PLACEHOLDERS } from '../../lib/cli/fleet-plan';
import { ErrorCode } from '../../lib/core';
import { checkUniqueExternalLabels, fleetFromRegions, splitFleet } from '../../lib/fleet';
import {
  PrometheusFederation,
  ThanosHierarchical,
  cacheSizing,
  checkReceiveLimitTenants,
  migrationPhase,
  resolveSelfMonitoring,
} from '../../lib/fleet/patterns';
import { errorTable } from './table';

// Throw sites of lib/fleet (model.ts and the patterns), smallest inputs: a fleet of 2 clusters in one region.
const {
  INVALID_VALUE,
  INCOMPATIBLE_PROPS,
  INVALID_NAME,
  DANGLING_REFERENCE,
  UNSAFE_WITHOUT_OPT_IN,
  UNKNOWN_MIGRATION,
} = ErrorCode;
const ctx = { construct: 'Test', path: 'fleet' };
const hierarchical =
  (props: object, scope: App | Chart = new App()) =>
  () =>
    new ThanosHierarchical(scope as App, 'fleet', {
      fleet: splitFleet(2),
      ...PLAN_PLACEHOLDERS,
      ...props,
    } as never);
const s3 = { kind: 's3', bucket: 'thanos', endpoint: 's3.fleet.example:443' } as const;
const creds = { secretName: 'c' };

describe('lib/fleet/model.ts', () => {
  errorTable([
    {
      site: 'splitFleet: 0 clusters (edge)',
      run: () => splitFleet(0),
      code: INVALID_VALUE,
      prop: 'clusters',
      message: 'must be a whole number of at least 1',
    },
    {
      site: 'splitFleet: 0 clusters per region (edge)',
      run: () => splitFleet(2, 0),
      code: INVALID_VALUE,
      prop: 'clustersPerRegion',
      message: 'must be a whole number of at least 1',
    },
    {
      site: 'a reserved common label',
      run: () => fleetFromRegions({ 'region-a': ['c1'] }, { commonLabels: { cluster: 'x' } }),
      code: INVALID_VALUE,
      prop: 'commonLabels.cluster',
      message: 'is set by the fleet itself',
    },
    {
      site: 'no region',
      run: () => fleetFromRegions({}),
      code: INVALID_VALUE,
      prop: 'regions',
      message: 'must hold at least one region',
    },
    {
      site: 'a region name that is not a DNS label',
      run: () => fleetFromRegions({ Region_A: ['c1'] }),
      code: INVALID_NAME,
      prop: 'regions.Region_A',
      message: 'must be a DNS label of at most 40 characters',
    },
    {
      site: 'an empty region',
      run: () => fleetFromRegions({ 'region-a': [] }),
      code: INVALID_VALUE,
      prop: 'regions.region-a',
      message: 'has no clusters',
    },
    {
      site: 'a region above the limit (edge: 2 > 1)',
      run: () => fleetFromRegions({ 'region-a': ['c1', 'c2'] }, { maxClustersPerRegion: 1 }),
      code: INVALID_VALUE,
      prop: 'regions.region-a',
      message: 'has 2 clusters, more than the 1 one regional query serves well',
    },
    {
      site: 'a cluster name that is not a DNS label',
      run: () => fleetFromRegions({ 'region-a': ['Cluster_1'] }),
      code: INVALID_NAME,
      prop: 'regions.region-a',
      message: 'names a cluster that is not a DNS label of at most 50 characters',
    },
    {
      site: 'a cluster in two regions',
      run: () => fleetFromRegions({ 'region-a': ['c1'], 'region-b': ['c1'] }),
      code: INCOMPATIBLE_PROPS,
      prop: 'regions.region-b',
      message: "lists cluster 'c1', which region 'region-a' lists too",
    },
    {
      site: 'a cluster in no region',
      run: () => fleetFromRegions({ 'region-a': ['c1'] }, { clusters: ['c1', 'c2'] }),
      code: INCOMPATIBLE_PROPS,
      prop: 'regions',
      message: "puts cluster 'c2' in no region",
    },
    {
      site: 'two clusters with the same external labels',
      run: () =>
        checkUniqueExternalLabels([
          { name: 'a', region: 'r', externalLabels: { cluster: 'x' } },
          { name: 'b', region: 'r', externalLabels: { cluster: 'x' } },
        ]),
      code: INCOMPATIBLE_PROPS,
      prop: 'clusters.b.externalLabels',
      message: "are the same as cluster 'a's, so their series would merge",
    },
  ]);
});

describe('lib/fleet/patterns', () => {
  errorTable([
    {
      site: 'base.ts: a fleet TLS Secret name',
      run: hierarchical({ tls: { secretName: 'Fleet_TLS' } }),
      code: INVALID_NAME,
      prop: 'tls.secretName',
      message: 'must be the name of a Secret present in every cluster of the fleet',
    },
    {
      site: 'base.ts: a fleet TLS Secret name with a label ending in a dash (a-.b)',
      run: hierarchical({ tls: { secretName: 'a-.b' } }),
      code: INVALID_NAME,
      prop: 'tls.secretName',
      message: 'must be the name of a Secret present in every cluster of the fleet',
    },
    {
      site: 'base.ts: no tls and no opt-in',
      run: hierarchical({ tls: undefined }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'tls',
      message: 'is missing: the pattern exposes StoreAPI and remote-write endpoints',
    },
    {
      site: 'base.ts: sizedForClusters below the fleet (edge: 1 < 2)',
      run: hierarchical({ sizedForClusters: 1 }),
      code: INVALID_VALUE,
      prop: 'sizedForClusters',
      message: "must be a whole number of at least the fleet's 2 clusters",
    },
    {
      site: 'base.ts: a chart as scope',
      run: hierarchical({}, new Chart(new App(), 'c')),
      code: INVALID_VALUE,
      prop: 'scope',
      message: 'must be the App',
    },
    {
      site: 'base.ts: a one-label domain',
      run: hierarchical({ domain: 'example' }),
      code: INVALID_NAME,
      prop: 'domain',
      message: 'must be a DNS domain with at least two labels',
    },
    {
      site: 'base.ts: two fleets with one chart prefix',
      run: () => {
        const app = new App();
        hierarchical({}, app)();
        return new ThanosHierarchical(app, 'other', { fleet: splitFleet(2), ...PLAN_PLACEHOLDERS });
      },
      code: INVALID_NAME,
      prop: 'chartPrefix',
      message: 'must make the chart ids unique in the App',
    },
    {
      site: 'base.ts: no query client CA',
      run: hierarchical({ tls: { secretName: 'fleet-tls' } }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'tls.queryClientCaSecretName',
      message: 'is missing, so the StoreAPI servers would accept any fleet certificate',
    },
    {
      site: 'base.ts: one bucket credential for every role',
      run: hierarchical({ objectStorage: { ...s3, credentials: creds } }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'bucketCredentials',
      message: 'is missing, so one bucket credential would reach every role',
    },
    {
      site: 'base.ts: role credentials for a filesystem bucket',
      run: hierarchical({
        objectStorage: { kind: 'filesystem', developmentOnly: true, claimName: 'bucket' },
        bucketCredentials: { reader: creds, uploader: creds, compactor: creds },
      }),
      code: INCOMPATIBLE_PROPS,
      prop: 'bucketCredentials',
      message: 'cannot be given for a filesystem bucket',
    },
    {
      site: 'base.ts: role credentials and a shared one',
      run: hierarchical({
        objectStorage: { ...s3, credentials: creds },
        bucketCredentials: { reader: creds, uploader: creds, compactor: creds },
      }),
      code: INCOMPATIBLE_PROPS,
      prop: 'objectStorage.credentials',
      message: 'cannot be combined with bucketCredentials',
    },
    {
      site: 'federation.ts: no tls and no opt-in',
      run: () =>
        new PrometheusFederation(new App(), 'fleet', {
          fleet: splitFleet(2),
          domain: 'fleet.example',
          grafana: false,
        } as never),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'allowUnauthenticatedFederation',
      message: "is not set and there is no 'tls'",
    },
    {
      site: 'migration.ts: from another pattern',
      run: () => migrationPhase(new App(), { from: 'federation', phase: 1 }),
      code: UNKNOWN_MIGRATION,
      prop: 'migration.from',
      message: 'names a pattern this pattern cannot migrate from',
    },
    {
      site: 'migration.ts: phase 5 (edge)',
      run: () => migrationPhase(new App(), { from: 'flat', phase: 5 }),
      code: UNKNOWN_MIGRATION,
      prop: 'migration.phase',
      message: 'must be one of the migration phases 1, 2, 3 or 4',
    },
    {
      site: 'read-path.ts: resources for a cache',
      run: () => cacheSizing({}, ctx, { indexCache: { resources: { cpu: '1', memory: '1Gi' } } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'sizing.indexCache.resources',
      message: 'cannot size a memcached cache',
    },
    {
      site: 'read-path.ts: caches neither false nor an object',
      run: () => cacheSizing(true as never, ctx),
      code: INVALID_VALUE,
      prop: 'caches',
      message: 'must be false or an object of cache sizes',
    },
    {
      site: 'receive-limits.ts: a tenant no cluster writes as',
      run: () => checkReceiveLimitTenants({ tenants: { nobody: { headSeries: 1 } } }, ['cluster-001'], ctx),
      code: DANGLING_REFERENCE,
      prop: 'receiveLimits.tenants.nobody',
      message: 'names no application cluster of the fleet',
    },
    {
      site: 'self-monitoring.ts: not an object',
      run: () => resolveSelfMonitoring(true as never, ctx),
      code: INVALID_VALUE,
      prop: 'selfMonitoring',
      message: 'must be an object or false',
    },
    {
      site: 'self-monitoring.ts: a label key Kubernetes rejects',
      run: () => resolveSelfMonitoring({ labels: { 'bad key': 'x' } }, ctx),
      code: INVALID_NAME,
      prop: 'selfMonitoring.labels',
      message: 'has a key that is not a Kubernetes label key',
    },
    {
      site: 'self-monitoring.ts: a scraper without pod labels',
      run: () => resolveSelfMonitoring({ scraper: { namespace: 'monitoring', podLabels: {} } }, ctx),
      code: INVALID_VALUE,
      prop: 'selfMonitoring.scraper',
      message: 'must name a namespace and at least one pod label',
    },
  ]);
});
