import { stringifyYaml as stringify } from '../../core/manifest-yaml';
import { ErrorCode, ErrorContext, ObservabilityConstructError, isDnsSubdomain } from '../../core';

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

/** The key of a GCS service-account JSON in its Secret unless the user names another. */
export const DEFAULT_GCS_SERVICE_ACCOUNT_KEY = 'service-account.json';
/** The key of an Azure storage account key in its Secret unless the user names another. */
export const DEFAULT_AZURE_ACCOUNT_KEY_KEY = 'storage_account_key';
/** Where a filesystem bucket's volume is mounted unless the user names another directory. */
export const DEFAULT_FILESYSTEM_DIRECTORY = '/var/thanos/bucket';
/**
 * golang/oauth2 `google/default.go` (Application Default Credentials) reads the service-account JSON from the file
 * this variable names; thanos-io/objstore `providers/gcs/gcs.go` falls back to that logic when the config has no
 * `service_account`, so the JSON never enters the config file.
 */
export const GOOGLE_APPLICATION_CREDENTIALS_ENV = 'GOOGLE_APPLICATION_CREDENTIALS';
/**
 * The variable holding the Azure storage account key. thanos@v0.42.4 `pkg/extkingpin/flags.go` registers
 * `--objstore.config-file` with env substitution, and efficientgo/tools@6b7392939a60 (the version its go.mod pins)
 * `extkingpin/pathorcontent.go` replaces `$(NAME)` by the variable's value (an unset one is an error), so the
 * config file carries `$(AZURE_STORAGE_ACCOUNT_KEY)`, never the key.
 */
export const AZURE_STORAGE_ACCOUNT_KEY_ENV = 'AZURE_STORAGE_ACCOUNT_KEY';

/**
 * A Google Cloud Storage bucket (thanos-io/objstore@71d60dfee488, the version thanos@v0.42.4 `go.mod` pins:
 * `providers/gcs/gcs.go`; the provider type names are in `objstore.go`).
 * Without `credentials` the client uses Google's default credentials (GKE Workload Identity, the node's account).
 */
export interface GcsObjectStorageSpec {
  readonly kind: 'gcs';
  readonly bucket: string;
  /** A path prefix inside the bucket for every object. @default none */
  readonly prefix?: string;
  /** A Secret holding a service-account JSON key, mounted as a file. @default none: Google's default credentials */
  readonly credentials?: {
    readonly secretName: string;
    /** @default DEFAULT_GCS_SERVICE_ACCOUNT_KEY */
    readonly key?: string;
  };
}

/**
 * An Azure Blob Storage container (thanos-io/objstore `providers/azure`). Without `credentials` the client uses
 * Azure's default credential chain (workload identity, managed identity), or the managed identity `userAssignedId`.
 */
export interface AzureObjectStorageSpec {
  readonly kind: 'azure';
  /** `storage_account`. */
  readonly storageAccount: string;
  /** `container`. */
  readonly container: string;
  /** `endpoint`, the blob service's domain. @default the client's default (`blob.core.windows.net`) */
  readonly endpoint?: string;
  /** `user_assigned_id`: the client id of a user-assigned managed identity. @default none */
  readonly userAssignedId?: string;
  /** A path prefix inside the container for every object. @default none */
  readonly prefix?: string;
  /** A Secret holding the storage account key (`storage_account_key`). @default none */
  readonly credentials?: {
    readonly secretName: string;
    /** @default DEFAULT_AZURE_ACCOUNT_KEY_KEY */
    readonly accountKeyKey?: string;
  };
}

/**
 * A directory on a volume every Thanos component mounts (thanos-io/objstore `providers/filesystem`): for
 * development only, on a ReadWriteMany PersistentVolumeClaim the user created; it has none of an object store's
 * durability.
 */
export interface FilesystemObjectStorageSpec {
  readonly kind: 'filesystem';
  /** The ReadWriteMany PersistentVolumeClaim holding the blocks, in the components' namespace. */
  readonly claimName: string;
  /** Where it is mounted, the config's `directory`. @default DEFAULT_FILESYSTEM_DIRECTORY */
  readonly directory?: string;
  /** Must be `true`: a filesystem bucket is for development clusters. */
  readonly developmentOnly: boolean;
}

export type ObjectStorageSpec =
  | S3ObjectStorageSpec
  | GcsObjectStorageSpec
  | AzureObjectStorageSpec
  | FilesystemObjectStorageSpec
  | ExistingObjectStorageSpec;

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

/** The objstore config file of any provider: `type`, the provider's `config` and the bucket `prefix`. */
export interface ObjstoreConfig {
  readonly type: 'S3' | 'GCS' | 'AZURE' | 'FILESYSTEM';
  readonly config: Readonly<Record<string, unknown>>;
  readonly prefix?: string;
}

