/**
 * text/template's predefined functions (`text/template/funcs.go`), except `and`/`or` (lazy,
 * handled by the executor) and `call`/`js`/`template` helpers that ApplicationSets do not use.
 */
import { type FunctionTable, fn } from './functions-types.js';
import { byteLength, cmp, GoError, type GoValue, goTypeName, isMap, isTrue, sprint } from './go-values.js';
import { sprintf } from './printf.js';

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: GoValue): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  if (v === undefined || v === null) return 'invalid';
  return 'other';
}

function eq(a: GoValue, bs: GoValue[]): boolean {
  const ka = basicKind(a);
  for (const b of bs) {
    const kb = basicKind(b);
    if (ka === 'other' || kb === 'other') {
      // maps and slices are not comparable
      throw new GoError(
        `non-comparable type ${formatArg(ka === 'other' ? a : b)}: ${goTypeName(ka === 'other' ? a : b)}`,
      );
    }
    if (ka === 'invalid' || kb === 'invalid') {
      // Go 1.18+: comparing against nil is allowed for nil-able values
      if (ka === kb) return true;
      continue;
    }
    if (ka !== kb) throw new GoError('incompatible types for comparison');
    if (a === b) return true;
  }
  return false;
}

function formatArg(v: GoValue): string {
  return typeof v === 'string' ? v : sprint([v]);
}

function lt(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (
    ka === 'bool' ||
    ka === 'invalid' ||
    ka === 'other' ||
    kb === 'bool' ||
    kb === 'invalid' ||
    kb === 'other'
  )
    throw new GoError('invalid type for comparison');
  if (ka !== kb) throw new GoError('incompatible types for comparison');
  if (ka === 'string') return cmp(a as string, b as string) < 0;
  return (a as number) < (b as number);
}

function index(item: GoValue, keys: GoValue[]): GoValue {
  let cur = item;
  for (const k of keys) {
    if (cur === undefined || cur === null) throw new GoError('index of untyped nil');
    if (Array.isArray(cur) || typeof cur === 'string') {
      if (typeof k !== 'bigint') throw new GoError(`cannot index slice/array with type ${goTypeName(k)}`);
      const len = typeof cur === 'string' ? Buffer.from(cur, 'utf8').length : cur.length;
      if (k < 0n || k >= BigInt(len)) throw new GoError(`index out of range: ${k}`);
      cur = typeof cur === 'string' ? BigInt(Buffer.from(cur, 'utf8')[Number(k)]!) : cur[Number(k)];
    } else if (isMap(cur)) {
      if (typeof k !== 'string') throw new GoError(`value has type ${goTypeName(k)}; should be string`);
      cur = Object.hasOwn(cur, k) ? cur[k] : null;
    } else {
      throw new GoError(`can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

function slice(item: GoValue, idx: GoValue[]): GoValue {
  if (idx.length > 3) throw new GoError(`too many slice indexes: ${idx.length}`);
  const nums = idx.map((i) => {
    if (typeof i !== 'bigint') throw new GoError(`cannot index slice/array with type ${goTypeName(i)}`);
    return Number(i);
  });
  if (typeof item === 'string') {
    if (nums.length === 3) throw new GoError('cannot 3-index slice a string');
    const bytes = Buffer.from(item, 'utf8');
    const lo = nums[0] ?? 0;
    const hi = nums[1] ?? bytes.length;
    if (lo < 0 || hi > bytes.length || lo > hi) throw new GoError(`index out of range: ${lo}:${hi}`);
    return bytes.subarray(lo, hi).toString('utf8');
  }
  if (Array.isArray(item)) {
    const lo = nums[0] ?? 0;
    const hi = nums[1] ?? item.length;
    if (lo < 0 || hi > item.length || lo > hi) throw new GoError(`index out of range: ${lo}:${hi}`);
    return item.slice(lo, hi);
  }
  throw new GoError(`can't slice item of type ${goTypeName(item)}`);
}

// long: a registration table, one `table.set` per text/template builtin
export function builtinFunctions(table: FunctionTable): void {
  table.set(
    'not',
    fn(['any'], ([a]) => !isTrue(a as GoValue)),
  );
  table.set(
    'eq',
    fn(['any'], ([a, ...bs]) => eq(a as GoValue, bs), 'any'),
  );
  table.set(
    'ne',
    fn(['any', 'any'], ([a, b]) => !eq(a as GoValue, [b as GoValue])),
  );
  table.set(
    'lt',
    fn(['any', 'any'], ([a, b]) => lt(a as GoValue, b as GoValue)),
  );
  table.set(
    'le',
    fn(['any', 'any'], ([a, b]) => lt(a as GoValue, b as GoValue) || eq(a as GoValue, [b as GoValue])),
  );
  table.set(
    'gt',
    fn(['any', 'any'], ([a, b]) => !lt(a as GoValue, b as GoValue) && !eq(a as GoValue, [b as GoValue])),
  );
  table.set(
    'ge',
    fn(['any', 'any'], ([a, b]) => !lt(a as GoValue, b as GoValue)),
  );
  table.set(
    'len',
    fn(['any'], ([a]) => {
      if (typeof a === 'string') return BigInt(byteLength(a));
      if (Array.isArray(a)) return BigInt(a.length);
      if (isMap(a)) return BigInt(Object.keys(a).length);
      throw new GoError(`len of type ${goTypeName(a as GoValue)}`);
    }),
  );
  table.set(
    'index',
    fn(['any'], ([item, ...keys]) => index(item as GoValue, keys), 'any'),
  );
  table.set(
    'slice',
    fn(['any'], ([item, ...idx]) => slice(item as GoValue, idx), 'any'),
  );
  table.set(
    'print',
    fn([], (args) => sprint(args), 'any'),
  );
  table.set(
    'println',
    fn([], (args) => args.map((a) => formatArg(a)).join(' ') + '\n', 'any'),
  );
  table.set(
    'printf',
    fn(['string'], ([f, ...args]) => sprintf(f as string, args), 'any'),
  );
  table.set(
    'html',
    fn(
      [],
      (args) =>
        sprint(args).replace(/[<>&'"\0]/g, (c) =>
          c === '<'
            ? '&lt;'
            : c === '>'
              ? '&gt;'
              : c === '&'
                ? '&amp;'
                : c === "'"
                  ? '&#39;'
                  : c === '"'
                    ? '&#34;'
                    : '\uFFFD',
        ),
      'any',
    ),
  );
  table.set(
    'urlquery',
    fn(
      [],
      (args) =>
        encodeURIComponent(sprint(args))
          .replace(/%20/g, '+')
          .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
      'any',
    ),
  );
}
