/**
 * Matchers that take PR data as the pattern must run in linear time (trust-and-environment §1): gobwas globs
 * (directory include/exclude), Go path.Match and git pathspecs (git generator), and sprig's regex functions
 * (Go regexp = RE2). Each pathological case must answer correctly in well under a second.
 */
import { describe, expect, it } from 'vitest';
import { pathMatch, pathspecMatch } from '../../src/applicationset/go-path.js';
import { renderGoTemplate } from '../../src/applicationset/gotemplate/index.js';
import { gobwasMatch, isValidGobwasGlob } from '../../src/sources/gobwas-glob.js';

function timed<T>(run: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = run();
  return { value, ms: performance.now() - t };
}

const LONG_A = 'a'.repeat(20_000);

describe('gobwas glob (Argo CD directory include/exclude)', () => {
  it.each([
    ['*.yaml', 'a/b/c.yaml', true],
    ['**/*.yaml', 'a/b/c.yaml', true],
    ['{config.json,*.yml}', 'x/y.yml', true],
    ['{a,{b,c}}x', 'cx', true],
    ['[!a-c]x', 'dx', true],
    ['[!a-c]x', 'bx', false],
    ['[a-c]?', 'b/', true],
    ['\\*x', '*x', true],
    ['\\*x', 'ax', false],
    ['a[', 'a[', false],
    ['{a,b', 'a', false],
  ])('%s vs %s → %s', (pattern, text, want) => {
    expect(gobwasMatch(pattern, text)).toBe(want);
  });

  it('invalid patterns are reported as invalid', () => {
    expect(isValidGobwasGlob('{a,b')).toBe(false);
    expect(isValidGobwasGlob('[]')).toBe(false);
    expect(isValidGobwasGlob('x'.repeat(5000))).toBe(false);
  });

  it('*a*a*a*a*a*a*b over a long name answers in linear time', () => {
    const { value, ms } = timed(() => gobwasMatch('*a*a*a*a*a*a*b', LONG_A));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(500);
    expect(gobwasMatch('*a*a*a*a*a*a*b', `${LONG_A}b`)).toBe(true);
  });

  it('nested alternatives stay polynomial', () => {
    const pattern = `${'{a,'.repeat(30)}b${'}'.repeat(30)}*{a,aa}*{a,aa}*c`;
    const { value, ms } = timed(() => gobwasMatch(pattern, LONG_A.slice(0, 5000)));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(500);
  });
});

describe('Go path.Match and git pathspec (git generator)', () => {
  it.each([
    ['apps/*', 'apps/a', true],
    ['apps/*', 'apps/a/b', false],
    ['apps/?', 'apps/x', true],
    ['apps/[^x]', 'apps/y', true],
    ['apps/[]', 'apps/]', false],
    ['apps/\\*', 'apps/*', true],
  ])('path.Match(%s, %s) → %s', (pattern, name, want) => {
    expect(pathMatch(pattern, name)).toBe(want);
  });

  it.each([
    ['apps/*.json', 'apps/a/b.json', true],
    ['apps', 'apps/a/b.json', true],
    ['ap*s', 'apps/a/b.json', true],
    ['[!x]pps', 'apps/q', true],
    ['apps/*.yaml', 'apps/a/b.json', false],
  ])('pathspec(%s, %s) → %s', (pattern, path, want) => {
    expect(pathspecMatch(pattern, path)).toBe(want);
  });

  it('pathological path patterns answer in linear time', () => {
    const name = `${'a/'.repeat(3000)}x`;
    const a = timed(() => pathMatch('*a*a*a*a*a*a*b', LONG_A));
    const b = timed(() => pathspecMatch('*a*a*a*a*a*a*b', name));
    expect([a.value, b.value]).toEqual([false, false]);
    expect(a.ms + b.ms).toBeLessThan(500);
  });
});

describe('sprig regex functions on RE2', () => {
  const run = (tpl: string, data: Record<string, unknown> = {}) => renderGoTemplate(tpl, data as never);

  it('(a+)+$ and (a|aa)*b on long inputs answer in linear time', () => {
    // 5,000 characters: a backtracking engine needs longer than the universe's age on 30 of them
    const data = { s: `${LONG_A.slice(0, 5000)}!` };
    const { value, ms } = timed(() => [
      run('{{ regexMatch "(a+)+$" .s }}', data),
      run('{{ regexMatch "(a|aa)*b" .s }}', data),
      run('{{ regexFind "(a|aa)*b" .s }}', data),
      run('{{ regexReplaceAll "(a+)+$" .s "x" | len }}', data),
    ]);
    expect(value).toEqual([
      { ok: true, value: 'false' },
      { ok: true, value: 'false' },
      { ok: true, value: '' },
      { ok: true, value: '5001' },
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it('keeps Go semantics: named groups, expansion, FindAll, Split', () => {
    expect(run('{{ regexReplaceAll "(?P<first>[a-z]+)-(\\\\d+)" "ab-12 cd-3" "${2}_$first" }}')).toEqual({
      ok: true,
      value: '12_ab 3_cd',
    });
    expect(run('{{ regexFindAll "a*" "baaac" -1 | toJson }}')).toEqual({ ok: true, value: '["","aaa",""]' });
    expect(run('{{ regexSplit "," "a,b,c" 2 | toJson }}')).toEqual({ ok: true, value: '["a","b,c"]' });
    expect(run('{{ regexReplaceAllLiteral "a" "aa" "$1" }}')).toEqual({ ok: true, value: '$1$1' });
    expect(run('{{ regexMatch "(?i)^ABC\\\\z" "abc" }}')).toEqual({ ok: true, value: 'true' });
  });

  it('an invalid RE2 pattern is an error or a warning, never a crash', () => {
    const backref = run('{{ regexFind "(a)\\\\1" "aa" }}');
    expect(backref.ok).toBe(false);
    expect(!backref.ok && backref.error).toContain('error calling regexFind: regexp: Compile(');
    const must = run('{{ mustRegexMatch "(?=a)" "a" }}');
    expect(!must.ok && must.error).toContain('invalid or unsupported Perl syntax');
    // sprig's regexMatch ignores the compile error: false, plus a warning the caller turns into a finding
    expect(run('{{ regexMatch "(a" "a" }}')).toEqual({
      ok: true,
      value: 'false',
      warnings: [
        'regexMatch: error parsing regexp: missing closing ): `(a` (sprig ignores the error and returns false)',
      ],
    });
  });
});
