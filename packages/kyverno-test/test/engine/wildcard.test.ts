/**
 * The wildcard matcher is exact (same answers as go-wildcard's backtracking loop, checked against a
 * reference implementation on random inputs) and linear: the textbook two-pointer loop is
 * O(pattern × text) on `*aaa…ab` against `aaa…a`, this one is not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Budget, withActiveBudget } from '../../src/engine/evaluation/budget.js';
import { wildcardMatch } from '../../src/engine/values/wildcard.js';

/** Reference: the classic star-backtracking loop over runes (correct, quadratic). */
function reference(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  const p = Array.from(pattern);
  const s = Array.from(text);
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

describe('wildcardMatch', () => {
  it.each([
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['?', '', false],
    ['?*', 'x', true],
    ['?*', '', false],
    ['a*b', 'ab', true],
    ['a*b', 'aXbYb', true],
    ['a*b', 'aXbYc', false],
    ['*ab*ab', 'abab', true],
    ['*ab*ab', 'abXab', true],
    ['*aab', 'aaab', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['??', '😀x', true],
    ['?', '😀', true],
    ['*?😀', 'a😀', true],
    ['kube-*', 'kube-system', true],
    ['Kube-*', 'kube-system', false],
  ])('%j against %j is %s', (pattern, text, want) => {
    expect(wildcardMatch(pattern, text)).toBe(want);
    expect(reference(pattern, text)).toBe(want);
  });

  it('agrees with the backtracking reference on random patterns and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '😀');
    const text = fc.array(fc.constantFrom('a', 'b', '😀'), { maxLength: 12 }).map((a) => a.join(''));
    const pattern = fc.array(alphabet, { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(pattern, text, (p, t) => wildcardMatch(p, t) === reference(p, t)),
      { numRuns: 5000, seed: 42 },
    );
  });

  it('is linear on the patterns that make the two-pointer loop quadratic', () => {
    const text = 'a'.repeat(100_000);
    const start = performance.now();
    expect(wildcardMatch(`*a*a*a*a*a*a*a*b`, text)).toBe(false);
    expect(wildcardMatch(`*${'a'.repeat(5000)}b`, text)).toBe(false);
    expect(wildcardMatch(`*${'a'.repeat(5000)}b*`, text)).toBe(false);
    expect(wildcardMatch(`*${'a'.repeat(5000)}*`, text)).toBe(true);
    expect(wildcardMatch(`a*${'a'.repeat(5000)}`, text)).toBe(true);
    // generous: milliseconds in practice; the old loop took seconds per call
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('charges `?` segment searches to the active rule budget', () => {
    const text = 'a'.repeat(100_000);
    const pattern = `*${'?'.repeat(20_000)}b*`;
    const expired = new Budget(Date.now() - 1);
    expect(() => withActiveBudget(expired, () => wildcardMatch(pattern, text))).toThrow(/time budget/);
  });
});
