/** JSON pointer → the field path people read: `spec.template.spec.containers[0].resources`. */
import { parsePointer } from '@neuroscale/core';

const PLAIN = /^[A-Za-z_$][\w$-]*$/;

export function fieldPath(pointer: string): string {
  let out = '';
  for (const seg of parsePointer(pointer)) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (PLAIN.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(root)';
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  const s = JSON.stringify(v);
  const shown = s.length > 40 ? `${s.slice(0, 37)}...` : s;
  return `${typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v} ${shown}`;
}

/** Closest names by edit distance (case-insensitive), for "did you mean" hints. */
export function closest(name: string, candidates: readonly string[], max = 2): string[] {
  const lower = name.toLowerCase();
  const scored: [number, string][] = [];
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    const limit = Math.min(max, Math.max(1, Math.floor(c.length / 3)));
    if (
      d <= limit ||
      (lower.length >= 4 && c.toLowerCase().startsWith(lower)) ||
      (c.length >= 4 && lower.startsWith(c.toLowerCase()))
    ) {
      scored.push([d, c]);
    }
  }
  scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return scored.slice(0, 3).map(([, c]) => c);
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] ?? 0;
      prev[j] = Math.min((prev[j] ?? 0) + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] ?? 99;
}
