import {
  ApiObject,
  App,
  ImplicitTokenResolver,
  JsonPatch,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
} from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

/**
 * Rendering API objects to JSON: what `apiObject.toJson()` returns, in less time.
 *
 * `ApiObject.toJson()` (cdk8s@2.70.106 lib/api-object.js) resolves the object's props with the app's resolvers
 * (lib/resolve.js: one `App.of()` walk to the root and one copied key path per value), walks the result again to
 * drop `null`/`undefined` and sort keys (lib/_util.js `sanitizeValue`), applies the object's JSON patches and puts
 * `apiVersion`, `kind` and `metadata` first; the metadata (lib/metadata.js) is resolved and sanitized the same way,
 * dropping empty arrays and objects. The generated classes of cdk8s-plus-28's `k8s` module then map the result
 * through their `toJson_<Kind>Props` function (lib/imports/k8s.js) and spread their `GVK` in front.
 *
 * {@link renderApiObject} does the same with one walk for resolve and sanitize together. It applies only where the
 * outcome is the same by construction, and calls `toJson()` everywhere else: apps with exactly cdk8s's three
 * built-in resolvers (a custom resolver may look at the key path), objects of `ApiObject` itself or of a generated
 * `k8s.Kube*` class (a subclass may override `toJson()`), values that are primitives, plain objects, arrays, `Lazy`
 * values, tokens (`resolve()`) or number/string unions (`IntOrString`, `Quantity`). Anything else — a `Date`, a
 * class instance cdk8s refuses to render — takes the whole object back to `toJson()`, so cdk8s raises its own error.
 * test/core/render.test.ts compares both on every object of every example and on generated values.
 */
export function renderApiObject(object: ApiObject): Record<string, unknown> {
  return render(object, true);
}

/**
 * The object's JSON before a generated `k8s.Kube*` class maps it through its `toJson_<Kind>Props` function: the
 * props resolved, sanitized and patched, `apiVersion`, `kind` and `metadata` first. That mapping writes a few keys
 * in their JSON spelling (`clusterIp` → `clusterIP`), drops keys the Kubernetes schema does not have and unwraps
 * number/string unions (`{ value: '1Gi' }` → `'1Gi'`); a reader of `spec.replicas` or of container `args` sees the
 * same values in both. Objects {@link renderApiObject} does not render itself go through `toJson()`.
 */
export function resolvedManifest(object: ApiObject): Record<string, unknown> {
  return render(object, false);
}

/** The fast path, with or without the generated class's mapping; `toJson()` where it does not apply. */
function render(object: ApiObject, mapped: boolean): Record<string, unknown> {
  try {
    const converter = fastPath(object);
    if (converter !== undefined) {
      const resolved = baseJson(object as unknown as ApiObjectInternals);
      return !mapped || converter === PLAIN ? resolved : { ...converter.gvk, ...converter.props(resolved) };
    }
  } catch {
    // FALL_BACK, or an error: toJson() raises it the way cdk8s does (with the construct path)
  }
  return object.toJson() as Record<string, unknown>;
}

/** What a generated class adds to `ApiObject.toJson()`. */
interface Converter {
  readonly gvk: { readonly apiVersion: string; readonly kind: string };
  readonly props: (resolved: Record<string, unknown>) => Record<string, unknown>;
}

/** The fields of cdk8s@2.70.106's `ApiObject` and `ApiObjectMetadataDefinition` that `toJson()` reads. */
interface ApiObjectInternals {
  readonly props: Record<string, unknown>;
  readonly patches: JsonPatch[];
  readonly metadata: MetadataInternals;
}
interface MetadataInternals {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations: Record<string, string>;
  readonly finalizers: string[];
  readonly ownerReferences: unknown[];
  readonly labels: Record<string, string>;
}

const BASE_TO_JSON = ApiObject.prototype.toJson;
/** The converter of a plain `ApiObject`: none. */
const PLAIN: Converter = { gvk: { apiVersion: '', kind: '' }, props: (resolved) => resolved };
const FALL_BACK = Symbol('fall back to toJson()');

/** The generated classes of the `k8s` module, by their `toJson` method. */
let converters: Map<unknown, Converter> | undefined;

function converterTable(): Map<unknown, Converter> {
  if (converters) return converters;
  const table = new Map<unknown, Converter>();
  // Every class with a GVK, by the toJson of its prototype. Nothing else is checked here: fastPath uses an entry only
  // for a direct instance of an ApiObject subclass whose toJson is the key, and a class without a toJson_ function
  // throws in render(), which then calls toJson(). In cdk8s-plus-28@2.5.6 each of the 139 classes with a GVK extends
  // ApiObject, defines toJson and has its toJson_<Kind>Props (test/core/render.test.ts renders one of each).
  const module = k8s as unknown as Record<string, { GVK?: Converter['gvk']; prototype: { toJson: unknown } }>;
  for (const [name, cls] of Object.entries(module)) {
    if (cls.GVK === undefined) continue;
    const props = module[`toJson_${name}Props`] as unknown as Converter['props'];
    table.set(cls.prototype.toJson, { gvk: cls.GVK, props });
  }
  // kept only once complete: a table cut short by an error would send the classes it misses to toJson() for good
  converters = table;
  return table;
}

