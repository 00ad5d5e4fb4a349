/**
 * Evaluating one compiled policy expression (ValidatingPolicy or classic validate.cel): a compile error
 * or an evaluation error becomes a CelEvaluationError naming the field, e.g. `validations[0].expression`.
 */
import { CelEvaluationError, type CelProgram, celErrorMessage } from './adapter/index.js';

export interface PolicyExpression {
  field: string;
  program?: CelProgram;
  error?: string;
}

let lastLimits: { timeoutMs: number } = { timeoutMs: 2000 };

/** The limits object for a timeout (one shared object, not one per evaluation; never modified). */
function limitsFor(timeoutMs: number): { timeoutMs: number } {
  if (lastLimits.timeoutMs !== timeoutMs) lastLimits = { timeoutMs };
  return lastLimits;
}

export function runExpression(
  expr: PolicyExpression,
  activation: Record<string, unknown>,
  timeoutMs: number,
): unknown {
  if (!expr.program) throw new CelEvaluationError(`${expr.field}: ${expr.error ?? 'not compiled'}`);
  try {
    return expr.program.evaluate(activation, limitsFor(timeoutMs));
  } catch (e) {
    const message = celErrorMessage(e);
    // an error raised while evaluating a variable already names that variable
    const named = /^[A-Za-z.]+\[\d+\]\.\w+: /.test(message);
    throw new CelEvaluationError(
      named ? message : `${expr.field}: ${message}`,
      e instanceof CelEvaluationError && e.budget,
    );
  }
}
