import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Options of {@link cpuAutoscaler}. */
export interface CpuAutoscalerOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly target: { readonly kind: 'Deployment' | 'StatefulSet'; readonly name: string };
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilisation, in percent of the request, the autoscaler aims at. */
  readonly cpuUtilization: number;
  /** Also scale on memory utilisation. @default not used */
  readonly memoryUtilization?: number;
}

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler on CPU (and optionally memory). Scale-down waits five minutes and
 * removes at most one pod a minute, so a short dip does not shed capacity a burst needs again.
 */
export function cpuAutoscaler(
  scope: Construct,
  id: string,
  options: CpuAutoscalerOptions,
): k8s.KubeHorizontalPodAutoscalerV2 {
  const metrics: k8s.MetricSpecV2[] = [
    {
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: options.cpuUtilization } },
    },
  ];
  if (options.memoryUtilization !== undefined) {
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'memory',
        target: { type: 'Utilization', averageUtilization: options.memoryUtilization },
      },
    });
  }
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: options.target.kind, name: options.target.name },
      minReplicas: options.minReplicas,
      maxReplicas: options.maxReplicas,
      metrics,
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 300,
          policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
        },
      },
    },
  });
}
