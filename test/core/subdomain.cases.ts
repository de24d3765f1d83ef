import { ErrorCode } from '../../lib/core';
import { checkHttpExposure } from '../../lib/core/http-exposure';
import { isDnsSubdomain } from '../../lib/core/names';
import { checkPlacement } from '../../lib/core/placement';
import { checkSecretKeyReference } from '../../lib/core/secrets';
import { checkQueryTls } from '../../lib/jaeger/query-tls';
import { constructErrorOf } from '../support/errors';

// Kubernetes object names of the DNS-1123 subdomain form: labels ([a-z0-9] at both ends, '-' inside) joined by
// '.', at most 253 characters (kubernetes/apimachinery@v0.28.15 pkg/util/validation/validation.go `dns1123SubdomainFmt`,
// `DNS1123SubdomainMaxLength`). Until this check was shared, four call sites used a pattern that let '.' sit
// anywhere inside, so `a..b`, `a-.b` and `a.-b` passed and the API server refused the manifest at apply.
const ctx = { construct: 'Test', path: 'chart/x' };
const label63 = 'a'.repeat(63);
// 3 × 63 + 61 + 3 dots = 253 characters, the longest subdomain.
const longest = `${label63}.${label63}.${label63}.${'b'.repeat(61)}`;

describe('isDnsSubdomain', () => {
  test.each([['a'], ['0'], ['a.b'], ['a-b.c1'], ['x--y.z'], ['mirror-pull'], [longest]])(
    'accepts %j',
    (name) => {
      expect(isDnsSubdomain(name)).toBe(true);
    },
  );
  test.each([
    ['a..b'],
    ['a-.b'],
    ['a.-b'],
    ['.a'],
    ['a.'],
    ['-a'],
    ['a-'],
    ['A'],
    ['a_b'],
    [''],
    [`${longest}c`], // 254 characters
  ])('refuses %j', (name) => {
    expect(isDnsSubdomain(name)).toBe(false);
  });
  test.each([[undefined], [null], [42], [['a']]])(
    'refuses a non-string (%j), for JavaScript callers',
    (value) => {
      expect(isDnsSubdomain(value)).toBe(false);
    },
  );
  test(`the longest is ${253} characters`, () => {
    expect(longest).toHaveLength(253);
  });
});

// Each call site refuses `a..b` with its own code and prop (it accepted it before).
describe.each([
  {
    site: 'a Secret key reference',
    run: () => checkSecretKeyReference({ name: 'a..b', key: 'k' }, ctx, 'password'),
    code: ErrorCode.INVALID_NAME,
    prop: 'password.name',
  },
  {
    site: 'an image pull Secret',
    run: () => checkPlacement({ imagePullSecrets: ['a..b'] }, ctx),
    code: ErrorCode.INVALID_VALUE,
    prop: 'placement.imagePullSecrets[0]',
  },
  {
    site: 'a PriorityClass',
    run: () => checkPlacement({ priorityClassName: 'a-.b' }, ctx),
    code: ErrorCode.INVALID_VALUE,
    prop: 'placement.priorityClassName',
  },
  {
    site: "an Ingress's TLS Secret",
    run: () =>
      checkHttpExposure(
        { kind: 'ingress', host: 'ui.example.com', tls: { secretName: 'a..b' }, access: 'open' } as never,
        { ownLogin: false },
        ctx,
        'exposure',
      ),
    code: ErrorCode.INVALID_NAME,
    prop: 'exposure.tls.secretName',
  },
  {
    site: 'an IngressClass',
    run: () =>
      checkHttpExposure(
        {
          kind: 'ingress',
          host: 'ui.example.com',
          tls: { secretName: 'ui-tls' },
          ingressClassName: 'a.-b',
          access: 'open',
        } as never,
        { ownLogin: false },
        ctx,
        'exposure',
      ),
    code: ErrorCode.INVALID_NAME,
    prop: 'exposure.ingressClassName',
  },
  {
    site: 'a Gateway',
    run: () =>
      checkHttpExposure(
        {
          kind: 'httpRoute',
          host: 'ui.example.com',
          access: 'open',
          gateway: { name: 'a..b', sectionName: 'https' },
        } as never,
        { ownLogin: false },
        ctx,
        'exposure',
      ),
    code: ErrorCode.INVALID_NAME,
    prop: 'exposure.gateway.name',
  },
  {
    site: "Jaeger query's TLS Secret",
    run: () => checkQueryTls({ secretName: 'a..b' }, undefined, ctx),
    code: ErrorCode.INVALID_NAME,
    prop: 'tls.secretName',
  },
])('$site named a..b', ({ run, code, prop }) => {
  test('is refused with its code and prop', () => {
    const error = constructErrorOf(run);
    expect(error.code).toBe(code);
    expect(error.prop).toBe(prop);
  });
});

test('the same names pass where they are well formed (the rows above fail on the name alone)', () => {
  expect(() => checkSecretKeyReference({ name: 'a.b', key: 'k' }, ctx, 'password')).not.toThrow();
  expect(() => checkPlacement({ imagePullSecrets: ['a.b'], priorityClassName: 'a-b.c' }, ctx)).not.toThrow();
  expect(() =>
    checkHttpExposure(
      {
        kind: 'ingress',
        host: 'ui.example.com',
        tls: { secretName: 'a.b' },
        ingressClassName: 'a.b',
        access: 'open',
      } as never,
      { ownLogin: false },
      ctx,
      'exposure',
    ),
  ).not.toThrow();
  expect(() =>
    checkHttpExposure(
      {
        kind: 'httpRoute',
        host: 'ui.example.com',
        access: 'open',
        gateway: { name: 'a.b', sectionName: 'https' },
      } as never,
      { ownLogin: false },
      ctx,
      'exposure',
    ),
  ).not.toThrow();
});
