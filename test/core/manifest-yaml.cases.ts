import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { chartManifests, stringifyManifests, stringifyYaml, synthesizeApp } from '../../lib';
import { benchApp } from '../../scripts/bench';

/** Strings the `yaml` library writes in every style: plain, single and double quoted, block literal, escaped. */
const TRICKY = [
  ...['e5', 'E0', 'e+10', 'E-3', 'e5x', 'e_5'],
  ...[
    'ON',
    'Off',
    'NULL',
    'True',
    'N',
    'Yes',
    'NO',
    'Null',
    'on',
    'False',
    'Y',
    'n',
    'yES',
    'nope',
    'onward',
    'truest',
  ],
  '',
  'a',
  'yes',
  'No',
  'off',
  'true',
  'FALSE',
  'null',
  '~',
  'y',
  '12',
  '012',
  '0x1F',
  '1_000',
  '1:20',
  '1.5e3',
  '.inf',
  '.NaN',
  '2026-11-30',
  '<<',
  '=',
  '-',
  '- a',
  '-a',
  '?',
  '? a',
  'a: b',
  'a:b',
  'a:',
  'a #b',
  'a#b',
  '#a',
  '&a',
  '*a',
  '!a',
  '|a',
  '>a',
  "'a",
  '"a',
  '%a',
  '@a',
  '`a',
  '[a]',
  '{a}',
  'a,b',
  '---',
  '--- a',
  '...',
  'a ',
  ' a',
  "it's",
  'say "hi"',
  `both ' and "`,
  'tab\there',
  'bell\u0007',
  'nul\u0000',
  'é',
  '日本',
  '\u00a0',
  '\ud800',
  'line\n',
  'line\nnext',
  'line\nnext\n',
  'line\nnext\n\n',
  '\nlead',
  '  indented\nnext',
  'a\n\n\nb',
  'trail \nx',
  'x\n  ',
  'x\n\t',
  '\n',
  '\n\n',
  'key: v\n- item\n# c\n',
  '%YAML\n',
  'a\n---\nb',
  'a\n...\n',
  '\u2028x\ny',
  'k'.repeat(1100),
  'averyplainword',
  'some/path.txt',
  'host:10901',
  'a b c',
  'http://x.y:80/p?q=1',
];

const scalar = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc
    .array(fc.constantFrom('a', ' ', '\n', ':', '#', '-', "'", '"', '\t', 'yes', '1', 'e', '+', '.'), {
      maxLength: 12,
    })
    .map((p) => p.join('')),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 2 ** 53, 0.1, NaN, Infinity, -Infinity),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 8 }));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
}));
const documents = fc.array(fc.oneof(fc.dictionary(key, value, { maxKeys: 6 }), value), { maxLength: 3 });

describe('stringifyManifests', () => {
  test('writes what cdk8s Yaml.stringify writes (yaml library, cdk8s options), for any JSON documents', () => {
    fc.assert(
      fc.property(documents, (docs) => {
        expect(stringifyManifests(docs)).toBe(Yaml.stringify(...docs));
      }),
      { numRuns: 1000 },
    );
  });

  test('stringifyYaml writes what the yaml library writes with the same options (folding at 80, 1.2 schema)', () => {
    const longWords = fc.array(fc.constantFrom('word', 'x', ' ', 'rate(http[5m])', 'sum by (a)', '\n'), {
      maxLength: 40,
    });
    const config = fc.dictionary(
      key,
      fc.oneof(
        value,
        longWords.map((w) => w.join('')),
      ),
      { maxKeys: 6 },
    );
    const options = fc.constantFrom(
      {},
      { lineWidth: 0 },
      { lineWidth: 40 },
      { lineWidth: 10 },
      { version: '1.1' as const },
    );
    fc.assert(
      fc.property(config, options, (doc, opts) => {
        expect(stringifyYaml(doc, opts)).toBe(stringify(doc, opts));
      }),
      { numRuns: 1000 },
    );
  });

  test('delegates what is not plain JSON the same way: shared objects (anchors), undefined, Dates', () => {
    const shared = { a: 1 };
    const docs = [
      { x: shared, y: [shared] },
      { u: undefined, d: new Date(0) },
      undefined,
      'text',
      [1, [2, []]],
    ];
    expect(stringifyManifests(docs)).toBe(Yaml.stringify(...docs));
  });

  test('a ConfigMap with a multi-line value: a literal block scalar at the value indentation', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { 'app.kubernetes.io/name': 'x', port: '9090' } },
      data: { 'a.yaml': 'global:\n  scrape_interval: 30s\n', b: ' lead\nx', c: [] as string[], d: {} },
      list: [{ n: 1, m: true }, ['p', null]],
    };
    // written by hand from the YAML 1.1 spec's block scalar rules: `|` clips one final newline, `|2-` strips and
    // declares the indentation of a first line starting with a space; quoted digits stay strings, and so does the key
    // `n`, a YAML 1.1 boolean.
    expect(stringifyManifests([cm, cm.metadata])).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: c',
        '  labels:',
        '    app.kubernetes.io/name: x',
        '    port: "9090"',
        'data:',
        '  a.yaml: |',
        '    global:',
        '      scrape_interval: 30s',
        '  b: |2-',
        '     lead',
        '    x',
        '  c: []',
        '  d: {}',
        'list:',
        '  - "n": 1',
        '    m: true',
        '  - - p',
        '    - null',
        '---',
        'name: c',
        'labels:',
        '  app.kubernetes.io/name: x',
        '  port: "9090"',
        '',
      ].join('\n'),
    );
  });

  test('synthesizeApp files parse back (yaml library, YAML 1.1) to exactly the objects of each chart', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'oc-manifest-yaml-'));
    try {
      const app = benchApp(3, outdir);
      synthesizeApp(app);
      const files = readdirSync(outdir).sort();
      expect(files).toHaveLength(5);
      for (const chart of app.charts as Chart[]) {
        const text = readFileSync(join(outdir, `${chart.node.id}.k8s.yaml`), 'utf8');
        const parsed = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
        expect(parsed).toEqual(chartManifests(chart));
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('synthesizeApp without a dependency graph', () => {
  test('charts and objects in the order cdk8s gives them: array-index ids first, ascending', () => {
    // cdk8s@2.70.106 keys its dependency graph's vertices by construct path in a plain object (and constructs keys
    // children by id the same way), so ids like '10' and '2' come first in ascending order; the rest keep their
    // construction order. The expected lists are what app.charts returned for this app before the change.
    const outdir = mkdtempSync(join(tmpdir(), 'oc-synth-order-'));
    try {
      const app = new App({ outdir });
      for (const id of ['b', '10', 'a', '2']) {
        const chart = new Chart(app, id);
        for (const name of ['z', '3', 'y'])
          new ApiObject(chart, name, { apiVersion: 'v1', kind: 'ConfigMap' });
      }
      expect(synthesizeApp(app).map((f) => f.slice(outdir.length + 1))).toEqual([
        '2.k8s.yaml',
        '10.k8s.yaml',
        'b.k8s.yaml',
        'a.k8s.yaml',
      ]);
      for (const chart of app.charts) expect(chartManifests(chart)).toEqual(chart.toJson());
      expect(app.charts.map((c) => c.node.id)).toEqual(['2', '10', 'b', 'a']);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
