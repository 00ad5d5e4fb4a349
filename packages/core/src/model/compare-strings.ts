/**
 * Deterministic string order for sorting keys, names and paths: UTF-16 code-unit order, the order of
 * `Array.prototype.sort` without a comparator, independent of locale (unlike `localeCompare`), so output is
 * byte-identical on every machine. It matches Go's byte-wise `sort.Strings` for every string outside
 * U+E000–U+FFFF versus astral characters.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
