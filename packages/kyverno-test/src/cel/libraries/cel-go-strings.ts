/** cel-go ext.Strings (latest version) — the functions the base library lacks, plus the global `matches`. */
import { type CelLibrary, chargeSize, re2Matches } from '../adapter/index.js';
import { fail, toInt } from './errors.js';
import { formatString } from './string-format.js';

const chars = (s: string) => Array.from(s);

export const celGoStrings: CelLibrary = {
  name: 'cel-go strings',
  install(b) {
    b.fn('matches(string, string): bool', (s: string, p: string) => re2Matches(s, p));
    b.fn('string.charAt(int): string', (s: string, i: bigint) => {
      const cs = chars(s);
      const n = toInt(i);
      if (n < 0 || n > cs.length) fail(`index out of range: ${n}`);
      return cs[n] ?? '';
    });
    b.fn('string.replace(string, string): string', (s: string, a: string, r: string) => replace(s, a, r, -1));
    b.fn('string.replace(string, string, int): string', (s: string, a: string, r: string, n: bigint) =>
      replace(s, a, r, toInt(n)),
    );
    b.fn('string.reverse(): string', (s: string) => chars(s).reverse().join(''));
    b.fn('string.format(list<dyn>): string', (s: string, args: unknown[]) => formatString(s, args));
    b.namespace('strings', 'StringsNamespace');
    b.fn('StringsNamespace.quote(string): string', (_: unknown, s: string) => quote(s));
  },
};

function replace(s: string, from: string, to: string, n: number): string {
  if (n === 0) return s;
  // one call can multiply the size (`s.replace('', t)` inserts t at every rune): charge first
  if (to.length > from.length) {
    let count = from === '' ? chars(s).length + 1 : 0;
    if (from !== '') for (let i = s.indexOf(from); i >= 0; i = s.indexOf(from, i + from.length)) count++;
    if (n >= 0 && n < count) count = n;
    chargeSize(s.length + count * (to.length - from.length));
  }
  if (from === '') {
    const cs = chars(s);
    let out = '';
    let count = 0;
    for (let i = 0; i <= cs.length; i++) {
      if (n < 0 || count < n) {
        out += to;
        count++;
      }
      if (i < cs.length) out += cs[i];
    }
    return out;
  }
  let out = '';
  let rest = s;
  let count = 0;
  while (n < 0 || count < n) {
    const i = rest.indexOf(from);
    if (i < 0) break;
    out += rest.slice(0, i) + to;
    rest = rest.slice(i + from.length);
    count++;
  }
  return out + rest;
}

function quote(s: string): string {
  let out = '"';
  for (const c of s) {
    switch (c) {
      case '\u0007':
        out += '\\a';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\v':
        out += '\\v';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      default:
        out += c;
    }
  }
  return `${out}"`;
}
