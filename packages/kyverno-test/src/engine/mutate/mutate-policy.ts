/**
 * The mutate rules of one classic policy applied to one resource, as Kyverno's engine does it
 * (pkg/engine/mutation.go and pkg/engine/handlers/mutation/mutate_resource.go): rules in policy order
 * (autogen rules for pod controllers), each matched against the resource as the previous rules left
 * it, context loaded, preconditions checked (false ⇒ `skip`), then the patch applied. Responses are
 * `pass` (resource patched), `skip` (preconditions, failed conditional anchors, nothing changed) or
 * `error`. `applyRules: One` stops after the first rule that applied.
 */
import type { K8sObject } from '@neuroscale/core';
import { POD_CONTROLLERS } from '../autogen/autogen.js';
import { matchRequest, ruleMatches } from '../evaluate-policy.js';
import {
  Budget,
  DEFAULT_RULE_SIZE_UNITS,
  DEFAULT_RULE_TIMEOUT_MS,
  isSizeBudgetError,
  withActiveBudget,
} from '../evaluation/budget.js';
import { errorMessage, isBudgetError } from '../evaluation/errors.js';
import { candidateExceptions, findMatchingExceptions } from '../exceptions/apply-exceptions.js';
import { isObject } from '../jmespath/json.js';
import { possibleKinds } from '../match/match-resource.js';
import type { PolicyInternal, Rule } from '../rule.js';
import type { Scope } from '../rule-scope/scope.js';
import type { CompiledPolicy, EvaluationContext, RuleResult } from '../types.js';
import { checkPreconditions } from '../validate-rule/validate-block.js';
import { buildRequest, requestBasics, ruleValues } from '../variables/build-context.js';
import { loadContextEntries } from '../variables/context-entries.js';
import { applyPatchBlock, type PatchOutcome } from './apply-mutation.js';
import { changedPaths } from './changed-paths.js';
import { mutateExisting, type TargetOutcome } from './mutate-existing.js';
import { mutateForeach } from './mutate-foreach.js';

type Obj = Record<string, unknown>;

/** One rule that changed the resource, and where (JSON pointers into the resource before the rule). */
export interface AppliedMutation {
  policy: string;
  rule: string;
  paths: string[];
}

export interface PolicyMutation {
  /** Rule responses of the mutate rules that matched, in order. */
  results: RuleResult[];
  /** The resource after every rule (the input object itself when nothing changed). */
  resource: K8sObject;
  changes: AppliedMutation[];
  /** Mutate-existing responses and the target each patched (`mutate.targets`), in response order. */
  patchedTargets?: Array<{ result: RuleResult; target: K8sObject }>;
}

const CONTROLLERS = new Set<string>(POD_CONTROLLERS);
const kindsCache = new WeakMap<Rule, Set<string> | undefined>();

/** True when the policy has mutate rules this engine applies. */
export function hasMutateRules(policy: CompiledPolicy): boolean {
  const internal = policy.internal as PolicyInternal;
  return (internal.mutateRules?.length ?? 0) > 0;
}

/** Mutate rules for a kind (`autogen.ComputeRules`): autogen variants replace the Pod ones for controllers. */
function mutateRulesFor(internal: PolicyInternal, kind: string): Rule[] {
  const own = internal.mutateRules ?? [];
  const generated = internal.mutateAutogenByKind?.get(kind);
  if (!CONTROLLERS.has(kind) || !generated) return own;
  return [...own.filter((r) => !r.name.startsWith('autogen-')), ...generated];
}

// long: the per-rule admission sequence (match, exceptions, context, preconditions, patch) with its budget handling
export function mutatePolicy(
  policy: CompiledPolicy,
  resource: K8sObject,
  ev: EvaluationContext = {},
): PolicyMutation {
  const internal = policy.internal as PolicyInternal;
  const out: PolicyMutation = { results: [], resource, changes: [] };
  if (!isObject(resource)) return out;
  const kind = typeof resource.kind === 'string' ? resource.kind : '';
  // rules whose match names only other kinds never match: no request is built for them
  const rules = mutateRulesFor(internal, kind).filter((r) => {
    if (!kindsCache.has(r)) kindsCache.set(r, possibleKinds(r.match));
    const kinds = kindsCache.get(r);
    return kinds === undefined || kinds.has(kind);
  });
  let current = resource as Obj;
  for (const rule of rules) {
    const basics = requestBasics(current, ev, policy.name);
    const state = buildRequest(basics, ev);
    const md = isObject(state.resource.metadata) ? state.resource.metadata : {};
    if (policy.namespace !== undefined && md.namespace !== policy.namespace) break;
    const req = matchRequest(state);
    const timeoutMs = ev.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS;
    const budget = new Budget(Date.now() + timeoutMs, ev.ruleSizeUnits ?? DEFAULT_RULE_SIZE_UNITS);
    const r = withActiveBudget(budget, (): PatchOutcome | TargetOutcome[] | undefined => {
      try {
        if (!ruleMatches(rule, req)) return undefined;
        let ctx = state.ctx;
        for (const [k, v] of ruleValues(ev, policy.name, rule.name)) ctx = ctx.withVariable(k, v);
        const target = state.resource;
        const error = (message: string): PatchOutcome => ({ status: 'error', message, resource: target });
        try {
          ctx = loadContextEntries(rule.context, ctx, budget, false, ev, rule);
        } catch (e) {
          if (isBudgetError(e)) throw e;
          return error(`failed to load context: ${errorMessage(e)}`);
        }
        const scope: Scope = { rule, ctx, budget, isDelete: false, target, nesting: 0, offline: ev };
        const pre = checkPreconditions(scope, rule.preconditions);
        if (pre) return { ...pre, resource: target };
        const candidates = candidateExceptions(ev.exceptions, policy.key, rule.name);
        if (
          candidates.length > 0 &&
          findMatchingExceptions(candidates, req, ctx, { budget, isDelete: false }).length > 0
        )
          return { status: 'skip', message: 'rule is skipped due to policy exceptions', resource: target };
        const m = rule.mutate ?? {};
        if (Array.isArray(m.targets) && m.targets.length > 0)
          return mutateExisting(scope, m, ev.targets ?? []);
        if (Array.isArray(m.foreach)) return mutateForeach(scope, m.foreach, target);
        return applyPatchBlock(m, target, ctx, { budget, isDelete: false });
      } catch (e) {
        const message = isSizeBudgetError(e)
          ? `rule evaluation exceeded its size budget (${budget.maxUnits} list elements and string characters)`
          : isBudgetError(e)
            ? `rule evaluation exceeded its time budget (${timeoutMs} ms)`
            : `rule evaluation failed: ${errorMessage(e)}`;
        return { status: 'error', message, resource: current };
      }
    });
    if (!r) continue;
    const response = (o: PatchOutcome): RuleResult => ({
      policy: policy.key,
      rule: rule.name,
      baseRule: rule.baseName,
      status: o.status,
      message: o.message,
      ...(rule.autogen ? { autogen: true } : {}),
    });
    if (Array.isArray(r)) {
      // mutate existing: the trigger stays as it is, each target answers
      for (const t of r) {
        const result = response(t);
        out.results.push(result);
        out.patchedTargets ??= [];
        out.patchedTargets.push({ result, target: t.resource as K8sObject });
      }
      continue;
    }
    out.results.push(response(r));
    if (r.status === 'pass' && r.resource !== current) {
      out.changes.push({ policy: policy.key, rule: rule.name, paths: changedPaths(current, r.resource) });
      current = r.resource;
    }
    if (internal.applyRulesOne && r.status === 'pass') break;
  }
  out.resource = current as K8sObject;
  return out;
}
