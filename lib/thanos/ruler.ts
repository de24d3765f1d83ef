import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IEndpointSource,
  Memory,
  ObservabilityConstructError,
  ResourceSpec,
  defaultMetricsScrapers,
  uniqueRules,
  urlEgress,
  networkPolicy,
  resolveResources,
  secretVolume,
  serviceDnsName,
  requireProp,
} from '../core';
import { checkPrometheusDuration } from '../core/duration';
import type * as Yaml from 'yaml';
import { stringifyYaml as stringify } from '../core/manifest-yaml';
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
import { HTTP_CLIENT_CA_DIR, ThanosHttpTls, checkHttpClient, httpCaSecret, httpTlsFlags } from './http-tls';
import { createDataStatefulSet } from './stateful';

/** The reference design gives the ruler 500m and 1Gi. */
export const DEFAULT_RULER_RESOURCES: ResourceSpec = { cpu: '500m', memory: '1Gi' };
export const DEFAULT_RULER_REPLICAS = 2;
/** The label that tells the ruler's HA replicas apart (set to the pod name). */
export const DEFAULT_RULER_REPLICA_LABEL = 'rule_replica';
export const DEFAULT_EVAL_INTERVAL = '1m';
export const DEFAULT_RULER_VOLUME_SIZE = '10Gi';
/**
 * Thanos's own default local retention of the ruler's TSDB (`--tsdb.retention`, thanos-io/thanos@v0.42.4
 * cmd/thanos/rule.go). Older results live only in the bucket, so something must serve them from there.
 */
export const DEFAULT_RULER_RETENTION = '48h';
/**
 * What a rule group does when a store behind the querier fails (`partial_response_strategy` of a Thanos rule group,
 * thanos-io/thanos@v0.42.4 docs/components/rule.md; Thanos's own default is `abort`). A fleet-wide rule read
 * through queriers that fan out to hundreds of clusters would fail whenever one of them is unreachable, so this
 * library evaluates with what answered and counts the evaluation in
 * `thanos_rule_evaluation_with_warnings_total{strategy="warn"}` (cmd/thanos/rule.go), which
 * {@link RULER_PARTIAL_RESPONSE_ALERTS} alerts on.
 */
export const DEFAULT_PARTIAL_RESPONSE_STRATEGY: PartialResponseStrategy = 'warn';
/** The two strategies Thanos knows (thanos-io/thanos@v0.42.4 pkg/store/storepb PartialResponseStrategy). */
export type PartialResponseStrategy = 'warn' | 'abort';
/** The counter a Thanos ruler increments per evaluation that succeeded with warnings (thanos-io/thanos@v0.42.4 cmd/thanos/rule.go). */
export const RULER_WARNINGS_METRIC = 'thanos_rule_evaluation_with_warnings_total';
/**
 * An alert on rule evaluations that saw partial responses: their results are computed from the clusters that
 * answered. It needs the ruler's own metrics (its ServiceMonitor) in a store the evaluating querier reads.
 */
export const RULER_PARTIAL_RESPONSE_ALERTS: RuleGroup = {
  name: 'thanos-rule-partial-response',
  rules: [
    {
      alert: 'ThanosRuleEvaluationWithPartialResponse',
      expr: `sum by (cluster, job) (increase(${RULER_WARNINGS_METRIC}{strategy="warn"}[15m])) > 0`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Thanos rules were evaluated on partial data',
        description:
          'Some StoreAPIs behind the querier did not answer; recorded series and alerts reflect only the ones that did.',
        runbook:
          "Find the endpoint that does not answer in the querier's Stores page (or thanos_store_nodes_grpc_connections); then its load balancer and certificates.",
      },
    },
  ],
};
export const RULES_DIR = `${THANOS_PATHS.config}/rules`;

