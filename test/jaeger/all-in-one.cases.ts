import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { JaegerAllInOne, JaegerAllInOneProps, containerPorts } from '../../lib';
import { CONFIG_HASH_ANNOTATION, ErrorCode } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { danglingReferences, unknownKeys } from '../support/jaeger';
import { Manifest, only, synth, testChart } from '../support/manifests';

function build(props: JaegerAllInOneProps = {}, namespace = 'tracing') {
  const chart = testChart(namespace);
  const jaeger = new JaegerAllInOne(chart, 'jaeger', props);
  const objects = synth(chart);
  const configMap = only(objects, 'ConfigMap', jaeger.configMap.name);
  return {
    jaeger,
    objects,
    config: parse(configMap.data['config.yaml']),
    deployment: only(objects, 'Deployment'),
  };
}

function container(objects: Manifest[]) {
  return (only(objects, 'Deployment') as any).spec.template.spec.containers[0];
}

describe('JaegerAllInOne defaults', () => {
  const { jaeger, objects, config, deployment } = build();

  test('emits config, sampling, Deployment, Service and NetworkPolicy and nothing else', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/jaeger-config',
      'ConfigMap/jaeger-sampling',
      'Deployment/jaeger',
      'Service/jaeger',
      'NetworkPolicy/jaeger',
    ]);
    expect(objects.every((o) => o.metadata.namespace === 'tracing')).toBe(true);
  });

  test('the config uses only keys Jaeger 2.20.0 accepts and references only what it defines', () => {
    expect(unknownKeys(config)).toEqual([]);
    expect(danglingReferences(config)).toEqual([]);
    expect(config).toEqual(JSON.parse(JSON.stringify(jaeger.config)));
  });

  test('memory storage with the default trace limit', () => {
    expect(config.extensions.jaeger_storage.backends.primary).toEqual({
      memory: { max_traces: 100000 }, // the documented @default of maxTraces
    });
  });

  test('every server binds all interfaces', () => {
    const endpoints = JSON.stringify(config).match(/"endpoint":"[^"]+"/g) ?? [];
    expect(endpoints.length).toBe(7);
    for (const e of endpoints) expect(e).toMatch(/"endpoint":"0\.0\.0\.0:\d+"/);
    expect(config.service.telemetry.metrics.readers[0].pull.exporter.prometheus).toEqual({
      host: '0.0.0.0',
      port: 8888,
      without_type_suffix: false,
      without_units: true,
      without_scope_info: true,
    });
  });

  test('the reference design batch settings (send_batch_size 1024, timeout 5s, max 2048) and a memory limiter at the memory request', () => {
    expect(config.processors.batch).toEqual({
      send_batch_size: 1024,
      timeout: '5s',
      send_batch_max_size: 2048,
    });
    expect(config.processors.memory_limiter).toEqual({
      check_interval: '1s',
      limit_mib: 1024,
      spike_limit_mib: 204,
    });
    expect(config.service.pipelines.traces.processors).toEqual(['memory_limiter', 'batch']);
  });

  test('container ports, Service ports and probes are derived from the config', () => {
    const c = container(objects);
    expect(c.ports.map((p: any) => [p.name, p.containerPort])).toEqual([
      ['otlp-grpc', 4317],
      ['otlp-http', 4318],
      ['query-http', 16686],
      ['query-grpc', 16685],
      ['sampling-http', 5778],
      ['sampling-grpc', 5779],
      ['metrics', 8888],
      ['health', 13133],
    ]);
    expect(containerPorts(jaeger.config).map((p) => p.port)).toEqual(
      c.ports.map((p: any) => p.containerPort),
    );
    const service = only(objects, 'Service');
    expect(service.spec.ports.map((p: any) => p.name)).toEqual(c.ports.map((p: any) => p.name).slice(0, 7));
    for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
      expect(probe.httpGet).toEqual({ path: '/status', port: 'health', scheme: 'HTTP' });
    }
  });

  test('runs the pinned image with the config file, as UID 10001 on a read-only root', () => {
    const c = container(objects);
    expect(c.image).toBe('jaegertracing/jaeger:2.20.0');
    expect(c.args).toEqual(['--config=/etc/jaeger/config.yaml']);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(deployment.spec.template.spec.securityContext.runAsUser).toBe(10001);
    expect(c.resources).toEqual({
      // The documented @default (the collector's: 500m CPU, 1Gi request, 1280Mi limit), as literals.
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '1', memory: '1280Mi' },
    });
  });

  test('one replica, rolling update, no PDB', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('RollingUpdate');
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('handles point at the Service', () => {
    expect(jaeger.otlpGrpcEndpoint).toBe('http://jaeger.tracing.svc.cluster.local:4317');
    expect(jaeger.otlpHttpEndpoint).toBe('http://jaeger.tracing.svc.cluster.local:4318');
    expect(jaeger.queryUrl).toBe('http://jaeger.tracing.svc.cluster.local:16686');
    expect(jaeger.service.name).toBe('jaeger');
    expect(jaeger.endpoints).toEqual({
      otlpGrpc: jaeger.otlpGrpcEndpoint,
      otlpHttp: jaeger.otlpHttpEndpoint,
      query: jaeger.queryUrl,
      samplingHttp: 'http://jaeger.tracing.svc.cluster.local:5778',
    });
  });

  test('samples everything from a strategies file that Jaeger reloads', () => {
    const sampling = only(objects, 'ConfigMap', 'jaeger-sampling');
    expect(JSON.parse(sampling.data['strategies.json'])).toEqual({
      default_strategy: { type: 'probabilistic', param: 1 },
      service_strategies: [],
    });
    expect(config.extensions.remote_sampling.file).toEqual({
      path: '/etc/jaeger/sampling/strategies.json',
      reload_interval: '1m',
    });
  });

  test('network policy opens only the service ports', () => {
    const policy = only(objects, 'NetworkPolicy');
    const ports = policy.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(ports.sort()).toEqual([16685, 16686, 4317, 4318, 5778, 5779, 8888].sort());
  });
});

