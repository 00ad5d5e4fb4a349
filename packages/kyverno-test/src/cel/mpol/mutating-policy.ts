/**
 * CEL MutatingPolicy (policies.kyverno.io, kyverno pkg/cel/policies/mpol): matched and gated like a
 * ValidatingPolicy (matchConstraints, matchConditions, variables — the vpol compiler and evaluator run
 * a copy of the policy whose only validation is `true`), then each `mutations[]` entry is evaluated on
 * the object as the previous one left it:
 *
 * - `ApplyConfiguration`: the expression builds a partial object (`Object{...}`) merged into the
 *   resource (server-side-apply style: maps merge, lists with a merge key merge by it, new elements
 *   appended, other lists replaced);
 * - `JSONPatch`: the expression yields a list of `JSONPatch{op, path, value}` applied in order.
 *
 * One response per (policy, resource), rule name "": `pass` when the resource changed, `skip` when a
 * matchCondition is false or nothing changed, `error` when an expression fails. A policy on pods
 * also mutates pod controllers through its autogen variants (cel/mpol/autogen-mutations.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import { type Finding, isPlainRecord as isObj, type K8sObject, strategicMerge } from '@neuroscale/core';
import type { FailureAction, RuleResult, SourceRef, UnsupportedRule } from '../../engine/index.js';
import { applyJsonPatch } from '../../engine/mutate/apply-json-patch.js';
import { changedPaths } from '../../engine/mutate/changed-paths.js';
import { mergeDeducedApplyConfiguration } from '../../engine/mutate/merge-deduced-apply-configuration.js';
import type { PolicyMutation } from '../../engine/mutate/mutate-policy.js';
import { lazyVariables } from '../activation.js';
import {
  type CelEnvironment,
  type CelProgram,
  celErrorMessage,
  fromCel,
  withRuleBudget,
} from '../adapter/index.js';
import type { CelEvaluationContext } from '../cel-context.js';
import { createActivation } from '../create-activation.js';
import { mutatingPolicyEnvironment } from '../environments.js';
import { autogenVariants } from '../vpol/autogen.js';
import { type CompiledValidatingPolicy, compileValidatingPolicy } from '../vpol/compile-validating-policy.js';
import { evaluateValidatingPolicy } from '../vpol/evaluate-validating-policy.js';
import { decodeMatchConstraints } from '../vpol/match-constraints.js';
import { isKyvernoCelPolicyDocument, policyGateDocument } from '../vpol/policy-gate.js';
import { podToTemplateExpression } from './autogen-mutations.js';
import { rewriteStructLiterals } from './struct-literals.js';

export const MUTATING_POLICY_KINDS = ['MutatingPolicy', 'NamespacedMutatingPolicy'] as const;

interface Expr {
  field: string;
  program?: CelProgram;
  error?: string;
}

type Mutation = { patchType: string; expr: Expr };

/**
 * How an ApplyConfiguration merges: `strategic` for a MutatingPolicy (the mpol engine types it with the
 * OpenAPI schema: lists with a merge key merge by it), `deduced` for a MutatingAdmissionPolicy (kyverno's
 * CLI gives Kubernetes a schema-less type converter: maps merge, lists are replaced).
 */
export type ApplyConfigurationMerge = 'strategic' | 'deduced';

export interface CompileMutatingPolicyOptions {
  file?: string;
  line?: number;
  /** The CEL environment (default: the MutatingPolicy one; a MutatingAdmissionPolicy brings its own). */
  environment?: CelEnvironment;
  /** Default `strategic`. */
  applyConfiguration?: ApplyConfigurationMerge;
}

export interface CompiledMutatingPolicy {
  name: string;
  namespace?: string;
  /** A MutatingAdmissionPolicy is compiled as a MutatingPolicy of the same fields (policies/mutating-admission-policy.ts). */
  kind: (typeof MUTATING_POLICY_KINDS)[number] | 'MutatingAdmissionPolicy';
  key: string;
  rules: [];
  unsupportedRules: UnsupportedRule[];
  validationFailureAction: FailureAction;
  scored: boolean;
  source: SourceRef;
  readonly internal: {
    gate: CompiledValidatingPolicy;
    /** `evaluation.mutateExisting.enabled`: the gate over `targetMatchConstraints` selecting targets. */
    targetGate?: CompiledValidatingPolicy;
    variables: Array<{ name: string; expr: Expr }>;
    mutations: Mutation[];
    applyConfiguration: ApplyConfigurationMerge;
    /** Pod-controller variants (autogen): their own gate and rewritten mutations. */
    autogen: Array<{ gate: CompiledValidatingPolicy; mutations: Mutation[] }>;
  };
}

/** `spec.evaluation.mutateExisting.enabled` with `targetMatchConstraints` (mpol mutate existing). */
function mutateExisting(spec: Record<string, unknown>): boolean {
  const evaluation = isObj(spec.evaluation) ? spec.evaluation : {};
  const me = isObj(evaluation.mutateExisting) ? evaluation.mutateExisting : {};
  return me.enabled === true && isObj(spec.targetMatchConstraints);
}

