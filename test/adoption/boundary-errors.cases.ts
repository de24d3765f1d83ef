import { App, Chart } from 'cdk8s';
import {
  ErrorCode,
  JaegerDirect,
  JaegerKafkaBuffered,
  ObservabilityConstructError,
  ThanosHierarchical,
  ThanosObjectStorage,
  externalSearch,
  splitFleet,
} from '../../lib';
import { FLEET_TEST_TLS } from '../support/fleet';

/** Runs `fn` (a JavaScript caller: the props are untyped) and returns the library error it throws. */
function errorOf(fn: () => unknown): ObservabilityConstructError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ObservabilityConstructError);
    return e as ObservabilityConstructError;
  }
  throw new Error('expected an ObservabilityConstructError, got none');
}

const s3 = { kind: 's3', bucket: 'thanos', endpoint: 'minio.example.com:9000' } as const;
const es = {
  connection: externalSearch({ engine: 'elasticsearch', serverUrls: ['https://es.example.com:9200'] }),
};
const fleetProps = { fleet: splitFleet(4, 2), domain: 'monitoring.example.com', grafana: false } as const;

describe('errors at the public boundary name the prop the user wrote', () => {
  test('a bad JaegerDirect profile names profile, not tracesPerSecond', () => {
    const error = errorOf(
      () => new JaegerDirect(new Chart(new App(), 'c'), 'jaeger', { storage: es, profile: 'huge' } as any),
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
    expect(error.message).toBe(
      "JaegerDirect 'c/jaeger': 'profile' must be 'medium' or 'large' (got \"huge\"); " +
        "leave it out for 'medium', or use JaegerAllInOne for the small profile",
    );
  });

  test('JaegerKafkaBuffered without storage, from JavaScript, is a typed error', () => {
    const error = errorOf(() => new JaegerKafkaBuffered(new Chart(new App(), 'c'), 'jaeger', {} as any));
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
    expect(error.message).toMatch(
      /^JaegerKafkaBuffered 'c\/jaeger': 'storage' is required: .* \(got undefined\); /,
    );
  });

  test('JaegerKafkaBuffered without kafka, from JavaScript, is a typed error', () => {
    const error = errorOf(
      () => new JaegerKafkaBuffered(new Chart(new App(), 'c'), 'jaeger', { storage: es } as any),
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
    expect(error.message).toMatch(
      /^JaegerKafkaBuffered 'c\/jaeger': 'kafka' is required: .* \(got undefined\); /,
    );
  });

  test('S3 credentials without secretName are refused instead of a secretKeyRef with no name', () => {
    const error = errorOf(
      () =>
        new ThanosObjectStorage(new Chart(new App(), 'c'), 'objstore', {
          storage: { ...s3, credentials: {} },
        } as any),
    );
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
    expect(error.message).toMatch(
      /^ThanosObjectStorage 'c\/objstore': 'storage\.credentials\.secretName' must be the name of a Secret/,
    );
  });

  test('a fleet without tls names the pattern and its tls prop, not a cluster chart and grpcTls', () => {
    const error = errorOf(
      () => new ThanosHierarchical(new App(), 'd1', { ...fleetProps, objectStorage: s3 }),
    );
    expect(error.code).toBe(ErrorCode.UNSAFE_WITHOUT_OPT_IN);
    expect(error.construct).toBe('ThanosHierarchical');
    expect(error.path).toBe('d1');
    expect(error.prop).toBe('tls');
    expect(error.message).not.toContain('grpcTls');
    expect(error.message).not.toContain('cluster-001');
  });

  test('a fleet with a bad bucket names the pattern and objectStorage.bucket', () => {
    const error = errorOf(
      () =>
        new ThanosHierarchical(new App(), 'd1', {
          ...fleetProps,
          tls: FLEET_TEST_TLS,
          objectStorage: { ...s3, bucket: 'Bad_Bucket' },
        }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
    expect(error.message).toMatch(/^ThanosHierarchical 'd1': 'objectStorage\.bucket' is not/);
  });

  test('two fleets in one App without chartPrefix point at chartPrefix', () => {
    const app = new App();
    const props = {
      ...fleetProps,
      tls: FLEET_TEST_TLS,
      objectStorage: s3,
    };
    new ThanosHierarchical(app, 'd1', props);
    const error = errorOf(() => new ThanosHierarchical(app, 'd1-copy', props));
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
    expect(error.message).toBe(
      "ThanosHierarchical 'd1-copy': 'chartPrefix' must make the chart ids unique in the App: another fleet " +
        "already has a chart 'monitoring-global' (got undefined); give each fleet in one App its own " +
        "chartPrefix, e.g. chartPrefix: 'd1-copy'",
    );
  });
});
