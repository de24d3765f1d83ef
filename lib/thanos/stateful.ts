import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Memory,
  NamedPort,
  Resources,
  VolumeMountSpec,
  configHash,
  createService,
  createWorkload,
} from '../core';
import { THANOS_PATHS } from './config/ports';
import { ThanosBase, thanosProbes } from './common';
import { ThanosHttpTls, httpTlsServer, withScheme } from './http-tls';
import { ThanosObjectStorage } from './object-storage';

/** Options of {@link createDataStatefulSet}. */
export interface DataStatefulSetOptions {
  readonly base: ThanosBase;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly replicas: number;
  readonly containerName: string;
  readonly args: readonly string[];
  /** The bucket the component uploads to or reads from: its credentials, config file and Secrets. */
  readonly objectStorage: ThanosObjectStorage;
  /** Environment variables before the bucket's. */
  readonly env?: readonly k8s.EnvVar[];
  readonly ports: readonly NamedPort[];
  readonly resources: Resources;
  /** Volumes besides the bucket config and the data claim. */
  readonly volumes?: readonly VolumeMountSpec[];
  readonly size: Memory;
  readonly storageClassName?: string;
  /**
   * Further configuration whose change must roll the pods (rules, a shard's selector), hashed with the bucket's.
   * @default the bucket's hash alone
   */
  readonly configInputs?: readonly string[];
  readonly startupSeconds?: number;
  /** Serve the HTTP port over TLS (the args must carry `httpTlsFlags`). @default plain HTTP */
  readonly httpTls?: ThanosHttpTls;
  readonly terminationGracePeriodSeconds?: number;
  readonly maxUnavailable?: number;
}

/**
 * A Thanos StatefulSet with a `data` volume claim per pod mounted at the data directory, and its governing
 * headless Service (stable pod DNS names; `dns+` resolves every pod).
 */
export function createDataStatefulSet(
  scope: Construct,
  options: DataStatefulSetOptions,
): { readonly statefulSet: k8s.KubeStatefulSet; readonly service: k8s.KubeService } {
  const { base, name, labels, selector } = options;
  const service = createService(scope, 'service', {
    name,
    namespace: base.namespace,
    labels,
    selector,
    ports: options.ports,
    headless: true,
  });
  const https = httpTlsServer(scope, { name, namespace: base.namespace, labels }, options.httpTls);
  const statefulSet = createWorkload(scope, 'statefulset', {
    kind: 'StatefulSet',
    placement: options.base.placement,
    name,
    namespace: base.namespace,
    labels,
    selector,
    replicas: options.replicas,
    containerName: options.containerName,
    image: base.image,
    args: options.args,
    env: [...(options.env ?? []), ...options.objectStorage.env],
    ports: options.ports,
    resources: options.resources,
    probes: withScheme(thanosProbes(options.startupSeconds), options.httpTls),
    serviceName: name,
    volumes: [
      ...options.objectStorage.volumes(),
      ...(options.volumes ?? []),
      ...(https?.volumes ?? []),
      { volume: { name: 'data' }, mountPath: THANOS_PATHS.data, claimTemplate: true },
    ],
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: options.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(options.size.toString()) } },
        },
      },
    ],
    configHash:
      options.configInputs || https
        ? configHash(
            options.objectStorage.configHash,
            ...(options.configInputs ?? []),
            ...(https ? [https.config] : []),
          )
        : options.objectStorage.configHash,
    externalReferences: [
      ...options.objectStorage.externalReferences,
      ...(https?.secrets ?? []).map((name) => ({ kind: 'Secret' as const, name })),
    ],
    terminationGracePeriodSeconds: options.terminationGracePeriodSeconds,
    maxUnavailable: options.maxUnavailable,
  }).apiObject as k8s.KubeStatefulSet;
  return { statefulSet, service };
}