export function isMutatingPolicyDocument(obj: unknown): boolean {
  return isKyvernoCelPolicyDocument(obj, MUTATING_POLICY_KINDS);
}

export function compileMutatingPolicy(
  obj: K8sObject,
  options: CompileMutatingPolicyOptions = {},
): { policy?: CompiledMutatingPolicy; findings: Finding[] } {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const kind = obj.kind as CompiledMutatingPolicy['kind'];
  const namespaced = kind === 'NamespacedMutatingPolicy';
  const opts = {
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.line !== undefined ? { line: options.line } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
  };
  // the gate: the same matching, conditions and variables, one always-true validation, no autogen
  const gateDoc = policyGateDocument(obj, { namespaced, failurePolicy: spec.failurePolicy });
  const gate = compileValidatingPolicy(gateDoc, opts);
  if (!gate.policy) return { findings: gate.findings };
  const targetGate = mutateExisting(spec)
    ? compileValidatingPolicy(
        {
          ...gateDoc,
          spec: { ...(gateDoc.spec as object), matchConstraints: spec.targetMatchConstraints },
        } as K8sObject,
        opts,
      ).policy
    : undefined;
  // PolicyExceptions name the MutatingPolicy kind (mpol engine: exceptions matched by policyRefs)
  gate.policy.exceptionKind = kind;
  const env = options.environment ?? mutatingPolicyEnvironment(namespaced);
  const compile = (field: string, source: unknown): Expr => {
    if (typeof source !== 'string') return { field, error: 'expression must be a string' };
    const r = env.compile(rewriteStructLiterals(source));
    return r.ok ? { field, program: r.program } : { field, error: r.error };
  };
  const variables = (Array.isArray(spec.variables) ? spec.variables : []).filter(isObj).map((v, i) => ({
    name: String(v.name ?? ''),
    expr: compile(`variables[${i}].expression`, v.expression),
  }));
  const compileMutations = (rewrite: (e: string) => string = (e) => e): Mutation[] =>
    (Array.isArray(spec.mutations) ? spec.mutations : []).filter(isObj).map((m, i) => {
      const patchType = String(m.patchType ?? '');
      const block = patchType === 'JSONPatch' ? m.jsonPatch : m.applyConfiguration;
      const source = isObj(block) ? block.expression : undefined;
      // autogen rewrites ApplyConfiguration expressions only
      const text = typeof source === 'string' && patchType !== 'JSONPatch' ? rewrite(source) : source;
      return { patchType, expr: compile(`mutations[${i}].expression`, text) };
    });
  const mutations = compileMutations();
  const autogen = autogenVariantsOf(spec, gateDoc, opts, compileMutations);
  const name = gate.policy.name;
  const policy: CompiledMutatingPolicy = {
    name,
    ...(gate.policy.namespace !== undefined ? { namespace: gate.policy.namespace } : {}),
    kind,
    key: gate.policy.key,
    rules: [],
    unsupportedRules: [],
    validationFailureAction: 'Audit',
    scored: true,
    source: { file: options.file, line: options.line },
    internal: {
      gate: gate.policy,
      ...(targetGate ? { targetGate } : {}),
      variables,
      mutations,
      applyConfiguration: options.applyConfiguration ?? 'strategic',
      autogen,
    },
  };
  return { policy, findings: gate.findings };
}

/** The pod-controller variants of the policy (none unless it matches only pods). */
function autogenVariantsOf(
  spec: Record<string, unknown>,
  gateDoc: K8sObject,
  opts: { file?: string; line?: number; environment?: CelEnvironment },
  compileMutations: (rewrite: (e: string) => string) => Mutation[],
): CompiledMutatingPolicy['internal']['autogen'] {
  const autogen = isObj(spec.autogen) ? spec.autogen : {};
  const pc = isObj(autogen.podControllers) ? autogen.podControllers : undefined;
  const controllers = pc && Array.isArray(pc.controllers) ? pc.controllers.map(String) : undefined;
  const out: CompiledMutatingPolicy['internal']['autogen'] = [];
  for (const v of autogenVariants(decodeMatchConstraints(spec.matchConstraints), controllers)) {
    const rewrite = (e: string) => podToTemplateExpression(e, v.group);
    const matchConditions = (Array.isArray(spec.matchConditions) ? spec.matchConditions : []).map((c) =>
      isObj(c) && typeof c.expression === 'string' ? { ...c, expression: rewrite(c.expression) } : c,
    );
    const gate = compileValidatingPolicy(
      {
        ...gateDoc,
        spec: { ...(gateDoc.spec as object), matchConstraints: v.match, matchConditions },
      } as K8sObject,
      opts,
    ).policy;
    if (gate) {
      gate.exceptionKind =
        gateDoc.kind === 'NamespacedValidatingPolicy' ? 'NamespacedMutatingPolicy' : 'MutatingPolicy';
      out.push({ gate, mutations: compileMutations(rewrite) });
    }
  }
  return out;
}

/** A mutation's outcome; `gateError` when the error came from matching (a matchCondition, an exception). */
export type MutatingPolicyMutation = PolicyMutation & { gateError?: boolean };

