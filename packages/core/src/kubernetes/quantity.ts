/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource/quantity.go), parsed exactly.
 *
 * Grammar (quantity.go):
 *   <quantity> ::= <signedNumber><suffix>
 *   <suffix>   ::= <binarySI> | <decimalExponent> | <decimalSI>
 *   <binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei
 *   <decimalSI> ::= n | u | m | "" | k | M | G | T | P | E
 *   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 *   <number> ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 *
 * The parse is lossless: value = mantissa × 10^exp10 × 2^exp2. How a consumer turns that into a number is
 * its own explicit choice: cost arithmetic rounds to whole nano-units (`quantityToNanos`), Kyverno's
 * comparisons keep an exact rational (`quantityToRational`), CEL's `Quantity` keeps a decimal scale.
 */

/** quantity.go `Format`: the suffix family the text was written in (kept when re-printing). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface KubernetesQuantity {
  /** Signed integer digits of the number, with the fraction's digits appended. */
  mantissa: bigint;
  /** Power of ten: minus the fraction length, plus the decimal suffix or exponent. */
  exp10: number;
  /** Power of two: 10 × the binary suffix step (Ki = 10 … Ei = 60), 0 otherwise. */
  exp2: number;
  format: QuantityFormat;
}

export type ParsedKubernetesQuantity = ({ ok: true } & KubernetesQuantity) | { ok: false; reason: string };

export interface ParseQuantityOptions {
  /**
   * What a JSON/YAML number (`cpu: 0.5` decodes to a number) means. `reject` (default): only strings are
   * quantities, as in Kubernetes' own JSON decoding of a `resource.Quantity` string field. `decimal-text`:
   * the number's shortest decimal text (`String(n)`), which is what the author wrote.
   */
  numbers?: 'reject' | 'decimal-text';
  /** Longest accepted text; longer input is refused before any arithmetic. Default: no limit. */
  maxLength?: number;
  /** Largest accepted |exponent| of the `e`/`E` form (`1e40`). Default: no limit beyond a safe integer. */
  maxExponent?: number;
}

const NUMBER_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/;
const EXPONENT_RE = /^[eE]([+-]?\d+)$/;

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
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
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** Parse a quantity; never throws, whatever the input. */
export function parseKubernetesQuantity(
  input: unknown,
  options: ParseQuantityOptions = {},
): ParsedKubernetesQuantity {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (typeof input === 'number' && options.numbers === 'decimal-text') {
    if (!Number.isFinite(input)) return { ok: false, reason: `${input} is not a finite number` };
    text = String(input);
  } else {
    return { ok: false, reason: `expected a quantity string, got ${input === null ? 'null' : typeof input}` };
  }
  if (text.length === 0) return { ok: false, reason: 'empty quantity' };
  if (options.maxLength !== undefined && text.length > options.maxLength)
    return { ok: false, reason: `quantity is longer than ${options.maxLength} characters` };
  const m = NUMBER_RE.exec(text);
  if (!m) return { ok: false, reason: `"${text}" does not match the quantity grammar` };
  const num = m[2] ?? '';
  const suffix = m[3] ?? '';
  const dot = num.indexOf('.');
  const intPart = dot < 0 ? num : num.slice(0, dot);
  const fracPart = dot < 0 ? '' : num.slice(dot + 1);
  const digits = BigInt((intPart || '0') + fracPart);
  const mantissa = m[1] === '-' ? -digits : digits;
  let exp10 = 0 - fracPart.length; // not `-length`: -0 would leak into the result
  let exp2 = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (Object.hasOwn(DECIMAL_SUFFIX, suffix)) exp10 += DECIMAL_SUFFIX[suffix] ?? 0;
  else if (Object.hasOwn(BINARY_SUFFIX, suffix)) {
    exp2 = BINARY_SUFFIX[suffix] ?? 0;
    format = 'BinarySI';
  } else {
    const e = EXPONENT_RE.exec(suffix);
    if (!e) return { ok: false, reason: `"${text}" has an unknown suffix "${suffix}"` };
    const exp = Number(e[1]);
    const limit = options.maxExponent ?? Number.MAX_SAFE_INTEGER;
    if (!(Math.abs(exp) <= limit)) return { ok: false, reason: `"${text}" has an exponent beyond ±${limit}` };
    exp10 += exp;
    format = 'DecimalExponent';
  }
  return { ok: true, mantissa, exp10, exp2, format };
}

const POW10: bigint[] = Array.from({ length: 100 }, (_, i) => 10n ** BigInt(i));
const pow10 = (n: number): bigint => POW10[n] ?? 10n ** BigInt(n);

/** 1 unit = 10^9 nano-units, the finest precision a Kubernetes quantity keeps. */
export const NANOS_PER_UNIT = 1_000_000_000n;

export interface QuantityToNanosOptions {
  /**
   * A value finer than one nano-unit: `away-from-zero` is what ParseQuantity does (quantity.go rounds with
   * inf.RoundUp, which rounds the magnitude up: -1.5n → -2n); `ceiling` rounds toward +∞ (-1.5n → -1n).
   */
  rounding: 'away-from-zero' | 'ceiling';
}

/** The quantity in whole nano-units, rounded as the caller asks. */
export function quantityToNanos(q: KubernetesQuantity, options: QuantityToNanosOptions): bigint {
  const negative = q.mantissa < 0n;
  let magnitude = (negative ? -q.mantissa : q.mantissa) << BigInt(q.exp2);
  const shift = q.exp10 + 9;
  if (shift >= 0) magnitude *= pow10(shift);
  else {
    const d = pow10(-shift);
    const inexact = magnitude % d !== 0n;
    magnitude /= d;
    const up = options.rounding === 'away-from-zero' || !negative;
    if (inexact && up) magnitude += 1n;
  }
  return negative ? -magnitude : magnitude;
}

/** The exact value as num / den with den > 0 (not reduced). */
export function quantityToRational(q: KubernetesQuantity): { num: bigint; den: bigint } {
  const num = q.mantissa * (1n << BigInt(q.exp2));
  return q.exp10 >= 0 ? { num: num * pow10(q.exp10), den: 1n } : { num, den: pow10(-q.exp10) };
}
