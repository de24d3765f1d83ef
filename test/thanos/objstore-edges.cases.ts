// The object storage checks and renderers at their edges: every error with its exact message, prop and code, every
// optional field present and absent, and the names at their length limits. Written from the surviving mutants of
// the first mutation run of lib/thanos/config (issue #18). The messages are the library's own text
// (ObservabilityConstructError: `<Construct> '<path>': '<prop>' <problem> (got <value>); <fix>`).
import { ErrorCode } from '../../lib/core';
import {
  bucketId,
  checkObjectStorage,
  objstoreConfig,
  renderObjstoreConfig,
  s3ObjstoreConfig,
} from '../../lib/thanos/config';
import { expectConstructError } from '../support/errors';

const ctx = { construct: 'Test', path: 'chart/x' };
const check = (spec: unknown) => checkObjectStorage(spec as never, ctx, 'o');
const head = "Test 'chart/x': ";
const minio = { kind: 's3' as const, bucket: 'thanos', endpoint: 'minio.storage.svc:9000' };

// Kubernetes object names of a Secret or PersistentVolumeClaim are DNS-1123 subdomains: labels of lower case
// alphanumerics and '-' joined by '.', at most 253 characters (kubernetes/apimachinery@v0.28.15 pkg/util/validation/validation.go
// `DNS1123SubdomainMaxLength = 253`, `dns1123SubdomainFmt`).
const SECRET_NAME_PROBLEM =
  "must be the name of a Secret in the namespace of the components (got %s); name the Secret that holds the credentials, e.g. secretName: 'thanos-objstore-credentials'";
const secretNameError = (prop: string, got: string) =>
  `${head}'${prop}' ${SECRET_NAME_PROBLEM.replace('%s', got)}`;
const SECRET_KEY_PROBLEM =
  'must be a key of the Secret (letters, digits, ".", "_" and "-") (got %s); name the key that holds the value, or leave it out for the default';
const secretKeyError = (prop: string, got: string) =>
  `${head}'${prop}' ${SECRET_KEY_PROBLEM.replace('%s', got)}`;
// 253 characters: three labels of 63 and one of 61, joined by three dots.
const NAME_253 = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.');
const NAME_254 = `${NAME_253}d`;
// renderValue (lib/core/errors.ts) cuts JSON longer than 200 characters to its first 197 and '...'.
const cut = (name: string) => `${JSON.stringify(name).slice(0, 197)}...`;

