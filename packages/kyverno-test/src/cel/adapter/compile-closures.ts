/**
 * Compiling a checked expression into a tree of JS closures, once per expression: evaluating it on a
 * resource then calls each child directly instead of dispatching every node through the library's
 * `run` → `node.evaluate` → `#evaluateAlternate`/`#evaluateMacro` → operator chain again for every
 * resource. Semantics are the library's, unchanged: every closure calls the same handler the type
 * checker chose for its node (`node.handle`: field access, overloads, function calls) with the same
 * arguments and the same node (so errors, their codes and messages are the library's), evaluates
 * children in the library's order, and uses the library's own contexts (RootContext, the comprehension
 * contexts) for variables. Each closure mirrors one function of @marcbachmann/cel-js 8.0.0
 * lib/operators.js (named in its comment). A node the compiler does not know — or whose evaluation the
 * checker or a patch replaced — is evaluated by the library itself, as before.
 *
 * Only synchronous trees are compiled (`maybeAsync` false: no async function anywhere), so none of the
 * library's Promise branches are needed.
 */
import { Optional } from '@marcbachmann/cel-js';
import { chargeSize } from './budget.js';
import {
  type ClosureNode,
  type Compiled,
  type Ctx,
  compileComprehension,
  compileDynEquality,
  compileDynField,
  compileDynMethodCall,
  compileLogical,
  type Ev,
  type Handle,
} from './closure-operators.js';

export type { ClosureNode, Compiled } from './closure-operators.js';

/** Meta keys the AST patches leave for the compiler (see ast-patches.ts). */
export const META = {
  /** The operator's own evaluate function (recorded before any patch or check replaces it). */
  opEvaluate: 'closure.opEvaluate',
  /** A constant list literal's values (patch 8). */
  constantList: 'closure.constantList',
  /** `[receiver, pattern]` of a patched `matches` call (patch 3) and the function to call. */
  matches: 'closure.matches',
  /** The node's result is charged to the size allowance (patch 6); value: the evaluate it wraps. */
  chargesSize: 'closure.chargesSize',
  /** A patched comprehension (patch 5). */
  comprehension: 'closure.comprehension',
  /** The patched orValue macro (patch 2). */
  orValue: 'closure.orValue',
} as const;

/** The compiled form of a checked root, or undefined when the tree may be asynchronous. */
export function compileClosures(root: ClosureNode): Compiled | undefined {
  if (root.maybeAsync !== false) return undefined;
  return compile(root);
}

/**
 * The library evaluates the node (and its subtree) itself, as ASTNode.evaluate would: alternates and
 * macros never get here (compile handles them), so that is the node's `evaluate` meta. Not
 * `node.evaluate`: the root's is the compiled entry (useClosures), which would call itself.
 */
function fallback(node: ClosureNode): Compiled {
  const evaluate = node.meta.evaluate as (ev: Ev, node: ClosureNode, ctx: Ctx) => unknown;
  return (ev, ctx) => evaluate.call(node, ev, node, ctx);
}

function compile(node: ClosureNode): Compiled {
  const meta = node.meta;
  if (meta.alternate) return compile(meta.alternate as ClosureNode); // #evaluateAlternate
  const macro = meta.macro as Record<string, unknown> | undefined;
  if (macro) return compileMacro(node, macro);
  const evaluate = meta.evaluate;
  const constant = meta[META.constantList] as unknown[] | undefined;
  if (constant && evaluate !== meta[META.opEvaluate]) {
    // a list checked as non-empty keeps the folded evaluate (an empty list is never folded)
    return () => constant.slice();
  }
  const matches = meta[META.matches] as
    | [ClosureNode, ClosureNode, (s: unknown, p: unknown) => boolean]
    | undefined;
  if (matches) {
    const s = compile(matches[0]);
    const p = compile(matches[1]);
    const fn = matches[2];
    return (ev, ctx) => fn(s(ev, ctx), p(ev, ctx));
  }
  const sized = meta[META.chargesSize] as unknown;
  if (sized !== undefined) {
    if (sized !== meta[META.opEvaluate]) return fallback(node);
    const inner = compileOp(node);
    if (!inner) return fallback(node);
    return (ev, ctx) => {
      const out = inner(ev, ctx);
      if (typeof out === 'string') chargeSize(out.length);
      else if (Array.isArray(out)) chargeSize(out.length);
      return out;
    };
  }
  if (meta[META.comprehension]) return compileComprehension(node, compile);
  // a node the checker made after the patches ran (a constant's value node) is left to the library
  if (!(META.opEvaluate in meta)) return fallback(node);
  if (evaluate !== meta[META.opEvaluate]) {
    if (node.op === 'accuPush') return compileOp(node) ?? fallback(node); // evaluateSync
    // the checker's emptyList / emptyMap: a new empty list or map
    if (node.op === 'list' && Array.isArray(node.args) && node.args.length === 0) return () => [];
    if (node.op === 'map' && Array.isArray(node.args) && node.args.length === 0) return () => ({});
    return fallback(node);
  }
  return compileOp(node) ?? fallback(node);
}

