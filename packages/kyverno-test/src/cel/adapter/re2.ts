/** RE2 (Go regexp) semantics for CEL `matches`, `find`, `findAll`: linear time, `(?i)` flags, no look-around. */
import { compileRe2 } from '@neuroscale/core';
import type { RE2JS } from 're2js';

export class CelRegexError extends Error {}

export function re2(pattern: string): RE2JS {
  const compiled = compileRe2(pattern);
  if (!compiled.ok)
    throw new CelRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${compiled.error}`);
  return compiled.regexp;
}

/**
 * Recent `matches` answers per compiled pattern: a policy tests the same few images, names or labels on
 * thousands of resources, and RE2 (re2js) costs microseconds per test. Bounded: inputs up to
 * MEMO_INPUT_LIMIT characters, at most MEMO_ENTRIES answers per pattern (then the memo starts over).
 */
const MEMO_INPUT_LIMIT = 256;
const MEMO_ENTRIES = 1024;
const answers = new WeakMap<RE2JS, Map<string, boolean>>();

export function re2Matches(input: string, pattern: string): boolean {
  const regexp = re2(pattern);
  if (input.length > MEMO_INPUT_LIMIT) return regexp.test(input);
  let memo = answers.get(regexp);
  if (memo === undefined) {
    memo = new Map();
    answers.set(regexp, memo);
  }
  let answer = memo.get(input);
  if (answer === undefined) {
    // test(): the DFA path, no Matcher or capture groups (same result as matcher(input).find())
    answer = regexp.test(input);
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(input, answer);
  }
  return answer;
}

/** [start, end] of the whole match and of each group (-1 when the group did not take part). */
export type MatchIndex = number[];

/** Go's FindAllStringSubmatchIndex: non-overlapping matches, at most `limit` (negative: all). */
export function re2FindAllIndex(regexp: RE2JS, input: string, limit: number): MatchIndex[] {
  const m = regexp.matcher(input);
  const groups = m.groupCount();
  const out: MatchIndex[] = [];
  let from = 0;
  let prevEnd = -1;
  while ((limit < 0 || out.length < limit) && from <= input.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    // Go skips an empty match right after the previous match
    if (end === start && start === prevEnd) {
      from = start + 1;
      continue;
    }
    const index: MatchIndex = [start, end];
    for (let g = 1; g <= groups; g++) {
      const s = m.group(g) === null ? -1 : m.start(g);
      index.push(s, s < 0 ? -1 : m.end(g));
    }
    out.push(index);
    prevEnd = end;
    from = end === start ? end + 1 : end;
  }
  return out;
}

/** All non-overlapping matches, at most `limit` (negative: all), as Go's FindAllString. */
export function re2FindAll(input: string, pattern: string, limit = -1): string[] {
  return re2FindAllIndex(re2(pattern), input, limit).map(([start, end]) => input.slice(start, end));
}
