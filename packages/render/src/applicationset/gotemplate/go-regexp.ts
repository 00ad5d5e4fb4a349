/**
 * Go RE2 patterns (as used by sprig's regex functions) translated to JavaScript RegExp:
 * leading inline flags `(?i)`/`(?s)`/`(?m)`, `(?P<name>…)`, `\A`, `\z`, POSIX classes, `\pL`.
 * An invalid pattern yields undefined (sprig's non-`must` variants ignore the compile error).
 */
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp | undefined>();

export function compileGoRegexp(pattern: string, extraFlags = ''): RegExp | undefined {
  const key = `${extraFlags}\u0000${pattern}`;
  if (cache.has(key)) {
    const r = cache.get(key);
    if (r) r.lastIndex = 0;
    return r;
  }
  let flags = extraFlags;
  let src = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes('U')) {
      cache.set(key, undefined);
      return undefined;
    }
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) =>
      POSIX[name] && !neg ? POSIX[name] : m,
    )
    .replace(/\\([pP])([A-Z])/g, '\\$1{$2}');
  if (/\\[pP]\{/.test(src)) flags += 'u';
  let re: RegExp | undefined;
  try {
    re = new RegExp(src, flags);
  } catch {
    re = undefined;
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, re);
  return re;
}

/** Go `Regexp.Expand` template syntax: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
export function expandGoReplacement(template: string, replaceArgs: unknown[]): string {
  // String.prototype.replace callback args: match, p1..pn, offset, string, [groups]
  const last = replaceArgs[replaceArgs.length - 1];
  const hasGroups = typeof last === 'object' && last !== null;
  const groups = (hasGroups ? last : undefined) as Record<string, string | undefined> | undefined;
  const nCaptures = replaceArgs.length - (hasGroups ? 3 : 2);
  const captures = replaceArgs.slice(0, nCaptures) as (string | undefined)[];
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]*)\}|([A-Za-z0-9_]+))/g,
    (m, all: string, braced?: string, bare?: string) => {
      if (all === '$') return '$';
      const name = braced ?? bare ?? '';
      if (braced !== undefined && name === '') return m;
      if (/^\d+$/.test(name)) return captures[Number(name)] ?? '';
      return groups?.[name] ?? '';
    },
  );
}
