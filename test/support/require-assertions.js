/* global beforeEach, expect */
// setupFilesAfterEnv of every jest project (jest.config.js): a test that runs no assertion fails with
// "expect.hasAssertions() … Expected at least one assertion to be called but received none". A test whose
// subject is wrong must be able to fail, and a test without an `expect` (a conditional one that never runs, a
// property returning booleans, a loop over an empty list) cannot. test/suite/require-assertions.test.ts proves
// this hook catches such a test.
beforeEach(() => {
  expect.hasAssertions();
});
