// Shard labels and store time partitions at their edges, from the surviving mutants of the first mutation run of
// lib/thanos/config (issue #18). `--min-time`/`--max-time` are read by thanos-io/thanos@v0.42.4
// pkg/model/timeduration.go `TimeOrDurationValue.Set`: first Go's time.Parse with RFC3339, else a Prometheus
// duration (prometheus/common model.ParseDuration: w = 7 days) negated when written with a leading '-'.
import { ErrorCode } from '../../lib/core';
import { checkShardLabels, checkTimePartitions, parseTimeBound } from '../../lib/thanos/config';
import { expectConstructError } from '../support/errors';

const ctx = { construct: 'Test', path: 'chart/x' };

describe('shard labels', () => {
  test('no label: the fix names __block_id only where it can be hashed', () => {
    expectConstructError(
      () => checkShardLabels([], 2, true, ctx, 'sharding'),
      "Test 'chart/x': 'sharding.labels' must name at least one label to hash (got []); hash '__block_id' or external labels such as 'cluster'",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => checkShardLabels([], 2, false, ctx, 'sharding'),
      "Test 'chart/x': 'sharding.labels' must name at least one label to hash (got []); hash external labels such as 'cluster'",
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('time bounds', () => {
  test.each([
    // 2 × 7 × 24 h × 3 600 000 ms
    ['-2w', -1_209_600_000],
    // 90 × 60 000 ms, in the future (no '-')
    ['90m', 5_400_000],
    ['-1500ms', -1_500],
  ])('%s is %d ms from now', (value, ms) => {
    expect(parseTimeBound(value, ctx, 'p')).toEqual({ form: 'relative', ms });
  });

  test.each([
    // 2026-01-01T00:00:00Z is 1 767 225 600 s after the epoch (20 454 days × 86 400 s)
    ['2026-01-01T00:00:00Z', 1_767_225_600_000],
    // the same instant written at +02:00
    ['2026-01-01T02:00:00+02:00', 1_767_225_600_000],
    // 2024 is a leap year
    ['2024-02-29T00:00:00Z', 1_709_164_800_000],
  ])('%s is %d ms after the epoch', (value, ms) => {
    expect(parseTimeBound(value, ctx, 'p')).toEqual({ form: 'absolute', ms });
  });

  // Go's time.Parse(time.RFC3339, …) refuses each: a date without a time, a time without an offset or with one
  // lacking its colon (the layout is "2006-01-02T15:04:05Z07:00"), month 13, a day the month does not have and
  // hour 24 (src/time/format_rfc3339.go parseRFC3339 reads month 1..12, day 1..daysIn(month), hour 0..23).
  // JavaScript's Date.parse reads all but month 13, rolling the last three over into the next month or day.
  test.each([
    ['2026-01-01'],
    ['2026-01-01T00:00:00'],
    ['2026-01-01T00:00:00+0100'],
    ['2026-13-01T00:00:00Z'],
    ['2026-02-30T00:00:00Z'],
    ['2026-02-29T00:00:00Z'],
    ['2026-04-31T00:00:00Z'],
    ['2026-01-01T24:00:00Z'],
  ])('%s is refused', (value) => {
    expectConstructError(
      () => parseTimeBound(value, ctx, 'p[0].maxTime'),
      `Test 'chart/x': 'p[0].maxTime' is neither an RFC3339 time nor a duration relative to now (got ${JSON.stringify(value)}); write e.g. '-2w' (two weeks ago) or '2026-01-01T00:00:00Z'`,
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('time partitions', () => {
  test('a minTime that does not parse is named as minTime', () => {
    expectConstructError(
      () => checkTimePartitions([{ minTime: 'last week' }], ctx, 'p'),
      "Test 'chart/x': 'p[0].minTime' is neither an RFC3339 time nor a duration relative to now (got \"last week\"); write e.g. '-2w' (two weeks ago) or '2026-01-01T00:00:00Z'",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('a partition in the middle without maxTime', () => {
    expectConstructError(
      () => checkTimePartitions([{ maxTime: '-4w' }, { minTime: '-4w' }, { minTime: '-2w' }], ctx, 'p'),
      'Test \'chart/x\': \'p[1]\' leaves a bound open in the middle of the list, so it overlaps its neighbour (got {"minTime":"-4w"}); only the first partition may omit minTime and only the last may omit maxTime',
      ErrorCode.INVALID_VALUE,
    );
  });

  test('a partition whose bounds are equal is empty', () => {
    expectConstructError(
      () => checkTimePartitions([{ minTime: '-1w', maxTime: '-1w' }], ctx, 'p'),
      'Test \'chart/x\': \'p[0]\' is empty: minTime is not before maxTime (got {"minTime":"-1w","maxTime":"-1w"}); swap the bounds or widen the partition',
      ErrorCode.INVALID_VALUE,
    );
  });

  test('partitions are ordered by their length of time: 1h ago is before 30m ago', () => {
    expect(
      checkTimePartitions(
        [{ maxTime: '-1h' }, { minTime: '-1h', maxTime: '-30m' }, { minTime: '-30m' }],
        ctx,
        'p',
      ),
    ).toHaveLength(3);
    expectConstructError(
      () => checkTimePartitions([{ maxTime: '-30m' }, { minTime: '-1h' }], ctx, 'p'),
      "Test 'chart/x': 'p[1].minTime' overlaps the partition before it, which ends at -30m (got \"-1h\"); list partitions oldest first, each starting where the previous one ends",
      ErrorCode.INVALID_VALUE,
    );
  });
});
