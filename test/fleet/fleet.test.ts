// The fleet tests of this directory (*.cases.ts) as one jest test file: test/support/cases.ts says why.
import { loadCases } from '../support/cases';

loadCases(__dirname);
