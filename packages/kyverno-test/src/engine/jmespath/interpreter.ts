import { Budget } from '../evaluation/budget.js';
import { JmesPathError, type Node, notFound } from './ast.js';
import { isObject, setOwn, strictDeepEqual } from './json.js';

/** An expression reference (`&expr`) passed to functions such as sort_by. */
export class ExpRef {
  constructor(
    readonly node: Node,
    readonly interp: Interpreter,
  ) {}
  call(value: unknown): unknown {
    return this.interp.soft(this.node, value);
  }
}

/** tryPath's "Unknown key" result (never escapes the interpreter). */
const MISSING: unique symbol = Symbol('missing');

export type JmesFunction = (args: unknown[], interp: Interpreter) => unknown;

export interface FunctionTable {
  get(name: string): JmesFunction | undefined;
}

export { Budget };

export function isFalse(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}

/**
 * Tree-walking evaluator reproducing Kyverno's go-jmespath fork: a missing map key raises
 * "Unknown key" which propagates through sub-expressions and is swallowed (null) by comparators,
 * function arguments, `||`/`&&`/`!`, pipes, projections, filters and multi-selects.
 */
export class Interpreter {
  constructor(
    readonly functions: FunctionTable,
    readonly budget: Budget,
  ) {}

  /** Key of the last MISSING result of tryPath. */
  private missingKey = '';

  soft(node: Node, value: unknown): unknown {
    try {
      const r = this.tryPath(node, value);
      return r === MISSING ? null : r;
    } catch (e) {
      if (e instanceof JmesPathError && e.kind === 'notFound') return null;
      throw e;
    }
  }

  /**
   * Field and sub-expression chains without exceptions: MISSING where eval would throw "Unknown
   * key" (the common case inside `||`, projections and multi-selects); other nodes go to eval.
   */
  private tryPath(node: Node, value: unknown): unknown {
    if (node.type === 'Field') {
      this.budget.tick();
      if (!isObject(value)) return null;
      if (!Object.hasOwn(value, node.name)) {
        this.missingKey = node.name;
        return MISSING;
      }
      const v = value[node.name];
      return v === undefined ? null : v;
    }
    if (node.type === 'Subexpression' || node.type === 'IndexExpression') {
      this.budget.tick();
      const left = this.tryPath(node.left, value);
      return left === MISSING ? MISSING : this.tryPath(node.right, left);
    }
    return this.eval(node, value);
  }

