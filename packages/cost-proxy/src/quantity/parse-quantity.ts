/**
 * Kubernetes resource quantities as a bigint count of nano-units, for exact cost arithmetic. The grammar
 * is core's parseKubernetesQuantity (k8s.io/apimachinery/pkg/api/resource/quantity.go); this reading adds
 * the cost stage's choices: YAML numbers (`cpu: 0.5`) count as their decimal text, input is bounded, and
 * like ParseQuantity a value finer than one nano-unit is rounded away from zero (inf.RoundUp).
 */
import { parseKubernetesQuantity, quantityToNanos } from '@neuroscale/core';

/** 1 unit = 10^9 nano-units. */
export const NANO = 1_000_000_000n;

export type ParsedQuantity = { ok: true; nanos: bigint } | { ok: false; reason: string };

/** Longest accepted input; Kubernetes quantities are short, a megabyte of digits is an attack. */
const MAX_LENGTH = 64;
/** Largest accepted decimal exponent magnitude (values beyond 10^40 units are nonsense for resources). */
const MAX_EXPONENT = 40;
const MAX_NANOS = 10n ** BigInt(MAX_EXPONENT + 9);

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
  const q = parseKubernetesQuantity(input, {
    numbers: 'decimal-text',
    maxLength: MAX_LENGTH,
    maxExponent: MAX_EXPONENT,
  });
  if (!q.ok) return q;
  const nanos = quantityToNanos(q, { rounding: 'away-from-zero' });
  if (nanos > MAX_NANOS || nanos < -MAX_NANOS)
    return { ok: false, reason: `"${typeof input === 'string' ? input : String(input)}" is too large` };
  return { ok: true, nanos };
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
