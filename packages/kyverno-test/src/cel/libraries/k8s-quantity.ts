/** Kubernetes `quantity` library: resource.Quantity parsed exactly (value = numerator / 10^scale). */
import { parseKubernetesQuantity } from '@neuroscale/core';
import type { CelLibrary } from '../adapter/index.js';
import { fail } from './errors.js';

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

/**
 * CEL's quantity() reads the text as k8s.io/apiserver/pkg/cel/library/quantity.go does, through
 * resource.ParseQuantity with no further bounds: no length or exponent limit of its own.
 */
export function parseQuantity(s: string): Quantity | undefined {
  const q = parseKubernetesQuantity(s);
  if (!q.ok) return undefined;
  let num = q.mantissa << BigInt(q.exp2);
  let scale = 0 - q.exp10; // not `-exp10`: no -0 scale
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
