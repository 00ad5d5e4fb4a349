/**
 * The verdict `kyverno test` gives a DeletingPolicy on one resource (kyverno v1.19.1
 * cmd/cli/kubectl-kyverno/commands/test/test.go applyDeletingPolicies, over
 * pkg/cel/policies/dpol/engine/engine.go Handle and pkg/cel/policies/dpol/compiler/policy.go Evaluate):
 *
 * - a resource with apiVersion and kind is matched against matchConstraints as a CREATE with every
 *   operation allowed; no matchConstraints, or not selected ⇒ no response at all (the row reads
 *   "Not found"). A JSON payload (no apiVersion/kind) is evaluated without matching;
 * - `namespaceObject` is the values file's Namespace (`namespaces`, then `namespaceSelector`), or the
 *   resource itself when it is a Namespace; the namespaceSelector of a namespace the values do not
 *   describe sees only its `kubernetes.io/metadata.name` label;
 * - CEL PolicyExceptions naming the policy (name and kind) are tried first: one whose matchConditions
 *   all hold ⇒ the resource is not deleted: `fail` "resource did not match";
 * - `conditions` in order: the first false ⇒ `fail` "resource did not match"; an evaluation error (or
 *   a non-bool) of a condition before it ⇒ `error`; all true ⇒ `pass` "resource matched" (the
 *   resource would be deleted).
 *
 * The activation holds object, namespaceObject, variables and the libraries; the policy sees no
 * request, oldObject or exceptions (compiler/policy.go builds none), so reading them is an error.
 * One response per (policy, resource), its rule named after the policy.
 */
import type { K8sObject } from '@neuroscale/core';
import type { RuleResult, RuleStatus } from '../../engine/index.js';
import { celObject, factsOf } from '../activation.js';
import { withRuleBudget } from '../adapter/index.js';
import { type CelEvaluationContext, libraryActivation } from '../cel-context.js';
import { conditionsHold, variablesFactoryOf } from '../run-expression.js';
import { celExceptionsFor, matchCelExceptions } from '../vpol/apply-cel-exceptions.js';
import { type MatchInput, matchesConstraints, matchInputRuleKey } from '../vpol/match-constraints.js';
import type { CompiledDeletingPolicy, DeletingPolicyInternal } from './compile-deleting-policy.js';

const MATCHED = 'resource matched';
const NOT_MATCHED = 'resource did not match';

/**
 * The namespace resolver the CLI gives the engine (kyverno v1.19.1 cmd/cli/kubectl-kyverno/variables/
 * variables.go Namespace): the values file's `namespaces` by name, then a Namespace carrying the labels
 * of its `namespaceSelector` entry. Cluster resources are not consulted.
 */
function valuesNamespace(ctx: CelEvaluationContext, name: string): K8sObject | undefined {
  const object = ctx.values?.namespaces?.find((n) => n?.metadata?.name === name);
  if (object) return object;
  const selected = ctx.values?.namespaceSelector?.find((n) => n?.name === name);
  if (!selected) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...(selected.labels ?? {}) } },
  } as K8sObject;
}

function stringLabels(o: K8sObject | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o?.metadata?.labels ?? {}))
    if (typeof v === 'string') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true });
  return out;
}

/** engine.go Handle: the namespace of a namespaced resource, or a Namespace resource itself. */
function namespaceOf(resource: K8sObject, ctx: CelEvaluationContext): K8sObject | undefined {
  const facts = factsOf(resource, { labels: false });
  if (facts.namespace) return valuesNamespace(ctx, facts.namespace);
  if (facts.group === '' && facts.kind === 'Namespace') {
    return (
      valuesNamespace(ctx, facts.name) ??
      ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: facts.name, labels: stringLabels(resource) },
      } as K8sObject)
    );
  }
  return undefined;
}

/** matchPolicy: the apiserver matcher over the widened constraints (pkg/cel/matching/matcher.go). */
function selects(internal: DeletingPolicyInternal, resource: K8sObject, ns: K8sObject | undefined): boolean {
  if (!internal.match) return false;
  const facts = factsOf(resource);
  // namespace/matcher.go: without a namespace object, the namespace carries only its name label
  const namespaceLabels = ns ? stringLabels(ns) : { 'kubernetes.io/metadata.name': facts.namespace };
  const input: MatchInput = {
    group: facts.group,
    version: facts.version,
    kind: facts.kind,
    name: facts.name,
    namespace: facts.namespace,
    labels: facts.labels,
    namespaceLabels,
    operation: 'CREATE',
    // the admission attributes are cluster-scoped when the resource has no namespace
    clusterScoped: facts.namespace === '',
  };
  input.ruleKey = matchInputRuleKey(input);
  return matchesConstraints(internal.match, input);
}

/** The response (zero or one) of a DeletingPolicy for one resource. */
export function evaluateDeletingPolicy(
  policy: CompiledDeletingPolicy,
  resource: K8sObject,
  ctx: CelEvaluationContext = {},
): RuleResult[] {
  const internal = policy.internal;
  const hasType = typeof resource.apiVersion === 'string' && resource.apiVersion !== '' && !!resource.kind;
  const ns = hasType ? namespaceOf(resource, ctx) : undefined;
  if (hasType && !selects(internal, resource, ns)) return [];
  const respond = (status: RuleStatus, message: string): RuleResult[] => [
    {
      policy: policy.key,
      rule: policy.name,
      baseRule: policy.name,
      status,
      message,
      failureAction: policy.validationFailureAction,
    },
  ];
  return withRuleBudget(
    { timeoutMs: ctx.ruleTimeoutMs ?? 2000 },
    () => {
      const deleted = deletionConditionsHold(policy, resource, ns, ctx);
      if (typeof deleted === 'object') return respond('error', deleted.error);
      return deleted ? respond('pass', MATCHED) : respond('fail', NOT_MATCHED);
    },
    (e) => respond('error', e.message),
  );
}

/** compiler/policy.go Evaluate: exceptions, then the conditions (false wins over an earlier error). */
function deletionConditionsHold(
  policy: CompiledDeletingPolicy,
  resource: K8sObject,
  ns: K8sObject | undefined,
  ctx: CelEvaluationContext,
): boolean | { error: string } {
  const internal = policy.internal;
  const timeoutMs = ctx.ruleTimeoutMs ?? 2000;
  const activation: Record<string, unknown> = {
    ...libraryActivation(ctx.celContext),
    object: celObject(resource),
    namespaceObject: ns ? celObject(ns) : null,
    variables: {},
  };
  if (internal.variables.length)
    activation.variables = variablesFactoryOf(internal.variables)(activation, timeoutMs);
  const exceptions = celExceptionsFor(ctx.exceptions, policy.name, policy.kind);
  if (exceptions.length) {
    const spared = matchCelExceptions(exceptions, activation, { timeoutMs, failurePolicyIgnore: false });
    if ('error' in spared) return { error: spared.error };
    // a matching exception ends the evaluation with no match, whatever it grants (EvaluationResult.Result false)
    if (spared.verdict || spared.allowed) return false;
  }
  return conditionsHold(internal.conditions, activation, {
    timeoutMs,
    notBool: (c) => `${c.expression.field}: expression must evaluate to bool`,
  });
}
