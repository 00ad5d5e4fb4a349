import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderFlatTemplate } from '../../src/applicationset/flat-template.js';
import { renderGoTemplate } from '../../src/applicationset/gotemplate/index.js';
import { expandApplicationSet } from '../../src/applicationset/index.js';

const TOKENS = [
  '{{',
  '}}',
  '{{-',
  ' -}}',
  ' ',
  '.',
  '.a',
  '.a.b',
  '.n',
  '.l',
  '.m',
  '$',
  '$x',
  ':=',
  '=',
  '|',
  '(',
  ')',
  ',',
  '"s"',
  '`r`',
  "'c'",
  '1',
  '-2',
  '3.5',
  '1e3',
  '0x1F',
  'nil',
  'true',
  'if',
  'else',
  'end',
  'range',
  'with',
  'break',
  'continue',
  'define',
  'template',
  'and',
  'or',
  'not',
  'eq',
  'ne',
  'lt',
  'len',
  'index',
  'printf',
  'print',
  '"%v %d %s"',
  'default',
  'lower',
  'upper',
  'toJson',
  'toYaml',
  'fromYaml',
  'splitList',
  'join',
  'dict',
  'list',
  'get',
  'trunc',
  'substr',
  'regexReplaceAll',
  '"(a"',
  'indent',
  'slugify',
  'normalize',
  'add',
  'div',
  '0',
  'until',
  'repeat',
  '/*',
  '*/',
  'text\n',
];

const params = fc.dictionary(
  fc.constantFrom('a', 'b', 'n', 'l', 'm', 'path'),
  fc.oneof(
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 3 }),
  ),
);

describe('template engines never throw', () => {
  it('Go templates: arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), params, (src, data) => {
        const r = renderGoTemplate(src, data as never);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.error).not.toMatch(/internal error/);
      }),
      { numRuns: 2000 },
    );
  });

  it('Go templates: token soup that reaches the parser and executor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }),
        params,
        fc.constantFrom('default', 'error', 'zero') as fc.Arbitrary<'default' | 'error' | 'zero'>,
        (toks, data, missingKey) => {
          const r = renderGoTemplate(toks.join(''), data as never, { missingKey });
          if (r.ok) expect(typeof r.value).toBe('string');
          else {
            expect(r.error).toMatch(/^(template:|failed)/);
            // an interpreter bug surfaces as "internal error": it must never happen
            expect(r.error).not.toMatch(/internal error/);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('flat templates: arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), params, (src, data) => {
        const r = renderFlatTemplate(src, data);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('expandApplicationSet: arbitrary documents', () => {
    const ctx = {
      listRepoFiles: () => ['apps/a/x.yaml', 'apps/b/config.json', '.hidden/y'],
      readRepoFile: (p: string) => (p.endsWith('.json') ? '{"a": 1}' : 'a: [1'),
      isLocalRepo: () => true,
      location: { file: 'x.yaml' },
    };
    const gen = fc.oneof(
      fc.record({
        list: fc.record({
          elements: fc.array(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue()), { maxLength: 3 }),
        }),
      }),
      fc.record({
        git: fc.record({
          repoURL: fc.string(),
          directories: fc.array(fc.record({ path: fc.string(), exclude: fc.boolean() }), { maxLength: 2 }),
        }),
      }),
      fc.record({
        git: fc.record({
          repoURL: fc.string(),
          files: fc.array(fc.record({ path: fc.string() }), { maxLength: 2 }),
        }),
      }),
      fc.record({
        matrix: fc.record({
          generators: fc.array(
            fc.record({
              list: fc.record({
                elements: fc.array(fc.dictionary(fc.string({ maxLength: 2 }), fc.string()), { maxLength: 2 }),
              }),
            }),
            { maxLength: 3 },
          ),
        }),
      }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(
        fc.record({
          goTemplate: fc.boolean(),
          generators: fc.array(gen, { maxLength: 3 }),
          template: fc.oneof(
            fc.jsonValue(),
            fc.record({ metadata: fc.record({ name: fc.string() }), spec: fc.jsonValue() }),
          ),
          templatePatch: fc.option(fc.string(), { nil: undefined }),
        }),
        (spec) => {
          const r = expandApplicationSet(
            {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'ApplicationSet',
              metadata: { name: 'x', namespace: 'argocd' },
              spec,
            } as never,
            ctx,
          );
          expect(Array.isArray(r.applications)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
