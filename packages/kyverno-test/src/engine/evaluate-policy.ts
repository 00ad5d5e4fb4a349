import type { K8sObject } from '@neuroscale/core';
import { POD_CONTROLLERS } from './autogen/autogen.js';
import {
  Budget,
  DEFAULT_RULE_SIZE_UNITS,
  DEFAULT_RULE_TIMEOUT_MS,
  isSizeBudgetError,
  swapActiveBudget,
} from './evaluation/budget.js';
import { errorMessage, isBudgetError } from './evaluation/errors.js';
import { type Outcome, outcome } from './evaluation/outcome.js';
import {
  candidateExceptions,
  exceptionKey,
  findMatchingExceptions,
  podSecurityException,
} from './exceptions/apply-exceptions.js';
import { isObject } from './jmespath/json.js';
import { gvkOf } from './match/kinds.js';
import { matchLabelSelector } from './match/label-selector.js';
import {
  excludeBlockMatches,
  type MatchRequest,
  matchBlockMatches,
  possibleKinds,
} from './match/match-resource.js';
import { subresourceKind } from './match/subresource-kinds.js';
import { podSecurityWithException } from './pod-security/validate-pod-security.js';
import type { FailureActionOverride, PolicyInternal, Rule } from './rule.js';
import type { Scope } from './rule-scope/scope.js';
import type { CompiledPolicy, EvaluationContext, RuleResult } from './types.js';
import { checkPreconditions, validateBlock } from './validate-rule/validate-block.js';
import { hasImageChecksFor, verifyImageChecks } from './validate-rule/verify-image-checks.js';
import { wildcardMatch } from './values/wildcard.js';
import {
  buildRequest,
  foreachValuesAt,
  type RequestBasics,
  type RequestState,
  requestBasics,
  ruleValues,
} from './variables/build-context.js';
import { loadContextEntries } from './variables/context-entries.js';

const CONTROLLERS = new Set<string>(POD_CONTROLLERS);

/** Rules Kyverno evaluates for a resource kind (`autogen.ComputeRules`). */
function rulesFor(internal: PolicyInternal, kind: string): Rule[] {
  const generated = internal.autogenByKind.get(kind);
  if (!CONTROLLERS.has(kind) || !generated) return internal.rules;
  return [...internal.rules.filter((r) => !r.name.startsWith('autogen-')), ...generated];
}

const candidateCache = new WeakMap<PolicyInternal, Map<string, Rule[]>>();
const kindsCache = new WeakMap<Rule, Set<string> | undefined>();

/** rulesFor(kind) without the rules whose `match` names only other kinds (computed once per kind). */
function candidateRules(internal: PolicyInternal, kind: string): Rule[] {
  let byKind = candidateCache.get(internal);
  if (!byKind) {
    byKind = new Map();
    candidateCache.set(internal, byKind);
  }
  let rules = byKind.get(kind);
  if (!rules) {
    rules = rulesFor(internal, kind).filter((r) => {
      if (!kindsCache.has(r)) kindsCache.set(r, possibleKinds(r.match));
      const kinds = kindsCache.get(r);
      return kinds === undefined || kinds.has(kind);
    });
    if (byKind.size > 1000) byKind.clear();
    byKind.set(kind, rules);
  }
  return rules;
}

export function matchRequest(state: RequestState | RequestBasics): MatchRequest {
  return {
    resource: state.resource,
    gvk: gvkOf(state.resource),
    subresource: '',
    operation: state.operation,
    userInfo: state.userInfo,
    namespaceLabels: state.namespaceLabels,
  };
}

function overrideFor(overrides: FailureActionOverride[], req: MatchRequest): 'Audit' | 'Enforce' | undefined {
  const md = isObject(req.resource.metadata) ? req.resource.metadata : {};
  const ns = typeof md.namespace === 'string' ? md.namespace : '';
  for (const o of overrides) {
    if (o.namespaces.some((n) => wildcardMatch(n, ns))) return o.action;
    if (
      o.namespaceSelector !== undefined &&
      o.namespaceSelector !== null &&
      matchLabelSelector(o.namespaceSelector, req.namespaceLabels)
    )
      return o.action;
  }
  return undefined;
}

function failureActionOf(rule: Rule, internal: PolicyInternal, req: MatchRequest): 'Audit' | 'Enforce' {
  const fromRule = overrideFor(rule.validate.failureActionOverrides ?? [], req);
  if (fromRule) return fromRule;
  const a = rule.validate.failureAction?.toLowerCase();
  if (a === 'enforce') return 'Enforce';
  if (a === 'audit') return 'Audit';
  return overrideFor(internal.failureActionOverrides, req) ?? internal.failureAction;
}

