import { JaegerSearchStorage, JaegerSearchStorageProps, externalSearch } from '../../lib';
import { ErrorCode } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { only, synth, testChart } from '../support/manifests';

const connection = externalSearch({
  engine: 'elasticsearch',
  serverUrls: ['https://es.example.com:9200'],
  auth: { kind: 'basic', username: 'jaeger', password: { name: 'es', key: 'password' } },
});

function build(props: Partial<JaegerSearchStorageProps>) {
  const chart = testChart('tracing');
  const storage = new JaegerSearchStorage(chart, 'jaeger', { connection, ...props });
  return { storage, objects: synth(chart) };
}

const backendOf = (b: Record<string, unknown> | undefined) => (b as any).elasticsearch;

describe('the archive backend has its own lifecycle', () => {
  test('archived traces outlive the primary retention and are deleted by their own cleaner', () => {
    const { storage, objects } = build({ archive: true });
    expect(backendOf(storage.archiveBackend).max_span_age).toBe('8760h'); // the documented @default: 365 days
    expect(backendOf(storage.backend).max_span_age).toBe('720h');
    const job = only(objects, 'CronJob', 'jaeger-es-archive-cleaner');
    expect(job.spec.jobTemplate.spec.template.spec.containers[0].args).toEqual([
      '365',
      'https://es.example.com:9200',
      '--index-prefix=jaeger-archive',
    ]);
    expect(job.spec.schedule).toBe('0 0 * * *');
  });

  test('retention and schedule are props; bad ones are errors', () => {
    const { storage, objects } = build({ archive: { retentionDays: 90, cleanerSchedule: '5 0 * * *' } });
    expect(backendOf(storage.archiveBackend).max_span_age).toBe('2160h');
    expect(only(objects, 'CronJob', 'jaeger-es-archive-cleaner').spec.schedule).toBe('5 0 * * *');
    const error = expectConstructError(
      () => build({ archive: { retentionDays: 0 } }),
      "JaegerSearchStorage 'test/jaeger': 'archive.retentionDays' must be a whole number of days, at least 1 (got 0); archived traces are kept 365 days unless told otherwise",
      ErrorCode.INVALID_VALUE,
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
    expectConstructError(
      () => build({ archive: 'yes' as unknown as boolean }),
      "JaegerSearchStorage 'test/jaeger': 'archive' must be a boolean or archive options (got \"yes\"); write true, or { retentionDays: 365 }",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('the sampling index rotates with a template', () => {
  test.each([['manualRollover'], ['ilm']] as const)(
    '%s: same rotation as spans, and es-rollover creates its template',
    (mode) => {
      const { storage, objects } = build({ lifecycle: { mode } });
      const indices = backendOf(storage.backend).indices;
      expect(indices.sampling.rotation).toEqual(indices.spans.rotation);
      const init = objects.find((o) => o.kind === 'Job') as any;
      const args = init.spec.template.spec.containers[0].args;
      expect(args[0]).toBe('init');
      expect(args).toContain('--adaptive-sampling=true');
    },
  );
});

describe("the reference design's refresh interval reaches every Jaeger index", () => {
  test.each([['periodic'], ['manualRollover'], ['ilm']] as const)(
    '%s: a job sets 5s on every open index',
    (mode) => {
      const { objects } = build({ lifecycle: { mode } });
      const job = only(objects, 'CronJob', 'jaeger-es-index-settings');
      const script = job.spec.jobTemplate.spec.template.spec.containers[0].command[2] as string;
      expect(script).toContain(`--data '{"index":{"refresh_interval":"5s"}}'`);
      expect(script).toContain(
        `'https://es.example.com:9200/jaeger-jaeger-*/_settings?allow_no_indices=true'`,
      );
      expect(job.spec.schedule).toBe('*/10 * * * *');
    },
  );

  test('the interval is a prop, checked', () => {
    const { objects } = build({ refreshInterval: '30s' });
    const job = only(objects, 'CronJob', 'jaeger-es-index-settings');
    expect(job.spec.jobTemplate.spec.template.spec.containers[0].command[2]).toContain(
      '"refresh_interval":"30s"',
    );
    expectConstructError(
      () => build({ refreshInterval: '5 seconds' }),
      "JaegerSearchStorage 'test/jaeger': 'refreshInterval' is not a positive Elasticsearch time value (got \"5 seconds\"); write it like '5s' or '30s'",
      ErrorCode.INVALID_VALUE,
    );
  });
});
