/**
 * The verdict of a ValidatingAdmissionPolicy's expressions on one request, as Kubernetes' validator
 * decides it and kyverno's CLI reads the decisions (kyverno v1.19.1 pkg/admissionpolicy/validate.go
 * `validateResource` over k8s.io/apiserver plugin/policy/validating/validator.go `Validate` and
 * plugin/webhook/matchconditions/matcher.go `Match`):
 *
 * - matchConditions are all evaluated: any `false` ⇒ `skip` ("match conditions aren't met"), whatever
 *   errors the others gave; errors and no `false` ⇒ `error` under failurePolicy Fail (the default),
 *   `skip` under Ignore;
 * - validations in order: the first that errors ⇒ `error`, the first that is not `true` ⇒ `fail`
 *   (kyverno reads the first EvalError or ActionDeny decision). failurePolicy Ignore only turns an
 *   error's action into Admit, and kyverno checks the evaluation (EvalError) first: still `error`;
 * - a failure's message: the messageExpression's string (trimmed; dropped when empty, multi-line or over
 *   5 KiB), else `message` (trimmed), else `failed expression: <expression>`;
 * - an expression that does not compile errors where it is evaluated ("compilation error: …"), so an
 *   earlier failing validation still decides; auditAnnotations never change the verdict (kyverno reads
 *   the decisions only); the binding's validationActions are not read: a denial is always `fail`.
 */
import type { RuleStatus } from '../../engine/index.js';
import { CelEvaluationError, celErrorMessage } from '../adapter/index.js';
import { runExpression } from '../run-expression.js';
import type { CompiledExpression, PolicyVariant } from '../vpol/compile-validating-policy.js';

/** celconfig.MaxEvaluatedMessageExpressionSizeBytes */
const MAX_MESSAGE_BYTES = 5 * 1024;

export interface AdmissionDecision {
  status: RuleStatus;
  message: string;
}

export interface DecideAdmissionOptions {
  timeoutMs: number;
  failurePolicyIgnore: boolean;
}

export function decideAdmissionValidations(
  variant: PolicyVariant,
  activation: Record<string, unknown>,
  opts: DecideAdmissionOptions,
): AdmissionDecision {
  const gate = matchConditionsOutcome(variant, activation, opts);
  if (gate) return gate;
  for (const v of variant.validations) {
    const outcome = evaluate(v.expression, activation, opts.timeoutMs);
    if ('error' in outcome) return { status: 'error', message: outcome.error };
    if (outcome.value !== true)
      return { status: 'fail', message: failureMessage(v, activation, opts.timeoutMs) };
  }
  return { status: 'pass', message: '' };
}

/** The outcome when the matchConditions stop the evaluation (see the header), else undefined. */
function matchConditionsOutcome(
  variant: PolicyVariant,
  activation: Record<string, unknown>,
  opts: DecideAdmissionOptions,
): AdmissionDecision | undefined {
  const errors: string[] = [];
  for (const mc of variant.matchConditions) {
    const outcome = evaluate(mc.expression, activation, opts.timeoutMs);
    if ('error' in outcome) errors.push(outcome.error);
    // only a `false` result stops: anything else that is not an error counts as met
    else if (outcome.value === false) return { status: 'skip', message: "match conditions aren't met" };
  }
  if (errors.length === 0) return undefined;
  if (opts.failurePolicyIgnore) return { status: 'skip', message: "match conditions aren't met" };
  // utilerrors.NewAggregate: one error reads as itself, several as a bracketed list of distinct ones
  const distinct = [...new Set(errors)];
  return { status: 'error', message: distinct.length === 1 ? distinct[0]! : `[${distinct.join(', ')}]` };
}

/** One expression's value, or its error worded as k8s.io/apiserver plugin/cel/filter.go `ForInput` does. */
function evaluate(
  expr: CompiledExpression,
  activation: Record<string, unknown>,
  timeoutMs: number,
): { value: unknown } | { error: string } {
  if (!expr.program) return { error: `compilation error: ${expr.error ?? 'not compiled'}` };
  try {
    return { value: runExpression(expr, activation, timeoutMs) };
  } catch (e) {
    // the time/cost budget ends the whole evaluation (filter.go: "running out of cost budget")
    if (e instanceof CelEvaluationError && e.budget) throw e;
    const message = celErrorMessage(e);
    const own = `${expr.field}: `;
    const detail = message.startsWith(own) ? message.slice(own.length) : message;
    return { error: `expression '${expr.source.trim()}' resulted in error: ${detail}` };
  }
}

function failureMessage(
  v: PolicyVariant['validations'][number],
  activation: Record<string, unknown>,
  timeoutMs: number,
): string {
  if (v.messageExpression?.program) {
    const outcome = evaluate(v.messageExpression, activation, timeoutMs);
    if ('value' in outcome && typeof outcome.value === 'string') {
      const message = outcome.value.trim();
      const tooLong = new TextEncoder().encode(message).length > MAX_MESSAGE_BYTES;
      if (message !== '' && !tooLong && !message.includes('\n')) return message;
    }
  }
  const message = v.message?.trim();
  if (message) return message;
  return `failed expression: ${v.expression.source.trim()}`;
}
