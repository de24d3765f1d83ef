import * as pulumi from '@pulumi/pulumi';

/**
 * Sets Pulumi's mocks for one test file (call it before importing @pulumi/kubernetes or the bridge) and, after the
 * file, waits for the registrations still in flight. Without that wait they finish after jest has cleared the file's
 * globals and read Pulumi's state from them, which jest reports as JEST-01 deprecation warnings ('settings' read on
 * Pulumi's LocalStore, 'google' on the protobuf namespace). `disconnect` drains the RPC queue first
 * (@pulumi/pulumi@3.248.0 runtime/settings.js `disconnect` → `waitForRPCs`).
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
  afterAll(() => pulumi.runtime.disconnect());
}
