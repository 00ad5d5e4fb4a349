import { compileRe2 } from '@neuroscale/core';
import type { RE2JS } from 're2js';
import { activeBudget } from '../evaluation/budget.js';

/** RE2 (Go regexp) semantics through core's shared re2js wrapper: linear time, no catastrophic backtracking. */
export class RegexError extends Error {}

export function compileRegex(pattern: string): RE2JS {
  const compiled = compileRe2(pattern);
  if (!compiled.ok) throw new RegexError(`error parsing regexp: ${compiled.error}`);
  return compiled.regexp;
}

/** Go `regexp.MatchString` (unanchored search). */
export function regexMatch(pattern: string, input: string): boolean {
  return compileRegex(pattern).test(input);
}

/** Go `Regexp.ReplaceAllString` with `$1`, `${name}` expansion (Go rules: `$1x` names group "1x"). */
export function regexReplaceAll(pattern: string, input: string, template: string, literal = false): string {
  const re = compileRegex(pattern);
  const named = re.namedGroups();
  if (!literal && !template.includes('$')) literal = true; // nothing to expand
  const m = re.matcher(input);
  let out = '';
  let last = 0;
  let searchFrom = 0;
  while (searchFrom <= input.length && m.find(searchFrom)) {
    const start = m.start();
    const end = m.end();
    // the replacement can be longer than the match: charge what is built before building it
    activeBudget()?.grow(start - last + template.length);
    out += input.slice(last, start);
    out += literal
      ? template
      : expand(template, (name) => {
          if (/^\d+$/.test(name)) {
            const idx = Number(name);
            return idx <= m.groupCount() ? (m.group(idx) ?? '') : '';
          }
          return named[name] !== undefined ? (m.group(name) ?? '') : '';
        });
    last = end;
    searchFrom = end === start ? end + 1 : end;
    if (end === start && start < input.length) {
      // Go copies the character after an empty match
    }
  }
  out += input.slice(last);
  return out;
}

function expand(template: string, group: (name: string) => string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    if (c !== '$') {
      // the run up to the next `$` in one piece (a long template is not copied character by character)
      const next = template.indexOf('$', i);
      const end = next < 0 ? template.length : next;
      out += template.slice(i, end);
      i = end;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = template.indexOf('}', i + 2);
      const name = close < 0 ? '' : template.slice(i + 2, close);
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += c;
        i++;
        continue;
      }
      out += group(name);
      i = close + 1;
      continue;
    }
    const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
    if (!m) {
      out += c;
      i++;
      continue;
    }
    out += group(m[0]);
    i += 1 + m[0].length;
  }
  return out;
}
