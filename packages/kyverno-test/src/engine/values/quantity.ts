/**
 * Kubernetes `resource.Quantity` (core's parseKubernetesQuantity) as an exact BigInt rational for
 * comparison, plus the canonical formatting used by Kyverno's arithmetic functions.
 */
import { parseKubernetesQuantity, type QuantityFormat, quantityToRational } from '@neuroscale/core';

export type { QuantityFormat };

export interface Quantity {
  /** value = num / den, den > 0 */
  num: bigint;
  den: bigint;
  format: QuantityFormat;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x || 1n;
}

export function makeRational(num: bigint, den: bigint, format: QuantityFormat): Quantity {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return { num: num / g, den: den / g, format };
}

/** Bounds on hostile input: a policy or resource quantity is short, its exponent small. */
const PARSE_OPTIONS = { maxLength: 128, maxExponent: 1000 } as const;

export function parseQuantity(input: string): Quantity | undefined {
  const q = parseKubernetesQuantity(input, PARSE_OPTIONS);
  if (!q.ok) return undefined;
  const { num, den } = quantityToRational(q);
  return makeRational(num, den, q.format);
}

export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function quantityToNumber(q: Quantity): number {
  return Number(q.num) / Number(q.den);
}

export function addQuantities(a: Quantity, b: Quantity, sign: 1n | -1n = 1n): Quantity {
  return makeRational(a.num * b.den + sign * b.num * a.den, a.den * b.den, a.format);
}

/** Canonical Quantity string (k8s `Quantity.String()`; values are rounded up to nano precision). */
export function formatQuantity(q: Quantity): string {
  let { num, den } = q;
  // k8s keeps at most nano precision (rounds up)
  const scaled = num * 1_000_000_000n;
  let nanos = scaled / den;
  if (nanos * den !== scaled && scaled > 0n) nanos += 1n;
  num = nanos;
  den = 1_000_000_000n;
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const sgn = neg ? '-' : '';
  if (abs === 0n) return '0';
  if (q.format === 'BinarySI' && abs % den === 0n) {
    const whole = abs / den;
    const units: Array<[string, bigint]> = [
      ['Ei', 2n ** 60n],
      ['Pi', 2n ** 50n],
      ['Ti', 2n ** 40n],
      ['Gi', 2n ** 30n],
      ['Mi', 2n ** 20n],
      ['Ki', 2n ** 10n],
    ];
    for (const [suffix, size] of units) if (whole % size === 0n) return `${sgn}${whole / size}${suffix}`;
    return `${sgn}${whole}`;
  }
  // decimal: abs nanos → choose the largest exponent (multiple of 3) keeping an integer mantissa
  const decimal: Array<[string, number]> = [
    ['E', 27],
    ['P', 24],
    ['T', 21],
    ['G', 18],
    ['M', 15],
    ['k', 12],
    ['', 9],
    ['m', 6],
    ['u', 3],
    ['n', 0],
  ];
  for (const [suffix, e] of decimal) {
    const p = pow10(e);
    if (abs % p === 0n) {
      const mant = abs / p;
      if (q.format === 'DecimalExponent') {
        const exp = e - 9;
        return exp === 0 ? `${sgn}${mant}` : `${sgn}${mant}e${exp}`;
      }
      return `${sgn}${mant}${suffix}`;
    }
  }
  return `${sgn}${abs}n`;
}
