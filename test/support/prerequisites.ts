/**
 * Blocks of tests that need something outside node_modules: ../shared, promtool, the prometheus server. The probes
 * run once per jest run (test/support/global-setup.js). What happens when a prerequisite is not there:
 * - `missing` outside CI: the block is skipped, its title saying why (the summary reporter counts the reasons);
 * - `missing` in CI (process.env.CI set): the block FAILS, since .ci/run provides every prerequisite;
 * - `failed` (installed but `--version` fails): the block fails everywhere, naming the probe's error.
 */
const probes = require('./probes') as {
  probeAll(): Record<Prerequisite, Probe>;
};

export type Prerequisite = 'shared' | 'promtool' | 'prometheus';

export interface Probe {
  readonly status: 'ok' | 'missing' | 'failed';
  readonly detail: string;
}

let cached: Record<Prerequisite, Probe> | undefined;

/** The probe results of this run (from the global setup; probed here only when it did not run). */
export function probeResults(): Record<Prerequisite, Probe> {
  cached ??= process.env.OC_TEST_PROBES
    ? (JSON.parse(process.env.OC_TEST_PROBES) as Record<Prerequisite, Probe>)
    : probes.probeAll();
  return cached;
}

/** How to provide each prerequisite, for the skip and failure messages. */
const HOW: Record<Prerequisite, string> = {
  shared:
    'it holds the reference schemas and configs CI validates against; .ci/run has it beside the project',
  promtool: 'apt-get install prometheus to run these checks; .ci/run installs it',
  prometheus: 'apt-get install prometheus to run it; .ci/run installs it',
};

/** What a block needing `need` does, given a probe and whether this is CI. Pure, so it is tested directly. */
export function decide(
  need: Prerequisite,
  probe: Probe,
  ci: boolean,
): { run: true } | { run: false; skip: string } | { run: false; fail: string } {
  if (probe.status === 'ok') return { run: true };
  if (probe.status === 'failed') return { run: false, fail: `${need} probe failed: ${probe.detail}` };
  if (ci) return { run: false, fail: `${need} is missing in CI (${probe.detail}); ${HOW[need]}` };
  return { run: false, skip: `${probe.detail}; ${HOW[need]}` };
}

/** The jest calls a block makes: a parameter of {@link registerBlock} so that a test can record them. */
export interface BlockApi {
  describe(name: string, body: () => void): void;
  skip(name: string, body: () => void): void;
  test(name: string, fn: () => void): void;
}

const JEST: BlockApi = {
  describe: (name, body) => describe(name, body),
  skip: (name, body) => describe.skip(name, body),
  test: (name, fn) => test(name, fn),
};

/**
 * Registers a block needing `need` as `decision` says. A skipped block does not run its body: a body may read
 * what is missing while jest collects its tests (the list of upstream example files in ../shared), and that would
 * fail the whole file instead of skipping the block. One skipped test, named after what is missing, stands for it.
 */
export function registerBlock(
  decision: ReturnType<typeof decide>,
  need: Prerequisite,
  name: string,
  body: () => void,
  api: BlockApi = JEST,
): void {
  if (decision.run) api.describe(name, body);
  else if ('skip' in decision)
    api.skip(`${name} (skipped: ${decision.skip})`, () => api.test(`needs ${need}`, () => undefined));
  else
    api.describe(name, () => {
      api.test(`${need} is available`, () => {
        throw new Error(decision.fail);
      });
    });
}

/** `describe` when `need` is there; otherwise a skipped block saying why, or a failing one (see above). */
export function describeWith(need: Prerequisite, name: string, body: () => void): void {
  registerBlock(decide(need, probeResults()[need], Boolean(process.env.CI)), need, name, body);
}
