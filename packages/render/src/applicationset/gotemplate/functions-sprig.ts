/**
 * The sprig v3 functions ApplicationSets use (`Masterminds/sprig/v3` GenericFuncMap, which Argo CD
 * registers minus env/expandenv/getHostByName). Signatures follow sprig's Go types so argument
 * type errors match text/template's. Known sprig functions that are not implemented (or are
 * non-deterministic: now, date, rand*, uuidv4) parse but fail at execution with a clear message.
 */
import { createHash } from 'node:crypto';
import { cloneData, fromEntriesOwn, setOwn } from '@neuroscale/core';
import { type FunctionTable, fn } from './functions-types.js';
import {
  compileGoRegexp,
  goRegexpFind,
  goRegexpFindAll,
  goRegexpMatch,
  goRegexpReplaceAll,
  goRegexpSplit,
  noteRegexProblem,
} from './go-regexp.js';
import {
  cmp,
  formatV,
  fromJsonData,
  GoError,
  type GoMap,
  type GoValue,
  goJson,
  goQuote,
  goTypeName,
  isMap,
} from './go-values.js';

/** sprig `strval`. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  return formatV(v);
}

const asInt64 = (n: bigint) => BigInt.asIntN(64, n);

/** spf13/cast ToInt64 as used by sprig math (invalid input → 0). */
export function toInt64(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? asInt64(BigInt(Math.trunc(v))) : 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    const s = v.replace(/\.0*$/, '');
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
    if (!m) return 0n;
    const body = m[2]!;
    let n: bigint;
    if (/^0[xXbBoO]/.test(body)) n = BigInt(body.toLowerCase());
    else if (body.length > 1 && body.startsWith('0')) n = BigInt('0o' + body.slice(1));
    else n = BigInt(body);
    n = m[1] === '-' ? -n : n;
    return n > 9223372036854775807n || n < -9223372036854775808n ? 0n : n;
  }
  return 0n;
}

function toFloat64(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const f = Number(v.replace(/_/g, ''));
    return v.trim() !== '' && !Number.isNaN(f) && /^[+-]?(\d|\.\d|inf|Inf|NaN)/.test(v) ? f : 0;
  }
  return 0;
}

/** sprig `empty`. */
export function empty(v: GoValue): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'bigint') return v === 0n;
  if (Array.isArray(v)) return v.length === 0;
  return Object.keys(v).length === 0;
}

/** sprig `strslice`. */
function strslice(v: GoValue): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

function asList(v: GoValue, fnName: string): GoValue[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  throw new GoError(`Cannot find ${fnName} on type ${goTypeName(v)}`);
}

