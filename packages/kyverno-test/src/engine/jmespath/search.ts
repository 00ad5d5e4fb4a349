import type { Node } from './ast.js';
import { KYVERNO_FUNCTIONS } from './functions/index.js';
import { Budget, Interpreter } from './interpreter.js';
import { compileJmesPath } from './parser.js';

export { JmesPathError } from './ast.js';
export { Budget } from './interpreter.js';
export { compileJmesPath } from './parser.js';

/** Evaluates a JMESPath expression (string or pre-compiled AST) with Kyverno semantics. */
export function searchJmesPath(expr: string | Node, data: unknown, budget?: Budget): unknown {
  const node = typeof expr === 'string' ? compileJmesPath(expr) : expr;
  const interp = new Interpreter(KYVERNO_FUNCTIONS, budget ?? new Budget(Date.now() + 2000));
  const v = interp.eval(node, data);
  return v === undefined ? null : v;
}
