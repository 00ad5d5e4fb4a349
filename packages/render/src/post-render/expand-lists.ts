/**
 * List expansion (repository.go GenerateManifests): any object whose `items` is an array is replaced by its
 * items (unstructured.IsList, so any kind); `items: null` with no spec/status is dropped (isNullList).
 */
import type { Manifest } from '@neuroscale/core';
import { isRecord } from '../render-context.js';

export function expandLists(manifests: Manifest[]): Manifest[] {
  const out: Manifest[] = [];
  for (const m of manifests) {
    const o = m.object as Record<string, unknown>;
    if (Array.isArray(o.items)) {
      o.items.forEach((item, i) => {
        if (!isRecord(item)) return;
        const child: Manifest = { object: item, source: { ...m.source } };
        if (m.locate) {
          const parent = m.locate;
          child.locate = (p: string) => parent(`/items/${i}${p}`);
          const pos = parent(`/items/${i}`);
          if (pos) child.source = { ...child.source, line: pos.line, column: pos.column };
        }
        out.push(child);
      });
      continue;
    }
    if ('items' in o && o.items === null && !('spec' in o) && !('status' in o)) continue;
    out.push(m);
  }
  return out;
}
