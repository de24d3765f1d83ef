// What lib/core/manifest-yaml.ts writes itself and what it leaves to the `yaml` library. Its output must be the
// library's byte for byte (test/core/manifest-yaml.cases.ts compares the two on random documents); its reason to
// exist is speed, so it must also write the common documents without falling back to the library. A fallback
// gives the same text, so only these tests see a check that sends too much to the library, and the edges where
// the library starts to fold a long line.
import { Yaml } from 'cdk8s';
import { stringifyManifests, stringifyYaml } from '../../lib';

// The module object lib/core/manifest-yaml.ts loads (an `import * as` namespace has read-only bindings a spy cannot
// replace).
const yaml = require('yaml') as typeof import('yaml');

/** Calls `write` and returns what it wrote and whether the `yaml` library was asked to write `doc` as a whole. */
function written(doc: unknown, write: () => string): { text: string; fellBack: boolean; calls: unknown[][] } {
  const spy = jest.spyOn(yaml, 'stringify');
  try {
    const text = write();
    return {
      text,
      fellBack: spy.mock.calls.some((c) => c[0] === doc),
      calls: spy.mock.calls.map((c) => [...c]),
    };
  } finally {
    spy.mockRestore();
  }
}

/** `value` under `depth` nested keys `k` (its indentation is two spaces per level). */
function nested(value: unknown, depth: number): Record<string, unknown> {
  let doc: Record<string, unknown> = { k: value };
  for (let i = 1; i < depth; i++) doc = { k: doc };
  return doc;
}

/** Words and spaces (`ab ab ab…`), `n` characters, not ending in a space: a line the library can fold. */
function words(n: number): string {
  return 'ab '
    .repeat(Math.ceil(n / 3))
    .slice(0, n)
    .replace(/ $/, 'c');
}

describe('stringifyManifests / stringifyYaml write common documents without the yaml library', () => {
  test('a manifest with block scalars, long lines, non-ASCII text, floats, quoted words and a null-prototype map', () => {
    const labels = Object.create(null) as Record<string, string>;
    labels['app.kubernetes.io/name'] = 'x';
    const doc = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'direct', labels },
      data: {
        // an indented line, a line over 80 characters (cdk8s never folds: lineWidth 0), a trailing blank line
        'rules.yaml': `groups:\n  - name: a\n    rules: []\n# ${'long '.repeat(30)}\n\n`,
        'long-plain': words(300),
        unicode: 'é — ü',
        // longer than 80 characters, with spaces: the library would fold it at its default width
        'unicode-long': 'é ü '.repeat(40).trim(),
        percent: '%a',
        n: 'yes',
      },
      ratio: 0.5,
      items: [[1, 2], { a: null }, []],
    };
    const { text, fellBack } = written(doc, () => stringifyManifests([doc]));
    expect(fellBack).toBe(false);
    expect(text).toBe(Yaml.stringify(doc));
  });

  test.each([
    // [lineWidth, depth]: the library folds a plain line longer than max(1 + minContentWidth, 1 + lineWidth -
    // indent), with minContentWidth 20, or 0 when lineWidth < 20 (yaml@2.9.1 dist/stringify/foldFlowLines.js)
    [80, 1, 79, true],
    [80, 31, 21, false],
    [21, 1, 21, true],
    [20, 1, 21, true],
    [19, 1, 18, true],
    [10, 1, 9, true],
  ])(
    'lineWidth %d, %d keys deep: a line at the fold limit (%d) is written directly, one longer is left to the library',
    (lineWidth, depth, limit, libraryFolds) => {
      const atLimit = nested(words(limit), depth);
      const direct = written(atLimit, () => stringifyYaml(atLimit, { lineWidth }));
      expect(direct.fellBack).toBe(false);
      expect(direct.text).toBe(yaml.stringify(atLimit, { lineWidth }));
      expect(direct.text.split('\n')).toHaveLength(depth + 1);

      const over = nested(words(limit + 1), depth);
      const fallback = written(over, () => stringifyYaml(over, { lineWidth }));
      expect(fallback.fellBack).toBe(true);
      expect(fallback.text).toBe(yaml.stringify(over, { lineWidth }));
      // where the library does fold one character over the limit, the limit is exactly the library's
      expect(fallback.text.split('\n').length > depth + 1).toBe(libraryFolds);
    },
  );

  test('a block scalar line as long as the width left at its indentation is written directly; one longer is folded by the library', () => {
    // lineWidth 80, value two spaces in: 78 characters fit
    const fits = { k: `x\n${words(78)}` };
    const direct = written(fits, () => stringifyYaml(fits, { lineWidth: 80 }));
    expect(direct.fellBack).toBe(false);
    expect(direct.text).toBe(yaml.stringify(fits, { lineWidth: 80 }));
    expect(direct.text.startsWith('k: |-\n')).toBe(true);

    const over = { k: `x\n${words(79)}` };
    const fallback = written(over, () => stringifyYaml(over, { lineWidth: 80 }));
    expect(fallback.fellBack).toBe(true);
    expect(fallback.text).toBe(yaml.stringify(over, { lineWidth: 80 }));
    expect(fallback.text.startsWith('k: >-\n')).toBe(true);
  });

  test('with lineWidth 0 nothing is folded: long plain lines and long block scalar lines are written directly', () => {
    const doc = { a: words(500), b: `${words(500)}\n${words(500)}\n` };
    const { text, fellBack } = written(doc, () => stringifyYaml(doc, { lineWidth: 0 }));
    expect(fellBack).toBe(false);
    expect(text).toBe(yaml.stringify(doc, { lineWidth: 0 }));
  });

  test('a scalar the library writes once is remembered: a later document does not ask again', () => {
    const scalar = 'remembered é scalar';
    const first = { v: scalar };
    const second = { w: 'another é scalar' };
    const third = { x: scalar };
    const { calls, fellBack } = written(first, () => stringifyManifests([first, second, third]));
    expect(fellBack).toBe(false);
    expect(calls.filter((c) => c[0] === scalar)).toHaveLength(1);
  });
});

