import { describe, expect, it } from 'vitest';
import { compareStrings } from '../src/model/compare-strings.js';
import { compileRe2 } from '../src/regex/re2-regexp.js';

describe('compileRe2', () => {
  it('compiles Go regexp syntax and shares the compiled pattern', () => {
    const a = compileRe2('(?P<word>\\w+)$');
    expect(a.ok && a.regexp.matcher('hello world').find()).toBe(true);
    expect(compileRe2('(?P<word>\\w+)$')).toBe(a);
  });

  it.each([
    ['(a', 'error parsing regexp: missing closing ): `(a`'],
    ['(?=a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
  ])('refuses %j (no lookaround, no backreferences)', (pattern, error) => {
    expect(compileRe2(pattern)).toEqual({ ok: false, error });
  });

  it('runs in linear time on a pattern that backtracks catastrophically in JS', () => {
    const r = compileRe2('(a+)+$');
    expect(r.ok && r.regexp.matcher(`${'a'.repeat(5000)}!`).find()).toBe(false);
  });
});

describe('compareStrings', () => {
  it('sorts by code unit, independent of locale', () => {
    expect(['b', 'B', 'a', 'é', 'Z', '_', '10', '9'].sort(compareStrings)).toEqual([
      '10',
      '9',
      'B',
      'Z',
      '_',
      'a',
      'b',
      'é',
    ]);
    expect(compareStrings('a', 'a')).toBe(0);
  });
});
