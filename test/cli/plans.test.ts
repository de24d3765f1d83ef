// The CLI's tests, but for the install test (install.test.ts), as one jest test file: jest gives every test file
// its own module registry, so run as eight files they built the same fleet plans again and again (a 200-cluster plan
// synthesizes 205 charts, ~0.8 s of CPU; 42 s in all). Loaded together, test/cli/run.ts builds each plan once for
// all of them. Each *.cases.ts holds the tests of one part of the CLI; run one part with
// `npx jest test/cli/plans.test.ts -t '<describe title>'`.
import './plan-fleet.cases';
import './plan-capacity.cases';
import './plan-coverage.cases';
import './plan-tracing.cases';
import './plan-usage.cases';
import './render.cases';
import './wording.cases';
import './readme.cases';