describe('keys', () => {
  test('a key of 1024 characters is written directly; one of 1025 is an explicit `? key`, left to the library', () => {
    const fits = { ['k'.repeat(1024)]: 1 };
    const direct = written(fits, () => stringifyYaml(fits));
    expect(direct.fellBack).toBe(false);
    expect(direct.text).toBe(`${'k'.repeat(1024)}: 1\n`);
    const over = { ['k'.repeat(1025)]: 1 };
    const fallback = written(over, () => stringifyYaml(over));
    expect(fallback.fellBack).toBe(true);
    expect(fallback.text.startsWith('? kkk')).toBe(true);
    expect(fallback.text).toBe(yaml.stringify(over));
  });

  test('empty keys, keys the library quotes on one line and keys with a tab are written directly', () => {
    const doc = { '': 1, 'x\n  ': 2, 'tab\tkey': 3 };
    const { text, fellBack } = written(doc, () => stringifyYaml(doc));
    expect(fellBack).toBe(false);
    expect(text).toBe(yaml.stringify(doc));
    // a tab is printable for the library: the key stays plain
    expect(text).toBe('"": 1\n"x\\n  ": 2\ntab\tkey: 3\n');
  });
});

describe('the scalar tests of the schema are read from the library once per YAML version', () => {
  test('strings the schema decides on, new each time, create no yaml Document after the first', () => {
    // the first call may read the tags; the next ones must not (they write quoted strings without the library)
    stringifyManifests([{ warm: '9000' }]);
    stringifyYaml({ warm: '8000' });
    const Original = yaml.Document;
    let created = 0;
    const counting = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        created++;
      }
    };
    Object.assign(yaml, { Document: counting });
    try {
      for (let i = 1; i <= 3; i++) {
        // digits read back as a number, so they are quoted: the schema's int test says so
        expect(stringifyManifests([{ k: `${9000 + i}` }])).toBe(`k: "${9000 + i}"\n`);
        expect(stringifyYaml({ k: `${8000 + i}` })).toBe(`k: "${8000 + i}"\n`);
        expect(stringifyYaml({ k: `${8000 + i}-x` })).toBe(`k: ${8000 + i}-x\n`);
      }
    } finally {
      Object.assign(yaml, { Document: Original });
    }
    expect(created).toBe(0);
  });
});

describe('stringifyManifests / stringifyYaml: what is not a plain JSON map is written as the library writes it', () => {
  test('a Map is written with its entries, a Set with its items (not as an empty map)', () => {
    const doc = { m: new Map([['a', 1]]), s: new Set(['x']) };
    expect(stringifyYaml(doc)).toBe('m:\n  a: 1\ns:\n  - x\n');
    // YAML 1.1 (cdk8s) has tags for them
    expect(stringifyManifests([doc])).toBe('m: !!omap\n  - a: 1\ns: !!set\n  ? x\n');
    expect(stringifyManifests([doc])).toBe(Yaml.stringify(doc));
  });

  test('an object with a non-enumerable toJSON is written as what toJSON returns', () => {
    const inner = Object.defineProperty({ a: 1 }, 'toJSON', {
      value: () => 'from toJSON',
      enumerable: false,
    });
    const doc = { k: inner };
    expect(stringifyYaml(doc)).toBe('k: from toJSON\n');
    expect(stringifyManifests([doc])).toBe(Yaml.stringify(doc));
  });

  test('document markers: plain as a value, quoted as a key, written by the library as a whole document', () => {
    const doc = { '---': '---', v: '... x' };
    expect(stringifyManifests([doc])).toBe('"---": ---\nv: ... x\n');
    expect(stringifyManifests([doc])).toBe(Yaml.stringify(doc));
  });

  test('trailing tabs and spaces in a block scalar keep their chomping and indentation', () => {
    for (const value of ['a\nb\n\t\n', 'a\nb\t \n\n', 'a\n\t\nb\n\t \n', ' \n', '\n \nx\n', '\n\n']) {
      const doc = { k: value, list: [value] };
      expect(stringifyManifests([doc])).toBe(Yaml.stringify(doc));
      expect(stringifyYaml(doc)).toBe(yaml.stringify(doc));
    }
  });

  test('a document that holds itself is written with an anchor and an alias, as the library does', () => {
    const doc: Record<string, unknown> = { name: 'loop' };
    doc.self = doc;
    expect(stringifyYaml(doc)).toBe(yaml.stringify(doc));
    expect(stringifyYaml(doc)).toContain('*a1');
  });

  test("the library's schemas: every tag with a `test` pattern is a default tag, and `str` has none", () => {
    // manifest-yaml.ts asks only the tags with a `test` whether a plain string would read back as something else;
    // the library's `plainString` also requires `default` and a tag other than `str`, true of every such tag here.
    for (const version of ['1.1', '1.2'] as const) {
      const { schema } = new yaml.Document(null, { version });
      const tags = [...schema.tags, ...((schema.compat ?? []) as typeof schema.tags)];
      const tested = tags.filter((t) => 'test' in t && t.test !== undefined);
      expect(tested.length).toBeGreaterThan(5);
      for (const t of tested) {
        expect(t.default).toBeTruthy();
        expect(t.tag).not.toBe('tag:yaml.org,2002:str');
      }
    }
  });
});
