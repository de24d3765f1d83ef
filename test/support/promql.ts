import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';

/**
 * PromQL checked by the Prometheus project's own parser for the pinned 3.x line: @prometheus-io/lezer-promql
 * 0.314.0 is published from prometheus/prometheus@v3.14.0 web/ui/module/lezer-promql (the grammar its editor
 * uses). Debian's promtool here is 2.42, which misses 3.x syntax; this parser does not. It checks syntax only:
 * function names and arities, types and label-matcher semantics are left to promtool.
 */
export function promqlSyntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`at ${node.from}: '${expr.slice(node.from, node.to + 1)}'`);
    },
  });
  return errors;
}

/** Every `expr` of a rule file (`groups[].rules[].expr`), with the rule's name. */
export function ruleExpressions(ruleFile: string): [string, string][] {
  const file = parse(ruleFile) as { groups?: { name: string; rules?: Record<string, unknown>[] }[] };
  return (file.groups ?? []).flatMap((g) =>
    (g.rules ?? []).map(
      (r) => [`${g.name}/${String(r.alert ?? r.record)}`, String(r.expr)] as [string, string],
    ),
  );
}
