import {
  ApiObject,
  App,
  Chart,
  IResolver,
  ImplicitTokenResolver,
  JsonPatch,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
  ResolutionContext,
} from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import fc from 'fast-check';
import { buildExamplesApp, EXAMPLES } from '../../examples/registry';
import { fleetHierarchical } from '../../examples/fleet-hierarchical';
import { renderApiObject, resolvedManifest } from '../../lib/core/render';

// renderApiObject must return exactly what toJson() returns (key order included: the YAML follows it), and take its
// own path wherever it claims to, so the speed-up is real.

function objectsOf(app: App): ApiObject[] {
  return app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
}

/**
 * Renders with `App.of` spied on: the JSON, and whether `toJson()` did the work. The fast path looks the app up
 * once (for its resolvers); cdk8s's `toJson()` looks it up for every value it resolves (App.of then recurses
 * to the root: only the calls on the object itself count). (Spying on `toJson` itself
 * would put a method of another kind on the object, which takes it off the fast path.)
 */
function renderSpied(object: ApiObject): { json: string; calledToJson: boolean } {
  const spy = jest.spyOn(App, 'of');
  try {
    const json = JSON.stringify(renderApiObject(object));
    return { json, calledToJson: spy.mock.calls.filter(([c]) => c === object).length > 1 };
  } finally {
    spy.mockRestore();
  }
}

describe('renderApiObject', () => {
  // Built by the first test that needs it, not while the file loads: the first render fills (and caches) the
  // converter table, and a mutation run attributes that code only to the test that ran it, so the test that checks
  // the fast path has to be the one that fills the table.
  let built: ApiObject[] | undefined;
  const examples = () => (built ??= objectsOf(buildExamplesApp(undefined, [...EXAMPLES, fleetHierarchical])));

  test('renders every object of every example and of a 200-cluster fleet as toJson() does, without calling it', () => {
    const objects = examples();
    expect(objects.length).toBeGreaterThan(3000);
    const different: string[] = [];
    const slow: string[] = [];
    for (const object of objects) {
      const { json, calledToJson } = renderSpied(object);
      if (json !== JSON.stringify(object.toJson())) different.push(object.node.path);
      if (calledToJson) slow.push(`${object.kind} ${object.node.path}`);
    }
    expect(different).toEqual([]);
    // every object the library creates is a plain ApiObject or a generated k8s class: all take the fast path
    expect(slow).toEqual([]);
  });

  test('the data-path model reads the same replicas and container args from resolvedManifest as from toJson()', () => {
    const workloads = examples().filter((o) => o.kind === 'StatefulSet' || o.kind === 'Deployment');
    expect(workloads.length).toBeGreaterThan(200);
    type Workload = {
      spec: { replicas?: number; template: { spec: { containers: { args?: string[] }[] } } };
    };
    const read = (m: unknown) => {
      const w = m as Workload;
      return JSON.stringify([w.spec.replicas, w.spec.template.spec.containers.map((c) => c.args)]);
    };
    const different = workloads.filter((o) => read(resolvedManifest(o)) !== read(o.toJson()));
    expect(different.map((o) => o.node.path)).toEqual([]);
  });
});

/** Arbitrary prop values: JSON, with nulls, undefined, empty containers, Lazy values, tokens and number/string unions. */
const leaf = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.integer().map((n) => k8s.IntOrString.fromNumber(n)),
  fc.string({ maxLength: 4 }).map((s) => k8s.Quantity.fromString(s)),
);
const { value: propValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('value'), { maxKeys: 5 }),
    tie('value').map((v) => Lazy.any({ produce: () => v })),
    tie('value').map((v) => ({ resolve: () => v })),
  ),
}));
const labels = fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), {
  maxKeys: 3,
  noNullPrototype: true,
});

