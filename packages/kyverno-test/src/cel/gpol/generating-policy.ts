/**
 * CEL GeneratingPolicy (policies.kyverno.io v1alpha1/v1beta1/v1, kyverno pkg/cel/policies/gpol):
 * matched and gated like a ValidatingPolicy (matchConstraints, matchConditions, variables — the vpol
 * compiler and evaluator run a copy of the policy whose only validation is `true`, no autogen), then
 * every `generate[]` entry is run in order (generate-entries.ts): an `expression` whose
 * `generator.apply(namespace, [objects])` calls (kyverno sdk extensions/cel/libs/generator) record the
 * objects, or a YAML `template` rendered into them; they are moved into their namespace as the CLI's
 * fake context provider does (`GenerateResources`: a `List` is expanded into its items, `SetNamespace`).
 *
 * One response per (policy, trigger), named after the policy as gpol/engine/engine.go names it:
 * `pass` "policy evaluated successfully" (even when nothing was generated), `error` when an
 * expression fails, `skip` when a matchCondition is false; no response when the policy does not
 * match. `synchronize` and
 * `orphanDownstreamOnPolicyDelete` (spec.evaluation) are recorded on the generated objects.
 * Clone sources are read with `resource.Get/List`, served from the Test's context file.
 */
import { type Finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import type { FailureAction, RuleResult, SourceRef, UnsupportedRule } from '../../engine/index.js';
import { lazyVariables } from '../activation.js';
import { fromCel, withRuleBudget } from '../adapter/index.js';
import type { CelEvaluationContext } from '../cel-context.js';
import { createActivation } from '../create-activation.js';
import { GeneratorContext, generatingPolicyEnvironment } from '../environments.js';
import { type CompiledValidatingPolicy, compileValidatingPolicy } from '../vpol/compile-validating-policy.js';
import { evaluateValidatingPolicy } from '../vpol/evaluate-validating-policy.js';
import { isKyvernoCelPolicyDocument, policyGateDocument } from '../vpol/policy-gate.js';
import {
  compileExpression,
  compileGeneration,
  type Expr,
  type Generation,
  runExpression,
  runGeneration,
} from './generate-entries.js';

export const GENERATING_POLICY_KINDS = ['GeneratingPolicy', 'NamespacedGeneratingPolicy'] as const;

export interface CompiledGeneratingPolicy {
  name: string;
  namespace?: string;
  kind: (typeof GENERATING_POLICY_KINDS)[number];
  key: string;
  rules: [];
  unsupportedRules: UnsupportedRule[];
  validationFailureAction: FailureAction;
  scored: boolean;
  source: SourceRef;
  readonly internal: {
    gate: CompiledValidatingPolicy;
    variables: Array<{ name: string; expr: Expr }>;
    generations: Generation[];
    synchronize: boolean;
    orphanDownstreamOnPolicyDelete: boolean;
  };
}

export interface CelGeneratedObject {
  policy: string;
  rule: string;
  object: K8sObject;
  synchronize: boolean;
}

export interface CelPolicyGeneration {
  results: RuleResult[];
  generated: CelGeneratedObject[];
}

export function isGeneratingPolicyDocument(obj: unknown): boolean {
  return isKyvernoCelPolicyDocument(obj, GENERATING_POLICY_KINDS);
}

const enabled = (block: unknown): boolean => isObj(block) && block.enabled === true;

export function compileGeneratingPolicy(
  obj: K8sObject,
  opts: { file?: string; line?: number } = {},
): { policy?: CompiledGeneratingPolicy; findings: Finding[] } {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const kind = obj.kind as CompiledGeneratingPolicy['kind'];
  const namespaced = kind === 'NamespacedGeneratingPolicy';
  const gateDoc = policyGateDocument(obj, { namespaced });
  const gate = compileValidatingPolicy(gateDoc, opts);
  if (!gate.policy) return { findings: gate.findings };
  gate.policy.exceptionKind = kind;
  const env = generatingPolicyEnvironment(namespaced);
  const variables = (Array.isArray(spec.variables) ? spec.variables : []).filter(isObj).map((v, i) => ({
    name: String(v.name ?? ''),
    expr: compileExpression(env, `variables[${i}].expression`, v.expression),
  }));
  const generations = (Array.isArray(spec.generate) ? spec.generate : [])
    .filter(isObj)
    .map((g, i) => compileGeneration(g, `generate[${i}]`, env));
  const evaluation = isObj(spec.evaluation) ? spec.evaluation : {};
  const policy: CompiledGeneratingPolicy = {
    name: gate.policy.name,
    ...(gate.policy.namespace !== undefined ? { namespace: gate.policy.namespace } : {}),
    kind,
    key: gate.policy.key,
    rules: [],
    unsupportedRules: [],
    validationFailureAction: 'Audit',
    scored: true,
    source: { file: opts.file, line: opts.line },
    internal: {
      gate: gate.policy,
      variables,
      generations,
      synchronize: enabled(evaluation.synchronize),
      orphanDownstreamOnPolicyDelete: enabled(evaluation.orphanDownstreamOnPolicyDelete),
    },
  };
  return { policy, findings: gate.findings };
}

function activationFor(
  trigger: K8sObject,
  ctx: CelEvaluationContext,
  generator: GeneratorContext,
): Record<string, unknown> {
  const a = createActivation(trigger, ctx);
  a.generator = generator;
  return a;
}

/** The objects one `generator.Apply` call asked for, moved into its namespace (a List expanded). */
function downstreamObjects(namespace: string, objects: readonly unknown[]): K8sObject[] {
  const out: K8sObject[] = [];
  const place = (o: Record<string, unknown>) => {
    const md = isObj(o.metadata) ? { ...o.metadata } : {};
    // unstructured SetNamespace("") removes the field
    if (namespace) md.namespace = namespace;
    else delete md.namespace;
    out.push({ ...o, metadata: md } as K8sObject);
  };
  for (const raw of objects) {
    const o = fromCel(raw);
    if (!isObj(o)) continue;
    // unstructured IsList: an `items` array
    if (Array.isArray(o.items)) for (const item of o.items) isObj(item) && place(item);
    else place(o);
  }
  return out;
}

/** Applies one GeneratingPolicy to a trigger: its response and the objects it generates. */
export function generateWithGeneratingPolicy(
  policy: CompiledGeneratingPolicy,
  trigger: K8sObject,
  ctx: CelEvaluationContext = {},
): CelPolicyGeneration {
  const out: CelPolicyGeneration = { results: [], generated: [] };
  const gate = evaluateValidatingPolicy(policy.internal.gate, trigger, ctx);
  if (gate.length === 0) return out;
  const rule = policy.name;
  const respond = (status: RuleResult['status'], message: string, name = rule) =>
    out.results.push({ policy: policy.key, rule: name, baseRule: name, status, message });
  const verdict = gate[0]!;
  if (verdict.status !== 'pass') {
    // an exception: its verdict under rule "exception"; a matchCondition that fails to evaluate is an
    // error of the policy (compiler/policy.go); a false one is a `skip` of the policy (kyverno
    // test/cli/test-generating-policy/matchconditions-skip expects `result: skip`)
    if (verdict.rule === 'exception') respond(verdict.status, verdict.message, 'exception');
    else if (verdict.status === 'error' || /^match condition .* failed: /.test(verdict.message))
      respond('error', `failed to evaluate policy: ${verdict.message}`);
    else respond('skip', verdict.message);
    return out;
  }
  const timeoutMs = ctx.ruleTimeoutMs ?? 2000;
  const generator = new GeneratorContext();
  const failure = withRuleBudget(
    { timeoutMs },
    (): string | undefined => {
      try {
        const a = activationFor(trigger, ctx, generator);
        a.variables = lazyVariables(
          policy.internal.variables.map((v) => ({
            name: v.name,
            evaluate: (act: Record<string, unknown>) => runExpression(v.expr, act, timeoutMs),
          })),
          a,
        );
        for (const g of policy.internal.generations)
          runGeneration(g, a, { timeoutMs, policyNamespace: policy.namespace, generator });
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
    (e) => e.message,
  );
  if (failure !== undefined) {
    respond('error', `failed to evaluate policy: ${failure}`);
    return out;
  }
  respond('pass', 'policy evaluated successfully');
  for (const call of generator.calls) {
    for (const object of downstreamObjects(call.namespace ?? policy.namespace ?? '', call.objects)) {
      out.generated.push({ policy: policy.key, rule, object, synchronize: policy.internal.synchronize });
    }
  }
  return out;
}
