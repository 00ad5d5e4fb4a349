/**
 * cel-go `ext.Regex` (github.com/google/cel-go ext/regex.go), which Kyverno's CEL environment registers
 * (kyverno v1.19.1 pkg/cel/compiler/env.go: `ext.Regex(ext.RegexVersion(1))`):
 *
 * - `regex.replace(target, pattern, replacement)` and `regex.replace(target, pattern, replacement,
 *   count)`: the first `count` (all when negative) non-overlapping matches replaced; in the replacement
 *   `\1`…`\9` insert a capture group and `\\` a backslash, any other escape is an error;
 * - `regex.extract(target, pattern)`: the first match (its one capture group when the pattern has one)
 *   as an optional, none when nothing matches;
 * - `regex.extractAll(target, pattern)`: every match (or its capture group), skipping matches whose
 *   group did not take part; more than one capture group is an error for both.
 *
 * Patterns are RE2 (re2js), as Go's regexp.
 */
import type { RE2JS } from 're2js';
import {
  type CelLibrary,
  chargeSize,
  type MatchIndex,
  Optional,
  re2,
  re2FindAllIndex,
} from '../adapter/index.js';
import { fail, toInt } from './errors.js';

/** The replacement with its `\N` references expanded for one match (cel-go `expandReplacement`). */
function expand(replacement: string, groups: number, input: string, match: MatchIndex): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= replacement.length) fail('invalid replacement string: \\ not allowed at end');
    const next = replacement[++i] as string;
    if (next === '\\') {
      out += '\\';
      continue;
    }
    if (!/^[0-9]$/.test(next)) fail('invalid replacement string: \\ must be followed by a digit or \\');
    const group = Number(next);
    if (group > groups)
      fail(`replacement string references group ${group} but regex has only ${groups} group(s)`);
    const start = match[2 * group] as number;
    if (start !== -1) out += input.slice(start, match[2 * group + 1]);
  }
  return out;
}

function replace(target: string, pattern: string, replacement: string, count: number): string {
  const regexp = re2(pattern);
  if (count === 0) return target;
  const matches = re2FindAllIndex(regexp, target, count);
  const groups = regexp.groupCount();
  let out = '';
  let last = 0;
  for (const match of matches) {
    out += target.slice(last, match[0]) + expand(replacement, groups, target, match);
    last = match[1] as number;
    chargeSize(out.length);
  }
  return out + target.slice(last);
}

/** The pattern, refused when it has more than one capture group (extract, extractAll). */
function extractionPattern(pattern: string): RE2JS {
  const regexp = re2(pattern);
  if (regexp.groupCount() > 1) fail('multiple capture groups are not supported');
  return regexp;
}

function extract(target: string, pattern: string): Optional<string> {
  const regexp = extractionPattern(pattern);
  const [match] = re2FindAllIndex(regexp, target, 1);
  if (!match) return Optional.none();
  if (match.length === 4) {
    const start = match[2] as number;
    return start === -1 ? Optional.none() : Optional.of(target.slice(start, match[3]));
  }
  return Optional.of(target.slice(match[0], match[1]));
}

function extractAll(target: string, pattern: string): string[] {
  const regexp = extractionPattern(pattern);
  const out: string[] = [];
  for (const match of re2FindAllIndex(regexp, target, -1)) {
    if (match.length === 4) {
      const start = match[2] as number;
      if (start !== -1) out.push(target.slice(start, match[3]));
    } else out.push(target.slice(match[0], match[1]));
  }
  return out;
}

export const celGoRegex: CelLibrary = {
  name: 'cel-go regex',
  install(b) {
    b.namespace('regex', 'RegexNamespace');
    b.fn(
      'RegexNamespace.replace(string, string, string): string',
      (_: unknown, t: string, p: string, r: string) => replace(t, p, r, -1),
    );
    b.fn(
      'RegexNamespace.replace(string, string, string, int): string',
      (_: unknown, t: string, p: string, r: string, n: bigint) => replace(t, p, r, toInt(n)),
    );
    b.fn('RegexNamespace.extract(string, string): optional<string>', (_: unknown, t: string, p: string) =>
      extract(t, p),
    );
    b.fn('RegexNamespace.extractAll(string, string): list<string>', (_: unknown, t: string, p: string) =>
      extractAll(t, p),
    );
  },
};
