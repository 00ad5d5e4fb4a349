import { describe, expect, it } from 'vitest';
import { generatingPolicyEnvironment } from '../../src/cel/environments.js';
import {
  type CompileExpression,
  compileGenerationTemplate,
  renderGenerationTemplate,
} from '../../src/cel/gpol/generation-template.js';
import { containsPlaceholder, scanPlaceholders } from '../../src/cel/gpol/template-placeholders.js';

const compile: CompileExpression = (source) => {
  const r = generatingPolicyEnvironment().compile(source);
  return r.ok ? { program: r.program } : { error: r.error };
};

function render(value: string, activation: Record<string, unknown> = {}, interpolate = 'cel') {
  const c = compileGenerationTemplate({ value, interpolate }, compile);
  if (!c.template) throw new Error(c.error);
  return renderGenerationTemplate(c.template, (program) => program.evaluate(activation));
}

const compileError = (value: string) =>
  compileGenerationTemplate({ value, interpolate: 'cel' }, compile).error;

describe('template placeholders (gpol/template/scanner.go)', () => {
  it('splits literals and placeholders, aware of nesting, CEL strings and the \\(( escape', () => {
    expect(scanPlaceholders('a-(( x ))-b')).toEqual([
      { literal: 'a-' },
      { expression: 'x' },
      { literal: '-b' },
    ]);
    expect(scanPlaceholders('(( string(f(x)) ))')).toEqual([{ expression: 'string(f(x))' }]);
    expect(scanPlaceholders('(( ":)".size() ))')).toEqual([{ expression: '":)".size()' }]);
    expect(scanPlaceholders("(( 'a\\')' ))")).toEqual([{ expression: "'a\\')'" }]);
    expect(scanPlaceholders('\\(( not ))')).toEqual([{ literal: '(( not ))' }]);
    expect(containsPlaceholder('\\(( not ))')).toBe(false);
    expect(containsPlaceholder('x (( y ))')).toBe(true);
  });

  it('reports malformed placeholders with their offset', () => {
    expect(() => scanPlaceholders('a (( ))')).toThrow('empty placeholder at offset 2');
    expect(() => scanPlaceholders('(( x ) y')).toThrow(
      'unbalanced parenthesis in placeholder starting at offset 0',
    );
    expect(() => scanPlaceholders('(( "x ))')).toThrow(
      'unterminated string literal in placeholder starting at offset 0',
    );
    expect(() => scanPlaceholders('(( x')).toThrow(
      "unterminated placeholder starting at offset 0: missing closing '))'",
    );
  });
});

describe('generation templates (gpol/template/template.go)', () => {
  const object = { metadata: { name: 'team-a', labels: { team: 'alpha' } } };

  it('splices whole-value placeholders as any value and prints embedded scalars as Go does', () => {
    const [cm] = render(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: (( object.metadata.name ))-cm',
        '  labels: (( object.metadata.labels ))',
        'data:',
        '  count: (( 2 + 3 ))',
        '  quoted: "(( [1, 2] ))"',
        '  text: n=(( 2 + 3 )) d=(( 0.5 )) big=(( 1000000.0 )) b=(( true ))',
        '  keep: 7',
      ].join('\n'),
      { object },
    );
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'team-a-cm', labels: { team: 'alpha' } },
      data: { count: 5, quoted: [1, 2], text: 'n=5 d=0.5 big=1e+06 b=true', keep: 7 },
    });
  });

  it('renders every document and skips empty ones; without interpolation placeholders stay text', () => {
    const docs = render('kind: A\nx: (( 1 ))\n---\n---\n~\n---\nkind: B\n', {}, 'none');
    expect(docs).toEqual([{ kind: 'A', x: '(( 1 ))' }, { kind: 'B' }]);
  });

  it('rejects what Kyverno rejects at compile time, with the line', () => {
    expect(compileError('a: 1\n(( x )): 2\n')).toMatch(
      /line 2: placeholders are not supported in mapping keys/,
    );
    expect(compileError('base: &b {x: 1}\nm:\n  <<: *b\n  y: (( 1 ))\n')).toMatch(
      /line 3: YAML merge keys are not supported in subtrees containing placeholders/,
    );
    expect(compileError('kind: A\nname: (( 1 + ))\n')).toMatch(
      /line 2: invalid placeholder expression "1 \+"/,
    );
    expect(compileError('- a\n- b\n')).toMatch(/line 1: document must be a mapping describing a resource/);
    expect(compileError('---\n~\n')).toMatch(/template must contain at least one YAML document/);
    expect(compileError('a: [\n')).toMatch(/failed to parse YAML/);
    // a self-referencing anchor would be a cyclic object
    expect(compileError('kind: A\na: &x\n  b: *x\n')).toMatch(/anchor 'x' value contains itself/);
    expect(compileGenerationTemplate({ value: 'kind: A\na: &x [1, *x]\n' }, compile).error).toMatch(
      /anchor 'x' value contains itself/,
    );
  });

  it('names the document and field of a failing placeholder', () => {
    expect(() => render('kind: A\nmetadata:\n  name: x-(( object.metadata.labels ))\n', { object })).toThrow(
      'document 1: field "metadata": field "name": placeholder "object.metadata.labels" embedded in a string must evaluate to a scalar, got map[string]interface {}',
    );
    expect(() => render('kind: A\nitems:\n  - (( object.missing ))\n', { object })).toThrow(
      /^document 1: field "items": item 0: failed to evaluate placeholder "object.missing": /,
    );
    expect(() => render('(( [1] ))\n', {})).toThrow(
      'document 1: expected a mapping describing a resource, got []interface {}',
    );
  });
});

describe('generation templates on hostile input', () => {
  it('an alias bomb is refused quickly, not expanded', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 30; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const start = Date.now();
    for (const interpolate of ['cel', 'none']) {
      const doc = `kind: A\n${lines.join('\n')}\nname: (( 1 ))\n`;
      expect(compileGenerationTemplate({ value: doc, interpolate }, compile).error).toMatch(
        /alias|larger than/i,
      );
    }
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe('generator library (kyverno sdk extensions/cel/libs/generator)', () => {
  const compiles = (namespaced: boolean, source: string) =>
    generatingPolicyEnvironment(namespaced).compile(source).ok;

  it('has Apply and camel-case apply; a namespaced policy has only the form without a namespace', () => {
    for (const name of ['Apply', 'apply']) {
      expect(compiles(false, `generator.${name}('ns', [{'kind': dyn('A')}])`)).toBe(true);
      expect(compiles(false, `generator.${name}([{'kind': dyn('A')}])`)).toBe(false);
      expect(compiles(true, `generator.${name}([{'kind': dyn('A')}])`)).toBe(true);
      expect(compiles(true, `generator.${name}('ns', [{'kind': dyn('A')}])`)).toBe(false);
    }
    // the call answers a bool, so it can be the predicate of all()
    expect(compiles(false, `['a', 'b'].all(ns, generator.apply(ns, []))`)).toBe(true);
  });
});
