/**
 * Glob matching with the semantics of github.com/gobwas/glob compiled WITHOUT separators, which is what
 * Argo CD uses for `directory.include`/`directory.exclude` (util/glob/glob.go → glob.Compile(pattern)).
 * So `*` and `**` match any run of characters including `/`, `?` one character, `[abc]`, `[a-z]`, `[!a-z]`
 * classes, `{a,b}` alternation (nestable) and `\` escapes. A pattern that does not compile matches nothing
 * (Argo logs a warning and returns false).
 *
 * Matching runs on the linear NFA simulation in match/glob-nfa.ts, never on a JS RegExp: the pattern is
 * PR data, and `*a*a*a*a*a*a*b` over a long file name backtracks exponentially in V8.
 */
import { type CompiledGlob, compileGlob, type GlobToken, runGlob } from '../match/glob-nfa.js';

/** Longest pattern compiled (gobwas has no limit; a longer include/exclude is a finding, see limits). */
export const MAX_GLOB_PATTERN_LENGTH = 4096;

const cache = new Map<string, CompiledGlob | null>();

/** gobwas lexer/parser (gobwas/glob/syntax/lexer): tokens, or null when the pattern does not compile. */
function parse(pattern: string, separators = false): GlobToken[] | null {
  if (pattern.length > MAX_GLOB_PATTERN_LENGTH) return null;
  const cps = [...pattern].map((c) => c.codePointAt(0)!);
  let i = 0;
  const BACKSLASH = 0x5c;
  const seq = (inAlt: boolean): GlobToken[] => {
    const out: GlobToken[] = [];
    while (i < cps.length) {
      const c = cps[i]!;
      if (inAlt && (c === 0x2c /* , */ || c === 0x7d) /* } */) return out;
      i++;
      if (c === BACKSLASH) {
        if (i >= cps.length) throw new Error('trailing escape');
        out.push({ k: 'lit', cp: cps[i++]! });
      } else if (c === 0x2a /* * */) {
        // with separators, `**` is gobwas' super-asterisk (crosses `/`); without, it equals `*`
        if (separators && cps[i] === 0x2a) {
          i++;
          out.push({ k: 'star', crossSlash: true });
        } else out.push({ k: 'star' });
      } else if (c === 0x3f /* ? */) out.push({ k: 'any' });
      else if (c === 0x5b /* [ */) {
        let negate = false;
        if (cps[i] === 0x21 /* ! */) {
          negate = true;
          i++;
        }
        const ranges: [number, number][] = [];
        let closed = false;
        while (i < cps.length) {
          let d = cps[i++]!;
          if (d === 0x5d /* ] */) {
            closed = true;
            break;
          }
          if (d === BACKSLASH && i < cps.length) d = cps[i++]!;
          // `a-z`: a range when a character follows the dash inside the class
          if (cps[i] === 0x2d /* - */ && i + 1 < cps.length && cps[i + 1] !== 0x5d) {
            let hi = cps[i + 1]!;
            i += 2;
            if (hi === BACKSLASH && i < cps.length) hi = cps[i++]!;
            if (hi < d) throw new Error('bad range');
            ranges.push([d, hi]);
          } else ranges.push([d, d]);
        }
        if (!closed || ranges.length === 0) throw new Error('unclosed character class');
        out.push({ k: 'class', negate, ranges });
      } else if (c === 0x7b /* { */) {
        const alts: GlobToken[][] = [];
        for (;;) {
          alts.push(seq(true));
          if (i >= cps.length) throw new Error('unclosed alternation');
          const d = cps[i++]!;
          if (d === 0x7d) break;
        }
        out.push({ k: 'alt', alts });
      } else out.push({ k: 'lit', cp: c });
    }
    if (inAlt) throw new Error('unclosed alternation');
    return out;
  };
  try {
    return seq(false);
  } catch {
    return null;
  }
}

function compiled(pattern: string): CompiledGlob | null {
  let g = cache.get(pattern);
  if (g === undefined) {
    const tokens = parse(pattern);
    g = tokens ? compileGlob(tokens) : null;
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, g);
  }
  return g;
}

/** gobwas glob.Match(pattern, text) without separators, in O(text × pattern). */
export function gobwasMatch(pattern: string, text: string): boolean {
  const g = compiled(pattern);
  return g ? runGlob(g, text) : false;
}

const slashCache = new Map<string, CompiledGlob | null>();

/**
 * gobwas glob.Match(pattern, text, '/'): `*` and `?` stop at `/`, `**` crosses it (Argo CD's AppProject
 * sourceRepos matching, pkg/apis/application/v1alpha1/app_project_types.go globMatch), in O(text × pattern).
 */
export function gobwasMatchWithSlash(pattern: string, text: string): boolean {
  let g = slashCache.get(pattern);
  if (g === undefined) {
    const tokens = parse(pattern, true);
    g = tokens ? compileGlob(tokens, { slashIsSeparator: true }) : null;
    if (slashCache.size > 1000) slashCache.clear();
    slashCache.set(pattern, g);
  }
  return g ? runGlob(g, text) : false;
}

/** True when the pattern compiles (invalid patterns silently match nothing in Argo CD; we report them). */
export function isValidGobwasGlob(pattern: string): boolean {
  return compiled(pattern) !== null;
}
