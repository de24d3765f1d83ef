import { drained } from '../support/pulumi-mocks';

// The Pulumi test files' drain must fail, with the reason, when registrations never finish (a mutant that makes a
// dependsOn promise never resolve, or a resource depend on itself, hung the drain of every Pulumi file).
describe('the Pulumi drain after a test file', () => {
  test('passes once the registrations finish', async () => {
    await expect(drained(new Promise((resolve) => setTimeout(resolve, 10)), 1_000)).resolves.toBeUndefined();
  });

  test('fails, naming the likely causes, when they never do', async () => {
    await expect(drained(new Promise<void>(() => undefined), 20)).rejects.toThrow(
      "Pulumi registrations still pending 20 ms after the file's last test: a dependsOn cycle, or a dependency promise that never resolves",
    );
  });

  test("passes the drain's own failure through", async () => {
    await expect(drained(Promise.reject(new Error('monitor closed')), 1_000)).rejects.toThrow(
      'monitor closed',
    );
  });
});
