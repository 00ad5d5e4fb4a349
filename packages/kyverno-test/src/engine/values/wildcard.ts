/**
 * go-wildcard v1.0.3 `Match(pattern, text)` as Kyverno uses it: whole-string, case-sensitive,
 * `*` = any run of characters (including none), `?` = exactly one character.
 * Iterative two-pointer algorithm: linear-ish, never backtracks exponentially.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  if (pattern === '*') return true;
  const hasStar = pattern.includes('*');
  const hasQuestion = pattern.includes('?');
  if (!hasStar && !hasQuestion) return pattern === text;
  // `?` is one character (code point); without surrogate pairs (or without `?`), code units give the same answer
  if (hasQuestion && (SURROGATE.test(text) || SURROGATE.test(pattern)))
    return matchUnits(Array.from(pattern), Array.from(text));
  return matchUnits(pattern, text);
}

const SURROGATE = /[\uD800-\uDFFF]/;

function matchUnits(p: ArrayLike<string>, s: ArrayLike<string>): boolean {
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const pc = p[pi];
    if (pi < p.length && (pc === '?' || pc === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && pc === '*') {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

export function containsWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}