describe('JaegerAllInOne props', () => {
  test('badger storage: PVC, explicit directories, not ephemeral, TTL, Recreate', () => {
    const { objects, config, deployment } = build({ storage: { kind: 'badger', storageClassName: 'fast' } });
    expect(config.extensions.jaeger_storage.backends.primary).toEqual({
      badger: {
        directories: { keys: '/badger/keys', values: '/badger/values' },
        ephemeral: false,
        ttl: { spans: '72h' }, // the documented @default of spanTtl
      },
    });
    const pvc = only(objects, 'PersistentVolumeClaim');
    expect(pvc.metadata.name).toBe('jaeger-badger');
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'fast',
      resources: { requests: { storage: '10Gi' } }, // the documented @default volume size
    });
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.template.spec.securityContext.fsGroup).toBe(10001);
    expect(container(objects).volumeMounts).toContainEqual({ name: 'badger', mountPath: '/badger' });
  });

  test('name, namespace, image, log level, base path and maxTraces', () => {
    const { jaeger, objects, config } = build({
      name: 'traces',
      namespace: 'obs',
      image: 'mirror.example/jaeger:2.20.0',
      logLevel: 'debug',
      basePath: '/jaeger',
      storage: { kind: 'memory', maxTraces: 5 },
    });
    expect(objects.every((o) => o.metadata.namespace === 'obs')).toBe(true);
    expect(container(objects).image).toBe('mirror.example/jaeger:2.20.0');
    expect(config.service.telemetry.logs.level).toBe('debug');
    expect(config.extensions.jaeger_query.base_path).toBe('/jaeger');
    expect(config.extensions.jaeger_storage.backends.primary.memory.max_traces).toBe(5);
    expect(jaeger.queryUrl).toBe('http://traces.obs.svc.cluster.local:16686/jaeger');
  });

  test('resources set the memory limiter', () => {
    const { config, objects } = build({ resources: { cpu: '2', memory: '4Gi', memoryLimit: '5Gi' } });
    expect(config.processors.memory_limiter.limit_mib).toBe(4096);
    expect(container(objects).resources.limits).toEqual({ cpu: '4', memory: '5Gi' });
    expect(container(objects).env).toEqual([{ name: 'GOMEMLIMIT', value: '4608MiB' }]);
  });

  test('batch settings merge over the reference design defaults', () => {
    const { config } = build({ batch: { sendBatchSize: 512 } });
    expect(config.processors.batch).toEqual({
      send_batch_size: 512,
      timeout: '5s',
      send_batch_max_size: 2048,
    });
  });

  test('sampling strategies per service', () => {
    const { objects } = build({
      sampling: {
        defaultProbability: 0.1,
        services: [
          { service: 'a', type: 'ratelimiting', param: 5 },
          { service: 'b', type: 'probabilistic', param: 0.5 },
        ],
      },
    });
    expect(JSON.parse(only(objects, 'ConfigMap', 'jaeger-sampling').data['strategies.json'])).toEqual({
      default_strategy: { type: 'probabilistic', param: 0.1 },
      service_strategies: [
        { service: 'a', type: 'ratelimiting', param: 5 },
        { service: 'b', type: 'probabilistic', param: 0.5 },
      ],
    });
  });

  test('a config change changes the pod template hash; a sampling change does not', () => {
    const hash = (props: JaegerAllInOneProps) =>
      build(props).deployment.spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];
    expect(hash({})).toBe(hash({}));
    expect(hash({ logLevel: 'debug' })).not.toBe(hash({}));
    expect(hash({ sampling: { defaultProbability: 0.5 } })).toBe(hash({}));
  });

  test('network policy peers and opt-out', () => {
    const peer = { podSelector: { matchLabels: { role: 'app' } } };
    const { objects } = build({ clients: [peer] });
    expect(only(objects, 'NetworkPolicy').spec.ingress[0].from).toEqual([peer]);
    expect(build({ networkPolicy: false }).objects.some((o) => o.kind === 'NetworkPolicy')).toBe(false);
  });

  test('a ServiceMonitor only when asked for', () => {
    expect(build().objects.some((o) => o.kind === 'ServiceMonitor')).toBe(false);
    const { objects } = build({
      monitoring: { serviceMonitor: true, interval: '15s', labels: { release: 'p' } },
    });
    const monitor = only(objects, 'ServiceMonitor');
    expect(monitor.metadata.labels?.release).toBe('p');
    expect(monitor.spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics', interval: '15s', scheme: 'http' },
    ]);
  });

  test('without a chart namespace, objects land in default', () => {
    const chart = new Chart(Testing.app(), 'c');
    const jaeger = new JaegerAllInOne(chart, 'MyJaeger');
    expect(jaeger.otlpGrpcEndpoint).toBe('http://my-jaeger.default.svc.cluster.local:4317');
  });
});

