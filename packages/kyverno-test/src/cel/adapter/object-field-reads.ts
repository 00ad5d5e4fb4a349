/**
 * Which top-level fields of the resource (`object`, `oldObject`) an expression can read, found on its
 * parse tree before any patch or check: a field selection `object.f` / `object.?f` (also inside
 * `has(...)`) reads `f`; any other use of `object` or `oldObject` (passed whole to a function, compared,
 * iterated, shadowed by a comprehension variable) and any use of `request` (whose `object` and
 * `oldObject` are the same values) reads everything. Callers convert only the fields read into CEL values
 * (evaluate-validating-policy.ts): a field no expression can reach is never converted.
 */

/** The fields read, or 'all'. */
export type ObjectFieldReads = ReadonlySet<string> | 'all';

interface ParseNode {
  op: string;
  args: unknown;
}

const OBJECT_ROOTS = new Set(['object', 'oldObject']);

function isNode(v: unknown): v is ParseNode {
  return typeof v === 'object' && v !== null && typeof (v as { op?: unknown }).op === 'string';
}

function isRootId(v: unknown): boolean {
  return isNode(v) && v.op === 'id' && typeof v.args === 'string' && OBJECT_ROOTS.has(v.args);
}

/** The top-level fields of `object`/`oldObject` the parse tree `root` reads. */
export function objectFieldReads(root: unknown): ObjectFieldReads {
  const fields = new Set<string>();
  // an explicit stack (no recursion): a deeply nested expression must not overflow the JS stack
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const e of v) stack.push(e);
      continue;
    }
    if (!isNode(v)) continue;
    if (v.op === 'value') continue; // a literal's value, never a variable
    if (v.op === 'id') {
      if (v.args === 'request' || isRootId(v)) return 'all';
      continue;
    }
    if ((v.op === '.' || v.op === '.?') && Array.isArray(v.args) && isRootId(v.args[0])) {
      if (typeof v.args[1] !== 'string') return 'all';
      fields.add(v.args[1]);
      continue;
    }
    if (Array.isArray(v.args) || isNode(v.args)) stack.push(v.args);
  }
  return fields;
}

/** The union of two reads. */
export function unionFieldReads(a: ObjectFieldReads, b: ObjectFieldReads): ObjectFieldReads {
  if (a === 'all' || b === 'all') return 'all';
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return new Set([...a, ...b]);
}
