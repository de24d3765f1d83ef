import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';
import { checkDnsLabel, suggestDnsLabel } from './names';

/** The namespace every construct uses when neither its props nor its chart name one. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * The namespace of a construct's objects: its `namespace` prop, else its chart's, else `default`. Always written
 * into every object's metadata, because the construct also derives in-cluster DNS names from it.
 */
export function resolveNamespace(
  scope: Construct,
  namespace: string | undefined,
  context: ErrorContext,
): string {
  if (!scope.node.scopes.some((s) => Chart.isChart(s))) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'scope',
      problem: "must be a Chart or inside one: the construct's objects belong to a chart",
      value: scope.node.scope?.constructor.name,
      fix: "create it in a Chart, e.g. new Chart(app, 'monitoring', { namespace: 'monitoring' })",
    });
  }
  const resolved = namespace ?? Chart.of(scope).namespace ?? DEFAULT_NAMESPACE;
  return checkDnsLabel(resolved, context, 'namespace');
}

/** The base name of a construct's objects: its `name` prop, else a DNS label made from its construct id. */
export function resolveName(
  scope: Construct,
  name: string | undefined,
  context: ErrorContext,
  maxLength = 50,
): string {
  return checkDnsLabel(name ?? suggestDnsLabel(scope.node.id, maxLength), context, 'name', maxLength);
}