describe('object storage kinds', () => {
  test('an unknown kind names every kind the library knows, quoted and comma separated', () => {
    expectConstructError(
      () => check({ kind: 'gcp', bucket: 'b' }),
      `${head}'o.kind' must be one of 's3', 'gcs', 'azure', 'filesystem', 'existing-secret' (got "gcp"); describe the bucket, e.g. { kind: 's3', bucket: 'thanos', endpoint: 'minio:9000' }`,
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('Secret names and keys', () => {
  test('an existing objstore Secret is named by a valid Secret name', () => {
    expectConstructError(
      () => check({ kind: 'existing-secret', secretName: 'Objstore' }),
      secretNameError('o.secretName', '"Objstore"'),
      ErrorCode.INVALID_NAME,
    );
  });

  test('labels of one character are accepted on either side of a dot', () => {
    expect(check({ kind: 'existing-secret', secretName: 'a.b' })).toEqual({
      kind: 'existing-secret',
      secretName: 'a.b',
    });
  });

  test('a Secret name of 253 characters is accepted, of 254 refused', () => {
    expect(check({ kind: 'existing-secret', secretName: NAME_253 })).toEqual({
      kind: 'existing-secret',
      secretName: NAME_253,
    });
    expectConstructError(
      () => check({ kind: 'existing-secret', secretName: NAME_254 }),
      secretNameError('o.secretName', cut(NAME_254)),
      ErrorCode.INVALID_NAME,
    );
  });

  test.each([
    // an empty label: the API server's subdomain pattern needs an alphanumeric on each side of a dot
    ['a..b'],
    // a label ending or starting with '-'
    ['a-.b'],
    ['a.-b'],
  ])('%s, which is not a DNS-1123 subdomain, is refused as a Secret name', (name) => {
    expectConstructError(
      () => check({ kind: 'existing-secret', secretName: name }),
      secretNameError('o.secretName', JSON.stringify(name)),
      ErrorCode.INVALID_NAME,
    );
  });

  test("the S3 credentials' Secret name and keys are checked, each under its own prop", () => {
    expectConstructError(
      () => check({ ...minio, credentials: { secretName: 'S3 creds' } }),
      secretNameError('o.credentials.secretName', '"S3 creds"'),
      ErrorCode.INVALID_NAME,
    );
    expectConstructError(
      () => check({ ...minio, credentials: { secretName: 's3', accessKeyIdKey: 'access key' } }),
      secretKeyError('o.credentials.accessKeyIdKey', '"access key"'),
      ErrorCode.INVALID_NAME,
    );
    expectConstructError(
      () => check({ ...minio, credentials: { secretName: 's3', secretAccessKeyKey: 'keys/secret' } }),
      secretKeyError('o.credentials.secretAccessKeyKey', '"keys/secret"'),
      ErrorCode.INVALID_NAME,
    );
    // A JavaScript caller's number is not a key, although its digits would match the key pattern.
    expectConstructError(
      () => check({ ...minio, credentials: { secretName: 's3', accessKeyIdKey: 42 } }),
      secretKeyError('o.credentials.accessKeyIdKey', '42'),
      ErrorCode.INVALID_NAME,
    );
  });

  test('valid Secret keys (letters, digits, ".", "_" and "-") are accepted', () => {
    const spec = {
      ...minio,
      credentials: { secretName: 's3.creds', accessKeyIdKey: 'AWS_ID.v-1', secretAccessKeyKey: 'aws_secret' },
    };
    expect(check(spec)).toEqual(spec);
  });
});

describe('S3 buckets from JavaScript callers', () => {
  // Both would otherwise pass their patterns as the string 'undefined'.
  test('a missing bucket or endpoint is refused', () => {
    expectConstructError(
      () => check({ kind: 's3', endpoint: 'minio:9000' }),
      `${head}'o.bucket' is not an S3 bucket name (3 to 63 lower case letters, digits, dots and hyphens) (got undefined); name the bucket as S3 and MinIO do, e.g. 'thanos-metrics'`,
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => check({ kind: 's3', bucket: 'thanos' }),
      `${head}'o.endpoint' must be a host or host:port without a scheme (got undefined); write e.g. 'minio.storage.svc.cluster.local:9000' and set insecure: true for plain HTTP`,
      ErrorCode.INVALID_VALUE,
    );
  });
});

describe('GCS and Azure checks', () => {
  const TOKEN = 'must be a non-empty name without whitespace or "/"';

  test('a GCS bucket with a "/" and a bad key of its credentials', () => {
    expectConstructError(
      () => check({ kind: 'gcs', bucket: 'thanos/metrics' }),
      `${head}'o.bucket' ${TOKEN} (got "thanos/metrics"); give the bucket's name, e.g. 'thanos-metrics'`,
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => check({ kind: 'gcs', bucket: 'b', credentials: { secretName: 'gcs', key: 'sa key.json' } }),
      secretKeyError('o.credentials.key', '"sa key.json"'),
      ErrorCode.INVALID_NAME,
    );
  });

  test('an Azure account, container and managed identity without whitespace', () => {
    const azure = { kind: 'azure', storageAccount: 'thanosmetrics', container: 'thanos' };
    expectConstructError(
      () => check({ ...azure, storageAccount: '' }),
      `${head}'o.storageAccount' ${TOKEN} (got ""); give the storage account, e.g. 'thanosmetrics'`,
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => check({ ...azure, container: 'a b' }),
      `${head}'o.container' ${TOKEN} (got "a b"); give the blob container, e.g. 'thanos'`,
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => check({ ...azure, userAssignedId: 'client id' }),
      `${head}'o.userAssignedId' ${TOKEN} (got "client id"); give the identity's client id`,
      ErrorCode.INVALID_VALUE,
    );
  });

  test('an Azure endpoint is a domain without a scheme', () => {
    const azure = { kind: 'azure', storageAccount: 'thanosmetrics', container: 'thanos' };
    expectConstructError(
      () => check({ ...azure, endpoint: 'https://blob.core.chinacloudapi.cn' }),
      `${head}'o.endpoint' must be a domain without a scheme (got "https://blob.core.chinacloudapi.cn"); write e.g. 'blob.core.chinacloudapi.cn', or leave it out for the public cloud`,
      ErrorCode.INVALID_VALUE,
    );
    const sovereign = { ...azure, endpoint: 'blob.core.chinacloudapi.cn' };
    expect(check(sovereign)).toEqual(sovereign);
  });

  test("the Azure key's Secret is checked, and a managed identity cannot join an account key", () => {
    const azure = { kind: 'azure', storageAccount: 'thanosmetrics', container: 'thanos' };
    expectConstructError(
      () => check({ ...azure, credentials: { secretName: 'Azure' } }),
      secretNameError('o.credentials.secretName', '"Azure"'),
      ErrorCode.INVALID_NAME,
    );
    expectConstructError(
      () => check({ ...azure, credentials: { secretName: 'azure', accountKeyKey: 'account key' } }),
      secretKeyError('o.credentials.accountKeyKey', '"account key"'),
      ErrorCode.INVALID_NAME,
    );
    // thanos-io/objstore@71d60dfee488 providers/azure/azure.go validate(): user_assigned_id and
    // storage_account_key together are an error.
    expectConstructError(
      () => check({ ...azure, credentials: { secretName: 'azure' }, userAssignedId: 'id-1' }),
      `${head}'o.userAssignedId' cannot be combined with credentials (a storage account key): Thanos refuses the config (got "id-1"); authenticate with either the managed identity or the account key`,
      ErrorCode.INCOMPATIBLE_PROPS,
    );
  });
});

describe('filesystem buckets', () => {
  const fs = { kind: 'filesystem', claimName: 'thanos-bucket', developmentOnly: true };

  test('without the development opt-in', () => {
    expectConstructError(
      () => check({ ...fs, developmentOnly: false }),
      `${head}'o.developmentOnly' must be true: a filesystem bucket has none of the durability of an object store (got false); set developmentOnly: true for a development cluster, or use kind 's3', 'gcs' or 'azure'`,
      ErrorCode.UNSAFE_WITHOUT_OPT_IN,
    );
  });

  const claimError = (got: string) =>
    `${head}'o.claimName' must name a PersistentVolumeClaim (ReadWriteMany) in the namespace of the components (got ${got}); create the claim and give its name, e.g. claimName: 'thanos-bucket'`;

  test.each([['-bucket'], ['bucket-'], ['thanos..bucket'], ['Bucket']])(
    'claim name %s, not a DNS-1123 subdomain, is refused',
    (claimName) => {
      expectConstructError(
        () => check({ ...fs, claimName }),
        claimError(JSON.stringify(claimName)),
        ErrorCode.INVALID_NAME,
      );
    },
  );

  test('claim names of one character and of 253 are accepted, of 254 refused', () => {
    expect(check({ ...fs, claimName: 'b' })).toEqual({ ...fs, claimName: 'b' });
    expect(check({ ...fs, claimName: NAME_253 })).toEqual({ ...fs, claimName: NAME_253 });
    expectConstructError(
      () => check({ ...fs, claimName: NAME_254 }),
      claimError(cut(NAME_254)),
      ErrorCode.INVALID_NAME,
    );
  });

  test.each([['/'], ['var/thanos'], ['/var/thanos bucket']])('directory %s is refused', (directory) => {
    expectConstructError(
      () => check({ ...fs, directory }),
      `${head}'o.directory' must be an absolute path other than / (got ${JSON.stringify(directory)}); write e.g. '/var/thanos/bucket'`,
      ErrorCode.INVALID_VALUE,
    );
  });
});

// The config files: thanos-io/objstore@71d60dfee488 objstore.go / client.go `BucketConfig` (`type`, `config`,
// `prefix`), providers/gcs/gcs.go (`bucket`), providers/azure/azure.go (`storage_account`, `container`, `endpoint`,
// `user_assigned_id`), providers/filesystem/filesystem.go (`directory`). An optional field left out is absent, not
// present with no value.
describe('objstore configs carry only the fields that are set', () => {
  test('GCS with and without a prefix', () => {
    expect(objstoreConfig({ kind: 'gcs', bucket: 'thanos-metrics' })).toStrictEqual({
      type: 'GCS',
      config: { bucket: 'thanos-metrics' },
    });
    expect(objstoreConfig({ kind: 'gcs', bucket: 'thanos-metrics', prefix: 'fleet-a' })).toStrictEqual({
      type: 'GCS',
      config: { bucket: 'thanos-metrics' },
      prefix: 'fleet-a',
    });
  });

  test('Azure with only the required fields, then with endpoint and managed identity', () => {
    expect(
      objstoreConfig({ kind: 'azure', storageAccount: 'thanosmetrics', container: 'thanos' }),
    ).toStrictEqual({ type: 'AZURE', config: { storage_account: 'thanosmetrics', container: 'thanos' } });
    expect(
      objstoreConfig({
        kind: 'azure',
        storageAccount: 'thanosmetrics',
        container: 'thanos',
        endpoint: 'blob.core.chinacloudapi.cn',
        userAssignedId: 'id-1',
      }),
    ).toStrictEqual({
      type: 'AZURE',
      config: {
        storage_account: 'thanosmetrics',
        container: 'thanos',
        endpoint: 'blob.core.chinacloudapi.cn',
        user_assigned_id: 'id-1',
      },
    });
  });

  test('S3 without region and prefix', () => {
    expect(s3ObjstoreConfig(minio)).toStrictEqual({
      type: 'S3',
      config: { bucket: 'thanos', endpoint: 'minio.storage.svc:9000', insecure: false },
    });
  });

  test('a prefix longer than a YAML line stays on one line of the file', () => {
    // S3 object keys may hold spaces; the yaml library folds a plain scalar with spaces at 80 columns by default.
    const prefix =
      'metrics of the fleet/cluster one hundred and twenty three/prometheus replica zero and one';
    expect(renderObjstoreConfig(s3ObjstoreConfig({ ...minio, prefix }))).toBe(
      [
        'type: S3',
        'config:',
        '  bucket: thanos',
        '  endpoint: minio.storage.svc:9000',
        '  insecure: false',
        'prefix: metrics of the fleet/cluster one hundred and twenty three/prometheus replica zero and one',
        '',
      ].join('\n'),
    );
  });
});

describe('bucket ids', () => {
  test('an existing Secret without a bucketId is identified by its name', () => {
    expect(bucketId({ kind: 'existing-secret', secretName: 'objstore' })).toBe('secret:objstore');
    expect(bucketId({ kind: 'existing-secret', secretName: 'objstore', bucketId: 's3://m' })).toBe('s3://m');
  });

  test('a filesystem bucket by its claim and directory, the default directory when none is given', () => {
    const fs = { kind: 'filesystem' as const, claimName: 'thanos-bucket', developmentOnly: true };
    expect(bucketId(fs)).toBe('pvc:thanos-bucket/var/thanos/bucket');
    expect(bucketId({ ...fs, directory: '/data' })).toBe('pvc:thanos-bucket/data');
  });

  test('an S3 bucket by endpoint, bucket and prefix', () => {
    expect(bucketId({ ...minio, prefix: 'fleet-a' })).toBe('s3://minio.storage.svc:9000/thanos/fleet-a');
    expect(bucketId(minio)).toBe('s3://minio.storage.svc:9000/thanos');
  });
});