  // long: the interpreter's switch over JMESPath node types, one short case per node type
  eval(node: Node, value: unknown): unknown {
    switch (node.type) {
      case 'Field':
      case 'Subexpression':
      case 'IndexExpression': {
        const r = this.tryPath(node, value);
        if (r === MISSING) throw notFound(this.missingKey);
        return r;
      }
    }
    this.budget.tick();
    switch (node.type) {
      case 'Identity':
      case 'Current':
        return value;
      case 'Literal':
        return node.value;
      case 'Index': {
        if (!Array.isArray(value)) return null;
        const i = node.index < 0 ? value.length + node.index : node.index;
        const v = value[i];
        return v === undefined ? null : v;
      }
      case 'Slice': {
        if (!Array.isArray(value)) return null;
        return slice(value, node.start, node.stop, node.step);
      }
      case 'Projection': {
        const base = this.soft(node.left, value);
        if (!Array.isArray(base)) return null;
        const out: unknown[] = [];
        for (const el of base) {
          const r = this.soft(node.right, el);
          if (r !== null && r !== undefined) out.push(r);
        }
        return out;
      }
      case 'ValueProjection': {
        const base = this.soft(node.left, value);
        if (!isObject(base)) return null;
        const out: unknown[] = [];
        for (const el of Object.values(base)) {
          const r = this.soft(node.right, el);
          if (r !== null && r !== undefined) out.push(r);
        }
        return out;
      }
      case 'FilterProjection': {
        const base = this.soft(node.left, value);
        if (!Array.isArray(base)) return null;
        const out: unknown[] = [];
        for (const el of base) {
          if (isFalse(this.soft(node.condition, el))) continue;
          const r = this.soft(node.right, el);
          if (r !== null && r !== undefined) out.push(r);
        }
        return out;
      }
      case 'Flatten': {
        const base = this.soft(node.child, value);
        if (!Array.isArray(base)) return null;
        const out: unknown[] = [];
        for (const el of base) {
          if (Array.isArray(el)) {
            // element by element: `push(...el)` overflows the stack on a long list, and
            // `[@,@][]` chained doubles the list each time (charged before it is built)
            this.budget.grow(el.length);
            for (const x of el) out.push(x);
          } else out.push(el);
        }
        return out;
      }
      case 'Pipe': {
        const left = this.soft(node.left, value);
        return this.soft(node.right, left);
      }
      case 'Or': {
        // a missing key on either side of `||` is null, never "Unknown key": `{{ a || b }}` with both
        // missing resolves to null (kyverno test/cli/test/deny-modify-platform-label-2: a precondition
        // `{{ request.object.metadata.annotations."x" || "" }}` on a Role without annotations is a skip,
        // not an error; go-jmespath interpreter.go ASTOrExpression evaluates the right side the same way)
        const left = this.soft(node.left, value);
        return isFalse(left) ? this.soft(node.right, value) : left;
      }
      case 'And': {
        const left = this.soft(node.left, value);
        return isFalse(left) ? left : this.soft(node.right, value);
      }
      case 'Not':
        return isFalse(this.soft(node.child, value));
      case 'Comparator': {
        const l = this.soft(node.left, value);
        const r = this.soft(node.right, value);
        switch (node.op) {
          case 'eq':
            return strictDeepEqual(l, r);
          case 'ne':
            return !strictDeepEqual(l, r);
          default:
            if (typeof l !== 'number' || typeof r !== 'number') return null;
            if (node.op === 'lt') return l < r;
            if (node.op === 'lte') return l <= r;
            if (node.op === 'gt') return l > r;
            return l >= r;
        }
      }
      case 'MultiSelectList': {
        if (value === null || value === undefined) return null;
        return node.children.map((c) => this.soft(c, value));
      }
      case 'MultiSelectHash': {
        if (value === null || value === undefined) return null;
        const out: Record<string, unknown> = {};
        // `{__proto__: x}` is a key like any other (go-jmespath builds a Go map), never a prototype
        for (const p of node.pairs) setOwn(out, p.key, this.soft(p.value, value));
        return out;
      }
      case 'ExpressionReference':
        return new ExpRef(node.child, this);
      case 'Function': {
        const fn = this.functions.get(node.name);
        if (!fn) throw new JmesPathError(`Unknown function: ${node.name}()`, 'function');
        const args = node.args.map((a) =>
          a.type === 'ExpressionReference' ? new ExpRef(a.child, this) : this.soft(a, value),
        );
        const out = fn(args, this);
        // what a function built counts against the rule's size allowance (functions that can grow
        // a value beyond their arguments' size also check before building: join, replace, …)
        // (an argument handed back unchanged — to_array, not_null, lookup, to_string of a string —
        // was not built here and is not charged again)
        if (typeof out === 'string') {
          if (out.length > 64 && !args.includes(out)) this.budget.grow(out.length);
        } else if (Array.isArray(out) && !args.includes(out)) this.budget.grow(out.length);
        return out;
      }
    }
  }
}

function slice(arr: unknown[], start: number | null, stop: number | null, step: number | null): unknown[] {
  const len = arr.length;
  const st = step ?? 1;
  const cap = (v: number, dflt: number): number => {
    if (v < 0) {
      v += len;
      if (v < 0) v = st < 0 ? -1 : 0;
    } else if (v >= len) v = st < 0 ? len - 1 : len;
    return v ?? dflt;
  };
  const s = start === null ? (st < 0 ? len - 1 : 0) : cap(start, 0);
  const e = stop === null ? (st < 0 ? -1 : len) : cap(stop, len);
  const out: unknown[] = [];
  if (st > 0) for (let i = s; i < e; i += st) out.push(arr[i]);
  else for (let i = s; i > e; i += st) out.push(arr[i]);
  return out;
}
