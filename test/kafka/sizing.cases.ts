import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { ErrorCode } from '../../lib/core';
import { DEFAULT_MAX_DISK_USE, DEFAULT_RETENTION_HEADROOM, TopicSizing, sizeTopic } from '../../lib/kafka';

import { LARGE_PROFILE_TOPIC } from './fixtures';

const context = { construct: 'sizeTopic', path: 'jaeger-spans' };

describe("sizeTopic on the reference design's numbers", () => {
  // computed in a hook, not while jest collects the tests: an error here fails these tests, not the whole file
  let sizing: TopicSizing;
  beforeAll(() => {
    sizing = sizeTopic(LARGE_PROFILE_TOPIC, context);
  });

  test('ingest and consumer rates in bytes per second', () => {
    expect(sizing.ingestBytesPerSecond).toBe(50_000_000);
    expect(sizing.consumerBytesPerSecond).toBe(2_500_000);
  });

  test('20 ingesters keep up; 40 drain a 6h backlog within another 6h while keeping up', () => {
    expect(sizing.steadyStateConsumers).toBe(20);
    // 50 MB/s × (1 + 6h/6h) / 2.5 MB/s
    expect(sizing.catchUpConsumers).toBe(40);
  });

  test('partitions cover every consumer and are a multiple of the broker count', () => {
    expect(sizing.partitions).toBe(42);
  });

  test('retention keeps the outage window with headroom, per partition for bytes', () => {
    expect(DEFAULT_RETENTION_HEADROOM).toBe(1.2);
    expect(sizing.backlogBytes).toBe(1_080_000_000_000); // 50 MB/s × 21 600 s
    expect(sizing.retentionMs).toBe(25_920_000); // 6h × 1.2
    expect(sizing.retentionBytes).toBe(30_857_142_858); // 1.08 TB × 1.2 / 42, rounded up
    expect(sizing.segmentBytes).toBe(1_073_741_824); // Kafka's own log.segment.bytes default, 1 GiB
    expect(sizing.config).toEqual({
      'retention.ms': 25_920_000,
      'retention.bytes': 30_857_142_858,
      'segment.bytes': 1_073_741_824,
    });
  });

  test('disk per broker counts every replica (RF 3 on 3 brokers: all 42 partitions on each)', () => {
    expect(sizing.replicationFactor).toBe(3);
    expect(sizing.replicasPerBroker).toBe(42);
    expect(sizing.diskBytesPerBroker).toBe(42 * (30_857_142_858 + 1_073_741_824));
    expect(DEFAULT_MAX_DISK_USE).toBe(0.85);
    expect(sizing.minBrokerStorageBytes).toBe(Math.ceil((42 * (30_857_142_858 + 1_073_741_824)) / 0.85));
  });

  test('a broker volume that holds the window passes', () => {
    expect(() => sizeTopic({ ...LARGE_PROFILE_TOPIC, brokerStorage: '1470Gi' }, context)).not.toThrow();
    expectErrorCode(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, brokerStorage: '1469Gi' }, context),
      ErrorCode.INCOMPATIBLE_PROPS,
      'brokerStorage',
      /cannot hold a 6h outage window/,
    );
  });

  test('six brokers halve the disk each one needs', () => {
    const six = sizeTopic({ ...LARGE_PROFILE_TOPIC, brokers: 6 }, context);
    expect(six.partitions).toBe(42);
    expect(six.replicasPerBroker).toBe(21);
    expect(six.diskBytesPerBroker).toBe(sizing.diskBytesPerBroker / 2);
  });

  test('a longer catch-up needs fewer consumers; maxConsumers above that raises the partition count', () => {
    const slow = sizeTopic({ ...LARGE_PROFILE_TOPIC, catchUpWithin: '12h' }, context);
    expect(slow.catchUpConsumers).toBe(30); // 50 × 1.5 / 2.5
    expect(slow.partitions).toBe(30);
    const wide = sizeTopic({ ...LARGE_PROFILE_TOPIC, maxConsumers: 48 }, context);
    expect(wide.partitions).toBe(48);
    expect(wide.retentionBytes).toBe(27_000_000_000); // 1.296 TB / 48
  });

  test('ingest in megabytes per second and spans per second agree with traces', () => {
    const mb = sizeTopic(
      {
        ...LARGE_PROFILE_TOPIC,
        ingest: { megabytesPerSecond: 50 },
        consumerThroughput: { megabytesPerSecond: 2.5 },
      },
      context,
    );
    const spans = sizeTopic(
      { ...LARGE_PROFILE_TOPIC, ingest: { spansPerSecond: 100_000, bytesPerSpan: 500 } },
      context,
    );
    expect(mb).toEqual(sizing);
    expect(spans).toEqual(sizing);
  });
});

