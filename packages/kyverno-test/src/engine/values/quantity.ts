/**
 * Kubernetes `resource.Quantity` parsing and exact comparison (BigInt rationals), plus the
 * canonical formatting used by Kyverno's arithmetic functions.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = num / den, den > 0 */
  num: bigint;
  den: bigint;
  format: QuantityFormat;
}

const DECIMAL_SUFFIX: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

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

export function parseQuantity(input: string): Quantity | undefined {
  if (typeof input !== 'string' || input.length === 0 || input.length > 128) return undefined;
  const m = QUANTITY_RE.exec(input);
  if (!m) return undefined;
  const [, sign = '', intPart = '', fracPart = '', suffix = ''] = m;
  if (intPart === '' && fracPart === '') return undefined;
  let num = BigInt((intPart || '0') + fracPart);
  let den = pow10(fracPart.length);
  if (sign === '-') num = -num;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY_SUFFIX) {
    num *= 2n ** BigInt(BINARY_SUFFIX[suffix] as number);
    format = 'BinarySI';
  } else if (suffix in DECIMAL_SUFFIX) {
    const e = DECIMAL_SUFFIX[suffix] as number;
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
  } else {
    const e = Number(suffix.slice(1));
    if (!Number.isFinite(e) || Math.abs(e) > 1000) return undefined;
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
    format = 'DecimalExponent';
  }
  return makeRational(num, den, format);
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