export function ruleMatches(rule: Rule, req: MatchRequest): boolean {
  if (!matchBlockMatches(rule.match, req)) return false;
  return !(rule.exclude !== undefined && excludeBlockMatches(rule.exclude, req));
}

/** One rule against one request; undefined = no rule response (not matched / nothing applied). */
function evaluateRule(
  policy: CompiledPolicy,
  rule: Rule,
  state: RequestState,
  ev: EvaluationContext,
  req: MatchRequest,
): Outcome | undefined {
  const timeoutMs = ev.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS;
  const budget = new Budget(Date.now() + timeoutMs, ev.ruleSizeUnits ?? DEFAULT_RULE_SIZE_UNITS);
  // withActiveBudget without a closure per rule and resource
  const previous = swapActiveBudget(budget);
  try {
    return evaluateRuleIn(policy, rule, state, ev, req, budget, timeoutMs);
  } finally {
    swapActiveBudget(previous);
  }
}

function evaluateRuleIn(
  policy: CompiledPolicy,
  rule: Rule,
  state: RequestState,
  ev: EvaluationContext,
  req: MatchRequest,
  budget: Budget,
  timeoutMs: number,
): Outcome | undefined {
  const isDelete = state.operation === 'DELETE';
  const imageChecks = rule.validate.verifyImages;
  // kyverno NewValidateImageHandler: no handler (no response) without a matching image or a check
  if (imageChecks && !hasImageChecksFor(state.resource, imageChecks, { isDelete })) return undefined;
  try {
    let ctx = state.ctx;
    if (ev.values !== undefined)
      for (const [k, v] of ruleValues(ev, policy.name, rule.name)) ctx = ctx.withVariable(k, v);
    if (rule.context.length > 0) {
      try {
        ctx = loadContextEntries(rule.context, ctx, budget, isDelete, ev, rule);
      } catch (e) {
        if (isBudgetError(e)) throw e;
        return outcome('error', `failed to load context: ${errorMessage(e)}`);
      }
    }
    const scope: Scope = { rule, ctx, budget, isDelete, target: state.resource, nesting: 0, offline: ev };
    if (ev.values) scope.foreachValuesAt = (at) => foreachValuesAt(ev, policy.name, rule.name, at);
    const pre = checkPreconditions(scope, rule.preconditions);
    if (pre) return pre;
    const candidates = candidateExceptions(ev.exceptions, policy.key, rule.name);
    if (candidates.length > 0) {
      const matched = findMatchingExceptions(candidates, req, ctx, { budget, isDelete });
      if (matched.length > 0 && rule.validate.podSecurity) {
        const pss = podSecurityWithException(scope, podSecurityException(matched));
        return pss?.status === 'skip' ? { ...pss, exceptions: matched.map((ex) => ex.name) } : pss;
      }
      // pkg/engine/handlers/validation/validate_resource.go: one skip naming every matched exception
      // (validate_manifest.go writes the same words without the space before the names)
      if (matched.length > 0)
        return {
          ...outcome(
            'skip',
            `rule is skipped due to policy exceptions${rule.validate.manifests ? '' : ' '}${matched.map(exceptionKey).join(', ')}`,
          ),
          exceptions: matched.map((ex) => ex.name),
        };
    }
    if (imageChecks)
      return verifyImageChecks(state.resource, imageChecks, {
        policyKey: `${policy.namespace ?? ''}/${policy.name}`,
        rule: rule.name,
      });
    return validateBlock(scope, rule.validate);
  } catch (e) {
    if (isSizeBudgetError(e))
      return outcome(
        'error',
        `rule evaluation exceeded its size budget (${budget.maxUnits} list elements and string characters)`,
      );
    if (isBudgetError(e))
      return outcome('error', `rule evaluation exceeded its time budget (${timeoutMs} ms)`);
    return outcome('error', `rule evaluation failed: ${errorMessage(e)}`);
  }
}

/** The last resource's request (see evaluatePolicy). Contexts are copy-on-write, so sharing is safe. */
let sharedRequest:
  | {
      resource: object;
      ev: EvaluationContext;
      basics: RequestBasics;
      req: MatchRequest;
      state?: RequestState;
    }
  | undefined;

/**
 * Evaluates every validate rule of a compiled policy against one resource, returning the rule
 * responses Kyverno's engine would produce (rules that do not match produce none).
 *
 * Resources and the evaluation context are treated as immutable values: what is derived from them
 * (images, the admission request, match metadata) is cached by object identity, so change a
 * resource by passing a new object, not by editing the one already evaluated.
 */