describe('sizeTopic errors', () => {
  test('a broker volume that cannot hold the window', () => {
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, brokerStorage: '1Ti' }, context),
      "sizeTopic 'jaeger-spans': 'brokerStorage' cannot hold a 6h outage window: each broker needs 1249.0Gi for this topic, which must stay under 85% of its volume (got \"1Ti\"); give the broker pool at least 1470Gi, add brokers, or shorten the outage window",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('too few consumers to catch up', () => {
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, maxConsumers: 24 }, context),
      "sizeTopic 'jaeger-spans': 'maxConsumers' is too few to drain a 6h backlog within 6h while keeping up with live traffic (needs 40) (got 24); allow at least 40 consumers, a longer catchUpWithin, or faster consumers",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a replication factor above the broker count', () => {
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, brokers: 2 }, context),
      "sizeTopic 'jaeger-spans': 'replicationFactor' must not exceed the 2 broker(s): each replica needs its own broker (got 3); add brokers or lower replicationFactor to 2",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('a consumer rate in spans with an ingest rate in megabytes', () => {
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, ingest: { megabytesPerSecond: 50 } }, context),
      "sizeTopic 'jaeger-spans': 'consumerThroughput.spansPerSecond' needs a span size, but the ingest rate is given in megabytes per second (got 5000); give consumerThroughput in megabytesPerSecond, or the ingest rate in spans with bytesPerSpan",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });

  test('non-positive rates, bad durations, headroom and disk use', () => {
    expectConstructError(
      () =>
        sizeTopic(
          { ...LARGE_PROFILE_TOPIC, ingest: { tracesPerSecond: 0, spansPerTrace: 10, bytesPerSpan: 500 } },
          context,
        ),
      "sizeTopic 'jaeger-spans': 'ingest.tracesPerSecond' must be a positive number (got 0); e.g. 10000 (the reference design’s large profile starts there)",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, outageWindow: '6 hours' }, context),
      "sizeTopic 'jaeger-spans': 'outageWindow' is not a positive Go duration (got \"6 hours\"); write a number with a unit (ms, s, m, h), e.g. '90s', '1h30m' or '48h' for two days",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, headroom: 0.9 }, context),
      "sizeTopic 'jaeger-spans': 'headroom' must be at least 1: less would delete data inside the outage window (got 0.9); use 1.2",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, maxDiskUse: 1.5 }, context),
      "sizeTopic 'jaeger-spans': 'maxDiskUse' must be a fraction greater than 0 and at most 1 (got 1.5); use 0.85",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, brokers: 0 }, context),
      "sizeTopic 'jaeger-spans': 'brokers' must be a whole number of at least 1 (got 0); count the brokers of the cluster",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => sizeTopic({ ...LARGE_PROFILE_TOPIC, segmentBytes: 1000 }, context),
      "sizeTopic 'jaeger-spans': 'segmentBytes' must be a whole number of at least 1048576 (got 1000); use Kafka's default 1073741824",
      ErrorCode.INVALID_VALUE,
    );
  });
});
