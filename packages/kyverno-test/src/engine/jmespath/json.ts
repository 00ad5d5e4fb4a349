/** JSON helpers shared by the engine. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function strictDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
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

export function deepClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  return structuredClone(v);
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
  if (isObject(v) && v.constructor === Object) return 'object';
  if (isObject(v)) return 'expref';
  return 'null';
}
