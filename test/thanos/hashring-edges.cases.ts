// The hashrings file at its edges, from the surviving mutants of the first mutation run of lib/thanos/config
// (issue #18): no hashring at all, an empty tenant list, endpoints written as objects when any one needs it, and
// optional fields absent (not present without a value) when unset. Field names: thanos-io/thanos@v0.42.4
// pkg/receive/config.go `HashringConfig` (`hashring`, `tenants`, `tenant_matcher_type`, `algorithm`, `endpoints`,
// each `omitempty` but `endpoints`) and `Endpoint` (`address`, `capnproto_address`, `az`; a plain string is an
// address alone).
import { ErrorCode } from '../../lib/core';
import { buildHashrings } from '../../lib/thanos/config';
import { expectConstructError } from '../support/errors';

const ctx = { construct: 'Test', path: 'chart/x' };

describe('hashrings at their edges', () => {
  test('no hashring at all is an error', () => {
    expectConstructError(
      () => buildHashrings([], 1, 'ketama', ctx),
      "Test 'chart/x': 'hashrings' must hold at least one hashring (got []); give one hashring with the ingestors as endpoints",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('an empty tenant list makes the default ring: written without tenants, and it must come last', () => {
    expect(
      buildHashrings([{ tenants: [], endpoints: [{ address: 'a:10901' }] }], 1, 'ketama', ctx),
    ).toStrictEqual([{ endpoints: ['a:10901'] }]);
    expectConstructError(
      () =>
        buildHashrings(
          [
            { tenants: [], endpoints: [{ address: 'a:10901' }] },
            { tenants: ['team-b'], endpoints: [{ address: 'b:10901' }] },
          ],
          1,
          'ketama',
          ctx,
        ),
      "Test 'chart/x': 'hashrings[0].tenants' is empty on a hashring that is not the last: it matches every tenant, so the rings after it never would (got []); move the default hashring (no tenants) to the end",
      ErrorCode.INVALID_VALUE,
    );
  });

  test("one endpoint with a Cap'n Proto address writes every endpoint of its ring as an object", () => {
    expect(
      buildHashrings(
        [{ endpoints: [{ address: 'a:10901', capnprotoAddress: 'a:19391' }, { address: 'b:10901' }] }],
        1,
        'ketama',
        ctx,
      ),
    ).toStrictEqual([
      { endpoints: [{ address: 'a:10901', capnproto_address: 'a:19391' }, { address: 'b:10901' }] },
    ]);
  });

  test("a zoned ring without name, matcher, algorithm or Cap'n Proto addresses carries none of those keys", () => {
    expect(
      buildHashrings(
        [
          { tenants: ['team-a'], endpoints: [{ address: 'a:10901', az: 'zone-a' }] },
          { endpoints: [{ address: 'b:10901', az: 'zone-b' }] },
        ],
        1,
        'ketama',
        ctx,
      ),
    ).toStrictEqual([
      { tenants: ['team-a'], endpoints: [{ address: 'a:10901', az: 'zone-a' }] },
      { endpoints: [{ address: 'b:10901', az: 'zone-b' }] },
    ]);
  });
});