function run(expr: Expr, activation: Record<string, unknown>, timeoutMs: number): unknown {
  if (!expr.program) throw new Error(`${expr.field}: ${expr.error ?? 'not compiled'}`);
  try {
    return expr.program.evaluate(activation, { timeoutMs });
  } catch (e) {
    throw new Error(`${expr.field}: ${celErrorMessage(e)}`);
  }
}

/**
 * Applies one MutatingPolicy to a resource: the response and the resource afterwards. With
 * `mutateExisting` and targets given (a Test's `targetResources`), each target that
 * `targetMatchConstraints` (and the matchConditions, on the target) select is mutated too: one more
 * response per target, carrying it (cmd/cli/kubectl-kyverno/processor/policy_processor.go, the
 * "mutateExisting MutatingPolicies" pass after the trigger's own mutation).
 */
export function mutateWithMutatingPolicy(
  policy: CompiledMutatingPolicy,
  resource: K8sObject,
  ctx: CelEvaluationContext = {},
): MutatingPolicyMutation {
  const out = mutateTrigger(policy, resource, ctx);
  const targetGate = policy.internal.targetGate;
  if (!targetGate || !ctx.targets?.length || out.results.length === 0) return out;
  for (const target of ctx.targets) {
    const gate = evaluateValidatingPolicy(targetGate, target, ctx);
    if (gate.length === 0 || gate[0]!.status !== 'pass') continue;
    const m = mutateTrigger(policy, target, ctx, { gated: true });
    const result = m.results[0];
    if (!result) continue;
    out.results.push(result);
    out.patchedTargets ??= [];
    out.patchedTargets.push({ result, target: m.resource });
  }
  return out;
}

function mutateTrigger(
  policy: CompiledMutatingPolicy,
  resource: K8sObject,
  ctx: CelEvaluationContext,
  options: { gated?: boolean } = {},
): MutatingPolicyMutation {
  const out: MutatingPolicyMutation = { results: [], resource, changes: [] };
  let mutations = policy.internal.mutations;
  let gate = options.gated
    ? [{ status: 'pass' as const, message: '' }]
    : evaluateValidatingPolicy(policy.internal.gate, resource, ctx);
  // a pod controller: the autogen variant that matches it, with its rewritten mutations
  for (const v of gate.length === 0 && !options.gated ? policy.internal.autogen : []) {
    gate = evaluateValidatingPolicy(v.gate, resource, ctx);
    if (gate.length === 0) continue;
    mutations = v.mutations;
    break;
  }
  if (gate.length === 0) return out;
  const respond = (status: RuleResult['status'], message: string) =>
    out.results.push({ policy: policy.key, rule: '', baseRule: '', status, message });
  if (gate[0]!.status !== 'pass') {
    if (gate[0]!.status === 'error') out.gateError = true;
    respond(gate[0]!.status, gate[0]!.message);
    return out;
  }
  const timeoutMs = ctx.ruleTimeoutMs ?? 2000;
  const result = withRuleBudget(
    { timeoutMs },
    (): { current: K8sObject } | { error: string } => {
      try {
        return { current: applyMutations(policy, mutations, resource, ctx, timeoutMs) };
      } catch (e) {
        return { error: (e as Error).message };
      }
    },
    (e) => ({ error: e.message }),
  );
  if ('error' in result) {
    respond('error', `policy ${policy.name}: ${result.error}`);
    return out;
  }
  // the mpol engine answers pass once the mutations evaluated, changed or not (only a false
  // matchCondition is a skip)
  if (isDeepStrictEqual(result.current, resource)) {
    respond('pass', 'no patches applied');
    return out;
  }
  respond('pass', `mutated by ${policy.name}`);
  out.changes.push({ policy: policy.key, rule: '', paths: changedPaths(resource, result.current) });
  out.resource = result.current;
  return out;
}

function applyMutations(
  policy: CompiledMutatingPolicy,
  mutations: readonly Mutation[],
  resource: K8sObject,
  ctx: CelEvaluationContext,
  timeoutMs: number,
): K8sObject {
  let current = resource;
  for (const m of mutations) {
    const a = createActivation(current, ctx);
    // variables are evaluated when first used, as in the vpol evaluator
    a.variables = lazyVariables(
      policy.internal.variables.map((v) => ({
        name: v.name,
        evaluate: (act: Record<string, unknown>) => run(v.expr, act, timeoutMs),
      })),
      a,
    );
    const value = fromCel(run(m.expr, a, timeoutMs));
    if (m.patchType === 'JSONPatch') {
      if (!Array.isArray(value)) throw new Error(`${m.expr.field}: JSONPatch expression must yield a list`);
      current = applyJsonPatch(current, value.filter(isObj)) as K8sObject;
    } else if (isObj(value)) {
      current = (
        policy.internal.applyConfiguration === 'deduced'
          ? mergeDeducedApplyConfiguration(current, value)
          : strategicMerge(current, value, { listOrder: 'append' })
      ) as K8sObject;
    } else throw new Error(`${m.expr.field}: ApplyConfiguration expression must yield an object`);
  }
  return current;
}
