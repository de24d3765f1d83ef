import { parser } from '@prometheus-io/lezer-promql';

/** A metric a PromQL selector reads: a literal name, or a `__name__` regex. */
export type MetricRef = { readonly name: string } | { readonly regex: string };

/**
 * Parses `expr` with Prometheus's own PromQL grammar (@prometheus-io/lezer-promql 0.314.0 = Prometheus v3.14.0) and
 * returns the metrics its selectors read; throws on a syntax error.
 */
export function metricsOf(expr: string): MetricRef[] {
  const refs: MetricRef[] = [];
  const errors: number[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name !== 'VectorSelector') return;
      const id = node.node.getChild('Identifier');
      if (id) {
        refs.push({ name: expr.slice(id.from, id.to) });
        return;
      }
      const matchers = node.node.getChild('LabelMatchers');
      for (const m of matchers?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = m.getChild('LabelName');
        const value = m.getChild('StringLiteral');
        if (!label || !value || expr.slice(label.from, label.to) !== '__name__') continue;
        const literal = JSON.parse(expr.slice(value.from, value.to)) as string;
        const op = expr.slice(m.getChild('MatchOp')!.from, m.getChild('MatchOp')!.to);
        refs.push(op === '=' ? { name: literal } : { regex: literal });
      }
    },
  });
  if (errors.length > 0) throw new Error(`PromQL syntax error at ${errors[0]} in: ${expr}`);
  return refs;
}

/** The refs of `exprs` no fact covers: a name must be a fact; a regex must match at least one fact, fully. */
export function unknownMetrics(exprs: readonly string[], facts: ReadonlySet<string>): string[] {
  const missing = new Set<string>();
  for (const expr of exprs) {
    for (const ref of metricsOf(expr)) {
      if ('name' in ref) {
        if (!facts.has(ref.name)) missing.add(ref.name);
      } else {
        const re = new RegExp(`^(?:${ref.regex})$`);
        if (![...facts].some((f) => re.test(f))) missing.add(`~${ref.regex}`);
      }
    }
  }
  return [...missing].sort();
}
