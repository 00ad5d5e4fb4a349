import { JmesPathError } from '../jmespath/ast.js';
import { isObject, setOwn } from '../jmespath/json.js';
import { type Budget, searchJmesPath } from '../jmespath/search.js';

/** Splits a values-file key on `.` like Go's CSV reader (`"a.b".c` keeps `a.b` as one segment). */
export function splitDottedKey(key: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < key.length; i++) {
    const c = key[i] as string;
    if (fieldStart && c === '"') {
      quoted = true;
      fieldStart = false;
      continue;
    }
    fieldStart = false;
    if (quoted) {
      if (c === '"' && key[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
      continue;
    }
    if (c === '.') {
      out.push(cur);
      cur = '';
      fieldStart = true;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** mergeMaps: maps merge recursively (copy-on-write), everything else overwrites. */
export function mergeValue(base: unknown, value: unknown): unknown {
  if (!isObject(base) || !isObject(value)) return value;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(value))
    setOwn(out, k, Object.hasOwn(out, k) ? mergeValue(out[k], v) : v);
  return out;
}

function nest(segments: string[], value: unknown): unknown {
  let v = value;
  for (let i = segments.length - 1; i >= 0; i--) v = { [segments[i] as string]: v };
  return v;
}

/** Turns the `images` accessor of `obj` into a data property holding `value`. */
function materialize(obj: object, value: unknown): void {
  Object.defineProperty(obj, 'images', { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Set while thunkOf reads a root's `images`: a lazy accessor then hands over the function computing it
 * instead of computing it. (No side table of pending roots: a WeakMap entry per root and per copy — every
 * foreach element copies the root — cost more than the copy itself and kept the garbage collector busy
 * with ephemerons.)
 */
let probing = false;
let probed: (() => unknown) | undefined;

/** The function computing a root's `images` while it is still lazy, else undefined. */
function thunkOf(root: Record<string, unknown>): (() => unknown) | undefined {
  probing = true;
  probed = undefined;
  try {
    void root.images;
  } finally {
    probing = false;
  }
  const thunk = probed;
  probed = undefined;
  return thunk;
}

/**
 * The root of a request's context, `{request, images}`, with `images` computed by `images()` on first
 * read (then a plain data property). An object literal, not defineProperty: it is built once per resource
 * and once per copy (foreach elements copy it).
 * Copies made by JsonContext keep `images` lazy; any other read (spread, Object.entries) computes it.
 */
export function requestRoot(request: unknown, images: () => unknown): Record<string, unknown> {
  return {
    request,
    get images(): unknown {
      if (probing) {
        probed = images;
        return undefined;
      }
      const value = images();
      materialize(this, value);
      return value;
    },
    set images(value: unknown) {
      materialize(this, value);
    },
  };
}

/** A shallow copy of a context root that leaves an `images` entry not yet computed (requestRoot) lazy. */
function copyRoot(root: Record<string, unknown>): Record<string, unknown> {
  const thunk = thunkOf(root);
  if (thunk === undefined) return { ...root };
  const keys = Object.keys(root);
  if (keys[0] === 'request' && keys[1] === 'images') {
    // the usual root (requestRoot's two entries first, then variables): a literal copy, same key order
    const out = requestRoot(root.request, thunk);
    for (let i = 2; i < keys.length; i++) setOwn(out, keys[i] as string, root[keys[i] as string]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === 'images')
      Object.defineProperty(out, k, Object.getOwnPropertyDescriptor(root, k) as PropertyDescriptor);
    else setOwn(out, k, root[k]);
  }
  return out;
}

/**
 * The JSON context variables are resolved against. Immutable-ish: `with()` returns a new context
 * sharing unchanged subtrees, so per-rule/per-element additions never leak between rules.
 */
export class JsonContext {
  constructor(readonly root: Record<string, unknown>) {}

  /** Adds a dotted-key variable (deep merge), returning a new context. */
  withVariable(key: string, value: unknown): JsonContext {
    return new JsonContext(
      mergeValue(this.root, nest(splitDottedKey(key), value)) as Record<string, unknown>,
    );
  }

  /** Sets a top-level entry (replacing it), returning a new context. */
  with(name: string, value: unknown): JsonContext {
    const root = copyRoot(this.root);
    setOwn(root, name, value); // a lazy entry's setter turns it into a data property
    return new JsonContext(root);
  }

  /** Sets several top-level entries at once (one copy of the root), returning a new context. */
  withAll(entries: Record<string, unknown>): JsonContext {
    const root = copyRoot(this.root);
    for (const k of Object.keys(entries)) setOwn(root, k, entries[k]);
    return new JsonContext(root);
  }

  /** Like `with` but merges maps (context entries loaded over values-file data). */
  withMerged(name: string, value: unknown): JsonContext {
    const prev = this.root[name];
    const root = copyRoot(this.root);
    setOwn(root, name, Object.hasOwn(this.root, name) ? mergeValue(prev, value) : value);
    return new JsonContext(root);
  }

  has(name: string): boolean {
    return Object.hasOwn(this.root, name);
  }

  /** Kyverno `Context.Query`: JMESPath with the fork's missing-key errors. */
  query(expression: string, budget: Budget): unknown {
    const q = expression.trim();
    if (q === '') throw new JmesPathError('invalid query (nil)', 'syntax');
    try {
      return searchJmesPath(q, this.root, budget);
    } catch (e) {
      if (e instanceof JmesPathError) {
        if (e.kind === 'budget') throw e;
        throw new JmesPathError(`JMESPath query failed: ${e.message}`, e.kind);
      }
      throw e;
    }
  }
}
