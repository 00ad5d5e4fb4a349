/**
 * Go `regexp` (RE2 syntax, linear time) for sprig's regex functions, on the `re2js` engine — a port of
 * RE2/J, which follows Go's regexp package: the same syntax (`(?P<name>…)`, `\A`, `\z`, `(?i)`, `(?U)`,
 * POSIX classes, `\pL`), the same leftmost-first semantics, and no backreferences or lookaround, so a
 * pattern from a pull request cannot backtrack catastrophically (`(a+)+$` against `aaaa…!`).
 * A JS `RegExp` translation would accept a different language and run in exponential time.
 *
 * Indices are UTF-16 code units (re2js matches JS strings as UTF-16), which only differs from Go's byte
 * offsets in how far a slice reaches, never in what matches.
 */
import { compileRe2 } from '@neuroscale/core';
import type { RE2JS } from 're2js';

type RE2 = ReturnType<RE2JS['re2']>;

export type CompiledGoRegexp =
  | { ok: true; re: RE2; groupNames: Record<string, number> }
  | { ok: false; error: string };

/** Go `regexp.Compile` (core's shared, cached compile); an invalid pattern yields Go's error text (`error parsing regexp: …`). */
export function compileGoRegexp(pattern: string): CompiledGoRegexp {
  const compiled = compileRe2(pattern);
  if (!compiled.ok) return compiled;
  return { ok: true, re: compiled.regexp.re2(), groupNames: { ...compiled.regexp.namedGroups() } };
}

/** `Regexp.MatchString`. */
export function goRegexpMatch(re: RE2, s: string): boolean {
  return re.findIndex(s) !== null;
}

/** `Regexp.FindString`: "" when nothing matches. */
export function goRegexpFind(re: RE2, s: string): string {
  const ix = re.findIndex(s) as number[] | null;
  return ix ? s.slice(ix[0], ix[1]) : '';
}

/** `Regexp.FindAllString(s, n)`: n < 0 means all; no match is an empty list. */
export function goRegexpFindAll(re: RE2, s: string, n: number): string[] {
  if (n === 0) return [];
  const all = (re.findAllIndex(s, n) as number[][] | null) ?? [];
  return all.map(([a, b]) => s.slice(a, b));
}

/**
 * `Regexp.ReplaceAllString` (literal = false: `$1`/`${name}` expanded as `Regexp.Expand`) and
 * `ReplaceAllLiteralString`. Go's replaceAll skips an empty match right after a previous match, as
 * FindAll does, so the match list drives it.
 */
export function goRegexpReplaceAll(
  re: RE2,
  s: string,
  repl: string,
  literal: boolean,
  groupNames: Record<string, number>,
): string {
  const matches = (re.findAllSubmatchIndex(s, -1) as number[][] | null) ?? [];
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += s.slice(last, m[0]);
    out += literal ? repl : expandGoTemplate(repl, s, m, groupNames);
    last = m[1]!;
  }
  return out + s.slice(last);
}

/** `Regexp.Split(s, n)` (regexp.go), over FindAllStringIndex. */
export function goRegexpSplit(re: RE2, pattern: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (pattern.length > 0 && s.length === 0) return [''];
  const matches = (re.findAllIndex(s, n) as number[][] | null) ?? [];
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const [a, b] of matches) {
    if (n > 0 && parts.length === n - 1) break;
    end = a!;
    if (b !== 0) parts.push(s.slice(beg, end));
    beg = b!;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

/** Go `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`; an unknown group expands to "". */
function expandGoTemplate(
  template: string,
  s: string,
  m: number[],
  groupNames: Record<string, number>,
): string {
  const group = (i: number) => {
    const a = m[2 * i];
    const b = m[2 * i + 1];
    return a === undefined || b === undefined || a < 0 ? '' : s.slice(a, b);
  };
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]*)\}|([A-Za-z0-9_]+))/g,
    (whole, all: string, braced?: string, bare?: string) => {
      if (all === '$') return '$';
      const name = braced ?? bare ?? '';
      if (braced !== undefined && name === '') return whole;
      if (/^\d+$/.test(name)) return group(Number(name));
      return Object.hasOwn(groupNames, name) ? group(groupNames[name]!) : '';
    },
  );
}

/**
 * Problems sprig swallows (regexMatch with an invalid pattern returns false): collected per template run so
 * the caller can report them as findings instead of letting a broken pattern pass silently.
 */
let problems: string[] | undefined;

export function noteRegexProblem(message: string): void {
  if (problems && !problems.includes(message)) problems.push(message);
}

export function collectRegexProblems<T>(run: () => T): { value: T; problems: string[] } {
  const saved = problems;
  const mine: string[] = [];
  problems = mine;
  try {
    return { value: run(), problems: mine };
  } finally {
    problems = saved;
  }
}
