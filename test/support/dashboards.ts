import { parser } from '@prometheus-io/lezer-promql';

/**
 * Grafana's built-in interval variables (Grafana docs, "Global variables": `$__interval`, `$__rate_interval`,
 * `$__range`), replaced by a duration before parsing so a range selector like `[$__rate_interval]` parses.
 */
const INTERVAL_VARIABLES = /\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}/g;
/** Dashboard variables (`$cluster`, `${cluster}`, `[[cluster]]`), replaced by a plain word. */
const VARIABLES =
  /\$\{[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[A-Za-z_][A-Za-z0-9_]*\]\]/g;

/** A query with Grafana's variables substituted so Prometheus's parser can read it. */
export function substituteVariables(expr: string): string {
  return expr.replace(INTERVAL_VARIABLES, '5m').replace(VARIABLES, 'var');
}

/** Where Prometheus's own PromQL grammar (lezer-promql 0.314 = Prometheus v3.14.0) finds an error, or undefined. */
export function promqlError(expr: string): string | undefined {
  const text = substituteVariables(expr);
  const tree = parser.parse(text);
  let error: string | undefined;
  tree.iterate({
    enter: (node) => {
      if (error === undefined && node.type.isError)
        error = `syntax error at ${node.from}: '${text.slice(node.from, node.from + 20)}'`;
    },
  });
  if (error === undefined && text.trim() === '') error = 'empty expression';
  return error;
}

/**
 * The metric names a query selects: the name of every vector selector, and `__name__="…"` matchers. Names in
 * `__name__=~` regex matchers are not listed.
 */
export function metricNames(expr: string): string[] {
  const text = substituteVariables(expr);
  const names = new Set<string>();
  const cursor = parser.parse(text).cursor();
  do {
    if (cursor.name === 'VectorSelector') {
      const node = cursor.node;
      const id = node.getChild('Identifier');
      if (id) names.add(text.slice(id.from, id.to));
      for (const matcher of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = matcher.getChild('LabelName');
        const op = matcher.getChild('MatchOp');
        const value = matcher.getChild('StringLiteral');
        if (
          label &&
          value &&
          op &&
          text.slice(label.from, label.to) === '__name__' &&
          text.slice(op.from, op.to) === '='
        )
          names.add(text.slice(value.from + 1, value.to - 1));
      }
    }
  } while (cursor.next());
  return [...names].sort();
}

/** Every query of a dashboard JSON: panel targets' `expr`, and the metric of `label_values(metric, label)` variables. */
export function dashboardQueries(dashboard: any): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const panel of dashboard.panels ?? []) {
    for (const target of panel.targets ?? [])
      out.push({ where: `panel ${panel.id} '${panel.title}' ${target.refId}`, expr: target.expr });
  }
  for (const v of dashboard.templating?.list ?? []) {
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    const m = /^label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(q ?? '');
    out.push({ where: `variable ${v.name}`, expr: m ? (m[1] as string) : `(invalid variable query ${q})` });
  }
  return out;
}

/**
 * Problems of a Grafana dashboard JSON (an empty list when it is fine): every query parses with Prometheus's
 * grammar, every data source a panel, target or variable names is a provisioned uid, panel ids are unique.
 */
export function dashboardProblems(dashboard: any, dataSourceUids: readonly string[]): string[] {
  const problems: string[] = [];
  const ids = new Set<number>();
  const checkDatasource = (where: string, ds: any) => {
    if (ds === undefined) return;
    if (!dataSourceUids.includes(ds.uid))
      problems.push(`${where}: data source uid '${ds?.uid}' is not provisioned`);
  };
  for (const panel of dashboard.panels ?? []) {
    if (typeof panel.id !== 'number' || ids.has(panel.id))
      problems.push(`panel '${panel.title}': id ${panel.id} is not unique`);
    ids.add(panel.id);
    checkDatasource(`panel ${panel.id}`, panel.datasource);
    if (panel.type !== 'row' && (panel.targets ?? []).length === 0)
      problems.push(`panel ${panel.id}: no queries`);
    for (const t of panel.targets ?? []) checkDatasource(`panel ${panel.id} ${t.refId}`, t.datasource);
  }
  for (const v of dashboard.templating?.list ?? []) checkDatasource(`variable ${v.name}`, v.datasource);
  for (const q of dashboardQueries(dashboard)) {
    const error = promqlError(q.expr);
    if (error) problems.push(`${q.where}: ${error} in ${q.expr}`);
  }
  return problems;
}