export interface ThanosRulerProps extends ThanosComponentProps {
  /**
   * Serve the HTTP port (10902: UI, API, metrics) over TLS from this Secret's `tls.crt`/`tls.key`; the ServiceMonitor
   * then scrapes over HTTPS. With shards, the certificate must name the component's `<name>` Service host (the
   * ServiceMonitor's server name) and every shard's. @default plain HTTP (NetworkPolicies keep other pods out)
   */
  readonly httpTls?: ThanosHttpTls;
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
  /**
   * Local TSDB retention (`--tsdb.retention`), a Prometheus duration: how long the ruler itself serves its results
   * through the StoreAPI. @default DEFAULT_RULER_RETENTION
   */
  readonly retention?: string;
  /**
   * `partial_response_strategy` of every rule group: `warn` evaluates with the stores that answered, `abort` fails
   * the evaluation when one does not. @default DEFAULT_PARTIAL_RESPONSE_STRATEGY
   */
  readonly partialResponseStrategy?: PartialResponseStrategy;
  /** A Prometheus duration. @default DEFAULT_EVAL_INTERVAL */
  readonly evalInterval?: string;
  /** @default DEFAULT_RULER_VOLUME_SIZE, default StorageClass */
  readonly storage?: { readonly size?: string; readonly storageClassName?: string };
  /**
   * @default StoreAPI open to Thanos queriers in the namespace, HTTP (UI, metrics) to Prometheus pods in the
   * namespace; egress to DNS, the queriers, the Alertmanagers and the bucket only
   */
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
  /** The TLS of the HTTP port, when it serves HTTPS. */
  public readonly httpTls?: ThanosHttpTls;
  public readonly endpoints: Readonly<Record<string, string>>;
  /** The external labels of the ruler's blocks and series, without its replica label. */
  public readonly externalLabels: Readonly<Record<string, string>>;
  /** The local TSDB retention (`--tsdb.retention`). */
  public readonly retention: string;

