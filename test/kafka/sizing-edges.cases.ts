// The sizing model's limits at their edges, and the inputs its messages name. Every call runs inside a test body.
import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { ErrorCode } from '../../lib/core';
import { TopicSizingInput, sizeTopic } from '../../lib/kafka';
import { LARGE_PROFILE_TOPIC } from './fixtures';

const context = { construct: 'sizeTopic', path: 'spans' };

/**
 * Small round numbers worked by hand through the model written down on sizeTopic: r = c = 1 MB/s, W = T = 1000 s,
 * so catch-up needs ceil(1 MB/s × (1 + 1000/1000) / 1 MB/s) = 2 consumers, hence 2 partitions on one broker;
 * backlog r·W = 10^9 bytes; with headroom 1, retention.bytes = 10^9 / 2 = 5·10^8 per partition; the broker holds
 * both replicas, each retention.bytes + one 1 MiB segment: 2 × (500 000 000 + 1 048 576) = 1 002 097 152 bytes.
 */
const SMALL: TopicSizingInput = {
  ingest: { megabytesPerSecond: 1 },
  consumerThroughput: { megabytesPerSecond: 1 },
  outageWindow: '1000s',
  brokers: 1,
  replicationFactor: 1,
  headroom: 1,
  segmentBytes: 1_048_576,
  maxDiskUse: 1,
};

describe('sizeTopic: the model on small numbers', () => {
  test('consumers, partitions, backlog, retention and disk', () => {
    const s = sizeTopic(SMALL, context);
    expect(s.steadyStateConsumers).toBe(1); // ceil(1 MB/s / 1 MB/s)
    expect(s.catchUpConsumers).toBe(2);
    expect(s.partitions).toBe(2);
    expect(s.backlogBytes).toBe(1_000_000_000); // 1 MB/s × 1000 s
    expect(s.retentionMs).toBe(1_000_000); // the window itself: headroom 1
    expect(s.retentionBytes).toBe(500_000_000);
    expect(s.replicasPerBroker).toBe(2);
    expect(s.diskBytesPerBroker).toBe(1_002_097_152);
    expect(s.minBrokerStorageBytes).toBe(1_002_097_152); // maxDiskUse 1: the volume may fill completely
  });

  test('steady state follows the rate ratio (the large profile: 50 MB/s over 2.5 MB/s is 20)', () => {
    const s = sizeTopic(LARGE_PROFILE_TOPIC, context);
    expect(s.steadyStateConsumers).toBe(20);
    expect(s.backlogBytes).toBe(1_080_000_000_000); // 50 MB/s × 21 600 s
  });

  test('a consumer faster than the ingest still counts as one', () => {
    const s = sizeTopic({ ...SMALL, consumerThroughput: { megabytesPerSecond: 4 } }, context);
    expect(s.steadyStateConsumers).toBe(1); // ceil(1/4)
    expect(s.catchUpConsumers).toBe(1); // ceil(2/4)
  });
});

describe('sizeTopic: limits at their edge', () => {
  test('headroom 1 keeps exactly the window (the model: less would delete data inside it)', () => {
    expect(sizeTopic({ ...SMALL, headroom: 1 }, context).retentionMs).toBe(1_000_000);
    expectErrorCode(
      () => sizeTopic({ ...SMALL, headroom: 0.9999 }, context),
      ErrorCode.INVALID_VALUE,
      'headroom',
      'must be at least 1',
    );
  });

  test('maxDiskUse is a fraction in (0, 1]', () => {
    expect(sizeTopic({ ...SMALL, maxDiskUse: 1 }, context).minBrokerStorageBytes).toBe(1_002_097_152);
    // 1 002 097 152 / 0.5
    expect(sizeTopic({ ...SMALL, maxDiskUse: 0.5 }, context).minBrokerStorageBytes).toBe(2_004_194_304);
    for (const bad of [0, -0.1, 1.0001]) {
      expectConstructError(
        () => sizeTopic({ ...SMALL, maxDiskUse: bad }, context),
        `sizeTopic 'spans': 'maxDiskUse' must be a fraction greater than 0 and at most 1 (got ${bad}); use 0.85`,
        ErrorCode.INVALID_VALUE,
      );
    }
  });

  test('a broker volume of exactly the disk needed passes; one byte less does not', () => {
    expect(sizeTopic({ ...SMALL, brokerStorage: '1002097152' }, context).partitions).toBe(2);
    expectErrorCode(
      () => sizeTopic({ ...SMALL, brokerStorage: '1002097151' }, context),
      ErrorCode.INCOMPATIBLE_PROPS,
      'brokerStorage',
      'cannot hold a 1000s outage window',
    );
  });

  test('maxConsumers at the catch-up count passes; one fewer does not', () => {
    expect(sizeTopic({ ...SMALL, maxConsumers: 2 }, context).partitions).toBe(2);
    expectErrorCode(
      () => sizeTopic({ ...SMALL, maxConsumers: 1 }, context),
      ErrorCode.INCOMPATIBLE_PROPS,
      'maxConsumers',
      '(needs 2)',
    );
  });
});

describe('sizeTopic: each bad input is named', () => {
  test.each([
    [
      { catchUpWithin: 'soon' },
      "'catchUpWithin' is not a positive Go duration (got \"soon\"); write a number with a unit (ms, s, m, h), e.g. '90s', '1h30m' or '48h' for two days",
    ],
    [
      { replicationFactor: 0 },
      // 3: the production preset's default.replication.factor (config.cases.ts, Strimzi 1.2.0 kafka-persistent.yaml)
      "'replicationFactor' must be a whole number of at least 1 (got 0); use 3 so a broker can fail without losing data",
    ],
    [
      { maxConsumers: 0 },
      // 2: SMALL's catch-up count, worked by hand above
      "'maxConsumers' must be a whole number of at least 1 (got 0); use 2",
    ],
    [
      { ingest: { megabytesPerSecond: 0 } },
      "'ingest.megabytesPerSecond' must be a positive number (got 0); measure the produce rate",
    ],
    [
      { ingest: { spansPerSecond: 100, bytesPerSpan: 0 } },
      "'ingest.bytesPerSpan' must be a positive number (got 0); measure the average span size",
    ],
    [
      { ingest: { tracesPerSecond: 10, spansPerTrace: 0, bytesPerSpan: 500 } },
      "'ingest.spansPerTrace' must be a positive number (got 0); measure the average spans per trace",
    ],
    [
      { ingest: { spansPerSecond: 0, bytesPerSpan: 500 } },
      "'ingest.spansPerSecond' must be a positive number (got 0); measure the span rate",
    ],
    [
      { consumerThroughput: { megabytesPerSecond: 0 } },
      "'consumerThroughput.megabytesPerSecond' must be a positive number (got 0); measure one consumer",
    ],
    [
      { ingest: { spansPerSecond: 100, bytesPerSpan: 500 }, consumerThroughput: { spansPerSecond: 0 } },
      "'consumerThroughput.spansPerSecond' must be a positive number (got 0); measure one consumer",
    ],
  ] as [Partial<TopicSizingInput>, string][])('%j', (override, message) => {
    expectConstructError(
      () => sizeTopic({ ...SMALL, ...override }, context),
      `sizeTopic 'spans': ${message}`,
      ErrorCode.INVALID_VALUE,
    );
  });

  test('an unreadable broker volume names brokerStorage', () => {
    expectErrorCode(
      () => sizeTopic({ ...SMALL, brokerStorage: 'lots' }, context),
      ErrorCode.INVALID_QUANTITY, // Memory.parse's error (lib/core/quantity.ts)
      'brokerStorage',
      '(got "lots")',
    );
  });
});
