import Ajv, { ValidateFunction } from 'ajv';
import { Manifest } from './manifests';
import { SHARED_DIR } from './shared';

/**
 * Validates a built-in Kubernetes object with the model classes of `kubernetes-models` (generated from the
 * Kubernetes OpenAPI schema): wrong types, missing required fields, bad formats. Returns the error text, or
 * undefined when valid. Objects are built with cdk8s-plus's typed `k8s.Kube*` classes, which cannot carry unknown
 * fields, so this covers what typing does not.
 */
export function validateBuiltIn(manifest: Manifest): string | undefined {
  const [group, version] = manifest.apiVersion.includes('/')
    ? manifest.apiVersion.split('/')
    : [undefined, manifest.apiVersion];
  const modulePath =
    group === undefined
      ? `kubernetes-models/${version}/${manifest.kind}`
      : `kubernetes-models/${group}/${version}/${manifest.kind}`;
  const mod = require(modulePath) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = mod[manifest.kind];
  if (!Model) return `no model for ${manifest.apiVersion} ${manifest.kind}`;
  try {
    new Model(manifest).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether an apiVersion belongs to Kubernetes itself (validated by kubernetes-models) rather than to a CRD. */
export function isBuiltIn(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return (
    group === '' ||
    group.endsWith('.k8s.io') ||
    ['apps', 'batch', 'policy', 'autoscaling'].includes(group as string)
  );
}

let crdSchemas: Map<string, Record<string, any>> | undefined;
const compiled = new Map<string, ValidateFunction>();
/**
 * CRD patterns are Go (RE2) regular expressions; the one RE2 construct the CRDs here use that JavaScript lacks is
 * the case-insensitive flag `(?i)`. It becomes the `i` flag of the whole pattern (in these CRDs it stands before
 * everything but the `^` anchor, so this is exact).
 */
function re2(pattern: string, flags: string): RegExp {
  return pattern.includes('(?i)')
    ? new RegExp(pattern.split('(?i)').join(''), `${flags}i`)
    : new RegExp(pattern, flags);
}
re2.code = 're2';

const ajv = new Ajv({
  strict: false,
  allErrors: true,
  validateFormats: false,
  code: { regExp: re2 as never },
});

/** The schema of every CRD version in ../shared/crds, keyed `group/version/Kind` (test/support/crd-schemas.js). */
function loadCrdSchemas(): Map<string, Record<string, any>> {
  crdSchemas ??= new Map(
    Object.entries(
      (
        require('./crd-schemas') as { loadCrdSchemas(): Record<string, Record<string, any>> }
      ).loadCrdSchemas(),
    ),
  );
  return crdSchemas;
}

/**
 * Structural schemas of CRDs are OpenAPI v3: unknown fields are pruned by the API server unless
 * `x-kubernetes-preserve-unknown-fields` is set. We are stricter and treat an unknown field as an error, because a
 * pruned field is a setting that silently does nothing.
 */
function toJsonSchema(schema: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, any>).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (
      (key === 'items' || key === 'additionalProperties' || key === 'not') &&
      typeof value === 'object'
    ) {
      out[key] = toJsonSchema(value);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = (value as Record<string, any>[]).map(toJsonSchema);
    } else {
      out[key] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [...(out.anyOf ?? []), { type: 'integer' }, { type: 'string' }];
  }
  if (schema.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (
    schema.properties &&
    schema.additionalProperties === undefined &&
    !schema['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** Validates a custom resource against its CRD in ../shared/crds. Returns the error text, or undefined. */
export function validateCustomResource(manifest: Manifest): string | undefined {
  const [group, version] = manifest.apiVersion.split('/');
  const key = `${group}/${version}/${manifest.kind}`;
  const schema = loadCrdSchemas().get(key);
  if (!schema) return `no CRD schema for ${key} in ${SHARED_DIR}/crds`;
  const validate = compiled.get(key) ?? ajv.compile(toJsonSchema(schema));
  compiled.set(key, validate);
  if (validate(manifest)) return undefined;
  return JSON.stringify(validate.errors, null, 2);
}
