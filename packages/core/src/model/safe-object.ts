/**
 * Own-key object helpers for data that came from an untrusted tree.
 *
 * js-yaml, the `yaml` package and JSON.parse all turn a `__proto__:` key into an own data property, which is
 * harmless until something copies it with `target[key] = value` (that calls the `__proto__` setter and
 * re-parents the target) or reads `target[key]` on a target without that own key (that returns
 * `Object.prototype`, and a recursive merge into it pollutes every object in the process). Go maps have no
 * such keys: `__proto__`, `constructor` and `prototype` are ordinary strings there, so Argo CD, Helm and
 * kustomize keep them as data. These helpers do the same: every read is an own-key read, every write
 * defines an own data property, never an assignment that could reach a setter or fail on a frozen prototype.
 */

export type Dict = Record<string, unknown>;

/** True for a plain JSON-like object (not null, not an array). */
export function isPlainRecord(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Keys whose plain assignment is not a plain data write on an ordinary object: `__proto__` (a setter) and
 * every other name inherited from Object.prototype (`constructor`, `toString`…), whose assignment throws
 * when Object.prototype is frozen (the "override mistake").
 */
function needsDefine(key: string): boolean {
  return key in Object.prototype;
}

/** `obj[key] = value` as an own, enumerable data property whatever the key. */
export function setOwn<T extends object>(obj: T, key: string, value: unknown): T {
  if (needsDefine(key)) {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else (obj as Dict)[key] = value;
  return obj;
}

/** `obj[key]` only when the key is the object's own; inherited names (`constructor`, `__proto__`) are absent. */
export function getOwn(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Dict)[key] : undefined;
}

/** Shallow copy that keeps every own key (including `__proto__`) as data. */
export function copyOwn<T extends object>(obj: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(obj)) setOwn(out, k, v);
  return out;
}

/** Object.fromEntries with own-data semantics for every key. */
export function fromEntriesOwn(entries: Iterable<readonly [string, unknown]>): Dict {
  const out: Dict = {};
  for (const [k, v] of entries) setOwn(out, k, v);
  return out;
}

/** Deep copy of JSON-like data (objects, arrays, primitives); keys are copied as own data properties. */
export function cloneData<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => cloneData(x)) as T;
  if (isPlainRecord(v)) {
    const out: Dict = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, cloneData(x));
    return out as T;
  }
  return v;
}
