/**
 * Behaviour fixes applied to every parsed expression, so @marcbachmann/cel-js 8.0.0 (pinned exactly)
 * behaves like cel-go v0.27 as Kyverno's corpus-era CLI used it. Each patch works on the parsed
 * AST before the first type check / evaluation and is covered by test/cel/adapter.test.ts:
 *
 * 1. `has(x.y)` accepts any select operand, not only chains rooted at an identifier
 *    (`has(image.GetMetadata(r).config.created)`, `has(object.spec.containers[0].resources)`).
 * 2. `x.orValue(y)` on a NON-optional receiver returns `x` (cel-go ≤ 0.27 behaviour; the corpus
 *    writes `container.volumeMounts.orValue([])`); on an optional it is the usual orValue.
 * 3. `matches` uses RE2 (Go regexp): `(?i)` works, look-around is an error, linear time.
 * 4. `string.format(list)` is exempt from homogeneous-literal checks, as in cel-go's strings
 *    extension (`"%s: %d".format(["a", 1])`).
 * 5. Comprehensions charge their range size to the evaluation budget (runaway expressions end
 *    with a budget error instead of hanging).
 * 6. `+` and the functions that build strings or lists from others (`join`, `replace`, `format`,
 *    `split`, …) charge the size of what they built to the size allowance, like cel-go's cost
 *    model charges concatenation by operand size (k8s.io/apiserver/pkg/cel per-expression cost
 *    limit). A chain of `variables.b = variables.a + variables.a` ends in a budget error; without
 *    it the list doubles until V8 aborts the whole process. Each result is at most the sum of
 *    values already charged (or of the bounded input), so charging after building is enough.
 * 7. Map literals keep `__proto__`, `constructor` and `prototype` keys as ordinary keys (the library
 *    silently drops them; cel-go keeps them): `{'__proto__': 1}.size() == 1`, and no key ever
 *    reaches a prototype (own data properties, see setOwn).
 * 8. Constant list literals are built once (see foldConstantList).
 */
import { Optional } from '@marcbachmann/cel-js';
import { setOwn } from '../../engine/jmespath/json.js';
import { chargeBudget, chargeSize } from './budget.js';
import { META } from './compile-closures.js';
import { re2Matches } from './re2.js';

/** Minimal view of the library's (unexported) AST node class. */
interface Node {
  op: string;
  args: unknown;
  meta: Record<string, unknown>;
  setMeta(key: string, value: unknown): Node;
}

interface Checker {
  check(node: Node, ctx: unknown): { kind: string };
  getType(name: string): unknown;
  createError(code: string, message: string, node: Node): Error;
}

interface Evaluator {
  run(node: Node, ctx: unknown): unknown;
}

interface Macro {
  args: Node[];
  receiver?: Node;
  arg?: Node;
  ast?: Node;
  macroHasProps?: Node[];
  evaluate: (ev: Evaluator, macro: Macro, ctx: unknown) => unknown;
  typeCheck: (chk: Checker, macro: Macro, ctx: unknown) => unknown;
}

export class CelRuntimeError extends Error {
  override name = 'CelRuntimeError';
}

const isNode = (v: unknown): v is Node =>
  v !== null && typeof v === 'object' && typeof (v as Node).op === 'string' && 'meta' in (v as object);

/** Applies every patch to a freshly parsed AST (idempotent). */
export function patchAst(root: unknown): void {
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (isNode(v)) {
      patchNode(v);
      visit(v.args);
      const meta = v.meta;
      visit(meta.alternate);
      const macro = meta.macro as Record<string, unknown> | undefined;
      if (macro) for (const k of ['args', 'receiver', 'arg', 'val', 'exp']) visit(macro[k]);
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype) for (const x of Object.values(v)) visit(x);
  };
  visit(root);
}

type EvaluateFn = (ev: Evaluator, ast: Node, ctx: unknown) => unknown;

/** Calls whose result can be larger than any single argument (see patch 6). */
const GROWING_CALLS = new Set(['join', 'format', 'split', 'quote', 'marshal', 'reverse']);

function chargeResultSize(node: Node): void {
  const original = node.meta.evaluate as EvaluateFn | undefined;
  if (typeof original !== 'function') return;
  node.setMeta(META.chargesSize, original);
  node.setMeta('evaluate', (ev: Evaluator, ast: Node, ctx: unknown) => {
    const out = original(ev, ast, ctx);
    if (typeof out === 'string') chargeSize(out.length);
    else if (Array.isArray(out)) chargeSize(out.length);
    return out;
  });
}

function patchNode(node: Node): void {
  // the operator's own evaluate, before any patch: what the closure compiler may replace
  if (!(META.opEvaluate in node.meta)) node.setMeta(META.opEvaluate, node.meta.evaluate);
  patchBehaviour(node);
  if (node.op === 'map' && Array.isArray(node.args) && node.args.length > 0)
    node.setMeta('evaluate', evaluateMapLiteral);
  if (node.op === 'list') foldConstantList(node);
  if (
    !node.meta.macro &&
    (node.op === '+' ||
      ((node.op === 'rcall' || node.op === 'call') &&
        Array.isArray(node.args) &&
        GROWING_CALLS.has(node.args[0] as string)))
  )
    chargeResultSize(node);
}

/**
 * 8. A list literal of constants (`['cpu', 'memory']`, the system namespaces of a matchCondition) is
 *    built once: each evaluation returns a copy of it (a fresh list, as before) instead of evaluating
 *    every element again — inside a comprehension that was once per element and resource.
 */
