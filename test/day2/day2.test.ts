// The day-2 tests of this directory (*.cases.ts) as one jest test file: test/support/cases.ts says why. The Pulumi
// upgrade test stays a file of its own: it installs Pulumi's mocks for its whole module registry.
import { loadCases } from '../support/cases';

loadCases(__dirname);
