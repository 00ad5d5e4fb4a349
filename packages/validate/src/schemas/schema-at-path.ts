/**
 * The schema node that governs a place in an object (for messages: which fields are allowed there,
 * what type is expected). Follows properties / items / additionalProperties and `$ref`s into the
 * shared definitions; junctors (allOf…) are searched for `properties` too.
 */
import { isPlainRecord as isObj, parsePointer } from '@neuroscale/core';

type Schema = Record<string, unknown>;
export type RefResolver = (ref: string) => Schema | undefined;

function deref(s: unknown, resolve: RefResolver, depth = 0): Schema | undefined {
  if (!isObj(s)) return undefined;
  if (typeof s.$ref === 'string' && depth < 20) return deref(resolve(s.$ref), resolve, depth + 1);
  return s;
}

export function schemaAtPointer(root: Schema, pointer: string, resolve: RefResolver): Schema | undefined {
  let cur = deref(root, resolve);
  for (const seg of parsePointer(pointer)) {
    if (!cur) return undefined;
    cur = deref(child(cur, seg, resolve), resolve);
  }
  return cur;
}

function child(s: Schema, seg: string, resolve: RefResolver): unknown {
  if (isObj(s.properties) && seg in s.properties) return s.properties[seg];
  if (s.items !== undefined && /^\d+$/.test(seg)) return s.items;
  if (isObj(s.additionalProperties)) return s.additionalProperties;
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[key];
    if (!Array.isArray(list)) continue;
    for (const branch of list) {
      const b = deref(branch, resolve);
      if (b) {
        const c = child(b, seg, resolve);
        if (c !== undefined) return c;
      }
    }
  }
  return undefined;
}

/** Names of the fields a schema node declares (own and in junctor branches). */
export function declaredFields(s: Schema | undefined, resolve: RefResolver): string[] {
  if (!s) return [];
  const out = new Set<string>();
  const visit = (n: Schema | undefined, depth: number) => {
    if (!n || depth > 10) return;
    if (isObj(n.properties)) for (const k of Object.keys(n.properties)) out.add(k);
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const list = n[key];
      if (Array.isArray(list)) for (const b of list) visit(deref(b, resolve), depth + 1);
    }
  };
  visit(deref(s, resolve), 0);
  return [...out].sort();
}
