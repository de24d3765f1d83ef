// The modules `npm run mutation` mutates, each with the unit tests that cover it. Shared by stryker.config.mjs
// (what to mutate) and jest.mutation.config.js (which tests to run). MUTATION_MODULE=<name> limits a run to one
// module and its tests; without it every module is mutated against all of these tests.
module.exports = {
  pulumi: {
    mutate: ['lib/pulumi/**/*.ts'],
    // With the day-2 test of Cdk8sDeployment's upgrade order: without it, the run of 1 December 2026 left 32 of the
    // dependsOn mutants alive (cdk8s-deployment.ts 56.8 %).
    tests: ['test/pulumi/**/*.test.ts', 'test/day2/pulumi-upgrade.test.ts'],
  },
  datapath: {
    mutate: ['lib/fleet/datapath/**/*.ts'],
    tests: ['test/fleet/datapath*.cases.ts'],
  },
  'thanos-flags': {
    mutate: ['lib/thanos/flags/**/*.ts'],
    tests: ['test/thanos/flags*.cases.ts'],
  },
  capacity: {
    mutate: ['lib/capacity/**/*.ts'],
    tests: [
      'test/capacity/**/*.cases.ts',
      // Not test/cli/plan-model.cases.ts: it covers nearly every line of the model through 1000-cluster plans,
      // seconds per mutant; the model's own tests are what should kill its mutants.
      'test/fleet/capacity.cases.ts',
      'test/elasticsearch/disk-sizing.cases.ts',
    ],
  },
  // Each library's config builders against that library's tests: the builders' behaviour is mostly asserted
  // through the constructs that use them (a Jaeger collector's pipelines, a Kafka cluster's broker config).
  'jaeger-config': {
    mutate: ['lib/jaeger/config/**/*.ts'],
    tests: ['test/jaeger/*.cases.ts'],
  },
  'kafka-config': {
    mutate: ['lib/kafka/config/**/*.ts'],
    tests: ['test/kafka/*.cases.ts'],
  },
  'thanos-config': {
    mutate: ['lib/thanos/config/**/*.ts'],
    tests: ['test/thanos/*.cases.ts'],
  },
  'prometheus-config': {
    mutate: ['lib/prometheus/config/**/*.ts'],
    tests: ['test/prometheus/config.cases.ts', 'test/prometheus/config-fields.cases.ts'],
  },
  core: {
    mutate: ['lib/core/**/*.ts'],
    tests: [
      'test/core/**/*.cases.ts',
      'test/core/render.test.ts',
      'test/adoption/boundary-errors.cases.ts',
      // The first run (core-a) without these left http-exposure.ts and placement.ts with no coverage and
      // cluster-domain.ts at 35 %: their checks and output are tested here, through the constructs that use them.
      'test/errors/core.cases.ts',
      'test/adoption/placement.cases.ts',
      'test/adoption/http-exposure.cases.ts',
      'test/fleet/cluster-domain.cases.ts',
    ],
  },
};
