/**
 * Go/git path semantics used by the git generators:
 * - `pathMatch`: Go `path.Match` (git directories): `*` and `?` never cross `/`; malformed → no match.
 * - `pathspecMatch`: git pathspec without magic (`git ls-files -- <pattern>`, git files): wildcards cross `/`,
 *   and a literal pattern also matches everything below it as a directory.
 * - `pathDir`/`pathBase`: Go `path.Dir` / `path.Base`.
 * - `walkDirectories`: the directories a repo-server WalkDir would see, derived from tracked files.
 */

/** Go `path.Match(pattern, name)`; a malformed pattern returns false (Argo logs and skips it). */
export function pathMatch(pattern: string, name: string): boolean {
  const re = globToRegExp(pattern, { crossSlash: false });
  return re ? re.test(name) : false;
}

export function hasGlobMeta(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

/** git pathspec (default, no `:(glob)` magic): fnmatch without FNM_PATHNAME, plus leading-directory matches. */
export function pathspecMatch(pattern: string, path: string): boolean {
  const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (p === '' || p === '.') return true;
  if (!hasGlobMeta(p)) return path === p || path.startsWith(p + '/');
  const re = globToRegExp(p, { crossSlash: true });
  if (!re) return false;
  if (re.test(path)) return true;
  // a pattern that matches a leading directory selects everything below it
  let i = path.indexOf('/');
  while (i >= 0) {
    if (re.test(path.slice(0, i))) return true;
    i = path.indexOf('/', i + 1);
  }
  return false;
}

const reCache = new Map<string, RegExp | null>();

function globToRegExp(pattern: string, opts: { crossSlash: boolean }): RegExp | null {
  const key = `${opts.crossSlash ? 1 : 0}${pattern}`;
  const hit = reCache.get(key);
  if (hit !== undefined) return hit;
  const any = opts.crossSlash ? '[\\s\\S]' : '[^/]';
  let out = '^';
  let ok = true;
  for (let i = 0; i < pattern.length && ok; i++) {
    const c = pattern[i]!;
    if (c === '*') out += `${any}*`;
    else if (c === '?') out += any;
    else if (c === '\\') {
      const n = pattern[++i];
      if (n === undefined) ok = false;
      else out += escapeRe(n);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (pattern[j] === '^' || (opts.crossSlash && pattern[j] === '!')) {
        cls += '^';
        j++;
      }
      let first = true;
      while (j < pattern.length && (pattern[j] !== ']' || (first && opts.crossSlash))) {
        let ch = pattern[j]!;
        if (ch === '\\') {
          j++;
          if (j >= pattern.length) break;
          ch = pattern[j]!;
        }
        cls += ch === '-' && !first && pattern[j + 1] !== ']' ? '-' : escapeClass(ch);
        first = false;
        j++;
      }
      if (j >= pattern.length || cls === '' || cls === '^') ok = false;
      else {
        out += `[${cls}]`;
        i = j;
      }
    } else out += escapeRe(c);
  }
  let re: RegExp | null = null;
  if (ok) {
    try {
      re = new RegExp(out + '$');
    } catch {
      re = null;
    }
  }
  if (reCache.size > 2000) reCache.clear();
  reCache.set(key, re);
  return re;
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
function escapeClass(c: string): string {
  return c.replace(/[\]\\^-]/g, '\\$&');
}

/** Go `path.Dir`. */
export function pathDir(p: string): string {
  const i = p.lastIndexOf('/');
  const dir = i < 0 ? '' : p.slice(0, i);
  return cleanPath(dir === '' && i === 0 ? '/' : dir || '.');
}

/** Go `path.Base`. */
export function pathBase(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function cleanPath(p: string): string {
  if (p === '') return '.';
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !abs) out.push(seg);
  }
  const s = (abs ? '/' : '') + out.join('/');
  return s || (abs ? '/' : '.');
}

/**
 * Directories of the checkout as `repository.go GetGitDirectories` lists them: every directory holding a tracked
 * file (git has no empty directories), `.` excluded, hidden directories (and everything below them) skipped,
 * in WalkDir (lexical, depth-first) order.
 */
export function walkDirectories(
  files: readonly string[],
  options: { includeHidden?: boolean } = {},
): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    const segs = f.split('/');
    segs.pop();
    let cur = '';
    for (const s of segs) {
      if (!options.includeHidden && s.startsWith('.')) break;
      cur = cur ? `${cur}/${s}` : s;
      dirs.add(cur);
    }
  }
  return [...dirs].sort(compareWalkOrder);
}

function compareWalkOrder(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] !== bs[i]) return as[i]! < bs[i]! ? -1 : 1;
  }
  return as.length - bs.length;
}
