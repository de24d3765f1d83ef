import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  Memory,
  ObservabilityConstructError,
  ResourceSpec,
  anyPodPeer,
  networkPolicy,
  resolveResources,
  serviceDnsName,
} from '../core';
import { checkPrometheusDuration } from '../core/duration';
import { RuleGroup, checkRuleGroups, renderRuleFile } from '../prometheus/config/rules';
import { QueryEndpoint } from './config/endpoints';
import { THANOS_PATHS, THANOS_PORTS } from './config/ports';
import {
  GRPC_POLICY_PORTS,
  HTTP_POLICY_PORTS,
  IStoreApi,
  POD_NAME_ENV,
  STORE_API_CLIENTS,
  ThanosComponentProps,
  checkReplicas,
  labelFlags,
  thanosArgs,
  thanosBase,
  thanosPorts,
  thanosServiceMonitor,
  thanosHttpUrl,
} from './common';
import { ThanosObjectStorage } from './object-storage';
import { IQueryHttpApi } from './query-frontend';
import { createDataStatefulSet } from './stateful';

/** Seed 003: the ruler gets 500m and 1Gi. */
export const DEFAULT_RULER_RESOURCES: ResourceSpec = { cpu: '500m', memory: '1Gi' };
export const DEFAULT_RULER_REPLICAS = 2;
/** The label that tells the ruler's HA replicas apart (set to the pod name). */
export const DEFAULT_RULER_REPLICA_LABEL = 'rule_replica';
export const DEFAULT_EVAL_INTERVAL = '1m';
export const DEFAULT_RULER_VOLUME_SIZE = '10Gi';
export const RULES_DIR = `${THANOS_PATHS.config}/rules`;

export interface ThanosRulerProps extends ThanosComponentProps {
  readonly objectStorage: ThanosObjectStorage;
  /** Queriers (or query-frontends) the rules are evaluated against, round-robin. */
  readonly queries: readonly IQueryHttpApi[];
  /** Recording and alerting rules, rendered into a ConfigMap. */
  readonly ruleGroups: readonly RuleGroup[];
  /** `http://alertmanager:9093` each (`dns+`/`dnssrv+` prefixes allowed). @default no alerts are sent */
  readonly alertmanagerUrls?: readonly string[];
  /** External labels identifying the ruler's blocks, e.g. `{ ruler: 'global' }`. @default none */
  readonly labels?: Record<string, string>;
  /** @default DEFAULT_RULER_REPLICA_LABEL */
  readonly replicaLabel?: string;
  /** @default DEFAULT_RULER_REPLICAS */
  readonly replicas?: number;
  /** A Prometheus duration. @default DEFAULT_EVAL_INTERVAL */
  readonly evalInterval?: string;
  /** @default DEFAULT_RULER_VOLUME_SIZE, default StorageClass */
  readonly storage?: { readonly size?: string; readonly storageClassName?: string };
  /** @default StoreAPI open to Thanos queriers, HTTP to any pod */
  readonly networkPolicy?: {
    readonly enabled?: boolean;
    readonly grpcClients?: readonly k8s.NetworkPolicyPeer[];
    readonly httpClients?: readonly k8s.NetworkPolicyPeer[];
  };
}

/**
 * Thanos Ruler: evaluates rules from a ConfigMap against queriers, sends alerts to Alertmanager (dropping its replica
 * label so HA pairs deduplicate there), stores results in its TSDB, uploads blocks and serves the StoreAPI.
 */
