import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The reference folder `../shared` (CRD schemas, upstream example configs). It sits beside the project in CI and
 * on the developers' machines; a user's fresh clone does not have it, and tests that need it skip with a message.
 */
export const SHARED_DIR = join(__dirname, '..', '..', '..', 'shared');

export const HAS_SHARED = existsSync(join(SHARED_DIR, 'crds'));

/** `describe` when ../shared is present, else a skipped block that says why. */
export function describeWithShared(name: string, body: () => void): void {
  if (HAS_SHARED) {
    describe(name, body);
  } else {
    describe.skip(
      `${name} (skipped: ${SHARED_DIR} is absent; it holds the reference schemas CI validates against)`,
      body,
    );
  }
}
