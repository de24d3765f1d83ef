// The CLI's tests (*.cases.ts), but for the install test (install.test.ts), as one jest test file: test/support/cases.ts
// says why, and here they also share the fleet plans test/cli/run.ts builds once (a 200-cluster plan synthesizes
// 205 charts, ~0.8 s of CPU; as eight files they built the same plans again and again, 42 s in all).
import { loadCases } from '../support/cases';

loadCases(__dirname);
