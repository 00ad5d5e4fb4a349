/**
 * The closures of the compiled CEL operators that carry logic of their own (see compile-closures.ts):
 * `&&` / `||`, comprehensions, and the fast paths of dyn field reads and dyn equality. Each mirrors a
 * function of @marcbachmann/cel-js 8.0.0 lib/operators.js (named in its comment), with the same
 * evaluation order, the same contexts and the same errors.
 */
import { EvaluationError } from '@marcbachmann/cel-js';
import { chargeBudget } from './budget.js';

/** Minimal view of the library's (unexported) AST node. */
export interface ClosureNode {
  op: string;
  args: unknown;
  meta: Record<string, unknown>;
  handle?: (...args: unknown[]) => unknown;
  maybeAsync?: boolean;
  checkedType?: unknown;
  evaluate(ev: unknown, node: ClosureNode, ctx: unknown): unknown;
}

export interface Ev {
  createError(code: string, message: string, node?: ClosureNode): Error;
  debugRuntimeType(value: unknown, checkedType?: unknown): unknown;
  debugType(value: unknown): unknown;
}

export interface Ctx {
  getCheckedValue(ev: Ev, node: ClosureNode): unknown;
  accuValue: unknown;
}

export interface IterCtx extends Ctx {
  reuse(parent: Ctx): IterCtx;
  setIterValue(value: unknown, ev: Ev): IterCtx;
  iterValue: unknown;
  iterType?: { kind?: string };
}

/**
 * OverlayContext.setIterValue: the element becomes the iteration variable when it matches the variable's
 * type. A dyn variable matches every primitive and every plain list or map (registry.js valueTypeMatchers
 * dyn), so those are set directly; anything else goes through setIterValue (its checks, its error).
 */
function setIter(ctx: IterCtx, dyn: boolean, item: unknown, ev: Ev): IterCtx {
  if (dyn) {
    switch (typeof item) {
      case 'string':
      case 'bigint':
      case 'number':
      case 'boolean':
        ctx.iterValue = item;
        return ctx;
      case 'object':
        if (item !== null) {
          const c = (item as object).constructor;
          if (c === Object || c === Array) {
            ctx.iterValue = item;
            return ctx;
          }
        }
    }
  }
  return ctx.setIterValue(item, ev);
}

export interface ComprehensionArgs {
  errorsAreFatal?: boolean;
  iterable: ClosureNode;
  init: ClosureNode;
  step: ClosureNode;
  condition?: (accu: unknown) => boolean;
  result: (accu: unknown) => unknown;
  iterCtx: IterCtx;
}

export type Compiled = (ev: Ev, ctx: Ctx) => unknown;

export type Handle = (...args: unknown[]) => unknown;

/**
 * `x.f` on a dyn operand (the library's fieldAccess): a plain object's own field whose value is a CEL
 * primitive or a plain list or map is returned directly — what fieldAccess returns after checking the
 * value's type, which cannot fail for those; everything else (a missing key, null, maps, lists, library
 * types, an unsupported value) goes to fieldAccess itself.
 */
export function compileDynField(left: Compiled, key: string, node: ClosureNode, handle: Handle): Compiled {
  return (ev, ctx) => {
    const obj = left(ev, ctx);
    if (
      obj !== null &&
      typeof obj === 'object' &&
      (obj as object).constructor === Object &&
      Object.hasOwn(obj, key)
    ) {
      const v = (obj as Record<string, unknown>)[key];
      switch (typeof v) {
        case 'string':
        case 'bigint':
        case 'boolean':
        case 'number':
          return v;
        case 'object':
          if (v !== null) {
            const c = (v as object).constructor;
            if (c === Object || c === Array) return v;
          }
      }
    }
    return handle(obj, key, node, ev);
  };
}

/**
 * `==` / `!=` with a dyn operand (the library's handleBinary, which looks the overload up by the runtime
 * types): two strings, ints, doubles or bools compare as the overload it finds for them does
 * (lib/overloads.js: `a === b`, and `!=` its negation); any other pair goes to handleBinary.
 */
export function compileDynEquality(
  left: Compiled,
  right: Compiled,
  node: ClosureNode,
  handle: Handle,
): Compiled {
  const negate = node.op === '!=';
  return (ev, ctx) => {
    const a = left(ev, ctx);
    const b = right(ev, ctx);
    const t = typeof a;
    if (t === typeof b && (t === 'string' || t === 'bigint' || t === 'boolean' || t === 'number'))
      return negate ? a !== b : a === b;
    return handle(a, b, node, ev);
  };
}

function logicalOperandError(ev: Ev, value: unknown, node: ClosureNode): Error {
  const type = ev.debugRuntimeType(value);
  return ev.createError(
    'invalid_logical_operand',
    `Logical operator requires bool operands, got '${type}'`,
    node,
  );
}

/** OPERATORS['&&'] / ['||'] with tryEval on the left and _logicalOp (exp: the short-circuit value). */
export function compileLogical(node: ClosureNode, exp: boolean, left: Compiled, right: Compiled): Compiled {
  const leftNode =
    (node as unknown as { left?: ClosureNode }).left ?? (node.args as [ClosureNode, ClosureNode])[0];
  return (ev, ctx) => {
    let lv: unknown;
    try {
      lv = left(ev, ctx);
    } catch (e) {
      lv = e;
    }
    if (lv === exp) return exp;
    const rv = right(ev, ctx);
    if (lv === !exp && typeof rv === 'boolean') return rv;
    // _logicalOp
    if (rv === exp) return exp;
    if (rv === !exp) {
      if (lv === rv) return rv;
      if (lv instanceof Error) throw lv;
      throw logicalOperandError(ev, lv, leftNode);
    }
    throw logicalOperandError(ev, rv, leftNode);
  };
}

