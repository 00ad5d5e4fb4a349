/**
 * Go/git path semantics used by the git generators:
 * - `pathMatch`: Go `path.Match` (git directories): `*` and `?` never cross `/`; malformed → no match.
 * - `pathspecMatch`: git pathspec without magic (`git ls-files -- <pattern>`, git files): wildcards cross `/`,
 *   and a literal pattern also matches everything below it as a directory.
 * - `pathDir`/`pathBase`: Go `path.Dir` / `path.Base`.
 * - `walkDirectories`: the directories a repo-server WalkDir would see, derived from tracked files.
 */
import {
  type CompiledGlob,
  compileGlob,
  type GlobToken,
  runGlob,
  runGlobOrLeadingDir,
} from '../match/glob-nfa.js';

/** Go `path.Match(pattern, name)`; a malformed pattern returns false (Argo logs and skips it). Linear time. */
export function pathMatch(pattern: string, name: string): boolean {
  const g = compiled(pattern, false);
  return g ? runGlob(g, name) : false;
}

export function hasGlobMeta(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

/** git pathspec (default, no `:(glob)` magic): fnmatch without FNM_PATHNAME, plus leading-directory matches. */
export function pathspecMatch(pattern: string, path: string): boolean {
  const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (p === '' || p === '.') return true;
  if (!hasGlobMeta(p)) return path === p || path.startsWith(`${p}/`);
  const g = compiled(p, true);
  // a pattern that matches a leading directory selects everything below it: checked at each `/` in one pass
  return g ? runGlobOrLeadingDir(g, path) : false;
}

const globCache = new Map<string, CompiledGlob | null>();

/**
 * Both dialects run on the linear NFA of match/glob-nfa.ts (never a backtracking RegExp: the patterns are PR
 * data). `fnmatch` = git's wildmatch without FNM_PATHNAME (`*`/`?` cross `/`, `[!…]` or `[^…]`, `]` first in a
 * class is literal); otherwise Go path.Match (match.go: `*`/`?` stop at `/`, `[^…]`, `-` or `]` unescaped at
 * the start of a range is ErrBadPattern).
 */
function compiled(pattern: string, fnmatch: boolean): CompiledGlob | null {
  const key = `${fnmatch ? 1 : 0}${pattern}`;
  const hit = globCache.get(key);
  if (hit !== undefined) return hit;
  const tokens = parsePathGlob(pattern, fnmatch);
  const g = tokens ? compileGlob(tokens, { slashIsSeparator: !fnmatch }) : null;
  if (globCache.size > 2000) globCache.clear();
  globCache.set(key, g);
  return g;
}

function parsePathGlob(pattern: string, fnmatch: boolean): GlobToken[] | null {
  if (pattern.length > MAX_PATH_PATTERN_LENGTH) return null;
  const cps = [...pattern].map((c) => c.codePointAt(0)!);
  const out: GlobToken[] = [];
  const BACKSLASH = 0x5c;
  const CLOSE = 0x5d;
  const DASH = 0x2d;
  let i = 0;
  while (i < cps.length) {
    const c = cps[i++]!;
    if (c === 0x2a) out.push({ k: 'star' });
    else if (c === 0x3f) out.push({ k: 'any' });
    else if (c === BACKSLASH) {
      if (i >= cps.length) return null;
      out.push({ k: 'lit', cp: cps[i++]! });
    } else if (c === 0x5b) {
      let negate = false;
      if (cps[i] === 0x5e || (fnmatch && cps[i] === 0x21)) {
        negate = true;
        i++;
      }
      const ranges: [number, number][] = [];
      let closed = false;
      // one (possibly escaped) class character; Go refuses an unescaped `-` or `]` where a range bound belongs
      const bound = (first: boolean): number | null => {
        if (i >= cps.length) return null;
        let d = cps[i++]!;
        if (d === BACKSLASH) {
          if (i >= cps.length) return null;
          d = cps[i++]!;
        } else if (!fnmatch && (d === DASH || d === CLOSE)) return null;
        else if (fnmatch && d === CLOSE && !first) return null;
        return d;
      };
      while (i < cps.length) {
        if (cps[i] === CLOSE && (ranges.length > 0 || !fnmatch)) {
          i++;
          closed = ranges.length > 0;
          break;
        }
        const lo = bound(ranges.length === 0);
        if (lo === null) return null;
        let hi = lo;
        if (cps[i] === DASH && !(fnmatch && cps[i + 1] === CLOSE)) {
          i++;
          const h = bound(false);
          if (h === null) return null;
          hi = h;
        }
        ranges.push([lo, hi]);
      }
      if (!closed) return null;
      out.push({ k: 'class', negate, ranges });
    } else out.push({ k: 'lit', cp: c });
  }
  return out;
}

/** Longest git generator path pattern compiled; a longer one matches nothing, like a malformed one. */
export const MAX_PATH_PATTERN_LENGTH = 4096;

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
