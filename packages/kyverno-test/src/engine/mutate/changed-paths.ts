/**
 * Where a mutation changed an object: JSON pointers of the fields added, removed or replaced. Maps are
 * compared key by key; lists element by element when their lengths agree, else as a whole (a merged
 * container list is reported as the list). Sorted, at most `limit` pointers.
 */
import { isDeepStrictEqual } from 'node:util';
import { compareStrings, escapePointerSegment } from '@neuroscale/core';
import { isObject } from '../jmespath/json.js';

export function changedPaths(before: unknown, after: unknown, limit = 20): string[] {
  const out: string[] = [];
  walk(before, after, '', out, limit);
  return out.sort(compareStrings).slice(0, limit);
}

function walk(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit || isDeepStrictEqual(a, b)) return;
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const pa = Object.hasOwn(a, k) ? a[k] : undefined;
      const pb = Object.hasOwn(b, k) ? b[k] : undefined;
      walk(pa, pb, `${path}/${escapePointerSegment(k)}`, out, limit);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (const [i, x] of a.entries()) walk(x, b[i], `${path}/${i}`, out, limit);
    return;
  }
  out.push(path);
}
