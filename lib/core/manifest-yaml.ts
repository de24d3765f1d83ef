import type * as Yaml from 'yaml';

let yamlLibrary: typeof Yaml | undefined;

/** The `yaml` library, loaded on first use: most documents never need it, and loading it costs 70 modules. */
function yamlLib(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  yamlLibrary ??= require('yaml') as typeof Yaml;
  return yamlLibrary;
}

function stringify(value: unknown, options: Yaml.ToStringOptions & Yaml.DocumentOptions): string {
  return yamlLib().stringify(value, options);
}

/**
 * What the emitter honours of the `yaml` library's `stringify` options: the schema version (`1.1`: `yes`, `on` are
 * booleans and get quoted; `1.2`, the library's default: they stay plain), the line width (`0`: never fold) and
 * whether `undefined` map values are written as `null` (cdk8s) or dropped (the library's default).
 */
export interface YamlTextOptions {
  /** @default YAML_TEXT_DEFAULTS.version */
  readonly version?: '1.1' | '1.2';
  /** @default YAML_TEXT_DEFAULTS.lineWidth */
  readonly lineWidth?: number;
  /** @default YAML_TEXT_DEFAULTS.keepUndefined */
  readonly keepUndefined?: boolean;
}

/** The `yaml` library's own defaults (yaml@2.9.1 dist/stringify/stringify.js `createStringifyContext`). */
export const YAML_TEXT_DEFAULTS = { version: '1.2', lineWidth: 80, keepUndefined: false } as const;

/**
 * The options cdk8s passes to the `yaml` library for every manifest (cdk8s@2.70.106 lib/yaml.js `Yaml.stringify`:
 * `keepUndefined`, `lineWidth: 0`, YAML 1.1 schema).
 */
const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/** Thrown inside the emitter when a document holds something it does not write itself; caught per document. */
const DELEGATE = Symbol('delegate to the yaml library');

/**
 * Strings the `yaml` library writes plain in any block context: ASCII words and paths starting with a letter or
 * `/`, with single `:` or space separators (never `: `, ` #`, or at the end), other than the words its schemas
 * resolve to something else: booleans, null, and YAML 1.1 floats without a mantissa like `e5` (every other
 * number, timestamp or tagged scalar starts with a digit, a sign, `.`, `<` or `~`: the `test` patterns of yaml@2.9.1
 * dist/schema/core, dist/schema/yaml-1.1 and dist/schema/common). Everything else asks the library once, cached.
 */
const SAFE_PLAIN = /^[A-Za-z/][\w./=@+-]*(?:[: ][\w./=@+-]+)*$/;
const RESERVED_WORDS =
  /^(?:[YyNn]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL|[eE][-+]?[0-9]+)$/;
// eslint-disable-next-line no-control-regex -- the characters the yaml library escapes in double quotes
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const CACHE_LIMIT = 100_000;

/** Printable ASCII on one line, not starting with a document marker or `<<` (the 1.1 merge key, its own tag). */
const PRINTABLE = /^(?!%|---|\.\.\.|<<)[\x20-\x7e]+$/;
/** The library's plain-scalar exclusions on one line (yaml@2.9.1 dist/stringify/stringifyString.js `plainString`). */
const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;

interface TagTest {
  readonly default?: boolean | string;
  readonly tag: string;
  readonly test?: RegExp;
}

/** How the library writes one scalar, per schema version: with no folding, it does not depend on the context. */
class ScalarCache {
  private readonly lines = new Map<unknown, string>();
  private tags?: readonly TagTest[];
  constructor(private readonly version: '1.1' | '1.2') {}

