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

export function re2Matches(input: string, pattern: string): boolean {
  // test(): the DFA path, no Matcher or capture groups (same result as matcher(input).find())
  return re2(pattern).test(input);
}

/** All non-overlapping matches, at most `limit` (negative: all), as Go's FindAllString. */
export function re2FindAll(input: string, pattern: string, limit = -1): string[] {
  const m = re2(pattern).matcher(input);
  const out: string[] = [];
  let from = 0;
  let prevEnd = -1;
  while ((limit < 0 || out.length < limit) && from <= input.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    if (end === start && start === prevEnd) {
      from = start + 1;
      continue;
    }
    out.push(input.slice(start, end));
    prevEnd = end;
    from = end === start ? end + 1 : end;
  }
  return out;
}
