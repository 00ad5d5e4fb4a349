/**
 * Evaluating a compiled ValidatingPolicy on one resource as the vpol engine + CLI processor do
 * (kyverno 497e091): operation CREATE, oldObject null; no match ⇒ no response; a false
 * matchCondition ⇒ `skip`; validations in order, the first false ⇒ `fail` (message from
 * messageExpression, message, or "CEL expression validation failed at index N"); an evaluation
 * error ⇒ `error`; all true ⇒ `pass`. Exactly one response per (policy, resource), rule name "".
 */
import type { K8sObject } from '@neuroscale/core';
import type { RuleResult, RuleStatus } from '../../engine/index.js';
import { admissionRequest, celObject, factsOf, lazyVariables } from '../activation.js';
import { CelEvaluationError, celErrorMessage, celToString } from '../adapter/index.js';
import {
  type CelEvaluationContext,
  libraryActivation,
  namespaceLabelsOf,
  namespaceObjectOf,
} from '../cel-context.js';
import { isClusterScopedKind } from '../cluster-scoped.js';
import type {
  CompiledExpression,
  CompiledValidatingPolicy,
  PolicyVariant,
  ValidatingPolicyInternal,
} from './compile-validating-policy.js';
import { matchesConstraints, resourceNameFor } from './match-constraints.js';

const EMPTY_EXCEPTIONS = { allowedImages: [], allowedValues: [] };

function run(expr: CompiledExpression, activation: Record<string, unknown>, timeoutMs: number): unknown {
  if (!expr.program) throw new CelEvaluationError(`${expr.field}: ${expr.error ?? 'not compiled'}`);
  try {
    return expr.program.evaluate(activation, { timeoutMs });
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

/** The rule responses (zero or one) of a ValidatingPolicy for one resource. */
export function evaluateValidatingPolicy(
  policy: CompiledValidatingPolicy,
  resource: K8sObject,
  ctx: CelEvaluationContext = {},
): RuleResult[] {
  const internal = policy.internal as ValidatingPolicyInternal;
  const facts = factsOf(resource);
  if (policy.namespace !== undefined && facts.namespace !== policy.namespace) return [];
  const clusterScoped = isClusterScopedKind(facts.kind);
  const input = {
    ...facts,
    operation: 'CREATE',
    clusterScoped,
    namespaceLabels: clusterScoped ? {} : namespaceLabelsOf(ctx, facts.namespace),
  };
  const variant = internal.variants.find((v) => matchesConstraints(v.match, input));
  if (!variant) return [];
  const respond = (status: RuleStatus, message: string, rule = ''): RuleResult[] => [
    {
      policy: policy.key,
      rule,
      baseRule: '',
      status,
      message,
      failureAction: policy.validationFailureAction,
    },
  ];
  return evaluateVariant(policy, internal, variant, resource, facts, ctx, respond);
}

function evaluateVariant(
  policy: CompiledValidatingPolicy,
  internal: ValidatingPolicyInternal,
  variant: PolicyVariant,
  resource: K8sObject,
  facts: ReturnType<typeof factsOf>,
  ctx: CelEvaluationContext,
  respond: (status: RuleStatus, message: string, rule?: string) => RuleResult[],
): RuleResult[] {
  const timeoutMs = ctx.ruleTimeoutMs ?? 2000;
  const object = celObject(resource);
  const nsObject = facts.namespace ? namespaceObjectOf(ctx, facts.namespace) : undefined;
  const activation: Record<string, unknown> = {
    ...libraryActivation(ctx.celContext),
    object,
    oldObject: null,
    request: admissionRequest({
      facts,
      resource: resourceNameFor(facts.kind, variant.match.resourceRules),
      operation: 'CREATE',
      object,
      oldObject: null,
      userInfo: ctx.userInfo,
    }),
    namespaceObject: nsObject ? celObject(nsObject) : null,
    exceptions: EMPTY_EXCEPTIONS,
  };
  activation.variables = lazyVariables(
    variant.variables.map((v) => ({
      name: v.name,
      evaluate: (a: Record<string, unknown>) => run(v.expression, a, timeoutMs),
    })),
    activation,
  );

  for (const mc of variant.matchConditions) {
    let ok: unknown;
    try {
      ok = run(mc.expression, activation, timeoutMs);
    } catch (e) {
      if (internal.failurePolicyIgnore)
        return respond('skip', `match condition ${mc.name} failed: ${celErrorMessage(e)}`);
      return respond(
        'error',
        `policy ${policy.name}: match condition ${mc.name}: ${celErrorMessage(e)}`,
        'evaluation',
      );
    }
    if (ok !== true) {
      if (typeof ok !== 'boolean')
        return respond(
          'error',
          `policy ${policy.name}: match condition ${mc.name} must evaluate to bool`,
          'evaluation',
        );
      return respond('skip', `match condition ${mc.name} is false`);
    }
  }

  for (const v of variant.validations) {
    let ok: unknown;
    try {
      ok = run(v.expression, activation, timeoutMs);
    } catch (e) {
      return respond(
        'error',
        `policy ${policy.name}: validations[${v.index}]: ${stripField(celErrorMessage(e), v.expression.field)}`,
        'evaluation',
      );
    }
    if (typeof ok !== 'boolean') {
      return respond(
        'error',
        `policy ${policy.name}: validations[${v.index}]: expression must evaluate to bool`,
        'evaluation',
      );
    }
    if (!ok) {
      for (const a of variant.auditAnnotations) {
        try {
          run(a.expression, activation, timeoutMs);
        } catch {
          // audit annotations never change the verdict
        }
      }
      return respond('fail', failureMessage(v, activation, timeoutMs));
    }
  }
  return respond('pass', '');
}

function stripField(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

function failureMessage(
  v: PolicyVariant['validations'][number],
  activation: Record<string, unknown>,
  timeoutMs: number,
): string {
  if (v.messageExpression?.program) {
    try {
      const m = run(v.messageExpression, activation, timeoutMs);
      if (typeof m === 'string' && m.trim() !== '') return m;
      if (m !== null && m !== undefined && typeof m !== 'string') return celToString(m);
    } catch {
      // falls back to message
    }
  }
  if (v.message) return v.message;
  return `CEL expression validation failed at index ${v.index}`;
}
