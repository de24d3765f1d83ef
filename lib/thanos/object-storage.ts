import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  ErrorContext,
  IMAGES,
  LINK_LOCAL_CIDR,
  ObservabilityConstructError,
  PolicyPort,
  PolicyRule,
  externalPeers,
  hostEgress,
  isClusterLocalHost,
  VolumeMountSpec,
  configHash,
  contextOf,
  imageVersion,
  resolveName,
  resolveNamespace,
  standardLabels,
  secretVolume,
  SECRET_FILE_MODE,
} from '../core';
import {
  AWS_ACCESS_KEY_ID_ENV,
  AWS_SHARED_CREDENTIALS_FILE_ENV,
  AWS_SECRET_ACCESS_KEY_ENV,
  AZURE_STORAGE_ACCOUNT_KEY_ENV,
  DEFAULT_AZURE_ACCOUNT_KEY_KEY,
  DEFAULT_FILESYSTEM_DIRECTORY,
  DEFAULT_GCS_SERVICE_ACCOUNT_KEY,
  DEFAULT_OBJSTORE_SECRET_KEY,
  GOOGLE_APPLICATION_CREDENTIALS_ENV,
  DEFAULT_S3_ACCESS_KEY_ID_KEY,
  DEFAULT_S3_SECRET_ACCESS_KEY_KEY,
  ObjectStorageSpec,
  bucketId,
  checkObjectStorage,
  objstoreConfig,
  renderObjstoreConfig,
} from './config/objstore';
import { THANOS_PATHS } from './config/ports';

export interface ThanosObjectStorageProps {
  /** The bucket, or a Secret that already holds a complete objstore config. */
  readonly storage: ObjectStorageSpec;
  /** Name of the rendered Secret. @default the construct id as a DNS label */
  readonly name?: string;
  /** @default the chart's namespace, else `default` */
  readonly namespace?: string;
  /**
   * Let the components that use this bucket reach the link-local range (the cloud's instance metadata service),
   * which the S3 client's last credential provider (IAM instance role) calls when no other credentials are found.
   * @default false: egress to 169.254.0.0/16 is denied
   */
  readonly allowMetadataService?: boolean;
  /**
   * Talk plain HTTP (`insecure: true`) to an endpoint outside the cluster, on a private network: credentials and
   * blocks would cross it unencrypted. @default false
   */
  readonly allowPlaintextExposure?: boolean;
}

/** Where an AWS shared-credentials file is mounted. */
export const S3_CREDENTIALS_DIR = `${THANOS_PATHS.objstore}-credentials`;

/** The port of an S3 endpoint without one: HTTPS, or HTTP when `insecure`. */
export const DEFAULT_S3_HTTPS_PORT = 443;
export const DEFAULT_S3_HTTP_PORT = 80;

/**
 * The object storage every block-writing or block-reading Thanos component uses, as one handle: for an S3 bucket,
 * a Secret holding the objstore config without credentials (credentials reach the pods as environment variables
 * from the user's Secret); or the user's own Secret holding the whole config. Never a ConfigMap.
 */
export class ThanosObjectStorage extends Construct {
  /** The rendered Secret, for an S3 bucket. */
  public readonly secret?: k8s.KubeSecret;
  /** The Secret the components mount. */
  public readonly secretName: string;
  /** Its key holding the objstore config. */
  public readonly key: string;
  public readonly namespace: string;
  /** Identifies the bucket across the construct tree. */
  public readonly bucketId: string;
  /** Where components find the config file. */
  public readonly configFile: string;
  /** Environment variables with the S3 credentials from the user's Secret, or the path of the credentials file. */
  public readonly env: readonly k8s.EnvVar[];
  /** The Secret key mounted as an AWS shared-credentials file, when the credentials come as a file. */
  public readonly credentialsFile?: { readonly secretName: string; readonly key: string };
  /** Secrets the pods reference but the construct does not create. */
  public readonly externalReferences: readonly { readonly kind: 'Secret'; readonly name: string }[];
  /** Changes when the rendered config changes, so pods roll. */
  public readonly configHash: string;
  /**
   * The egress the components need to reach the bucket: the endpoint's namespace for an in-cluster Service, else
   * any address but the metadata range, on the endpoint's port; with `allowMetadataService`, also the link-local range.
   */
  public readonly egress: readonly PolicyRule[];
  /** A filesystem bucket's volume. */
  private readonly dataVolume?: VolumeMountSpec;
  /** A GCS service-account key, projected next to the config file. */
  private readonly serviceAccountFile?: { readonly secretName: string; readonly key: string };