function compileMacro(node: ClosureNode, macro: Record<string, unknown>): Compiled {
  if (macro[META.orValue]) {
    // patch 2 (ast-patches.ts evaluateOrValue)
    const receiver = compile(macro.receiver as ClosureNode);
    const arg = compile(macro.arg as ClosureNode);
    return (ev, ctx) => {
      const v = receiver(ev, ctx);
      if (v instanceof Optional) return v.hasValue() ? v.value() : arg(ev, ctx);
      return v;
    };
  }
  const evaluate = macro.evaluate as (ev: Ev, m: unknown, ctx: Ctx) => unknown;
  if (typeof evaluate !== 'function') return fallback(node);
  return (ev, ctx) => evaluate.call(macro, ev, macro, ctx); // #evaluateMacro
}

// long: one case per operator of lib/operators.js OPERATORS, each mirroring its evaluate
function compileOp(node: ClosureNode): Compiled | undefined {
  const args = node.args;
  switch (node.op) {
    case 'value':
      return () => args; // OPERATORS.value
    case 'id':
      return (ev, ctx) => ctx.getCheckedValue(ev, node); // OPERATORS.id
    case 'accuValue':
      return (_ev, ctx) => ctx.accuValue;
    case 'accuInc':
      return (_ev, ctx) => {
        ctx.accuValue = (ctx.accuValue as number) + 1;
        return ctx.accuValue;
      };
    case 'accuPush': {
      const el = compile(args as ClosureNode);
      return (ev, ctx) => {
        (ctx.accuValue as unknown[]).push(el(ev, ctx)); // evaluateSync
        return ctx.accuValue;
      };
    }
    case '.':
    case '.?': {
      // evaluateBinaryFirst
      const [l, right] = args as [ClosureNode, string];
      const left = compile(l);
      const handle = node.handle as Handle;
      if (node.op === '.' && handle.name === 'fieldAccess') return compileDynField(left, right, node, handle);
      return (ev, ctx) => handle(left(ev, ctx), right, node, ev);
    }
    case '[]':
    case '[?]':
    case '!=':
    case '==':
    case 'in':
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      // evaluateBinary: left, then right
      const [l, r] = args as [ClosureNode, ClosureNode];
      const left = compile(l);
      const right = compile(r);
      const handle = node.handle as Handle;
      if ((node.op === '==' || node.op === '!=') && handle.name === 'handleBinary')
        return compileDynEquality(left, right, node, handle);
      return (ev, ctx) => {
        const a = left(ev, ctx);
        return handle(a, right(ev, ctx), node, ev);
      };
    }
    case '!_':
    case '-_': {
      // evaluateUnary
      const operand = compile(args as ClosureNode);
      const handle = node.handle as Handle;
      return (ev, ctx) => handle(operand(ev, ctx), node, ev);
    }
    case 'call': {
      const resolve = compileArray((args as [string, ClosureNode[]])[1]);
      const handle = node.handle as Handle;
      return (ev, ctx) => handle(resolve(ev, ctx), node, ev);
    }
    case 'rcall': {
      const withArgs = (node as unknown as { receiverWithArgs?: ClosureNode[] }).receiverWithArgs;
      if (!withArgs) return undefined;
      const resolve = compileArray(withArgs);
      const handle = node.handle as Handle;
      if (handle.name === 'callRecFn') return compileDynMethodCall(resolve, node, handle);
      return (ev, ctx) => handle(resolve(ev, ctx), ev, node);
    }
    case 'list': {
      const resolve = compileArray(args as ClosureNode[]);
      return (ev, ctx) => resolve(ev, ctx);
    }
    case '?:':
      return compileTernary(node);
    case '&&':
    case '||': {
      // OPERATORS['&&'] / ['||']
      const [l, r] = args as [ClosureNode, ClosureNode];
      return compileLogical(node, node.op === '||', compile(l), compile(r));
    }
    default:
      return undefined;
  }
}

/** resolveAstArray: a new array, elements evaluated from the last to the first. */
function compileArray(nodes: readonly ClosureNode[]): Compiled {
  const fns = nodes.map(compile);
  const n = fns.length;
  if (n === 0) return () => [];
  if (n === 1) {
    const f0 = fns[0] as Compiled;
    return (ev, ctx) => [f0(ev, ctx)];
  }
  return (ev, ctx) => {
    const out = new Array(n);
    for (let i = n - 1; i >= 0; i--) out[i] = (fns[i] as Compiled)(ev, ctx);
    return out;
  };
}

/** OPERATORS['?:'] with handleTernary: a non-bool condition goes to the library's handler (its error). */
function compileTernary(node: ClosureNode): Compiled {
  const [c, l, r] = node.args as [ClosureNode, ClosureNode, ClosureNode];
  const cond = compile(c);
  const left = compile(l);
  const right = compile(r);
  const handle = node.handle as Handle;
  return (ev, ctx) => {
    const v = cond(ev, ctx);
    if (v === true) return left(ev, ctx);
    if (v === false) return right(ev, ctx);
    return handle(v, ev, node, ctx); // throws the library's invalid_condition_type error
  };
}
