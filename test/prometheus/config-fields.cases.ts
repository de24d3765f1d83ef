import { parse } from 'yaml';
import { ErrorCode, ObservabilityConstructError } from '../../lib/core';
import {
  buildPrometheusConfig,
  checkRuleGroups,
  clusterScrapeJobs,
  renderPrometheusConfig,
  renderRuleFile,
  RuleGroup,
  ruleGroupObjects,
} from '../../lib/prometheus/config';
import { expectConstructError } from '../support/errors';

// The pure Prometheus config builders, prop by prop, without constructs or promtool (cheap enough for the mutation
// run of lib/prometheus/config, test/mutation/modules.js). Field names are Prometheus's own:
// prometheus@v3.13.2 config/config.go (ScrapeConfig, RemoteWriteConfig, QueueConfig) and the <authorization>
// (credentials_file) and <tls_config> (ca_file, cert_file, key_file, insecure_skip_verify) blocks of
// prometheus@v3.13.2 docs/configuration/configuration.md; the service-account files are where Kubernetes mounts them
// (/var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt}, Kubernetes docs "Accessing the API from a Pod").

// toStrictEqual where a builder's output is compared: a field the caller did not set is left out, not present as
// undefined (the object is public; only its YAML rendering drops undefined values).
const ctx = { construct: 'Test', path: 'chart/x' };
const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