  /**
   * A printable ASCII string as the library's `plainString` and `quotedString` write it (no control character,
   * newline or escape is involved): plain unless an indicator or one of the schema's scalar patterns (its own
   * `tags` and `compat`, read from the library) says otherwise; then single quotes if it holds `"` but not `'`,
   * else double quotes, which for printable ASCII is `JSON.stringify`.
   */
  private printable(value: string): string {
    if (!NOT_PLAIN.test(value)) {
      if (this.tags === undefined) {
        const { schema } = new (yamlLib().Document)(null, { version: this.version });
        this.tags = [...(schema.tags as TagTest[]), ...((schema.compat ?? []) as TagTest[])];
      }
      // The library's `plainString` asks for a tag that is a default, is not `str` and has a `test`; in yaml@2.9.1
      // every tag with a `test` is a default and `str` has none (test/core/manifest-yaml-direct.cases.ts checks it).
      const resolvesOtherwise = this.tags.some((t) => t.test?.test(value));
      if (!resolvesOtherwise) return value;
    }
    return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
  }

  /** One line as the `yaml` library writes a string or number scalar (plain, quoted or escaped). */
  line(value: string | number): string {
    if (typeof value === 'string' && SAFE_PLAIN.test(value) && !RESERVED_WORDS.test(value)) return value;
    let line = this.lines.get(value);
    if (line !== undefined) return line;
    line =
      typeof value === 'string' && PRINTABLE.test(value)
        ? this.printable(value)
        : stringify(value, { lineWidth: 0, version: this.version }).slice(0, -1);
    // A string the library writes as a block scalar at the top of a document (`---`, `...x`: document markers) is
    // plain inside a map but quoted as a key, so that text depends on where it is: left to the library.
    if (line.includes('\n')) throw DELEGATE;
    if (this.lines.size >= CACHE_LIMIT) this.lines.clear();
    this.lines.set(value, line);
    return line;
  }
}
const SCALARS = { '1.1': new ScalarCache('1.1'), '1.2': new ScalarCache('1.2') };

/** Whether the library would fold a flow scalar of this length at `indent` (yaml@2.9.1 foldFlowLines.js). */
function folds(text: string, indent: string, lineWidth: number): boolean {
  const minContentWidth = lineWidth < 20 ? 0 : 20;
  return lineWidth > 0 && text.length > Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
}

/** Whether a line of `value` is longer than the width left at `indent` (the library then folds with `>`). */
function lineOverLimit(value: string, indent: string, lineWidth: number): boolean {
  if (lineWidth <= 0) return false;
  const limit = lineWidth - indent.length;
  return value.split('\n').some((l) => l.length > limit);
}

/**
 * A multi-line string as a literal block scalar at `indent`, following the `yaml` library's `blockString` with
 * `lineWidth: 0` (yaml@2.9.1 dist/stringify/stringifyString.js): chomping from the trailing whitespace, an indentation
 * indicator when the first character after any leading newlines is a space. The library also splits off the leading
 * whitespace, which only matters for its folded style; with no run of newlines across that split, the literal
 * text is the same.
 */
