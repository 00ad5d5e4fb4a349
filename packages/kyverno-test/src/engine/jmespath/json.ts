/** JSON helpers shared by the engine. */
import { isPlainRecord as isObject } from '@neuroscale/core';
import { activeBudget } from '../evaluation/budget.js';

/**
 * `obj[key] = value` for keys from untrusted input: a `__proto__` key becomes an own property (as
 * JSON.parse and js-yaml make it) instead of replacing the object's prototype; `constructor` and
 * `prototype` are plain own keys already. Go's maps have no such key, so this is what Kyverno sees.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `Object.assign(target, source)` over own keys, each written with setOwn. */
export function assignOwn(target: Record<string, unknown>, source: object): void {
  for (const k of Object.keys(source)) setOwn(target, k, (source as Record<string, unknown>)[k]);
}

export { isObject };

export function strictDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // values built by `[@,@]` chains share references: their walk can be exponential, so it is charged
  activeBudget()?.tick();
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!strictDeepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!Object.hasOwn(b, k) || !strictDeepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** JMESPath type name. */
export function jmesType(
  v: unknown,
): 'null' | 'number' | 'string' | 'boolean' | 'array' | 'object' | 'expref' {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  if (isObject(v)) {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return 'object';
  }
  if (isObject(v)) return 'expref';
  return 'null';
}

/**
 * A deep copy of a JSON value (plain objects, arrays, scalars), as a tree: what `structuredClone` gives for
 * such values, without its serialisation round trip. Mutate rules copy their patch for every resource, and
 * structuredClone was the largest self cost of admission. Own `__proto__` keys stay plain keys (setOwn);
 * anything else (Date, Map, class instances — never produced by the YAML loader) falls back to structuredClone.
 */
export function cloneJsonTree<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJsonTree) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) setOwn(out, k, cloneJsonTree((value as Record<string, unknown>)[k]));
  return out as T;
}
