/**
 * Findings point at file:line through `locate(pointer)`. For random Kubernetes-like values written as
 * block YAML (YAML 1.1 quoting) and as indented JSON, every JSON pointer of the loaded value must land on
 * the line and column where its key (mapping members) or its node (sequence items) is written.
 * (test/locate.property.test.ts checks the fast locator against the `yaml` parser; this checks both
 * against the text itself, through the public loadYaml.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadYaml, toPointer } from '../src/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const key = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9-]{0,7}$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'app.kubernetes.io/name',
      'nvidia.com/gpu',
      'with space',
      'yes',
      'on',
      'null',
      '1',
      '0x1F',
      'a/b',
      'a~b',
      '-dash',
      'x: y',
      '#hash',
    ),
  },
);

const text = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9.:/-]{0,11}$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'true',
      'no',
      'y',
      '~',
      '',
      '1.0',
      '012',
      '1e3',
      ' lead',
      'trail ',
      '# c',
      'a #b',
      '*x',
      '&y',
      '!tag',
      '- x',
      '[x]',
      '{x}',
      'nginx:1.27',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('two\nlines', 'tab\there', 'quote"d', "it's") },
);

const scalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 2, arbitrary: fc.integer({ min: -100_000, max: 100_000 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const { value } = fc.letrec<{ value: Json; obj: Json; arr: Json }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('obj'), tie('arr')),
  obj: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  arr: fc.array(tie('value'), { maxLength: 4 }),
}));
const root = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });

/** Every pointer of a value with what is written at its position: a key, a scalar, or a collection. */
function* pointers(
  v: Json,
  path: (string | number)[] = [],
): Generator<{ path: (string | number)[]; key?: string; node: Json }> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      yield { path: [...path, i], node: v[i]! };
      yield* pointers(v[i]!, [...path, i]);
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) {
      yield { path: [...path, k], key: k, node: c };
      yield* pointers(c, [...path, k]);
    }
  }
}

/** The ways a string can be spelled at the start of a token: plain, single- or double-quoted. */
function spellings(s: string): string[] {
  return [s, `'${s.replaceAll("'", "''")}'`, JSON.stringify(s)];
}

function startsWithNode(at: string, node: Json): boolean {
  if (node === null) return /^(null|~)/.test(at) || at === '' || /^[,\]}]/.test(at);
  if (typeof node === 'string') {
    if (node.includes('\n')) return /^["'|>]/.test(at);
    return spellings(node).some((s) => at.startsWith(s)) || /^[|>]/.test(at);
  }
  if (typeof node === 'number' || typeof node === 'boolean') return at.startsWith(String(node));
  if (Array.isArray(node))
    return node.length === 0 ? at.startsWith('[') : at.startsWith('[') || at.startsWith('- ') || at === '-';
  const first = Object.keys(node)[0];
  if (first === undefined) return at.startsWith('{');
  return at.startsWith('{') || spellings(first).some((s) => at.startsWith(s)) || at.startsWith('? ');
}

function checkLocations(source: string, original: Json, style: string): void {
  const loaded = loadYaml(source, { file: `doc.${style}` });
  expect(loaded.findings).toEqual([]);
  const doc = loaded.documents[0]!;
  expect(doc.value).toEqual(original);
  const lines = source.split('\n');
  for (const p of pointers(original)) {
    const pointer = toPointer(p.path);
    const pos = doc.locate(pointer);
    expect(pos, `${style} ${pointer}`).toBeDefined();
    const at = lines[pos!.line - 1]!.slice(pos!.column - 1);
    if (p.key !== undefined) {
      const ok = spellings(p.key).some((s) => at.startsWith(s)) || at.startsWith('? ');
      expect(
        ok,
        `${style} ${pointer}: key ${JSON.stringify(p.key)} not at ${pos!.line}:${pos!.column} ${JSON.stringify(at)}`,
      ).toBe(true);
    } else {
      expect(
        startsWithNode(at, p.node),
        `${style} ${pointer}: item not at ${pos!.line}:${pos!.column} ${JSON.stringify(at)}`,
      ).toBe(true);
    }
  }
}

describe('JSON pointer → line:column on random documents', () => {
  it('block YAML (YAML 1.1 quoting, as Kubernetes reads it)', () => {
    fc.assert(
      fc.property(root, (v) => {
        checkLocations(stringify(v, { version: '1.1', lineWidth: 0 }), v, 'yaml');
      }),
      { numRuns: 300 },
    );
  });

  it('block YAML after a leading document and comments: lines count from the file start', () => {
    fc.assert(
      fc.property(root, (v) => {
        const body = stringify(v, { version: '1.1', lineWidth: 0 });
        const prefix = 'first: doc\n---\n# comment\n\n';
        const loaded = loadYaml(`${prefix}${body}`, { file: 'x.yaml' });
        const doc = loaded.documents[1]!;
        const lines = `${prefix}${body}`.split('\n');
        for (const p of pointers(v)) {
          if (p.key === undefined) continue;
          const pos = doc.locate(toPointer(p.path))!;
          const at = lines[pos.line - 1]!.slice(pos.column - 1);
          expect(spellings(p.key).some((s) => at.startsWith(s)) || at.startsWith('? ')).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('indented JSON', () => {
    fc.assert(
      fc.property(root, (v) => {
        checkLocations(JSON.stringify(v, null, 2), v, 'json');
      }),
      { numRuns: 300 },
    );
  });

  it('a pointer past the data answers with the deepest node that exists (never throws)', () => {
    fc.assert(
      fc.property(
        root,
        fc.array(fc.oneof(key, fc.nat({ max: 5 }).map(String)), { maxLength: 4 }),
        (v, extra) => {
          const doc = loadYaml(stringify(v, { version: '1.1' }), { file: 'x.yaml' }).documents[0]!;
          const first = Object.keys(v)[0]!;
          const pos = doc.locate(toPointer([first, ...extra]));
          expect(pos).toBeDefined();
          expect(pos!.line).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
