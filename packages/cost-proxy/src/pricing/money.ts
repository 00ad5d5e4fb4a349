/** Exact money: bigint micro-dollars (10^-6 USD), exact decimal prices, no floating point. */

export const MICROS_PER_UNIT = 1_000_000n;

export interface Rational {
  num: bigint;
  den: bigint;
}

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** `0.031611` → 31611/1000000. Accepts numbers (YAML decodes `0.95` as one) through their shortest text. */
export function parseDecimal(input: unknown): Rational | undefined {
  const text = typeof input === 'number' && Number.isFinite(input) ? String(input) : input;
  if (typeof text !== 'string' || text.length > 40) return undefined;
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const num = BigInt((m[2] ?? '0') + frac) * (m[1] === '-' ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}

/** Round num/den to the nearest integer, halves away from zero. */
export function roundDiv(num: bigint, den: bigint): bigint {
  if (den < 0n) return roundDiv(-num, -den);
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (abs * 2n + den) / (den * 2n);
  return neg ? -q : q;
}

/** `17307023n` → `"17.307023"` (always six decimals, so it parses back exactly). */
export function formatMicros(micros: bigint): string {
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  const whole = abs / MICROS_PER_UNIT;
  const frac = (abs % MICROS_PER_UNIT).toString().padStart(6, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

const MICROS_CACHE = new Map<string, bigint>();

/** Exact micro-dollars of a money string (memoised: snapshots repeat the same amounts). */
export function parseMicros(text: string): bigint {
  const hit = MICROS_CACHE.get(text);
  if (hit !== undefined) return hit;
  const r = parseDecimal(text);
  if (!r) throw new Error(`not a money amount: ${text}`);
  const v = roundDiv(r.num * MICROS_PER_UNIT, r.den);
  if (MICROS_CACHE.size >= 50_000) MICROS_CACHE.clear();
  MICROS_CACHE.set(text, v);
  return v;
}

/** Display form rounded to cents with thousands separators: `$1,234.57`, `-$0.40`; `signed` adds `+`. */
export function formatUsd(micros: bigint, options: { signed?: boolean } = {}): string {
  const cents = roundDiv(micros, 10_000n);
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (abs % 100n).toString().padStart(2, '0');
  const sign = neg ? '-' : options.signed && abs > 0n ? '+' : '';
  return `${sign}$${whole}.${frac}`;
}