describe('clusterScrapeJobs', () => {
  // Meta label names: prometheus@v3.13.2 discovery/kubernetes (annotation prometheus.io/x becomes
  // __meta_kubernetes_<role>_annotation_prometheus_io_x).
  const podAnnotation = (a: string) => `__meta_kubernetes_pod_annotation_prometheus_io_${a}`;
  const serviceAnnotation = (a: string) => `__meta_kubernetes_service_annotation_prometheus_io_${a}`;
  const annotationRules = (annotation: (a: string) => string) => [
    { action: 'keep', source_labels: [annotation('scrape')], regex: 'true' },
    {
      source_labels: ['__address__', annotation('port')],
      regex: '([0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:.]*);(\\d+)',
      target_label: '__address__',
      replacement: '[$1]:$2',
    },
    {
      source_labels: ['__address__', annotation('port')],
      regex: '([^:\\[\\]]+)(?::\\d+)?;(\\d+)',
      target_label: '__address__',
      replacement: '$1:$2',
    },
    {
      source_labels: ['__address__', annotation('port')],
      regex: '\\[(.+)\\]:\\d+;(\\d+)',
      target_label: '__address__',
      replacement: '[$1]:$2',
    },
    {
      source_labels: [annotation('path')],
      regex: '(.+)',
      target_label: '__metrics_path__',
      replacement: '$1',
    },
    {
      source_labels: [annotation('scheme')],
      regex: '(https?)',
      target_label: '__scheme__',
      replacement: '$1',
    },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], regex: '(.+)', target_label: 'pod' },
  ];
  const kubelet = (
    jobName: string,
    metricsPath: string | undefined,
    insecureSkipVerify: true | undefined,
  ) => ({
    jobName,
    kubernetes: { role: 'node' },
    scheme: 'https',
    metricsPath,
    serviceAccountCredentials: true,
    insecureSkipVerify,
    relabelConfigs: [{ source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' }],
  });

  test('by default: Prometheus on 9090, its sidecar on 10902, kubelet and cAdvisor verified, annotated pods and services', () => {
    // 9090: Prometheus's web port (prometheus@v3.13.2 cmd/prometheus/main.go, web.listen-address default
    // "0.0.0.0:9090"); 10902: the sidecar's HTTP port (thanos-io/thanos@v0.42.4 docs/components/sidecar.md,
    // --http-address="0.0.0.0:10902"); cAdvisor at the kubelet's /metrics/cadvisor.
    expect(clusterScrapeJobs()).toStrictEqual([
      { jobName: 'prometheus', staticTargets: ['localhost:9090'] },
      { jobName: 'thanos-sidecar', staticTargets: ['localhost:10902'] },
      kubelet('kubelet', undefined, undefined),
      kubelet('cadvisor', '/metrics/cadvisor', undefined),
      {
        jobName: 'kubernetes-pods',
        kubernetes: { role: 'pod', namespaces: undefined },
        relabelConfigs: [
          {
            action: 'drop',
            source_labels: ['__meta_kubernetes_pod_phase'],
            regex: 'Pending|Succeeded|Failed',
          },
          ...annotationRules(podAnnotation),
        ],
      },
      {
        jobName: 'kubernetes-services',
        kubernetes: { role: 'endpointslice', namespaces: undefined },
        relabelConfigs: [
          ...annotationRules(serviceAnnotation),
          { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
        ],
      },
    ]);
  });

  test('ports, namespaces, no sidecar, skip-verify kubelets and a client certificate for Prometheus itself', () => {
    const jobs = clusterScrapeJobs({
      thanosSidecar: false,
      prometheusPort: 9091,
      kubeletTls: 'skip-verify',
      namespaces: ['apps'],
      prometheusClientCertificate: { certFile: '/tls/tls.crt', keyFile: '/tls/tls.key' },
    });
    expect(jobs.map((j) => j.jobName)).toEqual([
      'prometheus',
      'kubelet',
      'cadvisor',
      'kubernetes-pods',
      'kubernetes-services',
    ]);
    expect(jobs[0]).toStrictEqual({
      jobName: 'prometheus',
      staticTargets: ['localhost:9091'],
      scheme: 'https',
      clientCertificate: { certFile: '/tls/tls.crt', keyFile: '/tls/tls.key' },
      insecureSkipVerify: true,
    });
    expect(jobs[1]!.insecureSkipVerify).toBe(true);
    expect(jobs[3]!.kubernetes).toEqual({ role: 'pod', namespaces: ['apps'] });
    expect(clusterScrapeJobs({ sidecarHttpPort: 10912 })[1]!.staticTargets).toEqual(['localhost:10912']);
  });
});

describe('buildPrometheusConfig', () => {
  test('scrape job fields, each only when set, and TLS from each of its three sources', () => {
    const config = buildPrometheusConfig(
      {
        externalLabels: { cluster: 'a' },
        scrapeJobs: [
          { jobName: 'plain', staticTargets: ['x:1'] },
          {
            jobName: 'full',
            staticTargets: ['y:1', 'z:1'],
            scrapeInterval: '15s',
            metricsPath: '/m',
            scheme: 'https',
            serviceAccountCredentials: true,
            relabelConfigs: [{ target_label: 'a', replacement: 'b' }],
          },
          { jobName: 'skip', staticTargets: ['s:1'], insecureSkipVerify: true },
          { jobName: 'mtls', staticTargets: ['m:1'], clientCertificate: { certFile: '/c', keyFile: '/k' } },
        ],
      },
      ctx,
    );
    expect(config).toStrictEqual({
      global: { scrape_interval: '30s', evaluation_interval: '30s', external_labels: { cluster: 'a' } },
      scrape_configs: [
        { job_name: 'plain', static_configs: [{ targets: ['x:1'] }] },
        {
          job_name: 'full',
          scrape_interval: '15s',
          metrics_path: '/m',
          scheme: 'https',
          static_configs: [{ targets: ['y:1', 'z:1'] }],
          authorization: { credentials_file: `${SA}/token` },
          tls_config: { ca_file: `${SA}/ca.crt` },
          relabel_configs: [{ target_label: 'a', replacement: 'b' }],
        },
        {
          job_name: 'skip',
          static_configs: [{ targets: ['s:1'] }],
          tls_config: { insecure_skip_verify: true },
        },
        {
          job_name: 'mtls',
          static_configs: [{ targets: ['m:1'] }],
          tls_config: { cert_file: '/c', key_file: '/k' },
        },
      ],
    });
  });

  test('federation: scheme, TLS files, dropped labels; an empty drop list adds nothing', () => {
    const config = buildPrometheusConfig(
      {
        externalLabels: {},
        scrapeInterval: '1m',
        evaluationInterval: '2m',
        federation: [
          {
            jobName: 'f',
            targets: ['p:9090'],
            match: ['up'],
            scheme: 'https',
            tls: { caFile: '/ca', certFile: '/c', keyFile: '/k' },
            dropLabels: ['prometheus_replica', 'pod'],
          },
          { jobName: 'g', targets: ['q:9090'], match: ['up'], tls: { caFile: '/ca' }, dropLabels: [] },
        ],
      },
      ctx,
    );
    expect(config).toStrictEqual({
      global: { scrape_interval: '1m', evaluation_interval: '2m', external_labels: {} },
      scrape_configs: [
        {
          job_name: 'f',
          honor_labels: true,
          metrics_path: '/federate',
          scheme: 'https',
          params: { 'match[]': ['up'] },
          static_configs: [{ targets: ['p:9090'] }],
          tls_config: { ca_file: '/ca', cert_file: '/c', key_file: '/k' },
          metric_relabel_configs: [{ action: 'labeldrop', regex: 'prometheus_replica|pod' }],
        },
        {
          job_name: 'g',
          honor_labels: true,
          metrics_path: '/federate',
          params: { 'match[]': ['up'] },
          static_configs: [{ targets: ['q:9090'] }],
          tls_config: { ca_file: '/ca' },
        },
      ],
    });
  });

  test('remote write: the queue merges over the defaults, relabel rules and TLS; no name, no remote_write key when none', () => {
    const config = buildPrometheusConfig(
      {
        externalLabels: {},
        ruleFiles: [],
        remoteWrite: [
          {
            url: 'https://receive.example:19291/api/v1/receive',
            queue: { maxShards: 10 },
            writeRelabelConfigs: [{ action: 'drop', source_labels: ['__name__'], regex: 'go_.*' }],
            tls: { caFile: '/ca', certFile: '/c', keyFile: '/k' },
          },
          { url: 'http://r:1/x', tls: { caFile: '/ca' } },
        ],
      },
      ctx,
    );
    // The queue defaults are Prometheus's own (prometheus@v3.13.2 config/config.go DefaultQueueConfig: capacity 10000,
    // max 50 and min 1 shards, 2000 samples per send, 5s deadline), written out so a receive tenant gets them explicitly.
    const queue = (maxShards: number) => ({
      capacity: 10000,
      max_shards: maxShards,
      min_shards: 1,
      max_samples_per_send: 2000,
      batch_send_deadline: '5s',
    });
    expect(config).toStrictEqual({
      global: { scrape_interval: '30s', evaluation_interval: '30s', external_labels: {} },
      scrape_configs: [],
      remote_write: [
        {
          url: 'https://receive.example:19291/api/v1/receive',
          queue_config: queue(10),
          write_relabel_configs: [{ action: 'drop', source_labels: ['__name__'], regex: 'go_.*' }],
          tls_config: { ca_file: '/ca', cert_file: '/c', key_file: '/k' },
        },
        { url: 'http://r:1/x', queue_config: queue(50), tls_config: { ca_file: '/ca' } },
      ],
    });
    expect(buildPrometheusConfig({ externalLabels: {}, ruleFiles: ['/r.yaml'] }, ctx)).toStrictEqual({
      global: { scrape_interval: '30s', evaluation_interval: '30s', external_labels: {} },
      rule_files: ['/r.yaml'],
      scrape_configs: [],
    });
  });

  test('renders long values on one line', () => {
    // Longer than yaml's default line width (80), with spaces where it could fold.
    const long = `{__name__=~"${'cluster:a '.repeat(12)}"}`;
    const yaml = renderPrometheusConfig({ params: { 'match[]': [long] } });
    expect(yaml).toBe(`params:\n  match[]:\n    - '${long}'\n`);
  });

  test.each([
    [
      'a label ending in __ is fine, one starting with it is not',
      { externalLabels: { a__: 'x', __b: 'y' } },
      'externalLabels',
      '\'externalLabels\' has an invalid label name (got "__b")',
    ],
    [
      'a bad scrape interval',
      { externalLabels: {}, scrapeInterval: 'soon' },
      'scrapeInterval',
      "'scrapeInterval'",
    ],
    [
      'a bad evaluation interval',
      { externalLabels: {}, evaluationInterval: 'soon' },
      'evaluationInterval',
      "'evaluationInterval'",
    ],
    [
      'two scrape jobs with one name',
      {
        externalLabels: {},
        scrapeJobs: [
          { jobName: 'a', staticTargets: ['x:1'] },
          { jobName: 'a', staticTargets: ['y:1'] },
        ],
      },
      'scrapeJobs[1].jobName',
      "'scrapeJobs[1].jobName' is the name of another job",
    ],
    [
      'a bad job scrape interval',
      { externalLabels: {}, scrapeJobs: [{ jobName: 'a', staticTargets: ['x:1'], scrapeInterval: 'soon' }] },
      'scrapeJobs[0].scrapeInterval',
      "'scrapeJobs[0].scrapeInterval'",
    ],
    [
      'a federation job without targets',
      { externalLabels: {}, federation: [{ jobName: 'f', targets: [], match: ['up'] }] },
      'federation[0].targets',
      "'federation[0].targets' is empty (got []); list the Prometheus servers to federate from",
    ],
    [
      'a bad federation scrape interval',
      {
        externalLabels: {},
        federation: [{ jobName: 'f', targets: ['p:1'], match: ['up'], scrapeInterval: 'soon' }],
      },
      'federation[0].scrapeInterval',
      "'federation[0].scrapeInterval'",
    ],
    [
      'a remote write URL with text before the scheme',
      { externalLabels: {}, remoteWrite: [{ url: 'x http://r:1/x' }] },
      'remoteWrite[0].url',
      "'remoteWrite[0].url' is not an http or https URL",
    ],
    [
      'a remote write URL with a space after the host',
      { externalLabels: {}, remoteWrite: [{ url: 'http://r:1/x y' }] },
      'remoteWrite[0].url',
      "'remoteWrite[0].url' is not an http or https URL",
    ],
    [
      'a bad batch send deadline',
      { externalLabels: {}, remoteWrite: [{ url: 'http://r:1/x', queue: { batchSendDeadline: 'soon' } }] },
      'remoteWrite[0].queue.batchSendDeadline',
      "'remoteWrite[0].queue.batchSendDeadline'",
    ],
  ])('%s is an error naming its prop', (_name, options, prop, message) => {
    let error: unknown;
    try {
      buildPrometheusConfig(options as never, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObservabilityConstructError);
    expect((error as ObservabilityConstructError).prop).toBe(prop);
    expect((error as ObservabilityConstructError).code).toBe(ErrorCode.INVALID_VALUE);
    expect((error as Error).message).toContain(message);
  });
});

describe('rule groups', () => {
  const group: RuleGroup = {
    name: 'g',
    interval: '1m',
    rules: [
      { record: 'job:up:sum', expr: 'sum by (job) (up)', labels: { source: 'rules' } },
      { record: 'job:up:count', expr: 'count by (job) (up)' },
      {
        alert: 'Down',
        expr: 'up == 0',
        for: '5m',
        labels: { severity: 'page' },
        annotations: { summary: 's' },
      },
      { alert: 'Bare', expr: 'up == 0' },
    ],
  };

  test('rule-file objects carry each optional field only when set', () => {
    // Field names of a rule file: prometheus@v3.13.2 model/rulefmt/rulefmt.go (RuleGroup, Rule).
    expect(ruleGroupObjects([group, { name: 'h', rules: [{ record: 'r', expr: 'up' }] }])).toStrictEqual([
      {
        name: 'g',
        interval: '1m',
        rules: [
          { record: 'job:up:sum', expr: 'sum by (job) (up)', labels: { source: 'rules' } },
          { record: 'job:up:count', expr: 'count by (job) (up)' },
          {
            alert: 'Down',
            expr: 'up == 0',
            for: '5m',
            labels: { severity: 'page' },
            annotations: { summary: 's' },
          },
          { alert: 'Bare', expr: 'up == 0' },
        ],
      },
      { name: 'h', rules: [{ record: 'r', expr: 'up' }] },
    ]);
    expect(parse(renderRuleFile([group])).groups[0].rules[2].annotations).toEqual({ summary: 's' });
    expect(checkRuleGroups([group], ctx, 'ruleGroups')).toEqual([group]);
  });

  test('renders long expressions on one line', () => {
    const expr = `sum(${'a_very_long_metric_name + '.repeat(6)}up)`;
    expect(renderRuleFile([{ name: 'g', rules: [{ record: 'r', expr }] }])).toBe(
      `groups:\n  - name: g\n    rules:\n      - record: r\n        expr: ${expr}\n`,
    );
  });

  test.each([
    [
      'a blank expression',
      { record: 'r', expr: '  ' },
      'ruleGroups[0].rules[0].expr',
      '\'ruleGroups[0].rules[0].expr\' is empty (got "  "); write a PromQL expression',
    ],
    [
      'a bad alert name',
      { alert: 'High-Errors', expr: 'up' },
      'ruleGroups[0].rules[0].alert',
      "'ruleGroups[0].rules[0].alert' is not a valid alert name (got \"High-Errors\"); use letters, digits and '_', e.g. 'HighErrorRate'",
    ],
    [
      'a bad for',
      { alert: 'A', expr: 'up', for: 'soon' },
      'ruleGroups[0].rules[0].for',
      "'ruleGroups[0].rules[0].for'",
    ],
    [
      'a bad label name',
      { record: 'r', expr: 'up', labels: { 'a-b': 'x' } },
      'ruleGroups[0].rules[0].labels',
      "'ruleGroups[0].rules[0].labels' has an invalid label name (got \"a-b\"); use letters, digits and '_'",
    ],
  ])('%s is an error naming its prop', (_name, rule, prop, message) => {
    let error: unknown;
    try {
      checkRuleGroups([{ name: 'g', rules: [rule as never] }], ctx, 'ruleGroups');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObservabilityConstructError);
    expect((error as ObservabilityConstructError).prop).toBe(prop);
    expect((error as ObservabilityConstructError).code).toBe(ErrorCode.INVALID_VALUE);
    expect((error as Error).message).toContain(message);
  });

  test('a bad group interval is an error naming its prop', () => {
    // lib/core/duration.ts checkPrometheusDuration (through checkRuleGroups): INVALID_VALUE
    const error = expectConstructError(
      () =>
        checkRuleGroups(
          [{ name: 'g', interval: 'soon', rules: [{ record: 'r', expr: 'up' }] }],
          ctx,
          'ruleGroups',
        ),
      "Test 'chart/x': 'ruleGroups[0].interval' is not a Prometheus duration (got \"soon\"); write a number with a unit (ms, s, m, h, d, w, y), largest unit first, e.g. '30s', '15d' or '1y'",
      ErrorCode.INVALID_VALUE,
    );
    expect(error.prop).toBe('ruleGroups[0].interval');
  });
});
