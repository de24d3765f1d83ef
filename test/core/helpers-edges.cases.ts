import { createHash } from 'node:crypto';
import { configHash, isDnsLabel, suggestDnsLabel } from '../../lib/core';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../lib/core/security';

// Edges of lib/core's small helpers, written from the first mutation run of lib/core (names.ts, config-hash.ts and
// security.ts survivors): exact values, so a changed separator, bound or field fails.

/** The first 16 hex digits of SHA-256 over `text`: what configHash gives for the canonical form `text`. */
const sha16 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

describe('configHash hashes a canonical JSON of its arguments', () => {
  test.each([
    // [arguments, canonical form]: an array of the arguments, object keys sorted, undefined members left out.
    [[{ b: 1, a: 2 }], '[{"a":2,"b":1}]'],
    [[{ a: undefined, b: 'x' }], '[{"b":"x"}]'],
    [[1, 2], '[1,2]'],
    [[[1, 'a'], { c: [true, null] }], '[[1,"a"],{"c":[true,null]}]'],
    [[undefined], '[null]'],
    [[], '[]'],
  ])('configHash(...%j) is the hash of %s', (args, canonical) => {
    expect(configHash(...(args as unknown[]))).toBe(sha16(canonical));
  });
  test('the order of keys does not matter, the order of arguments does', () => {
    expect(configHash({ a: 1, b: 2 })).toBe(configHash({ b: 2, a: 1 }));
    expect(configHash(1, 2)).not.toBe(configHash(2, 1));
    expect(configHash(1, 2)).not.toBe(configHash(12));
  });
});

describe('isDnsLabel at its length limit', () => {
  test('63 characters is a label, 64 is not (RFC 1123; Kubernetes IsDNS1123Label)', () => {
    expect(isDnsLabel('a'.repeat(63))).toBe(true);
    expect(isDnsLabel('a'.repeat(64))).toBe(false);
  });
  test('a smaller limit is inclusive too', () => {
    expect(isDnsLabel('abcde', 5)).toBe(true);
    expect(isDnsLabel('abcdef', 5)).toBe(false);
  });
});

describe('suggestDnsLabel', () => {
  test.each([
    ['a  b', 10, 'a-b'], // a run of other characters is one '-'
    ['a - b', 10, 'a-b'], // '-' inside such a run too
    ['a--b', 10, 'a-b'],
    ['-a-', 10, 'a'], // no '-' at either end
    ['__a b__', 10, 'a-b'],
    ['abcde-fgh', 6, 'abcde'], // cut at the limit, then the '-' it left at the end dropped
    ['a-b-c', 10, 'a-b-c'], // inner '-' kept
    ['MyJaeger', 63, 'my-jaeger'],
  ])('suggestDnsLabel(%j, %d) is %j', (value, max, expected) => {
    expect(suggestDnsLabel(value, max)).toBe(expected);
  });
});

describe('the restricted security contexts (Pod Security Standards, "restricted" profile)', () => {
  test('pod: non-root with the given UID as user, group and fsGroup, seccomp RuntimeDefault', () => {
    expect(restrictedPodSecurityContext(2000)).toStrictEqual({
      runAsNonRoot: true,
      runAsUser: 2000,
      runAsGroup: 2000,
      fsGroup: 2000,
      // Only chown/chmod a volume whose root does not already match: fast restarts on large volumes.
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
  test('container: no privilege escalation, all capabilities dropped, non-root, read-only root filesystem', () => {
    expect(restrictedContainerSecurityContext()).toStrictEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});