/** The generated converter (or {@link PLAIN} for a plain ApiObject) when the fast path applies. */
function fastPath(object: ApiObject): Converter | undefined {
  // the fields baseJson reads are set by the constructors of ApiObject and ApiObjectMetadataDefinition of this copy
  // of cdk8s, whose toJson the checks below require (another copy's objects have another toJson)
  if (ApiObject.prototype.toJson !== BASE_TO_JSON || !hasBuiltInResolversOnly(object)) return undefined;
  const toJson = object.toJson;
  const proto = Object.getPrototypeOf(object) as object;
  if (toJson === BASE_TO_JSON) return proto === ApiObject.prototype ? PLAIN : undefined;
  // a direct instance of a generated class: a subclass could change what toJson() does around it. The table is
  // keyed by the toJson the object calls, so the converter is the one that toJson() would apply.
  return Object.getPrototypeOf(proto) === ApiObject.prototype ? converterTable().get(toJson) : undefined;
}

/** Whether the app resolves with cdk8s's three built-in resolvers only (cdk8s@2.70.106 lib/app.js constructor). */
function hasBuiltInResolversOnly(object: ApiObject): boolean {
  const r = (App.of(object) as App).resolvers;
  return (
    r.length === 3 &&
    r[0] instanceof LazyResolver &&
    r[1] instanceof ImplicitTokenResolver &&
    r[2] instanceof NumberStringUnionResolver
  );
}

function baseJson(object: ApiObjectInternals): Record<string, unknown> {
  const m = object.metadata;
  // ApiObjectMetadataDefinition.toJson(): sanitized with filterEmptyArrays and filterEmptyObjects, keys sorted
  const metadata = clean(
    {
      ...m._additionalAttributes,
      name: m.name,
      namespace: m.namespace,
      annotations: m.annotations,
      finalizers: m.finalizers,
      ownerReferences: m.ownerReferences,
      labels: m.labels,
    },
    true,
    true,
  );
  // the one variable cdk8s's own toJson() reads (lib/api-object.js); honoured so both render the same
  // eslint-disable-next-line no-restricted-properties
  const sortKeys = process.env.CDK8S_DISABLE_SORT ? false : true;
  // patched also when there are none, as cdk8s@2.70.106 lib/api-object.js toJson() does
  const json = JsonPatch.apply(
    clean({ ...object.props, metadata }, sortKeys, false),
    ...object.patches,
  ) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)])
    if (k in json) result[k] = json[k];
  return result;
}

/**
 * `sanitizeValue(resolve([], value, obj), options)` for the built-in resolvers, in one walk: `Lazy` values are
 * produced, tokens resolved, number/string unions become `{ value }`, `null`/`undefined` entries dropped, keys
 * sorted, and (for metadata) empty arrays and objects dropped. Anything else falls back to `toJson()`.
 */
function clean(value: unknown, sortKeys: boolean, filterEmpty: boolean): unknown {
  if (value === null) return undefined;
  const type = typeof value;
  // undefined among them: the caller drops it
  if (type !== 'object' && type !== 'function') return value;
  // the resolvers, in cdk8s's order: LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver
  if (value instanceof Lazy) return clean(value.produce(), sortKeys, filterEmpty);
  const v = value as { resolve?: unknown; value?: unknown; constructor?: unknown };
  if (typeof v.resolve === 'function') return clean((v.resolve as () => unknown)(), sortKeys, filterEmpty);
  if (v.constructor === Object) {
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source);
    if (sortKeys) keys.sort();
    const out: Record<string, unknown> = {};
    let empty = true;
    for (const key of keys) {
      const cleaned = clean(source[key], sortKeys, filterEmpty);
      if (cleaned !== undefined) {
        out[key] = cleaned;
        empty = false;
      }
    }
    return filterEmpty && empty ? undefined : out;
  }
  if (typeof v.value === 'number' || typeof v.value === 'string') {
    return clean({ value: v.value }, sortKeys, filterEmpty);
  }
  if (Array.isArray(value)) {
    if (filterEmpty && value.length === 0) return undefined;
    return value.map((item) => clean(item, sortKeys, filterEmpty));
  }
  // functions are kept as they are by sanitizeValue; other objects are refused by it: let toJson() decide
  if (type === 'function') return value;
  throw FALL_BACK;
}