// long: the per-resource evaluation loop with its lazily built, shared JSON context and time budget (see the comments inside)
export function evaluatePolicy(
  policy: CompiledPolicy,
  resource: K8sObject,
  ev: EvaluationContext = {},
): RuleResult[] {
  const internal = policy.internal as PolicyInternal;
  if (!isObject(resource)) return [];
  // no rule can match this kind: skip building the request (values may change the resource: not then)
  const resourceKind = typeof resource.kind === 'string' ? resource.kind : '';
  const early =
    ev.values === undefined && ev.variables === undefined
      ? candidateRules(internal, resourceKind)
      : undefined;
  if (early?.length === 0) return [];
  // without values the request does not depend on the policy: reuse it across the policies that
  // are evaluated one after the other on the same resource
  const shared = ev.values === undefined && ev.variables === undefined ? sharedRequest : undefined;
  const reuse = shared !== undefined && shared.resource === resource && shared.ev === ev;
  const basics = reuse ? shared.basics : requestBasics(resource as Record<string, unknown>, ev, policy.name);
  // the JSON context is built lazily, for the first rule that matches
  let state: RequestState | undefined = reuse
    ? shared.state
    : basics.valuesChangeResource
      ? buildRequest(basics, ev)
      : undefined;
  const target = state?.resource ?? basics.resource;
  const md = isObject(target.metadata) ? target.metadata : {};
  if (policy.namespace !== undefined && md.namespace !== policy.namespace) return [];
  const req = reuse ? shared.req : matchRequest(state ?? basics);
  if (!reuse && ev.values?.subresources?.length)
    Object.assign(req, subresourceKind(req.gvk, ev.values.subresources));
  if (ev.values === undefined && ev.variables === undefined && !reuse)
    sharedRequest = { resource, ev, basics, req, state };
  const kind = req.gvk.kind;
  const results: RuleResult[] = [];
  // matching runs wildcards over names, namespaces, labels and annotations from the PR: one time
  // budget for the whole match phase of this policy and resource
  const matchBudget = new Budget(Date.now() + (ev.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS));
  // the rules looked up above serve unless the request's kind differs (values may change the resource)
  const rules = early !== undefined && kind === resourceKind ? early : candidateRules(internal, kind);
  for (const rule of rules) {
    let matches: boolean;
    const previous = swapActiveBudget(matchBudget);
    try {
      matches = ruleMatches(rule, req);
    } catch (e) {
      if (!isBudgetError(e)) throw e;
      results.push({
        policy: policy.key,
        rule: rule.name,
        baseRule: rule.baseName,
        status: 'error',
        message: `rule matching exceeded its time budget (${ev.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS} ms)`,
      });
      continue;
    } finally {
      swapActiveBudget(previous);
    }
    if (!matches) continue;
    if (!state) {
      state = buildRequest(basics, ev);
      if (sharedRequest?.req === req) sharedRequest.state = state;
    }
    let r = evaluateRule(policy, rule, state, ev, req);
    if (!r) continue;
    const failureAction = failureActionOf(rule, internal, req);
    if (
      r.status === 'fail' &&
      state.operation === 'UPDATE' &&
      failureAction === 'Enforce' &&
      rule.validate.allowExistingViolations !== false
    ) {
      const old = (state.ctx.root.request as Record<string, unknown>).oldObject;
      if (isObject(old)) {
        const oldEv: EvaluationContext = {
          ...ev,
          operation: 'CREATE',
          variables: { ...ev.variables, 'request.operation': 'CREATE' },
        };
        const oldBasics = requestBasics(old, oldEv, policy.name);
        const oldState = buildRequest(oldBasics, oldEv);
        const oldReq = matchRequest(oldState);
        const prior = ruleMatches(rule, oldReq)
          ? evaluateRule(policy, rule, oldState, ev, oldReq)
          : undefined;
        if (prior?.status === 'fail')
          r = outcome('skip', 'skipping modified resource as validation results have not changed');
      }
    }
    const status = r.status === 'fail' && !policy.scored ? 'warn' : r.status;
    const res: RuleResult = {
      policy: policy.key,
      rule: rule.name,
      baseRule: rule.baseName,
      status,
      message: r.message,
      failureAction,
    };
    if (rule.autogen) res.autogen = true;
    if (r.path !== undefined && r.status === 'fail') res.path = r.path;
    if (r.exceptions) res.exceptions = r.exceptions;
    results.push(res);
    if (internal.applyRulesOne && (r.status === 'pass' || r.status === 'fail')) break;
  }
  return results;
}
