import { describeWith, probeResults } from './prerequisites';

/**
 * The reference folder `../shared` (CRD schemas, upstream example configs). It sits beside the project in CI and
 * on the developers' machines; a user's fresh clone does not have it, and tests that need it skip with a message
 * (in CI they fail: test/support/prerequisites.ts).
 */
export const SHARED_DIR: string = (require('./probes') as { SHARED_DIR: string }).SHARED_DIR;

export const HAS_SHARED = probeResults().shared.status === 'ok';

/** `describe` when ../shared is present, else a skipped block that says why (a failing one in CI). */
export function describeWithShared(name: string, body: () => void): void {
  describeWith('shared', name, body);
}
