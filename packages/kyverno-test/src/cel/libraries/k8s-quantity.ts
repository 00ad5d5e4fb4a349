/** Kubernetes `quantity` library: resource.Quantity parsed exactly (value = numerator / 10^scale). */
import type { CelLibrary } from '../adapter/index.js';
import { fail } from './errors.js';

const BINARY: Record<string, bigint> = {
  Ki: 2n ** 10n,
  Mi: 2n ** 20n,
  Gi: 2n ** 30n,
  Ti: 2n ** 40n,
  Pi: 2n ** 50n,
  Ei: 2n ** 60n,
};
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

export class Quantity {
  /** value = num / 10^scale */
  constructor(
    readonly num: bigint,
    readonly scale: number,
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

export function parseQuantity(s: string): Quantity | undefined {
  const m = QUANTITY.exec(s.trim() === s ? s : '');
  if (!m || s === '') return undefined;
  const [, sign, int = '', frac = '', suffix, exp] = m;
  if (int === '' && frac === '') return undefined;
  let num = BigInt(`${int || '0'}${frac}`);
  let scale = frac.length;
  if (suffix && BINARY[suffix] !== undefined) num *= BINARY[suffix] as bigint;
  else if (suffix !== undefined) scale -= DECIMAL[suffix] as number;
  else if (exp !== undefined) scale -= Number(exp);
  if (sign === '-') num = -num;
  if (scale < 0) {
    num *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return new Quantity(num, scale, s);
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.num * 10n ** BigInt(scale - a.scale), b.num * 10n ** BigInt(scale - b.scale), scale];
}

function cmp(a: Quantity, b: Quantity): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function fromNum(num: bigint, scale: number): Quantity {
  let n = num;
  let s = scale;
  while (s > 0 && n % 10n === 0n) {
    n /= 10n;
    s--;
  }
  const abs = n < 0n ? -n : n;
  const digits = abs.toString().padStart(s + 1, '0');
  const text = s === 0 ? digits : `${digits.slice(0, -s)}.${digits.slice(-s)}`;
  return new Quantity(n, s, `${n < 0n ? '-' : ''}${text}`);
}

function must(s: string): Quantity {
  const q = parseQuantity(s);
  if (!q)
    fail(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got ${JSON.stringify(s)})`,
    );
  return q;
}

const asInt = (q: Quantity): bigint | undefined =>
  q.num % 10n ** BigInt(q.scale) === 0n ? q.num / 10n ** BigInt(q.scale) : undefined;

export const k8sQuantity: CelLibrary = {
  name: 'kubernetes quantity',
  install(b) {
    b.type('Quantity', Quantity);
    b.fn('quantity(string): Quantity', must);
    b.fn('isQuantity(string): bool', (s: string) => parseQuantity(s) !== undefined);
    b.fn('Quantity.sign(): int', (q: Quantity) => BigInt(q.num > 0n ? 1 : q.num < 0n ? -1 : 0));
    b.fn('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, c: Quantity) => cmp(a, c) > 0);
    b.fn('Quantity.isLessThan(Quantity): bool', (a: Quantity, c: Quantity) => cmp(a, c) < 0);
    b.fn('Quantity.compareTo(Quantity): int', (a: Quantity, c: Quantity) => BigInt(cmp(a, c)));
    b.fn('Quantity.asApproximateFloat(): double', (q: Quantity) => Number(q.num) / 10 ** q.scale);
    b.fn('Quantity.isInteger(): bool', (q: Quantity) => {
      const i = asInt(q);
      return i !== undefined && i <= 2n ** 63n - 1n && i >= -(2n ** 63n);
    });
    b.fn('Quantity.asInteger(): int', (q: Quantity) => {
      const i = asInt(q);
      if (i === undefined || i > 2n ** 63n - 1n || i < -(2n ** 63n)) fail('cannot convert value to integer');
      return i;
    });
    b.fn('Quantity.add(Quantity): Quantity', (a: Quantity, c: Quantity) => {
      const [x, y, s] = align(a, c);
      return fromNum(x + y, s);
    });
    b.fn('Quantity.add(int): Quantity', (a: Quantity, n: bigint) =>
      fromNum(a.num + n * 10n ** BigInt(a.scale), a.scale),
    );
    b.fn('Quantity.sub(Quantity): Quantity', (a: Quantity, c: Quantity) => {
      const [x, y, s] = align(a, c);
      return fromNum(x - y, s);
    });
    b.fn('Quantity.sub(int): Quantity', (a: Quantity, n: bigint) =>
      fromNum(a.num - n * 10n ** BigInt(a.scale), a.scale),
    );
    b.fn('string(Quantity): string', (q: Quantity) => q.text);
  },
};