export class ThanosRuler extends Construct implements IStoreApi, IEndpointSource {
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  public readonly rulesConfigMap: k8s.KubeConfigMap;
  public readonly storeEndpoints: readonly QueryEndpoint[];
  public readonly replicaLabels: readonly string[];
  public readonly grpcEndpoint: string;
  public readonly httpUrl: string;
  public readonly endpoints: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ThanosRulerProps) {
    super(scope, id);
    const base = thanosBase(this, props, 'ThanosRuler', 'rule');
    const { context, name, namespace } = base;
    props.objectStorage.checkNamespace(namespace, context);
    const replicas = checkReplicas(props.replicas ?? DEFAULT_RULER_REPLICAS, context, 'replicas');
    const resources = resolveResources(props.resources ?? DEFAULT_RULER_RESOURCES, context, 'resources');
    const size = Memory.parse(props.storage?.size ?? DEFAULT_RULER_VOLUME_SIZE, context, 'storage.size');
    const evalInterval = checkPrometheusDuration(
      props.evalInterval ?? DEFAULT_EVAL_INTERVAL,
      context,
      'evalInterval',
    );
    const replicaLabel = props.replicaLabel ?? DEFAULT_RULER_REPLICA_LABEL;
    if (props.queries.length === 0) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'queries',
        problem: 'is empty, so the rules have nothing to evaluate against',
        value: [],
        fix: 'pass the ThanosQuery (or ThanosQueryFrontend) the rules should read from',
      });
    }
    if (Object.keys(props.labels ?? {}).includes(replicaLabel)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INCOMPATIBLE_PROPS,
        prop: 'labels',
        problem: `sets the replica label '${replicaLabel}', which the ruler sets to each pod's name`,
        value: props.labels,
        fix: `remove '${replicaLabel}' from labels`,
      });
    }
    for (const url of props.alertmanagerUrls ?? []) {
      if (!/^((dns|dnssrv)\+)?https?:\/\/[^\s/]+/.test(url)) {
        throw new ObservabilityConstructError(context, {
          code: ErrorCode.INVALID_VALUE,
          prop: 'alertmanagerUrls',
          problem: 'holds a URL without an http or https scheme, which Thanos requires',
          value: url,
          fix: "write e.g. 'http://alertmanager.monitoring.svc.cluster.local:9093'",
        });
      }
    }
    const rules = renderRuleFile(checkRuleGroups(props.ruleGroups, context, 'ruleGroups'));
    this.rulesConfigMap = new k8s.KubeConfigMap(this, 'rules', {
      metadata: { name: `${name}-rules`, namespace, labels: base.labels },
      data: { 'rules.yaml': rules },
    });
    const args = thanosArgs(
      base,
      'rule',
      {
        'data-dir': THANOS_PATHS.data,
        'objstore.config-file': props.objectStorage.configFile,
        'rule-file': [`${RULES_DIR}/*.yaml`],
        query: props.queries.map((q) => q.httpUrl.replace(/^https?:\/\//, '')),
        'alertmanagers.url':
          props.alertmanagerUrls && props.alertmanagerUrls.length > 0 ? props.alertmanagerUrls : undefined,
        'alert.label-drop': [replicaLabel],
        label: labelFlags({ ...(props.labels ?? {}), [replicaLabel]: '$(POD_NAME)' }),
        'eval-interval': evalInterval,
      },
      props,
      { grpc: true },
    );
    const ports = thanosPorts(true);
    const created = createDataStatefulSet(this, {
      base,
      name,
      labels: base.labels,
      selector: base.selector,
      replicas,
      containerName: 'thanos-rule',
      args,
      objectStorage: props.objectStorage,
      env: [POD_NAME_ENV],
      ports,
      resources,
      volumes: [
        {
          volume: { name: 'rules', configMap: { name: this.rulesConfigMap.name } },
          mountPath: RULES_DIR,
          readOnly: true,
        },
      ],
      size,
      storageClassName: props.storage?.storageClassName,
      configInputs: [rules],
    });
    this.statefulSet = created.statefulSet;
    this.service = created.service;
    const host = serviceDnsName(name, namespace, base.clusterDomain);
    this.grpcEndpoint = `dns+${host}:${THANOS_PORTS.grpc}`;
    this.httpUrl = thanosHttpUrl(name, namespace, base.clusterDomain);
    this.storeEndpoints = [{ address: this.grpcEndpoint }];
    this.replicaLabels = [replicaLabel];
    this.endpoints = { grpc: this.grpcEndpoint, http: this.httpUrl };
    const policy = props.networkPolicy ?? {};
    if (policy.enabled ?? true) {
      networkPolicy(this, 'network-policy', {
        name,
        namespace,
        labels: base.labels,
        podSelector: base.selector,
        ingress: [
          { peers: policy.grpcClients ?? STORE_API_CLIENTS, ports: GRPC_POLICY_PORTS },
          { peers: policy.httpClients ?? [anyPodPeer()], ports: HTTP_POLICY_PORTS },
        ],
      });
    }
    thanosServiceMonitor(this, base, props.monitoring);
  }
}