/** toIterable: the keys of a map, the elements of a set, else the library's range error. */
function toIterable(ev: Ev, iterable: ClosureNode, coll: unknown): unknown[] {
  if (coll instanceof Set) return [...coll];
  if (coll instanceof Map) return [...coll.keys()];
  if (coll && typeof coll === 'object') return Object.keys(coll);
  throw ev.createError(
    'invalid_comprehension_range',
    `Expression of type '${ev.debugType(coll)}' cannot be range of a comprehension (must be list, map, or dynamic).`,
    iterable,
  );
}

function sizeOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return 0;
}

/**
 * A comprehension as patch 5 evaluates it (the range charged to the budget) with the library's
 * runComprehension / iterateLoop (errors are fatal: map, filter, exists_one) or runQualifier /
 * iterateQuantifier (all, exists: an error is kept and thrown only when no element decides).
 */
export function compileComprehension(node: ClosureNode, compile: (node: ClosureNode) => Compiled): Compiled {
  const a = node.args as ComprehensionArgs;
  const dyn = a.iterCtx.iterType?.kind === 'dyn';
  const iterable = compile(a.iterable);
  const init = compile(a.init);
  const step = compile(a.step);
  const { condition, result } = a;
  if (a.errorsAreFatal) {
    return (ev, parent) => {
      chargeBudget(0); // an exhausted budget stops here, before the range is even built
      let items = iterable(ev, parent) as unknown[];
      chargeBudget(sizeOf(items));
      if (!Array.isArray(items)) items = toIterable(ev, a.iterable, items);
      const ctx = a.iterCtx.reuse(parent);
      let accu = init(ev, ctx);
      ctx.accuValue = accu;
      const len = items.length;
      for (let i = 0; i < len; ) {
        if (condition && !condition(accu)) break;
        accu = step(ev, setIter(ctx, dyn, items[i++], ev));
      }
      return result(accu);
    };
  }
  const decides = condition as (accu: unknown) => boolean;
  return (ev, parent) => {
    chargeBudget(0);
    let items = iterable(ev, parent) as unknown[];
    chargeBudget(sizeOf(items));
    if (!Array.isArray(items)) items = toIterable(ev, a.iterable, items);
    const ctx = a.iterCtx.reuse(parent);
    let accu = init(ev, ctx);
    ctx.accuValue = accu;
    let error: Error | undefined;
    const len = items.length;
    for (let i = 0; i < len; ) {
      if (!decides(accu)) return result(accu);
      let stp: unknown;
      const iter = setIter(ctx, dyn, items[i++], ev); // outside tryEval, as in the library
      try {
        stp = step(ev, iter);
      } catch (e) {
        stp = e;
      }
      if (stp instanceof Error) {
        error ??= stp;
        continue;
      }
      accu = stp;
    }
    if (error && decides(accu)) throw error;
    return result(accu);
  };
}

/**
 * The library's CelError (unexported; the base class of its EvaluationError), for attachErrorAst
 * (lib/errors.js): an error a handler throws gets the call's node, as callFunctionHandler does.
 */
const CelError = Object.getPrototypeOf(EvaluationError) as abstract new (
  ...args: never[]
) => Error & { withAst(node: unknown): Error };

interface FunctionDecl {
  handler: (this: unknown, ...args: unknown[]) => unknown;
}

interface FunctionCandidates {
  findFunction(argTypes: unknown[], receiverType: unknown): FunctionDecl | null;
}

/**
 * A method call whose receiver or arguments are dyn (the library's callRecFn, lib/operators.js): the
 * runtime types are computed as there (arguments first, then the receiver), and the declaration the
 * candidates' findFunction chose for the last types seen at this call site is reused while the types
 * repeat (an inline cache: findFunction depends on the types only). A miss asks findFunction; no
 * declaration ⇒ the library's own callRecFn raises its error.
 */
export function compileDynMethodCall(resolve: Compiled, node: ClosureNode, handle: Handle): Compiled {
  const [, receiverAst, argAst] = node.args as [string, ClosureNode, ClosureNode[]];
  const candidates = (node as unknown as { candidates: FunctionCandidates }).candidates;
  const n = argAst.length;
  const lastTypes: unknown[] = new Array(n);
  let lastReceiver: unknown;
  let lastDecl: FunctionDecl | undefined;
  return (ev, ctx) => {
    const args = resolve(ev, ctx) as unknown[];
    let hit = lastDecl !== undefined;
    for (let i = 0; hit && i < n; i++)
      hit = ev.debugRuntimeType(args[i + 1], (argAst[i] as ClosureNode).checkedType) === lastTypes[i];
    let decl: FunctionDecl | undefined;
    if (hit) {
      const receiverType = ev.debugRuntimeType(args[0], receiverAst.checkedType);
      if (receiverType === lastReceiver) decl = lastDecl;
    }
    if (decl === undefined) {
      const argTypes = new Array<unknown>(n);
      for (let i = 0; i < n; i++)
        argTypes[i] = ev.debugRuntimeType(args[i + 1], (argAst[i] as ClosureNode).checkedType);
      const receiverType = ev.debugRuntimeType(args[0], receiverAst.checkedType);
      const found = candidates.findFunction(argTypes.slice(), receiverType);
      if (!found) return handle(args, ev, node); // the library's no_matching_overload error
      decl = found;
      lastDecl = found;
      lastReceiver = receiverType;
      for (let i = 0; i < n; i++) lastTypes[i] = argTypes[i];
    }
    try {
      return decl.handler.apply(ev, args);
    } catch (error) {
      throw error instanceof CelError ? error.withAst(node) : error;
    }
  };
}
