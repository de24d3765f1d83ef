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
} from '../core';
import {
  AWS_ACCESS_KEY_ID_ENV,
  AWS_SHARED_CREDENTIALS_FILE_ENV,
  AWS_SECRET_ACCESS_KEY_ENV,
  DEFAULT_OBJSTORE_SECRET_KEY,
  DEFAULT_S3_ACCESS_KEY_ID_KEY,
  DEFAULT_S3_SECRET_ACCESS_KEY_KEY,
  ObjectStorageSpec,
  bucketId,
  checkObjectStorage,
  renderObjstoreConfig,
  s3ObjstoreConfig,
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
      const rendered = renderObjstoreConfig(s3ObjstoreConfig(storage));
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
      this.configHash = configHash(rendered, storage.credentials ?? null);
      const creds = storage.credentials;
      if (creds?.sharedCredentialsFileKey !== undefined) {
        this.credentialsFile = {
          secretName: creds.secretName,
          key: creds.sharedCredentialsFileKey,
        };
        this.env = [
          {
            name: AWS_SHARED_CREDENTIALS_FILE_ENV,
            value: `${S3_CREDENTIALS_DIR}/${creds.sharedCredentialsFileKey}`,
          },
        ];
      } else {
        this.env = creds
          ? [
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
            ]
          : [];
      }
      if (creds) external.push({ kind: 'Secret', name: creds.secretName });
    }
    this.externalReferences = external;
    const open = { allowMetadataService: props.allowMetadataService ?? false };
    const endpoint = storage.endpoint;
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

  /** The volumes and mounts of the config file and, when the credentials come as a file, of that file. */
  public volumes(): VolumeMountSpec[] {
    return [
      this.volume(),
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

  /** The volume and mount that put the config file at {@link configFile}. */
  public volume(): VolumeMountSpec {
    return {
      volume: secretVolume('objstore', this.secretName, [{ key: this.key, path: this.key }]),
      mountPath: THANOS_PATHS.objstore,
      readOnly: true,
    };
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

function secretEnv(name: string, secretName: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}
