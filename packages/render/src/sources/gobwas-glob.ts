/**
 * Glob matching with the semantics of github.com/gobwas/glob compiled WITHOUT separators, which is what
 * Argo CD uses for `directory.include`/`directory.exclude` (util/glob/glob.go → glob.Compile(pattern)).
 * So `*` and `**` match any run of characters including `/`, `?` one character, `[abc]`, `[!a-z]` classes,
 * `{a,b}` alternation (nestable) and `\` escapes. A pattern that does not compile matches nothing
 * (Argo logs a warning and returns false).
 */
const cache = new Map<string, RegExp | null>();

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function compile(pattern: string): RegExp | null {
  let i = 0;
  const parse = (inAlt: boolean): string => {
    let out = '';
    while (i < pattern.length) {
      const c = pattern[i]!;
      if (inAlt && (c === ',' || c === '}')) return out;
      i++;
      if (c === '\\') {
        if (i >= pattern.length) throw new Error('trailing escape');
        out += escapeRe(pattern[i]!);
        i++;
      } else if (c === '*') {
        while (pattern[i] === '*') i++;
        out += '[\\s\\S]*';
      } else if (c === '?') {
        out += '[\\s\\S]';
      } else if (c === '[') {
        let negate = false;
        if (pattern[i] === '!') {
          negate = true;
          i++;
        }
        let body = '';
        let closed = false;
        while (i < pattern.length) {
          const d = pattern[i]!;
          i++;
          if (d === ']') {
            closed = true;
            break;
          }
          if (d === '\\' && i < pattern.length) {
            body += escapeRe(pattern[i]!);
            i++;
          } else if (d === '-') body += '-';
          else body += escapeRe(d);
        }
        if (!closed || body === '') throw new Error('unclosed character class');
        out += `[${negate ? '^' : ''}${body}]`;
      } else if (c === '{') {
        const alts: string[] = [];
        for (;;) {
          alts.push(parse(true));
          if (i >= pattern.length) throw new Error('unclosed alternation');
          const d = pattern[i]!;
          i++;
          if (d === '}') break;
        }
        out += `(?:${alts.join('|')})`;
      } else {
        out += escapeRe(c);
      }
    }
    if (inAlt) throw new Error('unclosed alternation');
    return out;
  };
  try {
    return new RegExp(`^${parse(false)}$`);
  } catch {
    return null;
  }
}

/** gobwas glob.Match(pattern, text) without separators. */
export function gobwasMatch(pattern: string, text: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = compile(pattern);
    cache.set(pattern, re);
  }
  return re?.test(text) ?? false;
}

/** True when the pattern compiles (invalid patterns silently match nothing in Argo CD; we report them). */
export function isValidGobwasGlob(pattern: string): boolean {
  return compile(pattern) !== null;
}