  constructor(scope: Construct, id: string, props: ThanosObjectStorageProps) {
    super(scope, id);
    const context = contextOf(this, 'ThanosObjectStorage');
    const storage = checkObjectStorage(props.storage, context, 'storage');
    this.namespace = resolveNamespace(this, props.namespace, context);
    this.bucketId = bucketId(storage);
    if (
      storage.kind === 's3' &&
      storage.insecure &&
      !isClusterLocalHost(storage.endpoint.split(':')[0] ?? '') &&
      !props.allowPlaintextExposure
    ) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.UNSAFE_WITHOUT_OPT_IN,
        prop: 'storage.insecure',
        problem: 'sends credentials and blocks in plain HTTP to an endpoint outside the cluster',
        value: storage.endpoint,
        fix: 'drop insecure (the S3 client then uses HTTPS), or set allowPlaintextExposure: true on a private network',
      });
    }
    const external: { kind: 'Secret'; name: string }[] = [];
    if (storage.kind === 'existing-secret') {
      this.secretName = storage.secretName;
      this.key = storage.key ?? DEFAULT_OBJSTORE_SECRET_KEY;
      this.env = [];
      external.push({ kind: 'Secret', name: storage.secretName });
      this.configHash = configHash(storage);
    } else {
      const name = resolveName(this, props.name, context);
      const rendered = renderObjstoreConfig(objstoreConfig(storage));
      this.key = DEFAULT_OBJSTORE_SECRET_KEY;
      this.secret = new k8s.KubeSecret(this, 'secret', {
        metadata: {
          name,
          namespace: this.namespace,
          labels: standardLabels({
            name: 'thanos',
            instance: name,
            component: 'object-storage',
            version: imageVersion(IMAGES.thanos),
          }),
        },
        type: 'Opaque',
        stringData: { [this.key]: rendered },
      });
      this.secretName = name;
      const creds = storage.kind === 'filesystem' ? undefined : storage.credentials;
      this.configHash = configHash(rendered, creds ?? null);
      const fileKey = storage.kind === 's3' ? storage.credentials?.sharedCredentialsFileKey : undefined;
      if (storage.kind === 's3' && storage.credentials && fileKey !== undefined) {
        this.credentialsFile = { secretName: storage.credentials.secretName, key: fileKey };
        this.env = [{ name: AWS_SHARED_CREDENTIALS_FILE_ENV, value: `${S3_CREDENTIALS_DIR}/${fileKey}` }];
      } else {
        this.env = credentialsEnv(storage);
      }
      if (creds) external.push({ kind: 'Secret', name: creds.secretName });
      if (storage.kind === 'gcs' && storage.credentials) {
        const key = storage.credentials.key ?? DEFAULT_GCS_SERVICE_ACCOUNT_KEY;
        this.serviceAccountFile = { secretName: storage.credentials.secretName, key };
      }
      if (storage.kind === 'filesystem') {
        this.dataVolume = {
          volume: { name: 'objstore-filesystem', persistentVolumeClaim: { claimName: storage.claimName } },
          mountPath: storage.directory ?? DEFAULT_FILESYSTEM_DIRECTORY,
        };
      }
    }
    this.externalReferences = external;
    const open = { allowMetadataService: props.allowMetadataService ?? false };
    const endpoint =
      storage.kind === 's3' || storage.kind === 'existing-secret' || storage.kind === 'azure'
        ? storage.endpoint
        : undefined;
    const [host, portText] = (endpoint ?? '').split(':');
    const insecure = storage.kind === 's3' && (storage.insecure ?? false);
    const port = portText ? Number(portText) : insecure ? DEFAULT_S3_HTTP_PORT : DEFAULT_S3_HTTPS_PORT;
    this.egress = [
      host ? hostEgress(host, port, open) : { peers: externalPeers(open), ports: [{ port }] },
      ...(open.allowMetadataService
        ? [{ peers: [{ ipBlock: { cidr: LINK_LOCAL_CIDR } }], ports: [] as PolicyPort[] }]
        : []),
    ];
    this.configFile = `${THANOS_PATHS.objstore}/${this.key}`;
  }

  /** The volume and mount that put the config file at {@link configFile} (and a GCS key file next to it). */
  public volume(): VolumeMountSpec {
    const config = { secretName: this.secretName, items: [{ key: this.key, path: this.key }] };
    const file = this.serviceAccountFile;
    return {
      volume: file
        ? {
            name: 'objstore',
            projected: {
              defaultMode: SECRET_FILE_MODE,
              sources: [
                { secret: { name: config.secretName, items: config.items } },
                { secret: { name: file.secretName, items: [{ key: file.key, path: GCS_KEY_FILE }] } },
              ],
            },
          }
        : secretVolume('objstore', config.secretName, config.items),
      mountPath: THANOS_PATHS.objstore,
      readOnly: true,
    };
  }

  /**
   * Every volume a component using the bucket mounts: the config, a filesystem bucket's claim, and an S3
   * shared-credentials file when the credentials come as one.
   */
  public volumes(): VolumeMountSpec[] {
    return [
      this.volume(),
      ...(this.dataVolume ? [this.dataVolume] : []),
      ...(this.credentialsFile
        ? [
            {
              volume: secretVolume('s3-credentials', this.credentialsFile.secretName, [
                { key: this.credentialsFile.key, path: this.credentialsFile.key },
              ]),
              mountPath: S3_CREDENTIALS_DIR,
              readOnly: true,
            },
          ]
        : []),
    ];
  }

  /** Fails unless a component in `namespace` can mount the Secret (Secrets are namespaced). */
  public checkNamespace(namespace: string, context: ErrorContext, prop = 'objectStorage'): void {
    if (namespace !== this.namespace) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.DANGLING_REFERENCE,
        prop,
        problem: `is in namespace '${this.namespace}', but the component runs in '${namespace}' and cannot mount its Secret`,
        value: this.node.path,
        fix: `create a ThanosObjectStorage in namespace '${namespace}' for this component`,
      });
    }
  }
}

