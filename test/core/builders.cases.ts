// The small builders of lib/core on their own, asserted with literal values: CronJobs (batch/v1 CronJobSpec),
// CPU autoscalers (autoscaling/v2 HorizontalPodAutoscaler), topology spread and PodDisruptionBudgets (policy/v1),
// and HTTP probes (core/v1 Probe). The constructs' tests check which component uses which.
import { cpuAutoscaler } from '../../lib/core/autoscaling';
import { podDisruptionBudget, topologySpread } from '../../lib/core/disruption';
import { createCronJob } from '../../lib/core/jobs';
import { healthProbes, httpGetProbe } from '../../lib/core/probes';
import { resolveResources } from '../../lib/core/resources';
import { objectsBuiltBy } from '../support/manifests';

const resources = resolveResources(
  { cpu: '100m', memory: '64Mi' },
  { construct: 'Test', path: 'x' },
  'resources',
);
const container = { name: 'cleaner', image: 'jaegertracing/jaeger-es-index-cleaner:2.20.0', resources };

describe('createCronJob', () => {
  test('UTC unless told, never two runs at once, ten minutes to start late, three of each kept, the job defaults', () => {
    const [cron] = objectsBuiltBy((c) =>
      createCronJob(c, 'cj', {
        name: 'cleaner',
        namespace: 'tracing',
        labels: { app: 'cleaner' },
        schedule: '55 23 * * *',
        containers: [container],
      }),
    );
    expect(cron!.metadata).toStrictEqual({
      name: 'cleaner',
      namespace: 'tracing',
      labels: { app: 'cleaner' },
    });
    const { jobTemplate, ...spec } = cron!.spec;
    expect(spec).toStrictEqual({
      schedule: '55 23 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    expect(jobTemplate.metadata).toStrictEqual({ labels: { app: 'cleaner' } });
    expect(jobTemplate.spec.backoffLimit).toBe(6);
    expect(jobTemplate.spec.activeDeadlineSeconds).toBe(3600);
    expect(jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('a time zone, a backoff limit and a deadline of its own', () => {
    const [cron] = objectsBuiltBy((c) =>
      createCronJob(c, 'cj', {
        name: 'cleaner',
        namespace: 'tracing',
        labels: {},
        schedule: '0 1 * * *',
        timeZone: 'Europe/Berlin',
        backoffLimit: 2,
        activeDeadlineSeconds: 600,
        containers: [container],
      }),
    );
    expect(cron!.spec.timeZone).toBe('Europe/Berlin');
    expect(cron!.spec.jobTemplate.spec.backoffLimit).toBe(2);
    expect(cron!.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(600);
  });
});

describe('cpuAutoscaler', () => {
  const options = {
    name: 'query',
    namespace: 'monitoring',
    labels: { app: 'query' },
    target: { kind: 'Deployment' as const, name: 'query' },
    minReplicas: 2,
    maxReplicas: 8,
    cpuUtilization: 70,
  };

  test('CPU only: the target, its bounds, and a slow scale-down (one pod a minute after five calm minutes)', () => {
    const [hpa] = objectsBuiltBy((c) => cpuAutoscaler(c, 'hpa', options));
    expect(hpa).toStrictEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'query', namespace: 'monitoring', labels: { app: 'query' } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'query' },
        minReplicas: 2,
        maxReplicas: 8,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 300,
            policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
          },
        },
      },
    });
  });

  test('with a memory target: a second metric after CPU', () => {
    const [hpa] = objectsBuiltBy((c) =>
      cpuAutoscaler(c, 'hpa', {
        ...options,
        target: { kind: 'StatefulSet', name: 'store' },
        memoryUtilization: 80,
      }),
    );
    expect(hpa!.spec.scaleTargetRef).toStrictEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: 'store',
    });
    expect(hpa!.spec.metrics).toStrictEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ]);
  });
});

describe('spread and disruption budgets', () => {
  test('spread over zones, then nodes, one pod of skew, never blocking scheduling', () => {
    const selector = { app: 'store' };
    const spread = topologySpread(selector);
    expect(spread).toStrictEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app: 'store' } },
      },
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app: 'store' } },
      },
    ]);
    expect(spread[0]!.labelSelector!.matchLabels).not.toBe(selector);
  });

  test('a PodDisruptionBudget: maxUnavailable as a number, the selector', () => {
    const [pdb] = objectsBuiltBy((c) =>
      podDisruptionBudget(c, 'pdb', {
        name: 'receive',
        namespace: 'monitoring',
        labels: { app: 'receive' },
        selector: { app: 'receive' },
        maxUnavailable: 2,
      }),
    );
    expect(pdb).toStrictEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'receive', namespace: 'monitoring', labels: { app: 'receive' } },
      spec: { maxUnavailable: 2, selector: { matchLabels: { app: 'receive' } } },
    });
  });
});

describe('probes', () => {
  test('an HTTP GET on a named port: every 10 s, 5 s to answer, 3 failures, unless given', () => {
    expect(JSON.parse(JSON.stringify(httpGetProbe('http', '/-/ready')))).toStrictEqual({
      httpGet: { path: '/-/ready', port: { value: 'http' }, scheme: 'HTTP' },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
    const timed = httpGetProbe('http', '/', {
      initialDelaySeconds: 1,
      periodSeconds: 2,
      timeoutSeconds: 3,
      failureThreshold: 4,
    });
    expect([
      timed.initialDelaySeconds,
      timed.periodSeconds,
      timed.timeoutSeconds,
      timed.failureThreshold,
    ]).toEqual([1, 2, 3, 4]);
  });

  test('health probes: start-up every 5 s for the start-up time (rounded up), liveness 6 × 10 s, readiness 3 × 5 s', () => {
    const probes = healthProbes('http', '/-/healthy', '/-/ready', 62);
    expect(probes.startup.httpGet!.path).toBe('/-/healthy');
    expect([probes.startup.periodSeconds, probes.startup.failureThreshold]).toEqual([5, 13]);
    expect(probes.liveness.httpGet!.path).toBe('/-/healthy');
    expect([probes.liveness.periodSeconds, probes.liveness.failureThreshold]).toEqual([10, 6]);
    expect(probes.readiness.httpGet!.path).toBe('/-/ready');
    expect([probes.readiness.periodSeconds, probes.readiness.failureThreshold]).toEqual([5, 3]);
    // one path for both, 120 s to start by default
    const same = healthProbes('http', '/health');
    expect(same.readiness.httpGet!.path).toBe('/health');
    expect(same.startup.failureThreshold).toBe(24);
  });
});
