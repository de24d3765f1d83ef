import { Chart, ChartProps, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { contextOf, requireProp } from './errors';
import { MANAGED_BY } from './labels';
import { checkDnsLabel } from './names';

/** Charts of the library create the Namespace their objects live in unless told otherwise. */
export const DEFAULT_CREATE_NAMESPACE = true;

/** Props of {@link ObservabilityChart}. */
export interface ObservabilityChartProps extends ChartProps {
  /** The namespace of every object of the chart. */
  readonly namespace: string;
  /**
   * Create the Namespace object, first in the chart's file, so `kubectl apply -f` works on a fresh cluster. Set
   * `false` where the namespace is managed elsewhere (a platform team, another chart). @default DEFAULT_CREATE_NAMESPACE
   */
  readonly createNamespace?: boolean;
  /** Labels of the Namespace object (e.g. Pod Security Admission levels). @default none besides `managed-by` */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/**
 * A cdk8s Chart in one namespace that also creates that Namespace (opt-out with `createNamespace: false`). The
 * Namespace is the chart's first object, so it comes first in the file `cdk8s synth` writes.
 */
export class ObservabilityChart extends Chart {
  /** The Namespace object, unless `createNamespace` is false. */
  public readonly namespaceObject?: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: ObservabilityChartProps) {
    super(scope, id, props);
    const context = contextOf(this, 'ObservabilityChart');
    checkDnsLabel(
      requireProp(props.namespace, context, 'namespace', "name the namespace, e.g. 'monitoring'"),
      context,
      'namespace',
    );
    if (props.createNamespace ?? DEFAULT_CREATE_NAMESPACE) {
      this.namespaceObject = createNamespace(this, props.namespace, props.namespaceLabels);
    }
  }
}

/**
 * A Namespace object in `chart` (cluster-scoped: the chart's namespace, which cdk8s puts on every object, is
 * removed from it).
 */
export function createNamespace(
  chart: Chart,
  name: string,
  labels?: Readonly<Record<string, string>>,
): k8s.KubeNamespace {
  const namespace = new k8s.KubeNamespace(chart, 'namespace', {
    metadata: { name, labels: { ...labels, 'app.kubernetes.io/managed-by': MANAGED_BY } },
  });
  namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return namespace;
}
