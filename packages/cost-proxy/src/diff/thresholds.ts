/** Threshold strings (`2`, `4Gi`, `100`, `15%`) parsed exactly, and the comparison rule. */
import { MICROS_PER_UNIT, parseDecimal, type Rational } from '../pricing/money.js';
import { parseQuantity } from '../quantity/parse-quantity.js';
import type { CostMeasure } from './diff-types.js';

export type Threshold =
  | { type: 'absolute'; value: bigint; text: string }
  | { type: 'percent'; value: Rational; text: string };

export function parseThreshold(text: unknown, measure: CostMeasure): Threshold | { error: string } {
  const raw = typeof text === 'number' ? String(text) : text;
  if (typeof raw !== 'string' || raw.trim() === '') return { error: 'threshold must be a non-empty string' };
  const t = raw.trim();
  if (t.endsWith('%')) {
    const r = parseDecimal(t.slice(0, -1));
    if (!r || r.num < 0n) return { error: `"${t}" is not a percentage` };
    return { type: 'percent', value: r, text: t };
  }
  if (measure === 'monthly') {
    const r = parseDecimal(t.replace(/^\$/, ''));
    if (!r || r.num < 0n) return { error: `"${t}" is not an amount of USD` };
    return { type: 'absolute', value: (r.num * MICROS_PER_UNIT) / r.den, text: t };
  }
  const q = parseQuantity(t);
  if (!q.ok) return { error: `"${t}" is not a quantity: ${q.reason}` };
  if (q.nanos < 0n) return { error: `"${t}" is negative` };
  return { type: 'absolute', value: q.nanos, text: t };
}

/**
 * True when an increase crosses the threshold (strictly). Percent thresholds need a non-zero base:
 * an added workload has no percentage and is judged by absolute thresholds only.
 */
export function exceeds(threshold: Threshold, base: bigint, delta: bigint): boolean {
  if (delta <= 0n) return false;
  if (threshold.type === 'absolute') return delta > threshold.value;
  if (base <= 0n) return false;
  return delta * 100n * threshold.value.den > threshold.value.num * base;
}

/** delta / base × 100 rounded to 2 decimals, or null when base is zero. */
export function percentOf(base: bigint, delta: bigint): number | null {
  if (base === 0n) return null;
  const scaled = (delta * 1_000_000n) / base; // percent × 10^4
  return Math.round(Number(scaled) / 100) / 100;
}
