// lib/core/endpoints.ts: the Pulumi bridge exports the endpoints of the constructs this says have them.
import { Construct } from 'constructs';
import { isEndpointSource } from '../../lib/core/endpoints';

function withEndpoints(endpoints: unknown): Construct {
  const c = new Construct(new Construct(undefined as never, ''), 'c');
  Object.defineProperty(c, 'endpoints', { value: endpoints });
  return c;
}

describe('isEndpointSource', () => {
  test('a construct with an endpoints map is one, also with an empty map', () => {
    expect(isEndpointSource(withEndpoints({ query: 'http://thanos-query:10902' }))).toBe(true);
    expect(isEndpointSource(withEndpoints({}))).toBe(true);
  });

  test.each([
    ['no endpoints', undefined],
    ['null', null],
    ['a list', ['http://thanos-query:10902']],
    ['a string', 'http://thanos-query:10902'],
  ])('a construct whose endpoints are %s is not', (_what, endpoints) => {
    expect(isEndpointSource(withEndpoints(endpoints))).toBe(false);
  });
});
