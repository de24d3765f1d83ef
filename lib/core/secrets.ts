import { k8s } from 'cdk8s-plus-28';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';
import { isDnsSubdomain } from './names';

/** A key of a Kubernetes Secret the user manages. Credentials enter the library only this way. */
export interface SecretKeyReference {
  /** The Secret's name, in the namespace of the workload that reads it. */
  readonly name: string;
  /** The key inside the Secret. */
  readonly key: string;
}

const KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Checks a Secret reference: a literal string where a reference is expected is refused (credentials never live in
 * props or manifests), and so is a reference without a valid name or key.
 */
export function checkSecretKeyReference(
  value: unknown,
  context: ErrorContext,
  prop: string,
): SecretKeyReference {
  if (typeof value === 'string') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.LITERAL_SECRET,
      prop,
      problem: 'is a literal credential',
      value: '<redacted>',
      fix: "store it in a Secret and pass { name: '<secret>', key: '<key>' }",
    });
  }
  const ref = (value ?? {}) as Partial<SecretKeyReference>;
  if (!isDnsSubdomain(ref.name)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop: `${prop}.name`,
      problem: 'must name a Secret',
      value: ref.name,
      fix: 'give the name of an existing Secret in the same namespace',
    });
  }
  if (typeof ref.key !== 'string' || !KEY.test(ref.key)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.DANGLING_REFERENCE,
      prop: `${prop}.key`,
      problem: `must name a key of Secret '${ref.name}'`,
      value: ref.key,
      fix: "add the key that holds the value, e.g. { name: 'es-credentials', key: 'password' }",
    });
  }
  return { name: ref.name, key: ref.key };
}

/**
 * The file mode of mounted Secret files: read for the owner and the pod's group (the fsGroup every workload of the
 * library runs with), nothing for others, never writable. Kubernetes's own default is 0644.
 */
export const SECRET_FILE_MODE = 0o440;

/** A volume of a Secret's keys (all of them, or the listed ones) as files with {@link SECRET_FILE_MODE}. */
export function secretVolume(
  name: string,
  secretName: string,
  items?: readonly { readonly key: string; readonly path: string }[],
): k8s.Volume {
  return {
    name,
    secret: {
      secretName,
      defaultMode: SECRET_FILE_MODE,
      items: items?.map((i) => ({ key: i.key, path: i.path })),
    },
  };
}
