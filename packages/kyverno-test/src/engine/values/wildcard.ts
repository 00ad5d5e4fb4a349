/**
 * Kyverno's wildcard match (`ext/wildcard.Match`, i.e. go-wildcard as pinned by Kyverno's go.mod):
 * whole-string, case-sensitive, `*` = any run of characters (including none), `?` = exactly one
 * character (rune), no escapes; the empty pattern matches only the empty string.
 *
 * Patterns and values both come from pull requests, so the match must not be quadratic (the
 * textbook two-pointer loop restarts after the last `*` and costs O(pattern × text) on
 * `*aaaa…ab` against `aaaa…a`). Instead the pattern is split at `*` into segments of literal
 * characters and `?`: the first segment must be a prefix, the last a suffix, and each middle segment
 * is taken at its leftmost occurrence after the previous one. Leftmost placement is optimal because
 * segments have fixed lengths and `*` absorbs any gap, so this is exact, not a heuristic. A segment
 * without `?` is found with `String.prototype.indexOf` (linear in V8); a segment with `?` is searched
 * candidate by candidate and every character compared is charged to the rule's time budget, so even
 * that worst case ends in a budget finding instead of a hang.
 */
import { activeBudget } from '../evaluation/budget.js';

type Chars = string | readonly string[];

export function wildcardMatch(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  if (pattern === '*') return true;
  const hasStar = pattern.includes('*');
  const hasQuestion = pattern.includes('?');
  if (!hasStar && !hasQuestion) return pattern === text;
  // `?` is one rune; without surrogate pairs (or without `?`) UTF-16 code units give the same answer
  if (hasQuestion && (SURROGATE.test(text) || SURROGATE.test(pattern)))
    return matchSegments(Array.from(pattern), Array.from(text));
  return matchSegments(pattern, text);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Segments of string patterns, parsed once (the same few patterns are matched against every resource). */
const segmentCache = new Map<string, readonly string[]>();

function split(p: Chars): readonly Chars[] {
  if (typeof p === 'string') {
    let segs = segmentCache.get(p);
    if (!segs) {
      segs = p.split('*');
      if (segmentCache.size > 2000) segmentCache.clear();
      segmentCache.set(p, segs);
    }
    return segs;
  }
  const out: string[][] = [[]];
  for (const c of p) {
    if (c === '*') out.push([]);
    else (out[out.length - 1] as string[]).push(c);
  }
  return out;
}

function matchSegments(pattern: Chars, text: Chars): boolean {
  const segs = split(pattern);
  const first = segs[0] as Chars;
  if (segs.length === 1) return first.length === text.length && segmentAt(first, text, 0);
  const last = segs[segs.length - 1] as Chars;
  const end = text.length - last.length;
  if (end < first.length) return false;
  if (!segmentAt(first, text, 0) || !segmentAt(last, text, end)) return false;
  let pos = first.length;
  for (let i = 1; i < segs.length - 1; i++) {
    const seg = segs[i] as Chars;
    if (seg.length === 0) continue;
    const at = find(seg, text, pos, end);
    if (at < 0) return false;
    pos = at + seg.length;
  }
  return true;
}

/** Whether `seg` (literal characters and `?`) matches `text` at `at`. */
function segmentAt(seg: Chars, text: Chars, at: number): boolean {
  activeBudget()?.work(seg.length);
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c !== '?' && c !== text[at + i]) return false;
  }
  return true;
}

/** Leftmost position p in [from, end - seg.length] where seg matches, or -1. */
function find(seg: Chars, text: Chars, from: number, end: number): number {
  const lastStart = end - seg.length;
  if (lastStart < from) return -1;
  if (typeof seg === 'string' && typeof text === 'string' && !seg.includes('?')) {
    activeBudget()?.work(end - from);
    const at = text.indexOf(seg, from);
    return at >= 0 && at <= lastStart ? at : -1;
  }
  for (let p = from; p <= lastStart; p++) if (segmentAt(seg, text, p)) return p;
  return -1;
}

export function containsWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}
