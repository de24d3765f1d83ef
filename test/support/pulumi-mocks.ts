import * as pulumi from '@pulumi/pulumi';

/**
 * Sets Pulumi's mocks for one test file (call it before importing @pulumi/kubernetes or the bridge) and, after the
 * file, waits for the registrations still in flight.
 * - Without the wait they finish after jest has cleared the file's globals, and read Pulumi's state from them: jest
 *   reports that as JEST-01 deprecation warnings ('settings' read on Pulumi's LocalStore, 'google' on the protobuf
 *   namespace).
 * - With it, a file whose registrations deadlock fails instead of passing.
 * `disconnect` drains the RPC queue (@pulumi/pulumi@3.248.0 runtime/settings.js `disconnect` → `waitForRPCs`).
 */
export function mockPulumi(
  onResource: (args: pulumi.runtime.MockResourceArgs) => void = () => undefined,
): void {
  void pulumi.runtime.setMocks(
    {
      newResource: (args: pulumi.runtime.MockResourceArgs) => {
        onResource(args);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
    },
    'project',
    'stack',
    false,
  );
  afterAll(() => drained(pulumi.runtime.disconnect()));
}

/**
 * How long the registrations of one file may take to finish after its last test. Here they take under a second (the
 * largest, a D1 fleet's, 0.7 s); a drain that takes ten is stuck.
 */
export const PULUMI_DRAIN_MS = 10_000;

/**
 * `drain`, failing with what a hang means: a registration that never completes is a `dependsOn` cycle or a
 * dependency promise that never resolves, and `pulumi up` would wait for it forever too.
 */
export async function drained(drain: Promise<void>, limitMs = PULUMI_DRAIN_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Pulumi registrations still pending ${limitMs} ms after the file's last test: a dependsOn cycle, or a dependency promise that never resolves`,
          ),
        ),
      limitMs,
    );
  });
  try {
    await Promise.race([drain, stuck]);
  } finally {
    clearTimeout(timer);
  }
}
