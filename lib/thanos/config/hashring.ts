import { ErrorCode, ErrorContext, ObservabilityConstructError, requireWholeNumber } from '../../core';

/** How a hashring spreads series over its endpoints (`--receive.hashrings-algorithm` or per hashring). */
export type HashringAlgorithm = 'ketama' | 'hashmod';

/** The algorithm the library uses: Thanos's own default is `hashmod`, its docs recommend `ketama` for new rings. */
export const DEFAULT_HASHRING_ALGORITHM: HashringAlgorithm = 'ketama';

/** One receiver in a hashring. */
export interface HashringEndpoint {
  /** The receiver's gRPC `host:port`; must equal its `--receive.local-endpoint`. */
  readonly address: string;
  /** Availability zone: ketama places the replicas of a series in different zones. @default none */
  readonly az?: string;
  /** `host:port` of its Cap'n Proto server, for `--receive.replication-protocol=capnproto`. @default derived by Thanos */
  readonly capnprotoAddress?: string;
}

/** One hashring of the hashrings file. */
export interface HashringSpec {
  /** @default none */
  readonly name?: string;
  /** Tenants routed to this ring. @default every tenant (the default ring; it must come last) */
  readonly tenants?: readonly string[];
  /** @default 'exact' */
  readonly tenantMatcherType?: 'exact' | 'glob';
  /** @default the file-wide algorithm */
  readonly algorithm?: HashringAlgorithm;
  readonly endpoints: readonly HashringEndpoint[];
}

/** An entry of the hashrings JSON file as Thanos reads it. */
export interface HashringFileEntry {
  readonly hashring?: string;
  readonly tenants?: readonly string[];
  readonly tenant_matcher_type?: 'exact' | 'glob';
  readonly algorithm?: HashringAlgorithm;
  readonly endpoints: readonly (string | { address: string; az?: string; capnproto_address?: string })[];
}

/**
 * The write quorum of a replication factor, as Thanos computes it (pkg/receive/handler.go `writeQuorum`): a
 * majority, except that RF 2 needs one write.
 */
export function writeQuorum(replicationFactor: number): number {
  return replicationFactor === 2 ? 1 : Math.floor(replicationFactor / 2) + 1;
}

/** How many replicas of a series may be unavailable while writes still reach quorum. */
export function tolerableFailures(replicationFactor: number): number {
  return replicationFactor - writeQuorum(replicationFactor);
}

/**
 * Builds the `--receive.hashrings-file` content and checks it against Thanos's rules: a ring needs at least
 * replication-factor endpoints (ketama refuses fewer, hashmod fails every write), availability zones only with
 * ketama, each address once per ring, and the default ring (no tenants) last, since the first matching ring wins.
 */
export function buildHashrings(
  hashrings: readonly HashringSpec[],
  replicationFactor: number,
  algorithm: HashringAlgorithm,
  context: ErrorContext,
  prop = 'hashrings',
): HashringFileEntry[] {
  requireWholeNumber(
    replicationFactor,
    1,
    context,
    'replicationFactor',
    'use 3 to survive the loss of one receiver without losing writes',
  );
  if (hashrings.length === 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'must hold at least one hashring',
      value: [],
      fix: 'give one hashring with the ingestors as endpoints',
    });
  }
  return hashrings.map((ring, i) => {
    const at = `${prop}[${i}]`;
    const ringAlgorithm = ring.algorithm ?? algorithm;
    if (ring.endpoints.length < replicationFactor) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: `${at}.endpoints`,
        problem: `must hold at least replicationFactor ${replicationFactor} endpoints: each series is written to that many receivers`,
        value: ring.endpoints.length,
        fix: `add endpoints (ingestor replicas) or lower replicationFactor to ${ring.endpoints.length}`,
      });
    }
    const seen = new Set<string>();
    for (const e of ring.endpoints) {
      if (seen.has(e.address)) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop: `${at}.endpoints`,
          problem: 'lists an address twice',
          value: e.address,
          fix: 'list each receiver once',
        });
      }
      seen.add(e.address);
    }
    const zoned = ring.endpoints.some((e) => e.az !== undefined);
    if (zoned && ringAlgorithm !== 'ketama') {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: `${at}.endpoints`,
        problem: 'set availability zones, which only the ketama algorithm supports',
        value: ringAlgorithm,
        fix: "use algorithm 'ketama' or remove az from the endpoints",
      });
    }
    if (zoned && ring.endpoints.some((e) => e.az === undefined)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${at}.endpoints`,
        problem: 'set az on some endpoints but not on others',
        value: ring.endpoints.filter((e) => e.az === undefined).map((e) => e.address),
        fix: 'give every endpoint of a zone-aware ring its zone',
      });
    }
    const tenants = ring.tenants ?? [];
    const isDefault = tenants.length === 0;
    if (isDefault && i !== hashrings.length - 1) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${at}.tenants`,
        problem:
          'is empty on a hashring that is not the last: it matches every tenant, so the rings after it never would',
        value: tenants,
        fix: 'move the default hashring (no tenants) to the end',
      });
    }
    const detailed = zoned || ring.endpoints.some((e) => e.capnprotoAddress !== undefined);
    const entry: HashringFileEntry = {
      ...(ring.name !== undefined ? { hashring: ring.name } : {}),
      ...(!isDefault ? { tenants: [...tenants] } : {}),
      ...(ring.tenantMatcherType !== undefined ? { tenant_matcher_type: ring.tenantMatcherType } : {}),
      ...(ring.algorithm !== undefined ? { algorithm: ring.algorithm } : {}),
      endpoints: ring.endpoints.map((e) =>
        detailed
          ? {
              address: e.address,
              ...(e.az !== undefined ? { az: e.az } : {}),
              ...(e.capnprotoAddress !== undefined ? { capnproto_address: e.capnprotoAddress } : {}),
            }
          : e.address,
      ),
    };
    return entry;
  });
}

/** The hashrings file as Thanos reads it: a JSON array. */
export function renderHashrings(entries: readonly HashringFileEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}