const LITERAL_KEYS = [
  'accessKey',
  'secretKey',
  'access_key',
  'secret_key',
  'accessKeyId',
  'secretAccessKey',
  'serviceAccount',
  'service_account',
  'storageAccountKey',
  'storage_account_key',
  'clientSecret',
  'client_secret',
  'storageConnectionString',
  'storage_connection_string',
];
const KINDS = ['s3', 'gcs', 'azure', 'filesystem', 'existing-secret'];
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const ENDPOINT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/i;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Checks an object storage spec; a credential given as a literal is an error. */
export function checkObjectStorage(
  spec: ObjectStorageSpec,
  context: ErrorContext,
  prop: string,
): ObjectStorageSpec {
  const record = (typeof spec === 'object' && spec !== null ? spec : {}) as unknown as Record<
    string,
    unknown
  >;
  const nested = (
    typeof record.credentials === 'object' && record.credentials !== null ? record.credentials : {}
  ) as Record<string, unknown>;
  const literal =
    LITERAL_KEYS.find((k) => record[k] !== undefined) ??
    LITERAL_KEYS.filter((k) => nested[k] !== undefined).map((k) => `credentials.${k}`)[0];
  if (literal !== undefined) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.LITERAL_SECRET,
      prop: `${prop}.${literal}`,
      problem: 'is a credential given as a literal, which would land in the manifests',
      value: '<redacted>',
      fix: `put the keys in a Secret and reference it with ${prop}.credentials: { secretName }`,
    });
  }
  const kind = (spec as { kind?: unknown } | undefined)?.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.kind`,
      problem: `must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}`,
      value: kind,
      fix: "describe the bucket, e.g. { kind: 's3', bucket: 'thanos', endpoint: 'minio:9000' }",
    });
  }
  if (spec.kind === 'existing-secret') {
    checkSecretName(spec.secretName, context, `${prop}.secretName`);
    return spec;
  }
  if (spec.kind === 'gcs') return checkGcs(spec, context, prop);
  if (spec.kind === 'azure') return checkAzure(spec, context, prop);
  if (spec.kind === 'filesystem') return checkFilesystem(spec, context, prop);
  if (spec.credentials !== undefined) {
    checkSecretName(spec.credentials.secretName, context, `${prop}.credentials.secretName`);
    checkSecretKey(spec.credentials.accessKeyIdKey, context, `${prop}.credentials.accessKeyIdKey`);
    checkSecretKey(spec.credentials.secretAccessKeyKey, context, `${prop}.credentials.secretAccessKeyKey`);
  }
  if (typeof spec.bucket !== 'string' || !BUCKET.test(spec.bucket)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.bucket`,
      problem: 'is not an S3 bucket name (3 to 63 lower case letters, digits, dots and hyphens)',
      value: spec.bucket,
      fix: "name the bucket as S3 and MinIO do, e.g. 'thanos-metrics'",
    });
  }
  if (typeof spec.endpoint !== 'string' || !ENDPOINT.test(spec.endpoint)) {
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

/** A Secret name the pods reference: a DNS subdomain. */
function checkSecretName(value: unknown, context: ErrorContext, prop: string): void {
  if (!isDnsSubdomain(value)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop,
      problem: 'must be the name of a Secret in the namespace of the components',
      value,
      fix: "name the Secret that holds the credentials, e.g. secretName: 'thanos-objstore-credentials'",
    });
  }
}

/** An optional key of a Secret. */
function checkSecretKey(value: unknown, context: ErrorContext, prop: string): void {
  if (value !== undefined && (typeof value !== 'string' || !SECRET_KEY.test(value))) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop,
      problem: 'must be a key of the Secret (letters, digits, ".", "_" and "-")',
      value,
      fix: 'name the key that holds the value, or leave it out for the default',
    });
  }
}

/** A required string prop without whitespace. */
function checkToken(value: unknown, context: ErrorContext, prop: string, fix: string): void {
  if (typeof value !== 'string' || value === '' || /[\s/]/.test(value)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'must be a non-empty name without whitespace or "/"',
      value,
      fix,
    });
  }
}

function checkGcs(spec: GcsObjectStorageSpec, context: ErrorContext, prop: string): GcsObjectStorageSpec {
  // providers/gcs/gcs.go refuses an empty bucket ("missing Google Cloud Storage bucket name").
  checkToken(spec.bucket, context, `${prop}.bucket`, "give the bucket's name, e.g. 'thanos-metrics'");
  if (spec.credentials !== undefined) {
    checkSecretName(spec.credentials.secretName, context, `${prop}.credentials.secretName`);
    checkSecretKey(spec.credentials.key, context, `${prop}.credentials.key`);
  }
  return spec;
}

