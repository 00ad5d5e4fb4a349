/**
 * Resource quantities the API server stores identically (`1000m` and `1`, `1Gi` and `1024Mi`) are no change:
 * the live object holds the canonical form, so Argo CD would not sync a rewrite of the same amount. Where both
 * sides hold equal amounts under `resources.requests|limits`, `resources.claims`-free quantity maps and
 * `spec.hard`, the head keeps the base's spelling. Quantities are Kubernetes semantics and parse in core.
 */
import { isPlainRecord, parseKubernetesQuantity, quantityToRational } from '@neuroscale/core';

const QUANTITY_MAPS = new Set(['requests', 'limits', 'hard', 'capacity', 'overhead']);
const MAX_QUANTITY_LENGTH = 64;

function sameAmount(a: unknown, b: unknown): boolean {
  const opts = { numbers: 'decimal-text' as const, maxLength: MAX_QUANTITY_LENGTH, maxExponent: 64 };
  const x = parseKubernetesQuantity(a, opts);
  const y = parseKubernetesQuantity(b, opts);
  if (!x.ok || !y.ok) return false;
  const p = quantityToRational(x);
  const q = quantityToRational(y);
  return p.num * q.den === q.num * p.den;
}

/** Walks both objects along the same paths; `depth` caps the walk on hostile nesting. */
export function equalizeQuantities(base: unknown, head: unknown, parentKey = '', depth = 0): void {
  if (depth > 64) return;
  if (Array.isArray(base) && Array.isArray(head)) {
    const n = Math.min(base.length, head.length);
    for (let i = 0; i < n; i++) equalizeQuantities(base[i], head[i], '', depth + 1);
    return;
  }
  if (!isPlainRecord(base) || !isPlainRecord(head)) return;
  for (const [key, h] of Object.entries(head)) {
    if (!Object.hasOwn(base, key)) continue;
    const b = base[key];
    if (QUANTITY_MAPS.has(parentKey) && b !== h && (typeof h === 'string' || typeof h === 'number')) {
      if (sameAmount(b, h)) head[key] = b;
    } else equalizeQuantities(b, h, key, depth + 1);
  }
}
