// The modules `npm run mutation` mutates, each with the unit tests that cover it. Shared by stryker.config.mjs
// (what to mutate) and jest.mutation.config.js (which tests to run). MUTATION_MODULE=<name> limits a run to one
// module and its tests; without it every module is mutated against all of these tests.
module.exports = {
  pulumi: {
    mutate: ['lib/pulumi/**/*.ts'],
    tests: ['test/pulumi/**/*.test.ts'],
  },
  datapath: {
    mutate: ['lib/fleet/datapath/**/*.ts'],
    tests: ['test/fleet/datapath*.test.ts'],
  },
  'thanos-flags': {
    mutate: ['lib/thanos/flags/**/*.ts'],
    tests: ['test/thanos/flags*.test.ts'],
  },
  capacity: {
    mutate: ['lib/capacity/**/*.ts'],
    tests: [
      'test/capacity/**/*.test.ts',
      'test/fleet/capacity.test.ts',
      'test/elasticsearch/disk-sizing.test.ts',
    ],
  },
  config: {
    mutate: ['lib/*/config/**/*.ts'],
    tests: [
      'test/prometheus/config.test.ts',
      'test/kafka/config.test.ts',
      'test/kafka/sizing.test.ts',
      'test/thanos/config.test.ts',
      'test/thanos/objstore-providers.test.ts',
      'test/jaeger/config*.test.ts',
      'test/jaeger/all-in-one.test.ts',
      'test/jaeger/kafka-buffered.test.ts',
    ],
  },
  core: {
    mutate: ['lib/core/**/*.ts'],
    tests: ['test/core/**/*.test.ts', 'test/adoption/boundary-errors.test.ts'],
  },
};
