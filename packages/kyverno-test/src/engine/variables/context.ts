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
    return new JsonContext({ ...this.root, [name]: value });
  }

  /** Sets several top-level entries at once (one copy of the root), returning a new context. */
  withAll(entries: Record<string, unknown>): JsonContext {
    const root: Record<string, unknown> = { ...this.root };
    for (const k of Object.keys(entries)) setOwn(root, k, entries[k]);
    return new JsonContext(root);
  }

  /** Like `with` but merges maps (context entries loaded over values-file data). */
  withMerged(name: string, value: unknown): JsonContext {
    const prev = this.root[name];
    return new JsonContext({
      ...this.root,
      [name]: Object.hasOwn(this.root, name) ? mergeValue(prev, value) : value,
    });
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
