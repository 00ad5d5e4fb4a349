/** cel-go ext.Lists, ext.Sets, ext.Encoders (base64) and ext.Math (latest versions). */
import { type CelLibrary, chargeBudget } from '../adapter/index.js';
import { celCompare, celEquals } from './compare.js';
import { fail, toInt } from './errors.js';

const LIST_RANGE_LIMIT = 1_000_000;

export const celGoLists: CelLibrary = {
  name: 'cel-go lists',
  install(b) {
    b.fn('list<A>.slice(int, int): list<A>', (l: unknown[], s: bigint, e: bigint) => {
      const start = toInt(s);
      const end = toInt(e);
      if (start < 0 || end < 0) fail(`cannot slice(${start}, ${end}), negative indexes not supported`);
      if (start > end)
        fail(`cannot slice(${start}, ${end}), start index must be less than or equal to end index`);
      if (end > l.length) fail(`cannot slice(${start}, ${end}), list is length ${l.length}`);
      return l.slice(start, end);
    });
    b.fn('list<dyn>.flatten(): list<dyn>', (l: unknown[]) => flatten(l, 1));
    b.fn('list<dyn>.flatten(int): list<dyn>', (l: unknown[], d: bigint) => {
      if (d < 0n) fail('level must be non-negative');
      return flatten(l, toInt(d));
    });
    b.fn('list<A>.distinct(): list<A>', (l: unknown[]) => {
      chargeBudget(l.length);
      const out: unknown[] = [];
      for (const x of l) if (!out.some((y) => celEquals(x, y))) out.push(x);
      return out;
    });
    b.fn('list<A>.reverse(): list<A>', (l: unknown[]) => [...l].reverse());
    b.fn('list<A>.sort(): list<A>', (l: unknown[]) => {
      chargeBudget(l.length);
      return [...l].sort(celCompare);
    });
    b.namespace('lists', 'ListsNamespace');
    b.fn('ListsNamespace.range(int): list<int>', (_: unknown, n: bigint) => {
      if (n > BigInt(LIST_RANGE_LIMIT))
        fail(`lists.range(${n}) exceeds the limit of ${LIST_RANGE_LIMIT} elements`);
      chargeBudget(Number(n));
      const out: bigint[] = [];
      for (let i = 0n; i < n; i++) out.push(i);
      return out;
    });
  },
};

function flatten(l: unknown[], depth: number): unknown[] {
  const out: unknown[] = [];
  for (const x of l) {
    if (Array.isArray(x) && depth > 0) out.push(...flatten(x, depth - 1));
    else out.push(x);
  }
  return out;
}

export const celGoSets: CelLibrary = {
  name: 'cel-go sets',
  install(b) {
    b.namespace('sets', 'SetsNamespace');
    const contains = (a: unknown[], c: unknown[]) => {
      chargeBudget(a.length * c.length);
      return c.every((x) => a.some((y) => celEquals(x, y)));
    };
    b.fn('SetsNamespace.contains(list<dyn>, list<dyn>): bool', (_: unknown, a: unknown[], c: unknown[]) =>
      contains(a, c),
    );
    b.fn(
      'SetsNamespace.equivalent(list<dyn>, list<dyn>): bool',
      (_: unknown, a: unknown[], c: unknown[]) => contains(a, c) && contains(c, a),
    );
    b.fn('SetsNamespace.intersects(list<dyn>, list<dyn>): bool', (_: unknown, a: unknown[], c: unknown[]) => {
      chargeBudget(a.length * c.length);
      return a.some((x) => c.some((y) => celEquals(x, y)));
    });
  },
};

export const celGoEncoders: CelLibrary = {
  name: 'cel-go base64',
  install(b) {
    b.namespace('base64', 'Base64Namespace');
    b.fn('Base64Namespace.encode(bytes): string', (_: unknown, v: Uint8Array) =>
      Buffer.from(v).toString('base64'),
    );
    b.fn('Base64Namespace.decode(string): bytes', (_: unknown, s: string) => {
      const clean = s.replace(/=+$/, '');
      if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1)
        fail(`illegal base64 data in ${JSON.stringify(s)}`);
      return new Uint8Array(Buffer.from(clean, 'base64'));
    });
  },
};

const isNum = (v: unknown) => typeof v === 'bigint' || typeof v === 'number';