function deepEqual(a: GoValue, b: GoValue): boolean {
  return goJson(a) === goJson(b) && goTypeName(a) === goTypeName(b);
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

/**
 * sprig `merge`/`mergeOverwrite` (dario.cat/mergo with WithOverride for the latter), in place on `dst` as
 * sprig does. Keys are Go map keys: a `__proto__` key is read as an own key (never Object.prototype, which
 * an in-place merge would otherwise pollute) and written as an own data property.
 */
function mergeMaps(dst: GoMap, src: GoMap, overwrite: boolean): GoMap {
  for (const [k, v] of Object.entries(src)) {
    const has = Object.hasOwn(dst, k);
    const d = has ? dst[k] : undefined;
    if (isMap(d) && isMap(v)) mergeMaps(d, v, overwrite);
    else if (!has || overwrite || empty(d)) setOwn(dst, k, v);
  }
  return dst;
}

/** sprig `deepCopy` (mitchellh/copystructure): maps and lists copied, keys as own data properties. */
function deepCopy(v: GoValue): GoValue {
  return cloneData(v);
}

const UNSUPPORTED = [
  // non-deterministic: an offline render must give the same bytes every time
  'now',
  'date',
  'dateInZone',
  'date_in_zone',
  'dateModify',
  'date_modify',
  'mustDateModify',
  'ago',
  'duration',
  'durationRound',
  'htmlDate',
  'htmlDateInZone',
  'unixEpoch',
  'toDate',
  'mustToDate',
  'randAlphaNum',
  'randAlpha',
  'randAscii',
  'randNumeric',
  'randBytes',
  'randInt',
  'uuidv4',
  'genPrivateKey',
  'genCA',
  'genCAWithKey',
  'genSelfSignedCert',
  'genSelfSignedCertWithKey',
  'genSignedCert',
  'genSignedCertWithKey',
  'derivePassword',
  'encryptAES',
  'decryptAES',
  'bcrypt',
  'htpasswd',
  // deterministic but not implemented here
  'semver',
  'semverCompare',
  'kebabcase',
  'snakecase',
  'camelcase',
  'swapcase',
  'shuffle',
  'wrap',
  'wrapWith',
  'abbrev',
  'abbrevboth',
  'initials',
  'plural',
  'adler32sum',
  'urlParse',
  'urlJoin',
  'osBase',
  'osDir',
  'osExt',
  'osClean',
  'osIsAbs',
  'typeOf',
  'kindOf',
  'typeIs',
  'typeIsLike',
  'kindIs',
  'deepEqual',
  'addf',
  'add1f',
  'subf',
  'mulf',
  'divf',
  'maxf',
  'minf',
  'floor',
  'ceil',
  'round',
  'seq',
  'untilStep',
  'dig',
  'pluck',
  'chunk',
  'b32enc',
  'b32dec',
  'getHostByName',
  'env',
  'expandenv',
  'base',
  'dir',
  'ext',
  'clean',
  'isAbs',
  'toDecimal',
  'biggest',
];

export function sprigFunctions(table: FunctionTable): void {
  const s1 = (f: (s: string) => GoValue) => fn(['string'], ([s]) => f(s as string));
  const s2 = (f: (a: string, b: string) => GoValue) =>
    fn(['string', 'string'], ([a, b]) => f(a as string, b as string));

  for (const name of UNSUPPORTED) {
    table.set(
      name,
      fn(
        [],
        () => {
          throw new GoError(
            `sprig function "${name}" is not supported by the offline renderer (non-deterministic or not implemented)`,
          );
        },
        'any',
      ),
    );
  }

  // defaults and flow
  table.set(
    'default',
    fn(
      ['any'],
      ([d, ...given]) => (given.length === 0 || empty(given[0] as GoValue) ? d : given[0]) as GoValue,
      'any',
    ),
  );
  table.set(
    'empty',
    fn(['any'], ([v]) => empty(v as GoValue)),
  );
  table.set(
    'coalesce',
    fn([], (args) => args.find((a) => !empty(a)) ?? null, 'any'),
  );
  table.set(
    'ternary',
    fn(['any', 'any', 'bool'], ([vt, vf, c]) => (c ? vt : vf) as GoValue),
  );
  table.set(
    'fail',
    fn(['string'], ([m]) => {
      throw new GoError(m as string);
    }),
  );

  // strings
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

  // conversions and math
  table.set(
    'atoi',
    s1((s) => (/^[+-]?\d+$/.test(s) ? asInt64(BigInt(s)) : 0n)),
  );
  table.set(
    'int',
    fn(['any'], ([v]) => toInt64(v as GoValue)),
  );
  table.set(
    'int64',
    fn(['any'], ([v]) => toInt64(v as GoValue)),
  );
  table.set(
    'float64',
    fn(['any'], ([v]) => toFloat64(v as GoValue)),
  );
  table.set(
    'add',
    fn([], (args) => asInt64(args.reduce<bigint>((s, a) => s + toInt64(a), 0n)), 'any'),
  );
  table.set(
    'add1',
    fn(['any'], ([a]) => asInt64(toInt64(a as GoValue) + 1n)),
  );
  table.set(
    'sub',
    fn(['any', 'any'], ([a, b]) => asInt64(toInt64(a as GoValue) - toInt64(b as GoValue))),
  );
  table.set(
    'mul',
    fn(
      ['any'],
      ([a, ...r]) => asInt64(r.reduce<bigint>((s, x) => s * toInt64(x), toInt64(a as GoValue))),
      'any',
    ),
  );
  table.set(
    'div',
    fn(['any', 'any'], ([a, b]) => {
      const d = toInt64(b as GoValue);
      if (d === 0n) throw new GoError('runtime error: integer divide by zero');
      return asInt64(toInt64(a as GoValue) / d);
    }),
  );
  table.set(
    'mod',
    fn(['any', 'any'], ([a, b]) => {
      const d = toInt64(b as GoValue);
      if (d === 0n) throw new GoError('runtime error: integer divide by zero');
      return toInt64(a as GoValue) % d;
    }),
  );
  table.set(
    'max',
    fn(
      ['any'],
      ([a, ...r]) => r.reduce<bigint>((m, x) => (toInt64(x) > m ? toInt64(x) : m), toInt64(a as GoValue)),
      'any',
    ),
  );
  table.set(
    'min',
    fn(
      ['any'],
      ([a, ...r]) => r.reduce<bigint>((m, x) => (toInt64(x) < m ? toInt64(x) : m), toInt64(a as GoValue)),
      'any',
    ),
  );
  table.set(
    'until',
    fn(['int'], ([n]) => {
      const c = Number(n);
      if (c > 100_000) throw new GoError('until: count too large');
      return Array.from({ length: Math.max(0, c) }, (_, i) => BigInt(i));
    }),
  );

  // lists
  table.set(
    'list',
    fn([], (args) => [...args], 'any'),
  );
  table.set(
    'tuple',
    fn([], (args) => [...args], 'any'),
  );
  table.set(
    'sortAlpha',
    fn(['any'], ([l]) => strslice(l as GoValue).sort(cmp)),
  );
  table.set(
    'first',
    fn(['any'], ([l]) => asList(l as GoValue, 'first')[0] ?? null),
  );
  table.set(
    'last',
    fn(['any'], ([l]) => {
      const a = asList(l as GoValue, 'last');
      return a[a.length - 1] ?? null;
    }),
  );
  table.set(
    'rest',
    fn(['any'], ([l]) => asList(l as GoValue, 'rest').slice(1)),
  );
  table.set(
    'initial',
    fn(['any'], ([l]) => asList(l as GoValue, 'initial').slice(0, -1)),
  );
  table.set(
    'append',
    fn(['any', 'any'], ([l, v]) => [...asList(l as GoValue, 'append'), v as GoValue]),
  );
  table.set(
    'prepend',
    fn(['any', 'any'], ([l, v]) => [v as GoValue, ...asList(l as GoValue, 'prepend')]),
  );
  table.set(
    'concat',
    fn([], (ls) => ls.flatMap((l) => asList(l, 'concat')), 'any'),
  );
  table.set(
    'reverse',
    fn(['any'], ([l]) => [...asList(l as GoValue, 'reverse')].reverse()),
  );
  table.set(
    'compact',
    fn(['any'], ([l]) => asList(l as GoValue, 'compact').filter((x) => !empty(x))),
  );
  table.set(
    'uniq',
    fn(['any'], ([l]) => {
      const out: GoValue[] = [];
      for (const x of asList(l as GoValue, 'uniq')) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      return out;
    }),
  );
  table.set(
    'has',
    fn(['any', 'any'], ([needle, hay]) =>
      asList(hay as GoValue, 'has').some((x) => deepEqual(x, needle as GoValue)),
    ),
  );
  table.set(
    'without',
    fn(
      ['any'],
      ([l, ...omit]) => asList(l as GoValue, 'without').filter((x) => !omit.some((o) => deepEqual(o, x))),
      'any',
    ),
  );

  // dicts
  table.set(
    'dict',
    fn(
      [],
      (args) => {
        const d: GoMap = {};
        for (let i = 0; i < args.length; i += 2)
          setOwn(d, strval(args[i]), i + 1 < args.length ? (args[i + 1] as GoValue) : '');
        return d;
      },
      'any',
    ),
  );
  table.set(
    'get',
    fn(['map', 'string'], ([d, k]) =>
      Object.hasOwn(d as GoMap, k as string) ? (d as GoMap)[k as string]! : '',
    ),
  );
  table.set(
    'set',
    fn(['map', 'string', 'any'], ([d, k, v]) => {
      setOwn(d as GoMap, k as string, v as GoValue);
      return d as GoMap;
    }),
  );
  table.set(
    'unset',
    fn(['map', 'string'], ([d, k]) => {
      // delete of an absent own key is a no-op (even for `__proto__`): it never reaches the prototype
      if (Object.hasOwn(d as GoMap, k as string)) delete (d as GoMap)[k as string];
      return d as GoMap;
    }),
  );
  table.set(
    'hasKey',
    fn(['map', 'string'], ([d, k]) => Object.hasOwn(d as GoMap, k as string)),
  );
  // sprig returns Go map order (random); sorted here so output is deterministic
  table.set(
    'keys',
    fn([], (ds) => ds.flatMap((d) => Object.keys(isMap(d) ? d : {})).sort(cmp), 'map'),
  );
  table.set(
    'values',
    fn(['map'], ([d]) =>
      Object.keys(d as GoMap)
        .sort(cmp)
        .map((k) => (d as GoMap)[k]!),
    ),
  );
  table.set(
    'pick',
    fn(
      ['map'],
      ([d, ...ks]) =>
        fromEntriesOwn(
          ks
            .map(strval)
            .filter((k) => Object.hasOwn(d as GoMap, k))
            .map((k) => [k, (d as GoMap)[k]!] as const),
        ) as GoMap,
      'string',
    ),
  );
  table.set(
    'omit',
    fn(
      ['map'],
      ([d, ...ks]) => fromEntriesOwn(Object.entries(d as GoMap).filter(([k]) => !ks.includes(k))) as GoMap,
      'string',
    ),
  );
  table.set(
    'merge',
    fn(
      ['map'],
      ([dst, ...srcs]) => srcs.reduce<GoMap>((acc, s) => mergeMaps(acc, s as GoMap, false), dst as GoMap),
      'map',
    ),
  );
  table.set(
    'mergeOverwrite',
    fn(
      ['map'],
      ([dst, ...srcs]) => srcs.reduce<GoMap>((acc, s) => mergeMaps(acc, s as GoMap, true), dst as GoMap),
      'map',
    ),
  );

  // encoding
  table.set(
    'b64enc',
    s1((s) => Buffer.from(s, 'utf8').toString('base64')),
  );
  table.set(
    'b64dec',
    s1((s) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0)
        return `illegal base64 data at input byte ${firstBadBase64(s)}`;
      return Buffer.from(s, 'base64').toString('utf8');
    }),
  );
  table.set(
    'sha256sum',
    s1((s) => createHash('sha256').update(s, 'utf8').digest('hex')),
  );
  table.set(
    'sha1sum',
    s1((s) => createHash('sha1').update(s, 'utf8').digest('hex')),
  );
  table.set(
    'toJson',
    fn(['any'], ([v]) => goJson(v as GoValue)),
  );
  table.set(
    'toPrettyJson',
    fn(['any'], ([v]) => goJson(v as GoValue, { indent: '  ' })),
  );
  table.set(
    'toRawJson',
    fn(['any'], ([v]) => goJson(v as GoValue, { escapeHtml: false })),
  );
  table.set(
    'fromJson',
    s1((s) => {
      try {
        return fromJsonData(JSON.parse(s));
      } catch {
        return null;
      }
    }),
  );

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
  table.set(
    'deepCopy',
    fn(['any'], ([v]) => deepCopy(v as GoValue)),
  );
  table.set(
    'mustDeepCopy',
    fn(['any'], ([v]) => deepCopy(v as GoValue)),
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

function firstBadBase64(s: string): number {
  for (let i = 0; i < s.length; i++) if (!/[A-Za-z0-9+/=]/.test(s[i]!)) return i;
  return Math.max(0, s.length - (s.length % 4));
}