function foldConstantList(node: Node): void {
  const elements = node.args;
  if (!Array.isArray(elements) || elements.length === 0) return;
  if (!elements.every((e) => isNode(e) && e.op === 'value' && !e.meta.alternate && !e.meta.macro)) return;
  const values = (elements as Node[]).map((e) => e.args);
  node.setMeta(META.constantList, values);
  node.setMeta('evaluate', () => values.slice());
}

function patchBehaviour(node: Node): void {
  const macro = node.meta.macro as Macro | undefined;
  if (node.op === 'call' && Array.isArray(node.args) && node.args[0] === 'has' && macro) {
    macro.typeCheck = hasTypeCheck;
  } else if (
    node.op === 'rcall' &&
    Array.isArray(node.args) &&
    node.args[0] === 'orValue' &&
    macro?.receiver
  ) {
    patchOrValue(macro);
  } else if (
    node.op === 'rcall' &&
    Array.isArray(node.args) &&
    node.args[0] === 'matches' &&
    (node.args[2] as Node[]).length === 1
  ) {
    const receiver = node.args[1] as Node;
    const pattern = (node.args[2] as Node[])[0] as Node;
    node.setMeta(META.matches, [receiver, pattern, matches]);
    node.setMeta('evaluate', (ev: Evaluator, _ast: Node, ctx: unknown) =>
      matches(ev.run(receiver, ctx), ev.run(pattern, ctx)),
    );
  } else if (
    node.op === 'call' &&
    Array.isArray(node.args) &&
    node.args[0] === 'matches' &&
    (node.args[1] as Node[]).length === 2
  ) {
    const [s, p] = node.args[1] as Node[];
    node.setMeta(META.matches, [s, p, matches]);
    node.setMeta('evaluate', (ev: Evaluator, _ast: Node, ctx: unknown) =>
      matches(ev.run(s as Node, ctx), ev.run(p as Node, ctx)),
    );
  } else if (
    node.op === 'rcall' &&
    Array.isArray(node.args) &&
    node.args[0] === 'format' &&
    (node.args[2] as Node[])[0]?.op === 'list'
  ) {
    (node.args[2] as Node[])[0]!.setMeta('check', (chk: Checker, ast: Node, ctx: unknown) => {
      for (const el of ast.args as Node[]) chk.check(el, ctx);
      return chk.getType('list');
    });
  } else if (node.op === 'comprehension') {
    node.setMeta(META.comprehension, true);
    node.setMeta('evaluate', evaluateComprehension);
  }
}

function matches(s: unknown, p: unknown): boolean {
  if (typeof s !== 'string' || typeof p !== 'string') {
    throw new CelRuntimeError(
      `found no matching overload for 'matches' applied to '(${typeName(s)}, ${typeName(p)})'`,
    );
  }
  return re2Matches(s, p);
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null_type';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'map' : typeof v;
}

function hasTypeCheck(checker: Checker, macro: Macro, ctx: unknown): unknown {
  let node = macro.args[0] as Node;
  if (node.op !== '.' && node.op !== '.?') {
    throw checker.createError('invalid_macro_argument', 'has() invalid argument', node);
  }
  if (!macro.macroHasProps) {
    const props: Node[] = [];
    while (node.op === '.' || node.op === '.?') {
      props.push(node);
      node = (node.args as [Node, string])[0];
    }
    checker.check(node, ctx);
    props.push(node);
    macro.macroHasProps = props;
  }
  return checker.getType('bool');
}

function patchOrValue(macro: Macro): void {
  const originalCheck = macro.typeCheck;
  macro.typeCheck = (chk, m, ctx) => {
    const receiverType = chk.check(m.receiver as Node, ctx);
    if (receiverType.kind === 'optional' || receiverType.kind === 'dyn') return originalCheck(chk, m, ctx);
    chk.check(m.arg as Node, ctx);
    m.ast?.setMeta('async', false);
    return receiverType;
  };
  (macro as unknown as Record<string, unknown>)[META.orValue] = true;
  macro.evaluate = (ev, m, ctx) => {
    const v = ev.run(m.receiver as Node, ctx);
    if (v instanceof Optional) return v.hasValue() ? v.value() : ev.run(m.arg as Node, ctx);
    return v;
  };
}

interface ComprehensionNode extends Node {
  args: { iterable: Node };
  handle: (items: unknown, args: unknown, ev: Evaluator, ctx: unknown) => unknown;
}

function evaluateComprehension(ev: Evaluator, ast: ComprehensionNode, ctx: unknown): unknown {
  chargeBudget(0); // an exhausted budget stops here, before the range is even built
  const items = ev.run(ast.args.iterable, ctx);
  chargeBudget(sizeOf(items));
  return ast.handle(items, ast.args, ev, ctx);
}

function sizeOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return 0;
}

function buildMap(entries: ReadonlyArray<readonly [unknown, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) setOwn(out, String(k), v);
  return out;
}

function evaluateMapLiteral(ev: Evaluator, ast: Node, ctx: unknown): unknown {
  const entries = ast.args as Array<[Node, Node]>;
  const results: Array<[unknown, unknown]> = [];
  let async = false;
  for (const [kn, vn] of entries) {
    const k = ev.run(kn, ctx);
    const v = ev.run(vn, ctx);
    if (k instanceof Promise || v instanceof Promise) async = true;
    results.push([k, v]);
  }
  if (async)
    return Promise.all(results.map((e) => Promise.all(e))).then((r) =>
      buildMap(r as Array<[unknown, unknown]>),
    );
  return buildMap(results);
}