function pick(values: unknown[], greatest: boolean): unknown {
  if (values.length === 0) fail(`math.${greatest ? 'greatest' : 'least'}() requires at least one argument`);
  let best = values[0];
  for (const v of values) {
    if (!isNum(v)) fail(`math.${greatest ? 'greatest' : 'least'}() got a non-numeric argument`);
    const c = celCompare(v, best);
    if (greatest ? c > 0 : c < 0) best = v;
  }
  return best;
}

export const celGoMath: CelLibrary = {
  name: 'cel-go math',
  install(b) {
    b.namespace('math', 'MathNamespace');
    b.fn('MathNamespace.greatest(list<dyn>): dyn', (_: unknown, l: unknown[]) => pick(l, true));
    b.fn('MathNamespace.least(list<dyn>): dyn', (_: unknown, l: unknown[]) => pick(l, false));
    for (let n = 1; n <= 6; n++) {
      const args = Array.from({ length: n }, () => 'dyn').join(', ');
      if (n === 1) {
        for (const t of ['int', 'uint', 'double']) {
          b.fn(`MathNamespace.greatest(${t}): ${t}`, (_: unknown, v: unknown) => v);
          b.fn(`MathNamespace.least(${t}): ${t}`, (_: unknown, v: unknown) => v);
        }
        continue;
      }
      b.fn(`MathNamespace.greatest(${args}): dyn`, (_: unknown, ...v: unknown[]) => pick(v, true));
      b.fn(`MathNamespace.least(${args}): dyn`, (_: unknown, ...v: unknown[]) => pick(v, false));
    }
    b.fn('MathNamespace.ceil(double): double', (_: unknown, x: number) => Math.ceil(x));
    b.fn('MathNamespace.floor(double): double', (_: unknown, x: number) => Math.floor(x));
    b.fn('MathNamespace.round(double): double', (_: unknown, x: number) =>
      x < 0 ? -Math.round(-x) : Math.round(x),
    );
    b.fn('MathNamespace.trunc(double): double', (_: unknown, x: number) => Math.trunc(x));
    b.fn('MathNamespace.sqrt(double): double', (_: unknown, x: number) => Math.sqrt(x));
    b.fn('MathNamespace.sqrt(int): double', (_: unknown, x: bigint) => Math.sqrt(Number(x)));
    b.fn(
      'MathNamespace.isInf(double): bool',
      (_: unknown, x: number) => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY,
    );
    b.fn('MathNamespace.isNaN(double): bool', (_: unknown, x: number) => Number.isNaN(x));
    b.fn('MathNamespace.isFinite(double): bool', (_: unknown, x: number) => Number.isFinite(x));
    b.fn('MathNamespace.abs(int): int', (_: unknown, x: bigint) => {
      if (x === -(2n ** 63n)) fail('integer overflow');
      return x < 0n ? -x : x;
    });
    b.fn('MathNamespace.abs(double): double', (_: unknown, x: number) => Math.abs(x));
    b.fn('MathNamespace.sign(int): int', (_: unknown, x: bigint) => (x > 0n ? 1n : x < 0n ? -1n : 0n));
    b.fn('MathNamespace.sign(double): double', (_: unknown, x: number) =>
      Number.isNaN(x) ? x : Math.sign(x),
    );
    const wrap = (v: bigint) => BigInt.asIntN(64, v);
    b.fn('MathNamespace.bitAnd(int, int): int', (_: unknown, a: bigint, c: bigint) => a & c);
    b.fn('MathNamespace.bitOr(int, int): int', (_: unknown, a: bigint, c: bigint) => a | c);
    b.fn('MathNamespace.bitXor(int, int): int', (_: unknown, a: bigint, c: bigint) => a ^ c);
    b.fn('MathNamespace.bitNot(int): int', (_: unknown, a: bigint) => ~a);
    b.fn('MathNamespace.bitShiftLeft(int, int): int', (_: unknown, a: bigint, n: bigint) => {
      if (n < 0n) fail(`math.bitShiftLeft() negative offset: ${n}`);
      return n > 63n ? 0n : wrap(a << n);
    });
    b.fn('MathNamespace.bitShiftRight(int, int): int', (_: unknown, a: bigint, n: bigint) => {
      if (n < 0n) fail(`math.bitShiftRight() negative offset: ${n}`);
      // cel-go shifts ints logically (as uint64)
      return n > 63n ? 0n : wrap(BigInt.asUintN(64, a) >> n);
    });
  },
};
