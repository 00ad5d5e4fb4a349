/**
 * `*`/`?` wildcard match in linear time (the classic two-pointer algorithm with one backtrack point), for the
 * group and kind globs of ignoreDifferences rules. Argo CD matches them with gobwas/glob
 * (argoproj/argo-cd util/glob/glob.go); for group/kind names only `*` and `?` matter, and `*` spans dots there.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