  constructor(scope: Construct, id: string, props: ThanosRulerProps) {
    super(scope, id);
    const base = thanosBase(this, props, 'ThanosRuler', 'rule');
    const { context, name, namespace } = base;
    requireProp(props.objectStorage, context, 'objectStorage', 'pass a ThanosObjectStorage').checkNamespace(
      namespace,
      context,
    );
    const replicas = checkReplicas(props.replicas ?? DEFAULT_RULER_REPLICAS, context, 'replicas');
    const resources = resolveResources(props.resources ?? DEFAULT_RULER_RESOURCES, context, 'resources');
    const size = Memory.parse(props.storage?.size ?? DEFAULT_RULER_VOLUME_SIZE, context, 'storage.size');
    const evalInterval = checkPrometheusDuration(
      props.evalInterval ?? DEFAULT_EVAL_INTERVAL,
      context,
      'evalInterval',
    );
    const retention = checkPrometheusDuration(
      props.retention ?? DEFAULT_RULER_RETENTION,
      context,
      'retention',
    );
    const strategy = props.partialResponseStrategy ?? DEFAULT_PARTIAL_RESPONSE_STRATEGY;
    if ((strategy as string) !== 'warn' && (strategy as string) !== 'abort') {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: 'partialResponseStrategy',
        problem: "is not a strategy Thanos knows ('warn' or 'abort')",
        value: strategy,
        fix: "use 'warn' to evaluate with the stores that answered, or 'abort' to fail the evaluation",
      });
    }
    const replicaLabel = props.replicaLabel ?? DEFAULT_RULER_REPLICA_LABEL;
    if (
      requireProp(props.queries, context, 'queries', 'pass the querier, e.g. queries: [query]').length === 0
    ) {
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
    props.queries.forEach((q, i) => checkHttpClient(q, context, `queries[${i}]`));
    const queryCas = [
      ...new Set(props.queries.flatMap((q) => (q.httpTls ? [httpCaSecret(q.httpTls)] : []))),
    ].sort();
    const caDir = (secret: string) => `${HTTP_CLIENT_CA_DIR}/${secret}`;
    // With an HTTPS querier, `--query.config` (one entry per querier, scheme and CA each) replaces `--query`, which
    // only takes host:port and speaks HTTP; Thanos refuses both together (thanos-io/thanos@v0.42.4
    // cmd/thanos/rule.go; entries in pkg/clientconfig/config.go and http.go: `http_config.tls_config.ca_file`,
    // `static_configs`, `scheme`).
    const queryConfig =
      queryCas.length === 0
        ? undefined
        : stringify(
            props.queries.map((q) => ({
              static_configs: [q.httpUrl.replace(/^https?:\/\//, '')],
              scheme: q.httpTls ? 'https' : 'http',
              ...(q.httpTls
                ? { http_config: { tls_config: { ca_file: `${caDir(httpCaSecret(q.httpTls))}/ca.crt` } } }
                : {}),
            })),
          );
    const rules = withPartialResponseStrategy(
      renderRuleFile(
        checkRuleGroups(
          requireProp(props.ruleGroups, context, 'ruleGroups', 'give the rule groups to evaluate'),
          context,
          'ruleGroups',
        ),
      ),
      strategy,
    );
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
        query: queryConfig ? undefined : props.queries.map((q) => q.httpUrl.replace(/^https?:\/\//, '')),
        'query.config': queryConfig,
        'alertmanagers.url':
          props.alertmanagerUrls && props.alertmanagerUrls.length > 0 ? props.alertmanagerUrls : undefined,
        'alert.label-drop': [replicaLabel],
        label: labelFlags({ ...(props.labels ?? {}), [replicaLabel]: '$(POD_NAME)' }),
        'eval-interval': evalInterval,
        'tsdb.retention': retention,
        ...httpTlsFlags(props.httpTls),
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
      httpTls: props.httpTls,
      env: [POD_NAME_ENV],
      ports,
      resources,
      volumes: [
        {
          volume: { name: 'rules', configMap: { name: this.rulesConfigMap.name } },
          mountPath: RULES_DIR,
          readOnly: true,
        },
        ...queryCas.map((secret, i) => ({
          volume: secretVolume(`http-client-ca-${i}`, secret, [{ key: 'ca.crt', path: 'ca.crt' }]),
          mountPath: caDir(secret),
          readOnly: true,
        })),
      ],
      size,
      storageClassName: props.storage?.storageClassName,
      configInputs: [rules],
    });
    this.statefulSet = created.statefulSet;
    this.service = created.service;
    const host = serviceDnsName(name, namespace, base.clusterDomain);
    this.grpcEndpoint = `dns+${host}:${THANOS_PORTS.grpc}`;
    this.httpUrl = thanosHttpUrl(name, namespace, base.clusterDomain, props.httpTls !== undefined);
    this.httpTls = props.httpTls;
    this.storeEndpoints = [{ address: this.grpcEndpoint }];
    this.replicaLabels = [replicaLabel];
    this.endpoints = { grpc: this.grpcEndpoint, http: this.httpUrl };
    this.externalLabels = { ...(props.labels ?? {}) };
    this.retention = retention;
    const policy = props.networkPolicy ?? {};
    if (policy.enabled ?? true) {
      networkPolicy(this, 'network-policy', {
        name,
        namespace,
        labels: base.labels,
        podSelector: base.selector,
        ingress: [
          { peers: policy.grpcClients ?? STORE_API_CLIENTS, ports: GRPC_POLICY_PORTS },
          { peers: policy.httpClients ?? defaultMetricsScrapers(), ports: HTTP_POLICY_PORTS },
        ],
        egress: uniqueRules([
          ...props.queries.map((q) => urlEgress(q.httpUrl)),
          ...(props.alertmanagerUrls ?? []).map((u) => urlEgress(u)),
          ...props.objectStorage.egress,
        ]),
      });
    }
    thanosServiceMonitor(this, base, props.monitoring, base.selector, props.httpTls);
  }
}

/** A Prometheus rule file with Thanos's `partial_response_strategy` set on every group. */
export function withPartialResponseStrategy(ruleFile: string, strategy: PartialResponseStrategy): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when used: loading the library skips it
  const { parse } = require('yaml') as typeof Yaml;
  const file = parse(ruleFile) as { groups: Record<string, unknown>[] };
  return stringify(
    { groups: file.groups.map((g) => ({ name: g.name, partial_response_strategy: strategy, ...g })) },
    { lineWidth: 0 },
  );
}
