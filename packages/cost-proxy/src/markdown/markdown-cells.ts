/** Small formatting helpers for the cost comment's table cells. */
import { formatUsd, parseMicros } from '../pricing/money.js';
import { parseQuantity } from '../quantity/parse-quantity.js';
import type { MoneyJson, RangeJson, ResourcesJson } from '../snapshot/snapshot-types.js';

/** Escape text for a Markdown table cell (no HTML, no pipes, no line breaks). */
export function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const micros = (m: MoneyJson): bigint => parseMicros(m.total);

export const moneyMicros = micros;

export function usd(m: MoneyJson, signed = false): string {
  return formatUsd(micros(m), { signed });
}

export function usdRange(r: RangeJson<MoneyJson>, signed = false): string {
  const a = usd(r.min, signed);
  const b = usd(r.max, signed);
  return a === b ? a : `${a} – ${b}`;
}

const isZero = (q: string): boolean => q === '0';

export function signedQuantity(q: string): string {
  if (isZero(q) || q.startsWith('-')) return q;
  return `+${q}`;
}

export function quantityRange(min: string, max: string, signed = false): string {
  const f = signed ? signedQuantity : (s: string) => s;
  return min === max ? f(min) : `${f(min)} – ${f(max)}`;
}

export function resourceRange(
  r: RangeJson<ResourcesJson>,
  field: 'cpu' | 'memory' | 'gpu',
  signed = false,
): string {
  return quantityRange(r.min[field], r.max[field], signed);
}

export function replicaText(r: RangeJson<number> | null | undefined): string {
  if (!r) return '–';
  return r.min === r.max ? String(r.min) : `${r.min}–${r.max}`;
}

/** Absolute value in nanos of a canonical quantity (for ordering rows). */
export function quantityMagnitude(q: string): bigint {
  const p = parseQuantity(q);
  if (!p.ok) return 0n;
  return p.nanos < 0n ? -p.nanos : p.nanos;
}