function checkAzure(
  spec: AzureObjectStorageSpec,
  context: ErrorContext,
  prop: string,
): AzureObjectStorageSpec {
  // providers/azure/azure.go validate(): storage account and container are required; user_assigned_id cannot be
  // combined with storage_account_key.
  checkToken(
    spec.storageAccount,
    context,
    `${prop}.storageAccount`,
    "give the storage account, e.g. 'thanosmetrics'",
  );
  checkToken(spec.container, context, `${prop}.container`, "give the blob container, e.g. 'thanos'");
  if (spec.endpoint !== undefined && !ENDPOINT.test(spec.endpoint)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.endpoint`,
      problem: 'must be a domain without a scheme',
      value: spec.endpoint,
      fix: "write e.g. 'blob.core.chinacloudapi.cn', or leave it out for the public cloud",
    });
  }
  if (spec.credentials !== undefined) {
    checkSecretName(spec.credentials.secretName, context, `${prop}.credentials.secretName`);
    checkSecretKey(spec.credentials.accountKeyKey, context, `${prop}.credentials.accountKeyKey`);
    if (spec.userAssignedId !== undefined) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: `${prop}.userAssignedId`,
        problem: 'cannot be combined with credentials (a storage account key): Thanos refuses the config',
        value: spec.userAssignedId,
        fix: 'authenticate with either the managed identity or the account key',
      });
    }
  }
  if (spec.userAssignedId !== undefined) {
    checkToken(spec.userAssignedId, context, `${prop}.userAssignedId`, "give the identity's client id");
  }
  return spec;
}

function checkFilesystem(
  spec: FilesystemObjectStorageSpec,
  context: ErrorContext,
  prop: string,
): FilesystemObjectStorageSpec {
  if (spec.developmentOnly !== true) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
      prop: `${prop}.developmentOnly`,
      problem: 'must be true: a filesystem bucket has none of the durability of an object store',
      value: spec.developmentOnly,
      fix: "set developmentOnly: true for a development cluster, or use kind 's3', 'gcs' or 'azure'",
    });
  }
  if (!isDnsSubdomain(spec.claimName)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop: `${prop}.claimName`,
      problem: 'must name a PersistentVolumeClaim (ReadWriteMany) in the namespace of the components',
      value: spec.claimName,
      fix: "create the claim and give its name, e.g. claimName: 'thanos-bucket'",
    });
  }
  const directory = spec.directory ?? DEFAULT_FILESYSTEM_DIRECTORY;
  if (!directory.startsWith('/') || directory === '/' || /\s/.test(directory)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.directory`,
      problem: 'must be an absolute path other than /',
      value: directory,
      fix: `write e.g. '${DEFAULT_FILESYSTEM_DIRECTORY}'`,
    });
  }
  return spec;
}

/** The objstore config of any bucket kind, without credentials (they come from Secrets, see ThanosObjectStorage). */
export function objstoreConfig(
  spec: Exclude<ObjectStorageSpec, ExistingObjectStorageSpec>,
): S3ObjstoreConfig | ObjstoreConfig {
  const prefix = (p: string | undefined) => (p !== undefined ? { prefix: p } : {});
  switch (spec.kind) {
    case 's3':
      return s3ObjstoreConfig(spec);
    case 'gcs':
      return { type: 'GCS', config: { bucket: spec.bucket }, ...prefix(spec.prefix) };
    case 'azure':
      return {
        type: 'AZURE',
        config: {
          storage_account: spec.storageAccount,
          container: spec.container,
          ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint } : {}),
          ...(spec.credentials !== undefined
            ? { storage_account_key: `$(${AZURE_STORAGE_ACCOUNT_KEY_ENV})` }
            : {}),
          ...(spec.userAssignedId !== undefined ? { user_assigned_id: spec.userAssignedId } : {}),
        },
        ...prefix(spec.prefix),
      };
    case 'filesystem':
      return { type: 'FILESYSTEM', config: { directory: spec.directory ?? DEFAULT_FILESYSTEM_DIRECTORY } };
  }
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
export function renderObjstoreConfig(config: S3ObjstoreConfig | ObjstoreConfig): string {
  return stringify(config, { lineWidth: 0 });
}

/** What identifies a bucket (and prefix) across a construct tree. */
export function bucketId(spec: ObjectStorageSpec): string {
  if (spec.kind === 'existing-secret') return spec.bucketId ?? `secret:${spec.secretName}`;
  const under = (p: string | undefined) => (p ? `/${p}` : '');
  if (spec.kind === 'gcs') return `gs://${spec.bucket}${under(spec.prefix)}`;
  if (spec.kind === 'azure') return `azure://${spec.storageAccount}/${spec.container}${under(spec.prefix)}`;
  if (spec.kind === 'filesystem')
    return `pvc:${spec.claimName}${spec.directory ?? DEFAULT_FILESYSTEM_DIRECTORY}`;
  return `s3://${spec.endpoint}/${spec.bucket}${spec.prefix ? `/${spec.prefix}` : ''}`;
}
