import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import {
  ErrorCode,
  ObservabilityConstructError,
  ThanosObjectStorage,
  ThanosObjectStorageProps,
  ThanosStore,
} from '../../lib';

/** The objstore config file a bucket renders, parsed, with the storage handle. */
function render(storage: unknown) {
  const chart = new Chart(new App(), 'c', { namespace: 'monitoring' });
  const objstore = new ThanosObjectStorage(chart, 'objstore', {
    storage,
  } as unknown as ThanosObjectStorageProps);
  const secret = objstore.secret!.toJson() as { stringData: Record<string, string> };
  return { objstore, config: parse(secret.stringData['objstore.yml'] as string), chart };
}

function errorOf(storage: unknown): ObservabilityConstructError {
  try {
    render(storage);
  } catch (e) {
    expect(e).toBeInstanceOf(ObservabilityConstructError);
    return e as ObservabilityConstructError;
  }
  throw new Error('expected an ObservabilityConstructError');
}

// Field names: thanos-io/objstore@71d60dfee488 (the version thanos@v0.42.4 go.mod pins) providers/gcs/gcs.go,
// providers/azure/azure.go, providers/filesystem/filesystem.go; provider types: objstore.go (GCS, AZURE, FILESYSTEM).
describe('GCS, Azure and filesystem buckets', () => {
  test('GCS: type GCS with the bucket; the key file is projected next to the config, never in it', () => {
    const { objstore, config } = render({
      kind: 'gcs',
      bucket: 'thanos-metrics',
      prefix: 'fleet-a',
      credentials: { secretName: 'gcs-key' },
    });
    expect(config).toEqual({ type: 'GCS', config: { bucket: 'thanos-metrics' }, prefix: 'fleet-a' });
    expect(objstore.env).toEqual([
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/thanos/objstore/gcs-service-account.json' },
    ]);
    const volume = objstore.volume().volume;
    expect(volume.projected?.sources).toEqual([
      { secret: { name: objstore.secretName, items: [{ key: 'objstore.yml', path: 'objstore.yml' }] } },
      {
        secret: {
          name: 'gcs-key',
          items: [{ key: 'service-account.json', path: 'gcs-service-account.json' }],
        },
      },
    ]);
    expect(objstore.externalReferences).toEqual([{ kind: 'Secret', name: 'gcs-key' }]);
    expect(objstore.bucketId).toBe('gs://thanos-metrics/fleet-a');
  });

  test('GCS without credentials uses the default credentials: no variables, a plain Secret volume', () => {
    const { objstore } = render({ kind: 'gcs', bucket: 'thanos-metrics' });
    expect(objstore.env).toEqual([]);
    expect(objstore.volume().volume.secret?.secretName).toBe(objstore.secretName);
  });

  test('Azure: the account key reaches the config by env substitution from the Secret', () => {
    const { objstore, config } = render({
      kind: 'azure',
      storageAccount: 'thanosmetrics',
      container: 'thanos',
      credentials: { secretName: 'azure-storage' },
    });
    expect(config).toEqual({
      type: 'AZURE',
      config: {
        storage_account: 'thanosmetrics',
        container: 'thanos',
        storage_account_key: '$(AZURE_STORAGE_ACCOUNT_KEY)',
      },
    });
    expect(objstore.env).toEqual([
      {
        name: 'AZURE_STORAGE_ACCOUNT_KEY',
        valueFrom: { secretKeyRef: { name: 'azure-storage', key: 'storage_account_key' } },
      },
    ]);
    expect(objstore.bucketId).toBe('azure://thanosmetrics/thanos');
  });

  test('Azure with a managed identity and a sovereign-cloud endpoint', () => {
    const { config } = render({
      kind: 'azure',
      storageAccount: 'thanosmetrics',
      container: 'thanos',
      endpoint: 'blob.core.chinacloudapi.cn',
      userAssignedId: '00000000-0000-0000-0000-000000000000',
    });
    expect(config.config).toEqual({
      storage_account: 'thanosmetrics',
      container: 'thanos',
      endpoint: 'blob.core.chinacloudapi.cn',
      user_assigned_id: '00000000-0000-0000-0000-000000000000',
    });
  });

  test('filesystem (development): the claim is mounted at the directory by every component', () => {
    const { objstore, config, chart } = render({
      kind: 'filesystem',
      claimName: 'thanos-bucket',
      developmentOnly: true,
    });
    expect(config).toEqual({ type: 'FILESYSTEM', config: { directory: '/var/thanos/bucket' } });
    expect(objstore.volumes()[1]).toEqual({
      volume: { name: 'objstore-filesystem', persistentVolumeClaim: { claimName: 'thanos-bucket' } },
      mountPath: '/var/thanos/bucket',
    });
    const store = new ThanosStore(chart, 'store', { objectStorage: objstore });
    const pod = (store.shards[0]!.statefulSet.toJson() as any).spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'objstore-filesystem',
      persistentVolumeClaim: { claimName: 'thanos-bucket' },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'objstore-filesystem',
      mountPath: '/var/thanos/bucket',
    });
  });

  test.each([
    [{ kind: 'gcs', bucket: '' }, ErrorCode.INVALID_VALUE, 'storage.bucket'],
    [{ kind: 'gcs', bucket: 'b', credentials: {} }, ErrorCode.INVALID_NAME, 'storage.credentials.secretName'],
    [
      { kind: 'gcs', bucket: 'b', serviceAccount: '{"type":"service_account"}' },
      ErrorCode.LITERAL_SECRET,
      'storage.serviceAccount',
    ],
    [{ kind: 'azure', container: 'c' }, ErrorCode.INVALID_VALUE, 'storage.storageAccount'],
    [{ kind: 'azure', storageAccount: 'a' }, ErrorCode.INVALID_VALUE, 'storage.container'],
    [
      {
        kind: 'azure',
        storageAccount: 'a',
        container: 'c',
        credentials: { secretName: 's' },
        userAssignedId: 'id',
      },
      ErrorCode.INCOMPATIBLE_PROPS,
      'storage.userAssignedId',
    ],
    [
      { kind: 'azure', storageAccount: 'a', container: 'c', credentials: { storageAccountKey: 'k' } },
      ErrorCode.LITERAL_SECRET,
      'storage.credentials.storageAccountKey',
    ],
    [{ kind: 'filesystem', claimName: 'pvc' }, ErrorCode.UNSAFE_WITHOUT_OPT_IN, 'storage.developmentOnly'],
    [{ kind: 'filesystem', developmentOnly: true }, ErrorCode.INVALID_NAME, 'storage.claimName'],
    [
      { kind: 'filesystem', claimName: 'pvc', developmentOnly: true, directory: 'relative' },
      ErrorCode.INVALID_VALUE,
      'storage.directory',
    ],
    [{ kind: 'gcp', bucket: 'b' }, ErrorCode.INVALID_VALUE, 'storage.kind'],
    [undefined, ErrorCode.INVALID_VALUE, 'storage.kind'],
  ])('%j is refused with %s naming %s', (storage, code, prop) => {
    const error = errorOf(storage);
    expect(error.code).toBe(code);
    expect(error.prop).toBe(prop);
    expect(error.message).toContain(`ThanosObjectStorage 'c/objstore': '${prop}' `);
  });
});
