/** sprig regular-expression functions (sprig v3 regex.go). */
import { type FunctionTable, fn } from '../functions-types.js';
import {
  compileGoRegexp,
  goRegexpFind,
  goRegexpFindAll,
  goRegexpMatch,
  goRegexpReplaceAll,
  goRegexpSplit,
  noteRegexProblem,
} from '../go-regexp.js';
import { GoError, goQuote } from '../go-values.js';
import { s1, s2 } from './signatures.js';

export function regexFunctions(table: FunctionTable): void {
  // regular expressions: Go regexp (RE2, linear time) through re2js. sprig's regexMatch ignores a compile
  // error (false); the other non-must variants call regexp.MustCompile, whose panic text/template turns into
  // an "error calling" error; the must variants return the compile error (sprig v3 regex.go).
  const compile = (pattern: string, must: boolean) => {
    const c = compileGoRegexp(pattern);
    if (c.ok) return c;
    throw new GoError(must ? c.error : `regexp: Compile(${goQuoteBackticks(pattern)}): ${c.error}`);
  };
  for (const must of [false, true]) {
    const name = (n: string) => (must ? `must${n[0]!.toUpperCase()}${n.slice(1)}` : n);
    table.set(
      name('regexMatch'),
      s2((re, s) => {
        const c = compileGoRegexp(re);
        if (c.ok) return goRegexpMatch(c.re, s);
        if (must) throw new GoError(c.error);
        noteRegexProblem(`regexMatch: ${c.error} (sprig ignores the error and returns false)`);
        return false;
      }),
    );
    table.set(
      name('regexFind'),
      s2((re, s) => goRegexpFind(compile(re, must).re, s)),
    );
    table.set(
      name('regexFindAll'),
      fn(['string', 'string', 'int'], ([re, s, n]) =>
        goRegexpFindAll(compile(re as string, must).re, s as string, Number(n)),
      ),
    );
    table.set(
      name('regexReplaceAll'),
      fn(['string', 'string', 'string'], ([re, s, repl]) => {
        const c = compile(re as string, must);
        return goRegexpReplaceAll(c.re, s as string, repl as string, false, c.groupNames);
      }),
    );
    table.set(
      name('regexReplaceAllLiteral'),
      fn(['string', 'string', 'string'], ([re, s, repl]) => {
        const c = compile(re as string, must);
        return goRegexpReplaceAll(c.re, s as string, repl as string, true, c.groupNames);
      }),
    );
    table.set(
      name('regexSplit'),
      fn(['string', 'string', 'int'], ([re, s, n]) =>
        goRegexpSplit(compile(re as string, must).re, re as string, s as string, Number(n)),
      ),
    );
  }
  table.set(
    'regexQuoteMeta',
    s1((s) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')),
  );
}

/** Go's `%#q`-like quoting used in regexp.MustCompile's panic (`regexp: Compile(` + quote(expr) + `)`). */
function goQuoteBackticks(s: string): string {
  // strconv.CanBackquote: no backquote and no control character other than tab
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '`' || ch === '\uFEFF' || c === 0x7f || (c < 0x20 && ch !== '\t')) return goQuote(s);
  }
  return `\`${s}\``;
}