describe('renderApiObject on generated objects', () => {
  test('a plain ApiObject: the same JSON as toJson()', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), propValue, { maxKeys: 5 }),
        labels,
        labels,
        fc.boolean(),
        (extra, objectLabels, annotations, patched) => {
          const chart = new Chart(new App(), 'c', { labels: { app: 'x' } });
          const spec = { ...extra };
          delete spec.metadata;
          const object = new ApiObject(chart, 'o', {
            apiVersion: 'example.io/v1',
            kind: 'Thing',
            metadata: { labels: objectLabels, annotations, finalizers: [] },
            ...spec,
          });
          if (patched) object.addJsonPatch(JsonPatch.add('/metadata/labels/patched', 'yes'));
          let expected: string;
          try {
            expected = JSON.stringify(object.toJson());
          } catch (e) {
            // what cdk8s cannot render, renderApiObject does not render either, with the same error
            expect(() => renderApiObject(object)).toThrow((e as Error).message);
            return;
          }
          expect(JSON.stringify(renderApiObject(object))).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a generated k8s class: the same JSON as toJson(), number/string unions unwrapped where the schema has them', () => {
    fc.assert(
      fc.property(
        labels,
        fc.integer({ min: 1, max: 65535 }),
        fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 5 }),
          fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
          {
            maxKeys: 4,
            // a ConfigMap's data is a plain object (fast-check also makes null-prototype ones, which cdk8s refuses)
            noNullPrototype: true,
          },
        ),
        (podLabels, port, replicas, data) => {
          const chart = new Chart(new App(), 'c');
          const objects: ApiObject[] = [
            new k8s.KubeService(chart, 's', {
              metadata: { labels: podLabels },
              spec: {
                clusterIp: 'None',
                ports: [{ name: 'http', port, targetPort: k8s.IntOrString.fromNumber(port) }],
              },
            }),
            new k8s.KubeDeployment(chart, 'd', {
              spec: {
                replicas,
                selector: { matchLabels: { app: 'd' } },
                template: {
                  metadata: { labels: { app: 'd', ...podLabels } },
                  spec: {
                    containers: [
                      {
                        name: 'c',
                        image: 'example/c:1',
                        resources: {
                          limits: {
                            cpu: k8s.Quantity.fromString('1'),
                            memory: k8s.Quantity.fromString('1Gi'),
                          },
                        },
                        readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('http') } },
                      },
                    ],
                  },
                },
              },
            }),
            new k8s.KubeConfigMap(chart, 'm', { data: data as Record<string, string> }),
          ];
          for (const object of objects) {
            const { json, calledToJson } = renderSpied(object);
            expect(calledToJson).toBe(false);
            expect(json).toBe(JSON.stringify(object.toJson()));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  test('every generated class of cdk8s-plus-28 (139 kinds): its own apiVersion and kind, the same JSON as toJson(), without calling it', () => {
    const chart = new Chart(new App(), 'c');
    type Generated = (new (s: Chart, id: string, p: object) => ApiObject) & {
      GVK?: { apiVersion: string; kind: string };
    };
    const rendered = Object.entries(k8s as unknown as Record<string, Generated>)
      .filter(([, cls]) => cls.GVK !== undefined)
      .map(([name, cls]) => {
        const object = new cls(chart, name, {});
        const { json, calledToJson } = renderSpied(object);
        const { apiVersion, kind } = JSON.parse(json) as { apiVersion: string; kind: string };
        const ownKind = apiVersion === cls.GVK?.apiVersion && kind === cls.GVK.kind;
        return { name, ownKind, same: json === JSON.stringify(object.toJson()), calledToJson };
      });
    expect(rendered).toHaveLength(139);
    // a table keyed wrongly would give one class another's apiVersion and kind
    expect(rendered.filter((r) => !r.ownKind || !r.same || r.calledToJson)).toStrictEqual([]);
    const deployment = new k8s.KubeDeployment(chart, 'd', {});
    expect(JSON.parse(renderSpied(deployment).json)).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
    });
  });
});