function blockScalar(value: string, indent: string): string {
  // the library quotes these instead
  if (CONTROL.test(value) || /\n[\t ]+$/.test(value)) throw DELEGATE;
  let endStart = value.length;
  while (endStart > 0) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
    endStart--;
  }
  let end = value.substring(endStart);
  const endNl = end.indexOf('\n');
  const chomp = endNl === -1 ? '-' : value === end || endNl !== end.length - 1 ? '+' : '';
  if (end.endsWith('\n')) end = end.slice(0, -1);
  // the last newline of each run followed by more whitespace starts an indented line (the library's
  // `blockEndNewlines`, which it writes as /\n+(?!\n|$)/g where lookbehind is missing: the same replacement)
  end = end.replace(/\n(?!\n|$)/g, `\n${indent}`);
  const body = value.substring(0, endStart);
  const header = (/^\n* /.test(body) ? '2' : '') + chomp;
  return `|${header}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}${end}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

/** The emitter over one document; `seen` finds shared objects, which the library writes as anchors and aliases. */
class Emitter {
  // The root is not in it: a document that holds itself goes one level deeper before it reaches the library.
  private readonly seen = new Set<object>();
  private readonly scalars: ScalarCache;

  constructor(
    private readonly lineWidth: number,
    version: '1.1' | '1.2',
  ) {
    this.scalars = SCALARS[version];
  }

  private string(value: string, indent: string): string {
    if (value.includes('\n')) {
      if (lineOverLimit(value, indent, this.lineWidth)) throw DELEGATE;
      return blockScalar(value, indent);
    }
    const line = this.scalars.line(value);
    if (folds(line, indent, this.lineWidth)) throw DELEGATE;
    return line;
  }

  /** A value after `key:` or `- `: returns the separator and the text (`' x'`, `'\n  a: b'`). */
  private node(value: unknown, indent: string, inMap: boolean): string {
    switch (typeof value) {
      case 'string':
        return ' ' + this.string(value, indent);
      case 'number':
        return (
          ' ' +
          (Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : this.scalars.line(value))
        );
      case 'boolean':
        return value ? ' true' : ' false';
      case 'object': {
        if (value === null) return ' null';
        if (this.seen.has(value)) throw DELEGATE;
        this.seen.add(value);
        if (Array.isArray(value)) {
          if (value.length === 0) return ' []';
          // sequences in a map are indented one step (the library's default `indentSeq: true`)
          return inMap ? `\n${indent}${this.seq(value, indent)}` : ' ' + this.seq(value, indent);
        }
        if (!isPlainObject(value)) throw DELEGATE;
        const keys = Object.keys(value);
        if (keys.length === 0) return ' {}';
        return inMap ? `\n${indent}${this.map(value, keys, indent)}` : ' ' + this.map(value, keys, indent);
      }
      default:
        throw DELEGATE;
    }
  }

  private seq(items: readonly unknown[], indent: string): string {
    const itemIndent = indent + '  ';
    let out = '';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out += '\n' + indent;
      out += '-' + this.node(items[i], itemIndent, false);
    }
    return out;
  }

  map(value: Record<string, unknown>, keys: readonly string[], indent: string): string {
    const inner = indent + '  ';
    let out = '';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      // A key is written as the same scalar as a value (`""` when empty; one the library would write on more than
      // one line is left to it by line()); over 1024 characters the library makes it an explicit `? key`. An
      // undefined value is left to the library by node().
      const k = this.scalars.line(key);
      if (k.length > 1024) throw DELEGATE;
      if (i > 0) out += '\n' + indent;
      out += k + ':' + this.node(value[key], inner, true);
    }
    return out;
  }
}

/** One document as the `yaml` library's `stringify(doc, options)` writes it, delegating what the emitter skips. */
function yamlDocument(doc: unknown, options: YamlTextOptions): string {
  const { version = YAML_TEXT_DEFAULTS.version, lineWidth = YAML_TEXT_DEFAULTS.lineWidth } = options;
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && isPlainObject(doc)) {
    const keys = Object.keys(doc);
    if (keys.length === 0) return '{}\n';
    try {
      return new Emitter(lineWidth, version).map(doc, keys, '') + '\n';
    } catch (e) {
      if (e !== DELEGATE) throw e;
    }
  }
  return stringify(doc, options);
}

/**
 * Kubernetes manifests as multi-document YAML, byte for byte what cdk8s's `Yaml.stringify(...docs)` returns (and
 * `app.synth()` writes), several times faster: maps, sequences and common scalars of plain JSON objects are written
 * directly, and anything else (odd keys, strings that need quoting the first time they are seen, shared objects,
 * non-JSON values) goes through the `yaml` library with cdk8s's options.
 */
export function stringifyManifests(docs: readonly unknown[]): string {
  return docs.map((d) => (d === undefined ? '\n' : yamlDocument(d, CDK8S_YAML_OPTIONS))).join('---\n');
}

/**
 * A configuration file (Prometheus, Thanos, Jaeger): byte for byte the `yaml` library's `stringify(value,
 * options)`, written directly for plain JSON maps like {@link stringifyManifests}. Its `options` are only those
 * of {@link YamlTextOptions}.
 */
export function stringifyYaml(value: unknown, options: YamlTextOptions = {}): string {
  return yamlDocument(value, options);
}
