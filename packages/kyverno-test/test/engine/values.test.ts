import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration } from '../../src/engine/values/duration.js';
import { formatGoE, formatGoFloat32, formatGoG, goSprint } from '../../src/engine/values/go-format.js';
import { compareQuantities, formatQuantity, parseQuantity } from '../../src/engine/values/quantity.js';
import { regexMatch, regexReplaceAll } from '../../src/engine/values/regex.js';
import { compareSemver, parseSemver, parseSemverRange } from '../../src/engine/values/semver.js';
import { wildcardMatch } from '../../src/engine/values/wildcard.js';

describe('go-wildcard', () => {
  it.each([
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a*', 'abc', true],
    ['?', '', false],
    ['?', 'a', true],
    ['?*', '', false],
    ['?*', 'x', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*.example.com', 'a.b.example.com', true],
    ['Abc', 'abc', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
  ])('Match(%j, %j) = %j', (p, s, want) => expect(wildcardMatch(p, s)).toBe(want));
});

describe('Go number formatting', () => {
  it('fmt.Sprint uses %g shortest: exponent form from 1e6 and below 1e-4', () => {
    expect(formatGoG(1000000)).toBe('1e+06');
    expect(formatGoG(123456)).toBe('123456');
    expect(formatGoG(0.00001)).toBe('1e-05');
    expect(formatGoG(0.5)).toBe('0.5');
    expect(formatGoG(1234567)).toBe('1.234567e+06');
    expect(goSprint(true)).toBe('true');
    expect(goSprint(['a', 1])).toBe('[a 1]');
  });
  it("FormatFloat(v, 'E', -1, 64)", () => {
    expect(formatGoE(1)).toBe('1E+00');
    expect(formatGoE(25)).toBe('2.5E+01');
    expect(formatGoE(0.001)).toBe('1E-03');
  });
  it('float32 shortest formatting', () => {
    expect(formatGoFloat32(1.1)).toBe('1.1');
    expect(formatGoFloat32(100)).toBe('100');
    expect(formatGoFloat32(16777217)).toBe('16777216');
  });
});

describe('resource.Quantity', () => {
  const q = (s: string) => {
    const r = parseQuantity(s);
    if (!r) throw new Error(`unparsable ${s}`);
    return r;
  };
  it('compares exactly across suffixes', () => {
    expect(compareQuantities(q('100Mi'), q('0.1Gi'))).toBe(-1);
    expect(compareQuantities(q('1024Mi'), q('1Gi'))).toBe(0);
    expect(compareQuantities(q('500m'), q('0.5'))).toBe(0);
    expect(compareQuantities(q('1e3'), q('1k'))).toBe(0);
    expect(compareQuantities(q('1E'), q('1000P'))).toBe(0);
    expect(compareQuantities(q('-1'), q('0'))).toBe(-1);
  });
  it('rejects what Kubernetes rejects', () => {
    for (const s of ['', 'abc', '1.2.3', '1Mib', '1 Mi', 'Mi', '.', '1e'])
      expect(parseQuantity(s)).toBeUndefined();
  });
  it('formats canonically', () => {
    expect(formatQuantity(q('1536Mi'))).toBe('1536Mi');
    expect(formatQuantity(q('2048Mi'))).toBe('2Gi');
    expect(formatQuantity(q('1500m'))).toBe('1500m');
    expect(formatQuantity(q('2000'))).toBe('2k');
  });
});

describe('Go durations', () => {
  it('parses like time.ParseDuration', () => {
    expect(parseGoDuration('1h30m')).toBe(5400e9);
    expect(parseGoDuration('1.5s')).toBe(1.5e9);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('-2m')).toBe(-120e9);
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('1d')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
  });
  it('formats like Duration.String()', () => {
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(3600e9)).toBe('1h0m0s');
    expect(formatGoDuration(26280 * 3600e9)).toBe('26280h0m0s');
    expect(formatGoDuration(1.5e9)).toBe('1.5s');
    expect(formatGoDuration(1.5e6)).toBe('1.5ms');
    expect(formatGoDuration(-90e9)).toBe('-1m30s');
  });
});

describe('semver (blang v4)', () => {
  it('parses strictly and compares', () => {
    expect(parseSemver('1.2')).toBeUndefined();
    expect(compareSemver(parseSemver('1.2.3')!, parseSemver('1.10.0')!)).toBe(-1);
    expect(compareSemver(parseSemver('1.0.0-alpha')!, parseSemver('1.0.0')!)).toBe(-1);
  });
  it('evaluates ranges', () => {
    const r = parseSemverRange('>=1.0.0 <2.0.0 || 3.x')!;
    expect(r(parseSemver('1.5.0')!)).toBe(true);
    expect(r(parseSemver('2.5.0')!)).toBe(false);
    expect(r(parseSemver('3.1.4')!)).toBe(true);
    expect(parseSemverRange('not a range')).toBeUndefined();
  });
});

describe('RE2 regex helpers', () => {
  it('searches unanchored and supports RE2 syntax', () => {
    expect(regexMatch('^ab', 'abc')).toBe(true);
    expect(regexMatch('(?i)ABC', 'xabcx')).toBe(true);
    expect(regexMatch('b', 'abc')).toBe(true);
  });
  it('expands $1 and ${name} like Go (and $1x names group "1x")', () => {
    expect(regexReplaceAll('(a)(b)', 'ab', '$2$1')).toBe('ba');
    expect(regexReplaceAll('(?P<first>a)', 'a', '${first}!')).toBe('a!');
    expect(regexReplaceAll('(a)', 'a', '$1x')).toBe('');
    expect(regexReplaceAll('a', 'banana', '$$')).toBe('b$n$n$');
  });
  it('does not backtrack catastrophically', () => {
    expect(regexMatch('(a+)+$', `${'a'.repeat(5000)}!`)).toBe(false);
  });
});