/** The file name of a GCS service-account key in the objstore volume. */
export const GCS_KEY_FILE = 'gcs-service-account.json';

/** The variables that carry a bucket's credentials from the user's Secret into the client. */
function credentialsEnv(storage: Exclude<ObjectStorageSpec, { kind: 'existing-secret' }>): k8s.EnvVar[] {
  if (storage.kind === 's3' && storage.credentials) {
    const creds = storage.credentials;
    return [
      secretEnv(
        AWS_ACCESS_KEY_ID_ENV,
        creds.secretName,
        creds.accessKeyIdKey ?? DEFAULT_S3_ACCESS_KEY_ID_KEY,
      ),
      secretEnv(
        AWS_SECRET_ACCESS_KEY_ENV,
        creds.secretName,
        creds.secretAccessKeyKey ?? DEFAULT_S3_SECRET_ACCESS_KEY_KEY,
      ),
    ];
  }
  if (storage.kind === 'gcs' && storage.credentials) {
    return [{ name: GOOGLE_APPLICATION_CREDENTIALS_ENV, value: `${THANOS_PATHS.objstore}/${GCS_KEY_FILE}` }];
  }
  if (storage.kind === 'azure' && storage.credentials) {
    const creds = storage.credentials;
    return [
      secretEnv(
        AZURE_STORAGE_ACCOUNT_KEY_ENV,
        creds.secretName,
        creds.accountKeyKey ?? DEFAULT_AZURE_ACCOUNT_KEY_KEY,
      ),
    ];
  }
  return [];
}

function secretEnv(name: string, secretName: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}