describe('renderApiObject falls back to toJson()', () => {
  test('in an app with a resolver of its own (it may look at the key path)', () => {
    class Upper implements IResolver {
      resolve(context: ResolutionContext): void {
        const v = context.value;
        // replaces once: cdk8s resolves a replaced value again
        if (typeof v === 'string' && context.key.includes('data') && v !== v.toUpperCase())
          context.replaceValue(v.toUpperCase());
      }
    }
    const chart = new Chart(new App({ resolvers: [new Upper()] }), 'c');
    const map = new k8s.KubeConfigMap(chart, 'm', { data: { a: 'x' } });
    const { json, calledToJson } = renderSpied(map);
    expect(calledToJson).toBe(true);
    expect(JSON.parse(json).data).toEqual({ a: 'X' });
  });

  test.each([
    [
      'after the three built-in ones',
      (own: IResolver) => [
        new LazyResolver(),
        new ImplicitTokenResolver(),
        new NumberStringUnionResolver(),
        own,
      ],
    ],
    [
      'in place of the first built-in one',
      (own: IResolver) => [own, new ImplicitTokenResolver(), new NumberStringUnionResolver()],
    ],
    [
      'in place of the second built-in one',
      (own: IResolver) => [new LazyResolver(), own, new NumberStringUnionResolver()],
    ],
    [
      'in place of the third built-in one',
      (own: IResolver) => [new LazyResolver(), new ImplicitTokenResolver(), own],
    ],
  ])('in an app with a resolver of its own %s', (_where, resolvers) => {
    class Upper implements IResolver {
      resolve(context: ResolutionContext): void {
        const v = context.value;
        if (typeof v === 'string' && context.key.includes('data') && v !== v.toUpperCase())
          context.replaceValue(v.toUpperCase());
      }
    }
    const chart = new Chart(new App({ resolvers: resolvers(new Upper()) }), 'c');
    const map = new k8s.KubeConfigMap(chart, 'm', { data: { a: 'x' } });
    const { json, calledToJson } = renderSpied(map);
    expect(calledToJson).toBe(true);
    expect(JSON.parse(json).data).toEqual({ a: 'X' });
  });

  test('for a subclass of ApiObject, even one that does not override toJson()', () => {
    class Thing extends ApiObject {}
    const object = new Thing(new Chart(new App(), 'c'), 'o', { apiVersion: 'example.io/v1', kind: 'Thing' });
    expect(renderSpied(object).calledToJson).toBe(true);
  });

  test('for a subclass of a generated class that keeps its toJson()', () => {
    class MyMap extends k8s.KubeConfigMap {}
    const object = new MyMap(new Chart(new App(), 'c'), 'm', { data: { a: 'x' } });
    expect(renderSpied(object).calledToJson).toBe(true);
  });

  test('for a subclass that renders itself', () => {
    class Custom extends k8s.KubeConfigMap {
      public override toJson(): unknown {
        return { ...(super.toJson() as object), custom: true };
      }
    }
    const object = new Custom(new Chart(new App(), 'c'), 'm', { data: { a: 'x' } });
    const { json, calledToJson } = renderSpied(object);
    expect(calledToJson).toBe(true);
    expect(JSON.parse(json).custom).toBe(true);
  });

  test('when ApiObject.prototype.toJson has been replaced (by another library, say), for every object', () => {
    const original = ApiObject.prototype.toJson;
    ApiObject.prototype.toJson = function (this: ApiObject) {
      const json = original.call(this) as { metadata: object };
      return { ...json, metadata: { ...json.metadata, labels: { replaced: 'yes' } } };
    };
    try {
      const chart = new Chart(new App(), 'c');
      const object = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'Thing' });
      expect(renderApiObject(object)).toMatchObject({
        kind: 'Thing',
        metadata: { labels: { replaced: 'yes' } },
      });
      // a generated class's toJson calls the replaced one (super.toJson()) before its mapping
      const map = new k8s.KubeConfigMap(chart, 'm', { data: { a: 'x' } });
      expect(renderApiObject(map)).toMatchObject({
        kind: 'ConfigMap',
        metadata: { labels: { replaced: 'yes' } },
      });
    } finally {
      ApiObject.prototype.toJson = original;
    }
  });

  test('for a value cdk8s refuses, with cdk8s’s own error naming the object', () => {
    const object = new ApiObject(new Chart(new App(), 'c'), 'o', {
      apiVersion: 'v1',
      kind: 'Thing',
      spec: { when: new Date(0) },
    });
    expect(() => renderApiObject(object)).toThrow(
      "Failed serializing construct at path 'c/o' with name 'c-o-c89fde97': Error: can't render non-simple object of type 'Date'",
    );
  });
});

