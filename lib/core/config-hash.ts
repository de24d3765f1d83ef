import { createHash } from 'node:crypto';

/** The pod-template annotation that carries the hash of a workload's configuration. */
export const CONFIG_HASH_ANNOTATION = 'observability-constructs.io/config-hash';

/**
 * A short, stable hash of configuration data (ConfigMap contents, say). Put it on a pod template so that a
 * configuration change changes the template and rolls the pods. Object keys are sorted first, so the hash depends
 * only on the content.
 */
export function configHash(...data: unknown[]): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
