/** sprig string functions (sprig v3 strings.go, and Go's strings package they call). */
import { fromEntriesOwn } from '@neuroscale/core';
import { type FunctionTable, fn } from '../functions-types.js';
import { GoError, type GoMap, type GoValue, goQuote } from '../go-values.js';
import { strslice, strval } from './go-conversions.js';
import { s1, s2 } from './signatures.js';

// long: a registration table, one `table.set` per sprig string function
export function stringFunctions(table: FunctionTable): void {
  table.set(
    'lower',
    s1((s) => s.toLowerCase()),
  );
  table.set(
    'upper',
    s1((s) => s.toUpperCase()),
  );
  table.set(
    'title',
    s1((s) => s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase())),
  );
  table.set(
    'untitle',
    s1((s) => s.replace(/(^|\s)(\p{L})/gu, (_m, p: string, c: string) => p + c.toLowerCase())),
  );
  table.set(
    'trim',
    s1((s) => s.trim()),
  );
  table.set(
    'nospace',
    s1((s) => s.replace(/\s+/gu, '')),
  );
  table.set(
    'trimAll',
    s2((cut, s) => trimChars(s, cut)),
  );
  table.set(
    'trimPrefix',
    s2((p, s) => (s.startsWith(p) ? s.slice(p.length) : s)),
  );
  table.set(
    'trimSuffix',
    s2((p, s) => (p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
  );
  table.set(
    'hasPrefix',
    s2((p, s) => s.startsWith(p)),
  );
  table.set(
    'hasSuffix',
    s2((p, s) => s.endsWith(p)),
  );
  table.set(
    'contains',
    s2((sub, s) => s.includes(sub)),
  );
  table.set(
    'replace',
    fn(['string', 'string', 'string'], ([o, n, s]) => replaceAll(s as string, o as string, n as string)),
  );
  table.set(
    'repeat',
    fn(['int', 'string'], ([c, s]) => {
      const n = Number(c);
      if (n < 0) throw new GoError('strings: negative Repeat count');
      if (n * (s as string).length > 1_000_000) throw new GoError('repeat result too large');
      return (s as string).repeat(n);
    }),
  );
  table.set(
    'quote',
    fn(
      [],
      (args) =>
        args
          .filter((a) => a !== null && a !== undefined)
          .map((a) => goQuote(strval(a)))
          .join(' '),
      'any',
    ),
  );
  table.set(
    'squote',
    fn(
      [],
      (args) =>
        args
          .filter((a) => a !== null && a !== undefined)
          .map((a) => `'${strval(a)}'`)
          .join(' '),
      'any',
    ),
  );
  table.set(
    'cat',
    fn(
      [],
      (args) =>
        args
          .filter((a) => a !== null && a !== undefined)
          .map(strval)
          .join(' '),
      'any',
    ),
  );
  table.set(
    'indent',
    fn(['int', 'string'], ([n, s]) => indent(n as bigint, s as string)),
  );
  table.set(
    'nindent',
    fn(['int', 'string'], ([n, s]) => '\n' + indent(n as bigint, s as string)),
  );
  table.set(
    'trunc',
    fn(['int', 'string'], ([c, s]) => trunc(c as bigint, s as string)),
  );
  table.set(
    'substr',
    fn(['int', 'int', 'string'], ([a, b, s]) => substr(a as bigint, b as bigint, s as string)),
  );
  table.set(
    'splitList',
    s2((sep, s) => splitGo(s, sep)),
  );
  table.set(
    'split',
    s2((sep, s) => fromEntriesOwn(splitGo(s, sep).map((p, i) => [`_${i}`, p] as const)) as GoMap),
  );
  table.set(
    'join',
    fn(['string', 'any'], ([sep, v]) => strslice(v as GoValue).join(sep as string)),
  );
  table.set(
    'toString',
    fn(['any'], ([v]) => strval(v as GoValue)),
  );
  table.set(
    'toStrings',
    fn(['any'], ([v]) => strslice(v as GoValue)),
  );
}

/** Byte-oriented slicing helpers use UTF-16 indices; identical for ASCII, which is what names use. */
function trunc(c: bigint, s: string): string {
  const n = Number(c);
  if (n < 0 && s.length + n > 0) return s.slice(s.length + n);
  if (n >= 0 && s.length > n) return s.slice(0, n);
  return s;
}

function substr(start: bigint, end: bigint, s: string): string {
  const a = Number(start);
  const b = Number(end);
  if (a < 0) return s.slice(0, Math.max(0, b));
  if (b < 0 || b > s.length) return s.slice(a);
  if (a > b) throw new GoError(`slice bounds out of range [${a}:${b}]`);
  return s.slice(a, b);
}

function trimChars(s: string, cut: string): string {
  const set = new Set([...cut]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a]!)) a++;
  while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

function replaceAll(s: string, old: string, nw: string): string {
  if (old === '') {
    // Go strings.Replace with an empty old inserts at every rune boundary
    const runes = [...s];
    return nw + runes.map((r) => r + nw).join('');
  }
  return s.split(old).join(nw);
}

function splitGo(s: string, sep: string): string[] {
  if (sep === '') return [...s];
  return s.split(sep);
}

function indent(n: bigint, s: string): string {
  const count = Number(n);
  if (count > 10_000) throw new GoError('indent too large');
  const pad = ' '.repeat(Math.max(0, count));
  return pad + s.split('\n').join('\n' + pad);
}
