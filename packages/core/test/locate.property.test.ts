/**
 * The fast locator (line/character scanner) must give exactly the `yaml` package's answer for every
 * pointer it answers at all; for anything it does not understand it must step aside (FALLBACK).
 * Random documents in block style (with compact and indented sequences, flow collections, quoted and
 * block scalars, comments, tricky keys, anchors) and as JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parsePointer, toPointer } from '../src/model/json-pointer.js';
import { FALLBACK, fastLocateOffset } from '../src/yaml/fast-locate.js';
import { createLocator, createYamlParserLocator } from '../src/yaml/locate.js';

type Key = { text: string; value: string };
type Node =
  | { t: 'scalar'; text: string; block?: string[] }
  | { t: 'map'; entries: { key: Key; value: Node; comment?: string }[]; flow?: boolean; anchor?: string }
  | { t: 'seq'; items: Node[]; flow?: boolean; compact?: boolean };

const key: fc.Arbitrary<Key> = fc.oneof(
  {
    weight: 24,
    arbitrary: fc
      .constantFrom(
        'a',
        'b',
        'name',
        'image',
        'spec',
        'app.kubernetes.io/name',
        'nvidia.com/gpu',
        '.dockerconfigjson',
        '_x',
        'x-y',
        'A1',
      )
      .map((k) => ({ text: k, value: k })),
  },
  // plain keys YAML 1.1 reads as something else, or that are not plain-key material at all
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'yes',
        'on',
        'y',
        'N',
        'null',
        '~',
        '1',
        '0x1f',
        '.5',
        '.',
        '.inf',
        'a b',
        '-a',
        'a#b',
        '<<',
        'é',
      )
      .map((k) => ({ text: k, value: k })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('a', 'a b', 'yes', '1', "it's", 'x: y', '#')
      .map((k) => ({ text: `'${k.replaceAll("'", "''")}'`, value: k })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('a', 'yes', 'tab\there', 'q"uote', 'A', 'x\\y')
      .map((k) => ({ text: JSON.stringify(k), value: k })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(['"\\x41"', 'A'], ['"\\u0041b"', 'Ab'], ['"\\e"', '\u001b'])
      .map(([text, value]) => ({ text: text!, value: value! })),
  },
);

const plainScalar = fc.constantFrom(
  'v',
  'hello world',
  '1',
  'true',
  'null',
  'http://x:8080/y',
  "it's",
  'a,b',
  '-1',
  '~',
);
const flowScalar = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom('v', '1', 'true', '"q, {x}"', "'s'", 'http://x:8080/y', '"a\\"b"', '-1', "''"),
  },
  { weight: 1, arbitrary: fc.constantFrom('*ref', '!!str x', '&a v') },
);
const scalar: fc.Arbitrary<Node> = fc.oneof(
  { weight: 5, arbitrary: plainScalar.map((text) => ({ t: 'scalar' as const, text })) },
  { weight: 2, arbitrary: flowScalar.map((text) => ({ t: 'scalar' as const, text })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'v # trailing comment',
        'v #c',
        '"multi\n  line"',
        '"q" # c',
        '"multi\n  line"',
        "'multi\n\n  line'",
        '*ref',
        '&anc v',
        '!!int 3',
        '? x',
      )
      .map((text) => ({ t: 'scalar' as const, text })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('|', '>', '|-', '>+', '|2'),
        fc.array(fc.constantFrom('text', 'key: fake', '- fake', '# not a comment', '', '  deeper', '{x: 1'), {
          minLength: 1,
          maxLength: 4,
        }),
      )
      .map(([h, lines]) => ({ t: 'scalar' as const, text: h, block: lines })),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'scalar' as const, text: '' }) },
);

const { node } = fc.letrec<{ node: Node; map: Node; seq: Node }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
  map: fc.record({
    t: fc.constant('map' as const),
    entries: fc.array(
      fc.record({
        key,
        value: tie('node'),
        comment: fc.integer({ min: 0, max: 11 }).map((x) => ['# c', '  # indented c', '#'][x]),
      }),
      { maxLength: 5 },
    ),
    flow: fc.integer({ min: 0, max: 9 }).map((x) => x < 3),
    anchor: fc.integer({ min: 0, max: 14 }).map((x) => (x === 0 ? '&m' : undefined)),
  }),
  seq: fc.record({
    t: fc.constant('seq' as const),
    items: fc.array(tie('node'), { maxLength: 4 }),
    flow: fc.integer({ min: 0, max: 9 }).map((x) => x < 3),
    compact: fc.boolean(),
  }),
}));

const pad = (n: number) => ' '.repeat(n);

/** Flow rendering (single line unless `breakAt` asks for line breaks indented by `indent`). */
function flow(n: Node, indent: number, multiline: boolean): string {
  const sep = multiline ? `,\n${pad(indent)}` : ', ';
  if (n.t === 'scalar') {
    const unsafe = n.block || n.text === '' || (/[\n#,[\]{}]|: /.test(n.text) && !n.text.startsWith('"'));
    return unsafe ? 'x' : n.text;
  }
  if (n.t === 'map')
    return `{${n.entries.map((e) => `${e.key.text}: ${flow(e.value, indent, multiline)}`).join(sep)}}`;
  return `[${n.items.map((i) => flow(i, indent, multiline)).join(sep)}]`;
}

/** Block rendering of `n` as the value of something at column `col`, its content at `indent`. */
function block(n: Node, indent: number, step: number): string[] {
  if (n.t === 'scalar') return [n.text];
  if (n.t === 'map') {
    if (n.entries.length === 0) return ['{}'];
    if (n.flow) return [flow(n, indent + step, n.entries.length > 2)];
    const lines: string[] = [];
    n.entries.forEach((e, i) => {
      const head = `${pad(indent)}${i === 0 && n.anchor ? `${n.anchor} ` : ''}${e.key.text}:`;
      if (e.comment) lines.push(pad(indent) + e.comment);
      lines.push(...valueLines(head, e.value, indent, step));
    });
    return lines;
  }
  if (n.items.length === 0) return ['[]'];
  if (n.flow) return [flow(n, indent + step, n.items.length > 2)];
  const lines: string[] = [];
  for (const item of n.items) {
    const inner = item.t === 'scalar' ? itemScalar(item, indent, step) : block(item, indent + 2, step);
    const first = inner[0]!;
    lines.push(
      `${pad(indent)}- ${first.startsWith(pad(indent + 2)) ? first.slice(indent + 2) : first}`,
      ...inner.slice(1),
    );
  }
  return lines;
}

function itemScalar(n: Node & { t: 'scalar' }, indent: number, step: number): string[] {
  if (!n.block) return [n.text.replaceAll('\n', `\n${pad(indent + 2)}`)];
  return [n.text, ...n.block.map((l) => (l ? pad(indent + 2 + step) + l : ''))];
}

function valueLines(head: string, v: Node, indent: number, step: number): string[] {
  if (v.t === 'scalar') {
    if (v.block) return [`${head} ${v.text}`, ...v.block.map((l) => (l ? pad(indent + step) + l : ''))];
    if (v.text === '') return [head];
    return [`${head} ${v.text.replaceAll('\n', `\n${pad(indent + step)}`)}`];
  }
  const inner = block(v, v.t === 'seq' && v.compact ? indent : indent + step, step);
  if (inner.length === 1 && !inner[0]!.startsWith(' ') && !inner[0]!.startsWith('- '))
    return [`${head} ${inner[0]}`];
  return [head, ...inner];
}

/** Every pointer of the model, plus near misses. */
function pointers(n: Node, prefix: string[] = []): string[][] {
  const out: string[][] = [prefix];
  if (n.t === 'map') for (const e of n.entries) out.push(...pointers(e.value, [...prefix, e.key.value]));
  if (n.t === 'seq') {
    for (const [i, item] of n.items.entries()) out.push(...pointers(item, [...prefix, String(i)]));
  }
  return out;
}

const doc = fc.record({
  root: fc.oneof(
    node.filter((n) => n.t === 'map'),
    node.filter((n) => n.t === 'seq'),
  ),
  step: fc.integer({ min: 1, max: 4 }),
  lead: fc.constantFrom('', '# header\n', '---\n', '--- # c\n\n', '\n  # indented\n'),
  lineOffset: fc.integer({ min: 0, max: 9 }),
  extra: fc.array(fc.constantFrom('missing', '0', '7', '00', '', 'a', 'x~1y'), { maxLength: 2 }),
});

function render(root: Node, step: number, lead: string): string {
  return lead + block(root, 0, step).join('\n') + '\n';
}

interface Tally {
  compared: number;
  fast: number;
  invalid: number;
}

function check(text: string, lineOffset: number, ptrs: string[], tally: Tally) {
  const parsed = parseDocument(text, { version: '1.1', uniqueKeys: false });
  if (parsed.errors.length) {
    tally.invalid++;
    return;
  }
  const slow = createYamlParserLocator(text, lineOffset);
  const fast = createLocator(text, lineOffset);
  for (const p of ptrs) {
    tally.compared++;
    if (fastLocateOffset(text, parsePointer(p)) !== FALLBACK) tally.fast++;
    expect({ p, at: fast(p) }, text).toEqual({ p, at: slow(p) });
  }
}

describe('createLocator: the fast scanner agrees with the yaml package', () => {
  it('on random block-style documents', () => {
    const tally: Tally = { compared: 0, fast: 0, invalid: 0 };
    fc.assert(
      fc.property(doc, ({ root, step, lead, lineOffset, extra }) => {
        const text = render(root, step, lead);
        const ptrs = pointers(root).flatMap((segs) => [
          toPointer(segs),
          toPointer([...segs, ...extra]),
          toPointer(segs.slice(0, -1).concat(extra)),
        ]);
        check(text, lineOffset, ptrs, tally);
      }),
      { numRuns: 600 },
    );
    // the test must exercise the fast path, not only the fallback
    expect(tally.invalid).toBeLessThan(600 / 4);
    expect(tally.fast / tally.compared).toBeGreaterThan(0.3);
  }, 60_000);

  it('on JSON documents (one line and pretty-printed)', () => {
    const tally: Tally = { compared: 0, fast: 0, invalid: 0 };
    const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => v !== null && typeof v === 'object');
    fc.assert(
      fc.property(
        json,
        fc.constantFrom(0, 2, '\t'),
        fc.integer({ min: 0, max: 5 }),
        (value, space, lineOffset) => {
          const text = JSON.stringify(value, null, space);
          const segs: string[][] = [];
          const walk = (v: unknown, prefix: string[]) => {
            segs.push(prefix, [...prefix, 'missing']);
            if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...prefix, k]);
          };
          walk(value, []);
          check(text, lineOffset, segs.map(toPointer), tally);
        },
      ),
      { numRuns: 300 },
    );
    expect(tally.fast / tally.compared).toBeGreaterThan(0.5);
  }, 60_000);

  it('agrees on top-level flow collections that are really mapping keys, and on quotes inside plain scalars', () => {
    const docs = [
      '{a: 1}: b\n',
      '[a, b]: {c: 1}\n',
      "{a: it's, b: {c: 'd'}}\n",
      "{a:'b, c: {d: 1}}\n",
      '{"a":"x","b":{"c":[1,{"d":"}"}]}}\n# trailing comment\n',
      '{a: 1} # comment\n',
      '{a: [1, 2], b: "#not a comment"}',
    ];
    for (const text of docs) {
      const slow = createYamlParserLocator(text, 3);
      const fast = createLocator(text, 3);
      for (const p of ['', '/a', '/a/1', '/b', '/b/c', '/b/c/1/d', '/c', '/c/d', '/a~3b'])
        expect({ text, p, at: fast(p) }).toEqual({ text, p, at: slow(p) });
    }
    // a JSON document is answered without the yaml package
    expect(fastLocateOffset(docs[4]!, ['b', 'c', '1', 'd'])).not.toBe(FALLBACK);
    expect(fastLocateOffset(docs[0]!, ['a'])).toBe(FALLBACK);
  });

  it('answers typical rendered manifests without the yaml package', () => {
    const manifest = [
      '# Source: chart/templates/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels:',
      '    app.kubernetes.io/name: "web"',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: app',
      "        image: 'nginx:1.27'",
      '        args: ["--port", "8080"]',
      '        env:',
      '          - name: CONFIG',
      '            value: |',
      '              key: fake',
      '              - fake',
      '        resources: {limits: {cpu: "1"}}',
      '      - name: sidecar',
      '        image: busybox',
    ].join('\n');
    const cases: [string, number, number][] = [
      ['/metadata/labels/app.kubernetes.io~1name', 7, 5],
      ['/spec/template/spec/containers/1/image', 22, 9],
      ['/spec/template/spec/containers/0/args/1', 14, 26],
      ['/spec/template/spec/containers/0/env/0/value/x', 17, 13],
      ['/spec/template/spec/containers/0/resources/limits/cpu', 20, 30],
      ['/spec/template/spec/containers/2', 11, 7],
    ];
    const slow = createYamlParserLocator(manifest, 0);
    for (const [p, line, column] of cases) {
      expect(fastLocateOffset(manifest, parsePointer(p)), p).not.toBe(FALLBACK);
      expect(createLocator(manifest, 0)(p), p).toEqual({ line, column });
      expect(slow(p), p).toEqual({ line, column });
    }
  });
});