describe('resolvedManifest and the details of the JSON', () => {
  test('resolvedManifest is the JSON before the generated mapping: JavaScript spelling, unions as { value }', () => {
    const service = new k8s.KubeService(new Chart(new App(), 'c'), 's', {
      spec: { clusterIp: 'None', ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    const before = resolvedManifest(service) as { spec: Record<string, any> };
    expect(before.spec.clusterIp).toBe('None');
    expect(before.spec.clusterIP).toBeUndefined();
    expect(before.spec.ports[0].targetPort).toEqual({ value: 'http' });
    const after = renderApiObject(service) as { spec: Record<string, any> };
    expect(after.spec.clusterIP).toBe('None');
    expect(after.spec.ports[0].targetPort).toBe('http');
    // a plain ApiObject has no mapping: both are the same
    const plain = new ApiObject(new Chart(new App(), 'p'), 'o', {
      apiVersion: 'v1',
      kind: 'Thing',
      spec: { b: 1, a: 2 },
    });
    expect(resolvedManifest(plain)).toEqual(renderApiObject(plain));
  });

  test('apiVersion, kind and metadata first, then the other keys sorted; null and undefined dropped, empty lists kept outside metadata', () => {
    const object = new ApiObject(new Chart(new App(), 'c'), 'o', {
      apiVersion: 'v1',
      kind: 'Thing',
      metadata: { name: 'o', labels: {}, annotations: {}, finalizers: [] },
      zeta: { b: [], a: null, c: undefined, d: 0 },
      alpha: 'x',
    });
    const json = renderApiObject(object);
    expect(Object.keys(json)).toEqual(['apiVersion', 'kind', 'metadata', 'alpha', 'zeta']);
    expect(json.metadata).toEqual({ name: 'o' });
    expect(json.zeta).toStrictEqual({ b: [], d: 0 });
    expect(JSON.stringify(json)).toBe(JSON.stringify(object.toJson()));
  });

  test('null values, functions and lists in metadata stay on the fast path and come out as toJson() gives them', () => {
    const fn = () => 'f';
    const object = new ApiObject(new Chart(new App(), 'c'), 'o', {
      apiVersion: 'v1',
      kind: 'Thing',
      metadata: {
        finalizers: ['example.io/keep'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'Owner', name: 'x', uid: '1' }],
      },
      spec: { gone: null, list: [null, 1], fn },
    });
    const { json, calledToJson } = renderSpied(object);
    expect(calledToJson).toBe(false);
    expect(JSON.parse(json).metadata).toStrictEqual({
      finalizers: ['example.io/keep'],
      name: 'c-o-c89fde97',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Owner', name: 'x', uid: '1' }],
    });
    const rendered = renderApiObject(object);
    expect(rendered).toStrictEqual(object.toJson());
    // sanitizeValue keeps a function as it is, and a null inside a list
    expect(rendered.spec).toStrictEqual({ fn, list: [undefined, 1] });
  });

  test('a patch that removes kind or metadata leaves them out, as toJson() does (a generated class puts its kind back)', () => {
    const chart = new Chart(new App(), 'c');
    const plain = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'Thing', spec: {} });
    plain.addJsonPatch(JsonPatch.remove('/kind'), JsonPatch.remove('/metadata'));
    const generated = new k8s.KubeConfigMap(chart, 'm', { data: { a: 'x' } });
    generated.addJsonPatch(JsonPatch.remove('/kind'));
    expect(renderApiObject(plain)).toStrictEqual({ apiVersion: 'v1', spec: {} });
    expect(renderApiObject(plain)).toStrictEqual(plain.toJson());
    expect(Object.keys(renderApiObject(generated))).toStrictEqual(['apiVersion', 'kind', 'metadata', 'data']);
    expect(renderApiObject(generated)).toStrictEqual(generated.toJson());
  });

  test('JSON patches are applied, as toJson() does', () => {
    const object = new ApiObject(new Chart(new App(), 'c'), 'o', {
      apiVersion: 'v1',
      kind: 'Thing',
      spec: { a: 1 },
    });
    object.addJsonPatch(JsonPatch.replace('/spec/a', 2), JsonPatch.add('/spec/b', 3));
    expect((renderApiObject(object) as { spec: object }).spec).toStrictEqual({ a: 2, b: 3 });
    expect(JSON.stringify(renderApiObject(object))).toBe(JSON.stringify(object.toJson()));
  });

  test('with CDK8S_DISABLE_SORT set, keys keep their order, as in toJson()', () => {
    const before = process.env.CDK8S_DISABLE_SORT;
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const object = new ApiObject(new Chart(new App(), 'c'), 'o', {
        apiVersion: 'v1',
        kind: 'Thing',
        metadata: { name: 'o', labels: { b: '1', a: '2' } },
        spec: { b: 1, a: 2 },
      });
      const json = renderApiObject(object) as { spec: object; metadata: { labels: object } };
      expect(Object.keys(json.spec)).toEqual(['b', 'a']);
      // cdk8s sorts metadata whatever the variable says (lib/metadata.js toJson: sanitizeValue's default sortKeys)
      expect(Object.keys(json.metadata)).toEqual(['labels', 'name']);
      expect(Object.keys(json.metadata.labels)).toEqual(['a', 'b']);
      expect(JSON.stringify(json)).toBe(JSON.stringify(object.toJson()));
    } finally {
      if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before;
    }
  });
});