describe('JaegerAllInOne errors', () => {
  const cases: [string, JaegerAllInOneProps, string, ErrorCode][] = [
    [
      'replicas with memory storage',
      { replicas: 3 },
      "JaegerAllInOne 'test/jaeger': 'replicas' must be 1 with memory storage: each replica would hold its own traces (got 3); use JaegerDirect to scale collectors and queries over shared Elasticsearch or OpenSearch storage",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'replicas with badger storage',
      { replicas: 2, storage: { kind: 'badger' } },
      "JaegerAllInOne 'test/jaeger': 'replicas' must be 1 with badger storage: each replica would hold its own traces (got 2); use JaegerDirect to scale collectors and queries over shared Elasticsearch or OpenSearch storage",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'maxTraces below 1',
      { storage: { kind: 'memory', maxTraces: 0 } },
      "JaegerAllInOne 'test/jaeger': 'storage.maxTraces' must be a whole number of at least 1 (got 0); set it to the number of traces to keep in memory, e.g. 100000",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a span TTL that is not a Go duration',
      { storage: { kind: 'badger', spanTtl: '3 days' } },
      "JaegerAllInOne 'test/jaeger': 'storage.spanTtl' is not a Go duration (got \"3 days\"); write a number with a unit (ms, s, m, h), e.g. '30s', '5m' or '24h'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a badger size that is not a quantity',
      { storage: { kind: 'badger', size: '10GB' } },
      "JaegerAllInOne 'test/jaeger': 'storage.size' is not a valid memory quantity (got \"10GB\"); write it as Kubernetes does, e.g. '512Mi' or '2Gi'",
      ErrorCode.INVALID_QUANTITY,
    ],
    [
      'a base path without a leading slash',
      { basePath: 'jaeger/' },
      "JaegerAllInOne 'test/jaeger': 'basePath' must start with '/' and not end with '/' (got \"jaeger/\"); write it like '/jaeger', or leave it out to serve the UI at '/'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a default probability above 1',
      { sampling: { defaultProbability: 1.5 } },
      "JaegerAllInOne 'test/jaeger': 'sampling.defaultProbability' must be between 0 and 1 (got 1.5); write a probability, e.g. 0.1 to sample one trace in ten",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a service with two strategies',
      {
        sampling: {
          services: [
            { service: 'a', type: 'probabilistic', param: 1 },
            { service: 'a', type: 'probabilistic', param: 0.5 },
          ],
        },
      },
      "JaegerAllInOne 'test/jaeger': 'sampling.services[1].service' names a service that already has a strategy (got \"a\"); give each service one strategy",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a probabilistic param above 1',
      { sampling: { services: [{ service: 'a', type: 'probabilistic', param: 2 }] } },
      "JaegerAllInOne 'test/jaeger': 'sampling.services[0].param' must be a probability between 0 and 1 (got 2); e.g. 0.5 samples half the traces",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a negative rate limit',
      { sampling: { services: [{ service: 'a', type: 'ratelimiting', param: -1 }] } },
      "JaegerAllInOne 'test/jaeger': 'sampling.services[0].param' must be a non-negative number of traces per second (got -1); e.g. 10 samples ten traces per second",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a max batch below the batch',
      { batch: { sendBatchSize: 4096 } },
      "JaegerAllInOne 'test/jaeger': 'batch.sendBatchMaxSize' must not be below batch.sendBatchSize 4096 (got 2048); raise sendBatchMaxSize to at least 4096 (the reference design uses twice sendBatchSize)",
      ErrorCode.INCOMPATIBLE_PROPS,
    ],
    [
      'a zero batch size',
      { batch: { sendBatchSize: 0 } },
      "JaegerAllInOne 'test/jaeger': 'batch.sendBatchSize' must be a whole number of at least 1 (got 0); the reference design uses sendBatchSize 1024 and sendBatchMaxSize 2048",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a batch timeout without unit',
      { batch: { timeout: '5' } },
      "JaegerAllInOne 'test/jaeger': 'batch.timeout' is not a Go duration (got \"5\"); write a number with a unit (ms, s, m, h), e.g. '30s', '5m' or '24h'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a sampling reload interval without unit',
      { samplingReloadInterval: '60' },
      "JaegerAllInOne 'test/jaeger': 'samplingReloadInterval' is not a Go duration (got \"60\"); write a number with a unit (ms, s, m, h), e.g. '30s', '5m' or '24h'",
      ErrorCode.INVALID_VALUE,
    ],
    [
      'a name that is not a DNS label',
      { name: 'Jaeger' },
      "JaegerAllInOne 'test/jaeger': 'name' must be a DNS label of at most 50 characters (lower case letters, digits and '-', starting and ending with a letter or digit) (got \"Jaeger\"); choose a name such as 'jaeger'",
      ErrorCode.INVALID_NAME,
    ],
    [
      'a memory limit below the request',
      { resources: { cpu: '1', memory: '2Gi', memoryLimit: '1Gi' } },
      "JaegerAllInOne 'test/jaeger': 'resources.memoryLimit' must not be below the memory request 2Gi (got \"1Gi\"); raise memoryLimit to at least '2Gi' or lower memory",
      ErrorCode.INVALID_VALUE,
    ],
  ];

  test.each(cases)('%s', (_name, props, message, code) => {
    expectConstructError(() => build(props), message, code);
  });

  test('replicas errors carry the incompatible-props code', () => {
    expect(() => build({ replicas: 2 })).toThrow(
      expect.objectContaining({ code: ErrorCode.INCOMPATIBLE_PROPS, prop: 'replicas', value: 2 }),
    );
  });
});
