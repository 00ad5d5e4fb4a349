/**
 * Kubernetes resource quantities, parsed exactly into a bigint count of nano-units.
 *
 * Grammar (k8s.io/apimachinery/pkg/api/resource/quantity.go):
 *   <quantity> ::= <signedNumber><suffix>
 *   <suffix>   ::= <binarySI> | <decimalExponent> | <decimalSI>
 *   <binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei
 *   <decimalSI> ::= n | u | m | "" | k | M | G | T | P | E
 *   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 *   <number> ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 * Like Kubernetes, a value finer than one nano-unit is rounded up to the next nano-unit.
 */

/** 1 unit = 10^9 nano-units. */
export const NANO = 1_000_000_000n;

export type ParsedQuantity = { ok: true; nanos: bigint } | { ok: false; reason: string };

const NUMBER_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/;
const EXPONENT_RE = /^[eE]([+-]?\d+)$/;

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
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

/** Longest accepted input; Kubernetes quantities are short, a megabyte of digits is an attack. */
const MAX_LENGTH = 64;
/** Largest accepted decimal exponent magnitude (values beyond 10^40 units are nonsense for resources). */
const MAX_EXPONENT = 40;

const POW10: bigint[] = Array.from({ length: 100 }, (_, i) => 10n ** BigInt(i));
const pow10 = (n: number): bigint => POW10[n] ?? 10n ** BigInt(n);

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : a > 0n ? q + 1n : q;
}

/**
 * Parse a quantity. Numbers are accepted because YAML decodes `cpu: 0.5` as a number; they are
 * converted through their shortest decimal form, which is what the author wrote.
 */
export function parseQuantity(input: unknown): ParsedQuantity {
  if (typeof input === 'string') {
    const hit = CACHE.get(input);
    if (hit) return hit;
    const parsed = parseUncached(input);
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(input, parsed);
    return parsed;
  }
  return parseUncached(input);
}

/** Parsed strings repeat a lot (`100m`, `1Gi`, `0`); results are immutable, so they are memoised. */
const CACHE = new Map<string, ParsedQuantity>();
const CACHE_LIMIT = 50_000;

function parseUncached(input: unknown): ParsedQuantity {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: `${input} is not a finite number` };
    text = String(input);
  } else if (typeof input === 'string') {
    text = input;
  } else {
    return { ok: false, reason: `expected a quantity string, got ${input === null ? 'null' : typeof input}` };
  }
  if (text.length === 0) return { ok: false, reason: 'empty quantity' };
  if (text.length > MAX_LENGTH)
    return { ok: false, reason: `quantity is longer than ${MAX_LENGTH} characters` };
  const m = NUMBER_RE.exec(text);
  if (!m) return { ok: false, reason: `"${text}" does not match the quantity grammar` };
  const sign = m[1] === '-' ? -1n : 1n;
  const num = m[2] ?? '';
  const suffix = m[3] ?? '';
  const dot = num.indexOf('.');
  const intPart = dot < 0 ? num : num.slice(0, dot);
  const fracPart = dot < 0 ? '' : num.slice(dot + 1);
  const mantissa = BigInt((intPart || '0') + fracPart);
  // value = mantissa / 10^frac × multiplier; multiplier = 10^exp10 × 1024^exp1024
  let exp10 = -fracPart.length;
  let exp1024 = 0;
  if (suffix in DECIMAL_SUFFIX) exp10 += DECIMAL_SUFFIX[suffix] ?? 0;
  else if (suffix in BINARY_SUFFIX) exp1024 = BINARY_SUFFIX[suffix] ?? 0;
  else {
    const e = EXPONENT_RE.exec(suffix);
    if (!e) return { ok: false, reason: `"${text}" has an unknown suffix "${suffix}"` };
    const exp = Number(e[1]);
    if (Math.abs(exp) > MAX_EXPONENT)
      return { ok: false, reason: `"${text}" has an exponent beyond ±${MAX_EXPONENT}` };
    exp10 += exp;
  }
  // nanos = mantissa × 1024^exp1024 × 10^(exp10 + 9), rounded up (away from zero) below one nano
  let numerator = mantissa * 1024n ** BigInt(exp1024);
  const shift = exp10 + 9;
  if (shift >= 0) numerator *= pow10(shift);
  else numerator = ceilDiv(numerator, pow10(-shift));
  if (numerator > pow10(MAX_EXPONENT + 9)) return { ok: false, reason: `"${text}" is too large` };
  return { ok: true, nanos: sign * numerator };
}

export interface FormatQuantityOptions {
  /** Prefer binary suffixes (Ki, Mi, Gi…) when the value is a whole multiple of 1024 (memory-like resources). */
  binary?: boolean;
}

const DECIMAL_STEPS: [number, string][] = [
  [18, 'E'],
  [15, 'P'],
  [12, 'T'],
  [9, 'G'],
  [6, 'M'],
  [3, 'k'],
  [0, ''],
  [-3, 'm'],
  [-6, 'u'],
  [-9, 'n'],
];
const BINARY_STEPS: [bigint, string][] = [
  [1024n ** 6n, 'Ei'],
  [1024n ** 5n, 'Pi'],
  [1024n ** 4n, 'Ti'],
  [1024n ** 3n, 'Gi'],
  [1024n ** 2n, 'Mi'],
  [1024n, 'Ki'],
];

/**
 * Canonical text of a quantity: an integer mantissa with the largest suffix that keeps it whole
 * (`1500m`, `2`, `3Gi`, `1G`). `parseQuantity(formatQuantity(x)) === x` for every bigint x.
 */
export function formatQuantity(nanos: bigint, options: FormatQuantityOptions = {}): string {
  const cache = options.binary ? BINARY_TEXT : DECIMAL_TEXT;
  const hit = cache.get(nanos);
  if (hit !== undefined) return hit;
  const text = formatUncached(nanos, options);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(nanos, text);
  return text;
}

/** Formatted values repeat as much as parsed ones; memoised by value (Map compares bigints by value). */
const BINARY_TEXT = new Map<bigint, string>();
const DECIMAL_TEXT = new Map<bigint, string>();

function formatUncached(nanos: bigint, options: FormatQuantityOptions): string {
  if (nanos === 0n) return '0';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (options.binary && abs % NANO === 0n) {
    const units = abs / NANO;
    if ((units & 1023n) === 0n) {
      for (const [div, suffix] of BINARY_STEPS) {
        if (units % div === 0n) return `${sign}${units / div}${suffix}`;
      }
    }
  }
  // decimal: the number of trailing zeros of the nano count picks the largest whole suffix
  const digits = abs.toString();
  let zeros = 0;
  while (zeros < digits.length - 1 && digits.charCodeAt(digits.length - 1 - zeros) === 48) zeros++;
  for (const [exp, suffix] of DECIMAL_STEPS) {
    const cut = exp + 9;
    if (cut <= zeros) return `${sign}${digits.slice(0, digits.length - cut)}${suffix}`;
  }
  return `${sign}${digits}n`;
}

/** Approximate value in whole units, for numeric JSON helpers only (never for arithmetic). */
export function quantityToNumber(nanos: bigint): number {
  // exact integer → one correctly rounded division; beyond 2^53 split so whole units stay exact
  if (nanos <= MAX_SAFE && nanos >= -MAX_SAFE) return Number(nanos) / 1e9;
  return Number(nanos / NANO) + Number(nanos % NANO) / 1e9;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
