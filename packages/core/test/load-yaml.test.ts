import { describe, expect, it } from 'vitest';
import { loadYaml, splitYamlDocuments } from '../src/index.js';

const load = (text: string) => loadYaml(text, { file: 'x.yaml' });

describe('loadYaml: multi-document streams and positions', () => {
  const text = [
    '# leading comment', //1
    'apiVersion: v1', //2
    'kind: ConfigMap', //3
    'metadata:', //4
    '  name: first', //5
    'data:', //6
    '  key: value', //7
    '---', //8
    '---', //9
    'apiVersion: apps/v1', //10
    'kind: Deployment', //11
    'metadata:', //12
    '  name: second', //13
    'spec:', //14
    '  template:', //15
    '    spec:', //16
    '      containers:', //17
    '        - name: app', //18
    '          image: nginx:1.27', //19
    '          resources:', //20
    '            limits: {cpu: 1}', //21
  ].join('\n');

  it('returns each non-empty document with its index and first line', () => {
    const { documents, findings } = load(text);
    expect(findings).toEqual([]);
    expect(documents.map((d) => [d.index, d.line, (d.value as { kind: string }).kind])).toEqual([
      [0, 2, 'ConfigMap'],
      [2, 10, 'Deployment'],
    ]);
  });

  it('maps JSON pointers of nested nodes to file lines and columns', () => {
    const [cm, deploy] = load(text).documents;
    expect(cm!.locate('/data/key')).toEqual({ line: 7, column: 3 });
    expect(deploy!.locate('/spec/template/spec/containers/0/image')).toEqual({ line: 19, column: 11 });
    expect(deploy!.locate('/spec/template/spec/containers/0/resources/limits/cpu')).toEqual({
      line: 21,
      column: 22,
    });
    expect(deploy!.locate('/spec/template/spec/containers/0')).toEqual({ line: 18, column: 11 });
  });

  it('falls back to the deepest existing node for a missing path', () => {
    const [, deploy] = load(text).documents;
    expect(deploy!.locate('/spec/template/spec/containers/0/missing/deeper')).toEqual({
      line: 18,
      column: 11,
    });
    expect(deploy!.locate('/spec/replicas')).toEqual({ line: 14, column: 1 });
  });

  it('handles `--- ` with inline content and `...` terminators', () => {
    const chunks = splitYamlDocuments('--- {a: 1}\n...\n--- \nb: 2\n');
    expect(chunks.map((c) => c.contentLine)).toEqual([1, undefined, 4]);
    const { documents } = load('--- {a: 1}\n...\n--- \nb: 2\n');
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('takes `---` and `...` as markers only alone or before a space, tab or carriage return', () => {
    const text = 'a: 1\n---\r\nb: 2\n---\tc: 3\n----\nd: 4\n---x: 5\n...\r\n--- # c\ne: |\n  --\n...x: 6\n';
    const chunks = splitYamlDocuments(text);
    expect(chunks.map((c) => [c.startLine, c.contentLine, c.contentColumn])).toEqual([
      [0, 1, 1],
      [1, 3, 1],
      [3, 4, 5],
      [8, undefined, undefined],
      [8, 10, 1],
    ]);
    expect(chunks.map((c) => c.text).join('')).toBe(text.replace('...\r\n', ''));
  });

  it('strips a UTF-8 BOM', () => {
    expect(load('\uFEFF{"kind": "A"}').documents[0]!.value).toEqual({ kind: 'A' });
  });
});

describe('loadYaml: YAML 1.1 scalars, as Kubernetes decodes them', () => {
  const value = (src: string) => (load(src).documents[0]!.value as { v: unknown }).v;

  it.each([
    ['yes', true],
    ['No', false],
    ['on', true],
    ['OFF', false],
    ['y', true],
    ['n', false],
    ['true', true],
    ["'yes'", 'yes'],
    ['FALSE', false],
    ['Y', true],
    ['N', false],
    ['Off', false],
    ['On', true],
    ['TRUE', true],
    // not booleans: the cheap pre-check must not let these through
    ['yess', 'yess'],
    ['False!', 'False!'],
    ['tRue', 'tRue'],
    ['0n', '0n'],
  ])('boolean %s → %s', (src, expected) => {
    expect(value(`v: ${src}`)).toBe(expected);
  });

  it.each([
    ['0755', 493],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['-42', -42],
    ['09', 9],
    ['1e3', 1000],
    ['.5', 0.5],
    ['"0755"', '0755'],
    // the plain-decimal fast path and its edges (sign, zero, 15 digits; beyond, the general path)
    ['0', 0],
    ['-0', 0],
    ['+7', 7],
    ['-8080', -8080],
    ['123456789012345', 123456789012345],
    ['-1234567890123456', -1234567890123456],
    ['9223372036854775807', 2 ** 63],
    ['9223372036854775808', 2 ** 63],
    ['1a', '1a'],
    ['+', '+'],
  ])('number %s → %s', (src, expected) => {
    expect(value(`v: ${src}`)).toBe(expected);
  });

  it('null forms', () => {
    for (const src of ['~', 'null', 'Null', 'NULL', '']) expect(value(`v: ${src}`)).toBeNull();
  });

  it('unquoted timestamps become RFC 3339 strings (Go time.Time JSON)', () => {
    expect(value('v: 2024-01-02')).toBe('2024-01-02T00:00:00Z');
    expect(value('v: 2024-01-02T03:04:05.500+02:00')).toBe('2024-01-02T03:04:05.5+02:00');
  });

  it('merge keys', () => {
    expect(load('base: &b {a: 1, b: 2}\nv:\n  <<: *b\n  b: 3\n').documents[0]!.value).toEqual({
      base: { a: 1, b: 2 },
      v: { a: 1, b: 3 },
    });
  });
});

describe('loadYaml: bad input becomes findings with file:line', () => {
  it('reports a syntax error with its line and keeps the other documents', () => {
    const { documents, findings } = load('a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n');
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }, { d: 4 }]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'yaml/syntax',
      severity: 'error',
      location: { file: 'x.yaml', line: 4 },
    });
  });

  it('reports a duplicate key at the second occurrence and keeps the last value', () => {
    const { documents, findings } = load('metadata:\n  name: a\n  name: b\n');
    expect(findings).toMatchObject([{ ruleId: 'yaml/duplicate-key', location: { line: 3, column: 3 } }]);
    expect(documents[0]!.value).toEqual({ metadata: { name: 'b' } });
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { documents, findings } = load(lines.join('\n'));
    expect(documents).toEqual([]);
    expect(findings).toMatchObject([{ ruleId: 'yaml/alias-limit', location: { line: 1 } }]);
  });

  it('refuses documents nested deeper than the limit', () => {
    const deep = `v: ${'['.repeat(300)}${']'.repeat(300)}`;
    expect(load(deep).findings).toMatchObject([{ ruleId: 'yaml/too-deep' }]);
  });

  it('checks the depth while loading: at the limit loads, one level more is refused', () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    // js-yaml counts every node, the scalar under the innermost collection included
    const limits = { maxDepth: 10 };
    expect(loadYaml(`v: ${nested(8)}`, { file: 'x.yaml', limits }).findings).toEqual([]);
    expect(loadYaml(`v: ${nested(10)}`, { file: 'x.yaml', limits }).findings).toMatchObject([
      { ruleId: 'yaml/too-deep', location: { line: 1 } },
    ]);
  });

  it('measures a document with anchors after loading: an alias can put a shallow anchor deep down', () => {
    // the anchored list is 4 deep where it is defined, 4 + 7 deep where the alias reuses it
    const text = `a: &deep [[[[x]]]]\nb: [[[[[[[*deep]]]]]]]\n`;
    const { documents, findings } = loadYaml(text, { file: 'x.yaml', limits: { maxDepth: 10 } });
    expect(documents).toEqual([]);
    expect(findings).toMatchObject([{ ruleId: 'yaml/too-deep' }]);
  });

  it('takes a `*` without any anchor for text (a cron schedule), loads it as is', () => {
    const { documents, findings } = load('schedule: "0 * * * *"\nargs: [a, "*b"]\n');
    expect(findings).toEqual([]);
    expect(documents[0]!.value).toEqual({ schedule: '0 * * * *', args: ['a', '*b'] });
  });

  it('caps the number of documents', () => {
    const { documents, findings } = loadYaml('a: 1\n---\nb: 2\n---\nc: 3\n', {
      file: 'x.yaml',
      limits: { maxDocuments: 2 },
    });
    expect(documents).toHaveLength(2);
    expect(findings).toMatchObject([{ ruleId: 'yaml/too-many-documents', location: { line: 5 } }]);
  });
});
