/**
 * Turning the shadow policy's placeholder responses into `validate.cel` verdicts, as the VAP
 * validator inside the classic engine decides them (kyverno pkg/engine/handlers/validation/
 * validate_cel.go): a false celPrecondition ⇒ `skip`; any expression false ⇒ `fail`; an
 * evaluation error ⇒ `fail` (failurePolicy Fail ⇒ deny), NOT `error`; all true ⇒ `pass`.
 * `namespaceObject` is the Namespace of the Values file's `namespaces` when it lists the resource's
 * namespace, else `{metadata: {name}}` as in the CLI (never for a Namespace itself); `request.operation`
 * follows the values (global, then per resource, as for the rest of the rule).
 */
import type { K8sObject } from '@neuroscale/core';
import type { RuleResult } from '../../engine/index.js';
import { resourceValues } from '../../engine/variables/build-context.js';
import { admissionRequest, celObject, factsOf, lazyVariables } from '../activation.js';
import { CelEvaluationError, celErrorMessage, celToString, toCel, withRuleBudget } from '../adapter/index.js';
import { type CelEvaluationContext, namespaceObjectOf } from '../cel-context.js';
import { authorizerValue } from '../environments.js';
import { runExpression } from '../run-expression.js';
import type { ClassicCelPolicy, ClassicCelVariant } from './prepare-classic-cel.js';

function variantOf(cel: ClassicCelPolicy, r: RuleResult): ClassicCelVariant | undefined {
  const rule = cel.rules.get(r.baseRule);
  if (!rule) return undefined;
  if (r.rule === r.baseRule) return rule.variants[''];
  if (r.rule.startsWith('autogen-cronjob-')) return rule.variants['autogen-cronjob-'];
  if (r.rule.startsWith('autogen-')) return rule.variants['autogen-'];
  return rule.variants[''];
}

/** The operation: explicit, else `request.operation` of the values (global, then per resource), else CREATE. */
function operationOf(ctx: CelEvaluationContext, policyName: string, resourceName: string): string {
  if (ctx.operation) return ctx.operation;
  let op = '';
  for (const [k, v] of resourceValues(ctx, policyName, resourceName))
    if (k === 'request.operation' && typeof v === 'string' && v) op = v.toUpperCase();
  return op || 'CREATE';
}

/** Replaces the placeholder responses of CEL rules with their CEL verdicts (other responses unchanged). */
export function applyClassicCel(
  cel: ClassicCelPolicy,
  responses: RuleResult[],
  resource: K8sObject,
  ctx: CelEvaluationContext,
  scored: boolean,
): RuleResult[] {
  let activation: Record<string, unknown> | undefined;
  return responses.map((r) => {
    const variant = variantOf(cel, r);
    if (!variant || r.status !== 'pass')
      return variant ? { ...r, message: r.status === 'pass' ? '' : r.message } : r;
    activation ??= baseActivation(resource, ctx, r.policy.slice(r.policy.lastIndexOf('/') + 1));
    const timeoutMs = ctx.ruleTimeoutMs ?? 2000;
    const base = activation;
    const verdict = withRuleBudget(
      { timeoutMs },
      () => evaluateVariant(variant, base, timeoutMs),
      (e) => ({ status: 'error' as const, message: e.message }),
    );
    const status = verdict.status === 'fail' && !scored ? 'warn' : verdict.status;
    return { ...r, status, message: verdict.message };
  });
}

function baseActivation(
  resource: K8sObject,
  ctx: CelEvaluationContext,
  policyName: string,
): Record<string, unknown> {
  const facts = factsOf(resource);
  const operation = operationOf(ctx, policyName, facts.name);
  // validate_cel.go: a Namespace has no namespace object of its own
  const namespace = facts.kind === 'Namespace' ? '' : facts.namespace;
  const nsObject = namespace ? namespaceObjectOf(ctx, namespace) : undefined;
  const object = operation === 'DELETE' ? null : celObject(resource);
  const oldObject =
    operation === 'UPDATE'
      ? ctx.oldResource !== undefined
        ? toCel(ctx.oldResource)
        : object
      : operation === 'DELETE'
        ? celObject(resource)
        : null;
  return {
    object,
    oldObject,
    request: admissionRequest({ facts, resource: '', operation, object, oldObject, userInfo: ctx.userInfo }),
    params: null,
    namespaceObject: nsObject
      ? celObject(nsObject)
      : namespace
        ? toCel({ metadata: { name: namespace } })
        : null,
    authorizer: authorizerValue(),
  };
}

function evaluateVariant(
  variant: ClassicCelVariant,
  base: Record<string, unknown>,
  timeoutMs: number,
): { status: 'pass' | 'fail' | 'skip' | 'error'; message: string } {
  if (variant.needsParams)
    return {
      status: 'fail',
      message: 'validate.cel paramKind/paramRef: params come from the cluster and are not evaluated offline',
    };
  const activation: Record<string, unknown> = { ...base };
  activation.variables = lazyVariables(
    variant.variables.map((v) => ({
      name: v.name,
      evaluate: (a: Record<string, unknown>) => runExpression(v.expression, a, timeoutMs),
    })),
    activation,
  );
  for (const p of variant.preconditions) {
    try {
      if (runExpression(p.expression, activation, timeoutMs) !== true)
        return { status: 'skip', message: `cel preconditions not met: ${p.name}` };
    } catch (e) {
      if (isBudgetError(e)) return { status: 'error', message: celErrorMessage(e) };
      return { status: 'fail', message: `cel precondition ${p.name}: ${celErrorMessage(e)}` };
    }
  }
  for (const v of variant.validations) {
    let ok: unknown;
    try {
      ok = runExpression(v.expression, activation, timeoutMs);
    } catch (e) {
      // our own cost/time budget is no verdict of Kyverno's: the rule ends in `error`
      if (isBudgetError(e)) return { status: 'error', message: celErrorMessage(e) };
      // the VAP validator's failurePolicy is Fail: an evaluation error denies
      const m = celErrorMessage(e);
      return {
        status: 'fail',
        message: `${v.expression.field}: ${m.startsWith(`${v.expression.field}: `) ? m.slice(v.expression.field.length + 2) : m}`,
      };
    }
    if (ok === true) continue;
    if (typeof ok !== 'boolean')
      return { status: 'fail', message: `${v.expression.field}: expression must evaluate to bool` };
    return { status: 'fail', message: messageOf(v, activation, timeoutMs) };
  }
  return { status: 'pass', message: '' };
}

function messageOf(
  v: ClassicCelVariant['validations'][number],
  activation: Record<string, unknown>,
  timeoutMs: number,
): string {
  if (v.messageExpression?.program) {
    try {
      const m = runExpression(v.messageExpression, activation, timeoutMs);
      if (typeof m === 'string' && m.trim()) return m;
      if (m !== null && typeof m !== 'string') return celToString(m);
    } catch {
      // falls back to message
    }
  }
  return v.message ?? `failed expression: ${v.expression.source}`;
}

function isBudgetError(e: unknown): boolean {
  return e instanceof CelEvaluationError && e.budget;
}
