/**
 * Evaluating one compiled policy expression (ValidatingPolicy or classic validate.cel): a compile error
 * or an evaluation error becomes a CelEvaluationError naming the field, e.g. `validations[0].expression`.
 */
import { lazyVariableFactory } from './activation.js';
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

/**
 * Kubernetes' match-condition rule (k8s.io/apiserver matchconditions `Matcher.Match`), which Kyverno also
 * applies to CEL exception matchConditions, DeletingPolicy conditions and authz matchConditions: the first
 * false condition decides (false, even after another failed); otherwise the failures, joined by "; ", are
 * the error; otherwise true. `notBool` words the failure of a condition whose value is not a bool.
 */
export function conditionsHold<C extends { expression: PolicyExpression }>(
  conditions: readonly C[],
  activation: Record<string, unknown>,
  { timeoutMs, notBool }: { timeoutMs: number; notBool: (condition: C) => string },
): boolean | { error: string } {
  const errors: string[] = [];
  for (const c of conditions) {
    let out: unknown;
    try {
      out = runExpression(c.expression, activation, timeoutMs);
    } catch (e) {
      errors.push(celErrorMessage(e));
      continue;
    }
    if (typeof out !== 'boolean') errors.push(notBool(c));
    else if (!out) return false;
  }
  return errors.length ? { error: errors.join('; ') } : true;
}

type VariablesFactory = ReturnType<typeof lazyVariableFactory>;
const factories = new WeakMap<readonly object[], VariablesFactory>();

/**
 * The lazy `variables` of a compiled policy (or policy variant), prepared once per compiled list, not per
 * resource: the list's identity is the key (it lives as long as the compiled policy).
 */
export function variablesFactoryOf(
  variables: ReadonlyArray<{ name: string; expression: PolicyExpression }>,
): VariablesFactory {
  let f = factories.get(variables);
  if (f === undefined) {
    f = lazyVariableFactory(
      variables.map((v) => ({
        name: v.name,
        evaluate: (a: Record<string, unknown>, timeoutMs: number) =>
          runExpression(v.expression, a, timeoutMs),
      })),
    );
    factories.set(variables, f);
  }
  return f;
}
