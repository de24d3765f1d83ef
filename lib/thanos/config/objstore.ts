import { stringify } from 'yaml';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';

/** Keys of the credentials Secret unless the user names others. */
export const DEFAULT_S3_ACCESS_KEY_ID_KEY = 'access_key_id';
export const DEFAULT_S3_SECRET_ACCESS_KEY_KEY = 'secret_access_key';
/** The key of an existing objstore Secret unless the user names another. */
export const DEFAULT_OBJSTORE_SECRET_KEY = 'objstore.yml';

/**
 * The environment variables the S3 client reads when the objstore config has no `access_key`: thanos-io/objstore
 * `providers/s3` then uses minio-go's credential chain, whose first link (`EnvAWS`) reads these.
 */
export const AWS_ACCESS_KEY_ID_ENV = 'AWS_ACCESS_KEY_ID';
export const AWS_SECRET_ACCESS_KEY_ENV = 'AWS_SECRET_ACCESS_KEY';

/**
 * The variable naming the AWS shared-credentials file: minio-go's `FileAWSCredentials`, the second link of the chain
 * thanos-io/objstore `providers/s3` builds when the config has no `access_key`, reads the file it names
 * (`[default]` profile, keys `aws_access_key_id` / `aws_secret_access_key`; minio/minio-go
 * pkg/credentials/file_aws_credentials.go). A path, not a secret.
 */
export const AWS_SHARED_CREDENTIALS_FILE_ENV = 'AWS_SHARED_CREDENTIALS_FILE';

/** S3 credentials held in a Secret the user already has. */
export interface S3CredentialsSecret {
  /** The Secret's name, in the namespace of the components. */
  readonly secretName: string;
  /**
   * The key of an AWS shared-credentials file (INI: `[default]`, `aws_access_key_id = …`, `aws_secret_access_key =
   * …`) in the Secret. It is mounted as a file (mode 0440) and named by AWS_SHARED_CREDENTIALS_FILE, so the keys
   * never sit in the process environment. Takes the place of `accessKeyIdKey` and `secretAccessKeyKey`.
   * @default the two keys are passed as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables
   */
  readonly sharedCredentialsFileKey?: string;
  /** @default DEFAULT_S3_ACCESS_KEY_ID_KEY */
  readonly accessKeyIdKey?: string;
  /** @default DEFAULT_S3_SECRET_ACCESS_KEY_KEY */
  readonly secretAccessKeyKey?: string;
}

/**
 * An S3-compatible bucket (AWS S3, MinIO …). The library renders the objstore config without credentials; the
 * credentials reach the S3 client as environment variables from a Secret, or from the node's IAM role.
 */
export interface S3ObjectStorageSpec {
  readonly kind: 's3';
  readonly bucket: string;
  /** `host` or `host:port`, without a scheme, e.g. `minio.storage.svc.cluster.local:9000`. */
  readonly endpoint: string;
  /** @default the client's default */
  readonly region?: string;
  /** Plain HTTP to the endpoint. @default false */
  readonly insecure?: boolean;
  /** A path prefix inside the bucket for every object. @default none */
  readonly prefix?: string;
  /** @default no Secret: the S3 client falls back to its file and IAM credential providers */
  readonly credentials?: S3CredentialsSecret;
}

/** A Secret the user already has that holds a complete objstore config (`type`, `config`). */
export interface ExistingObjectStorageSpec {
  readonly kind: 'existing-secret';
  readonly secretName: string;
  /** @default DEFAULT_OBJSTORE_SECRET_KEY */
  readonly key?: string;
  /**
   * `host` or `host:port` of the object store, for the egress NetworkPolicy (the library cannot read the Secret).
   * @default any address but the metadata range, on port 443
   */
  readonly endpoint?: string;
  /**
   * Identifies the bucket for the tree-wide checks (two compactors on one bucket), since the library cannot read
   * the Secret: e.g. `s3://thanos-metrics`. @default the Secret's name
   */
  readonly bucketId?: string;
}

export type ObjectStorageSpec = S3ObjectStorageSpec | ExistingObjectStorageSpec;

/** The objstore config file (`--objstore.config-file`) for an S3 bucket: `type: S3`, `config`, `prefix`. */
export interface S3ObjstoreConfig {
  readonly type: 'S3';
  readonly config: {
    readonly bucket: string;
    readonly endpoint: string;
    readonly region?: string;
    readonly insecure: boolean;
  };
  readonly prefix?: string;
}

const LITERAL_KEYS = ['accessKey', 'secretKey', 'access_key', 'secret_key', 'accessKeyId', 'secretAccessKey'];
const ENDPOINT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/i;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Checks an object storage spec; a credential given as a literal is an error. */
export function checkObjectStorage(
  spec: ObjectStorageSpec,
  context: ErrorContext,
  prop: string,
): ObjectStorageSpec {
  const literal = LITERAL_KEYS.find((k) => (spec as unknown as Record<string, unknown>)[k] !== undefined);
  if (literal !== undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.LITERAL_SECRET,
      prop: `${prop}.${literal}`,
      problem: 'is a credential given as a literal, which would land in the manifests',
      value: '<redacted>',
      fix: `put the keys in a Secret and reference it with ${prop}.credentials: { secretName }`,
    });
  }
  if (spec.kind === 'existing-secret') return spec;
  if (!BUCKET.test(spec.bucket)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.bucket`,
      problem: 'is not an S3 bucket name (3 to 63 lower case letters, digits, dots and hyphens)',
      value: spec.bucket,
      fix: "name the bucket as S3 and MinIO do, e.g. 'thanos-metrics'",
    });
  }
  if (!ENDPOINT.test(spec.endpoint)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.endpoint`,
      problem: 'must be a host or host:port without a scheme',
      value: spec.endpoint,
      fix: "write e.g. 'minio.storage.svc.cluster.local:9000' and set insecure: true for plain HTTP",
    });
  }
  return spec;
}

/** The objstore config of an S3 bucket, without credentials. */
export function s3ObjstoreConfig(spec: S3ObjectStorageSpec): S3ObjstoreConfig {
  return {
    type: 'S3',
    config: {
      bucket: spec.bucket,
      endpoint: spec.endpoint,
      ...(spec.region !== undefined ? { region: spec.region } : {}),
      insecure: spec.insecure ?? false,
    },
    ...(spec.prefix !== undefined ? { prefix: spec.prefix } : {}),
  };
}

/** The objstore config file as YAML. */
export function renderObjstoreConfig(config: S3ObjstoreConfig): string {
  return stringify(config, { lineWidth: 0 });
}

/** What identifies a bucket (and prefix) across a construct tree. */
export function bucketId(spec: ObjectStorageSpec): string {
  if (spec.kind === 'existing-secret') return spec.bucketId ?? `secret:${spec.secretName}`;
  return `s3://${spec.endpoint}/${spec.bucket}${spec.prefix ? `/${spec.prefix}` : ''}`;
}
