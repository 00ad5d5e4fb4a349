/**
 * The generate rules of one classic policy for one trigger resource, as Kyverno's generate
 * controller builds the downstream objects (pkg/background/generate/generator.go, `manageData` /
 * `manageClone` / `manageCloneList`): rule matched, context loaded, preconditions checked (false ⇒
 * `skip`), the `generate` block substituted, then
 *
 * - `data`: an object of `apiVersion`/`kind` with the block's `name`/`namespace`, `data` merged in;
 * - `clone`: the object `clone.namespace/clone.name` of that kind, taken from the objects the caller
 *   knows (the suite's resources, the rendered tree), renamed and moved into `namespace`;
 * - `cloneList`: every object of `cloneList.kinds` in `cloneList.namespace` matching its `selector`;
 * - none of them: no object (Kyverno skips a nil `data`).
 *
 * Generated objects carry Kyverno's `generate.kyverno.io/*` labels; `synchronize` is recorded. Nothing
 * is read from a cluster: a clone source that is not given generates nothing, and the rule answers with
 * its status and a message naming the source, as the CLI does (see generateObjects).
 */
import { isDeepStrictEqual } from 'node:util';
import { type K8sObject, matchesLabelSelector, strategicMerge } from '@neuroscale/core';
import { matchRequest, ruleMatches } from '../evaluate-policy.js';
import {
  Budget,
  DEFAULT_RULE_SIZE_UNITS,
  DEFAULT_RULE_TIMEOUT_MS,
  withActiveBudget,
} from '../evaluation/budget.js';
import { errorMessage, isBudgetError } from '../evaluation/errors.js';
import { isObject } from '../jmespath/json.js';
import type { PolicyInternal, Rule } from '../rule.js';
import type { Scope } from '../rule-scope/scope.js';
import type { CompiledPolicy, EvaluationContext, RuleResult, RuleStatus } from '../types.js';
import { checkPreconditions } from '../validate-rule/validate-block.js';
import { buildRequest, requestBasics, ruleValues } from '../variables/build-context.js';
import { loadContextEntries } from '../variables/context-entries.js';
import { substituteAll } from '../variables/substitute.js';

type Obj = Record<string, unknown>;

export interface GeneratedObject {
  policy: string;
  rule: string;
  object: K8sObject;
  synchronize: boolean;
}

export interface PolicyGeneration {
  results: RuleResult[];
  generated: GeneratedObject[];
}

export interface GenerateOptions {
  /** Objects `clone` / `cloneList` may copy from (never fetched from a cluster). */
  sources?: readonly K8sObject[];
}

export function hasGenerateRules(policy: CompiledPolicy): boolean {
  return ((policy.internal as PolicyInternal).generateRules?.length ?? 0) > 0;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

function labelsFor(policy: CompiledPolicy, rule: Rule, trigger: Obj): Record<string, string> {
  const md = isObject(trigger.metadata) ? trigger.metadata : {};
  return {
    'app.kubernetes.io/managed-by': 'kyverno',
    'generate.kyverno.io/policy-name': policy.name,
    ...(policy.namespace ? { 'generate.kyverno.io/policy-namespace': policy.namespace } : {}),
    'generate.kyverno.io/rule-name': rule.name,
    'generate.kyverno.io/trigger-kind': str(trigger.kind),
    'generate.kyverno.io/trigger-namespace': str(md.namespace),
    'generate.kyverno.io/trigger-version': str(trigger.apiVersion).split('/').pop() ?? '',
    'generate.kyverno.io/trigger-group': str(trigger.apiVersion).includes('/')
      ? str(trigger.apiVersion).split('/')[0]!
      : '',
  };
}

/** A copy fit to be created again: server-set metadata dropped, renamed and moved. */
function cloneOf(source: K8sObject, name: string, namespace: string): Obj {
  const md = isObject(source.metadata) ? { ...source.metadata } : {};
  for (const k of [
    'uid',
    'resourceVersion',
    'creationTimestamp',
    'generation',
    'managedFields',
    'selfLink',
    'ownerReferences',
  ])
    delete md[k];
  const out: Obj = {
    ...source,
    metadata: { ...md, name: name || md.name, ...(namespace ? { namespace } : {}) },
  };
  delete out.status;
  return out;
}

function withMetadata(obj: Obj, labels: Record<string, string>): K8sObject {
  const md = isObject(obj.metadata) ? obj.metadata : {};
  const existing = isObject(md.labels) ? md.labels : {};
  return { ...obj, metadata: { ...md, labels: { ...existing, ...labels } } } as K8sObject;
}

function sameKind(o: K8sObject, apiVersion: string, kind: string): boolean {
  return o.kind === kind && (!apiVersion || o.apiVersion === apiVersion);
}

/** The objects one substituted `generate` block produces, or an error message. */
function buildObjects(g: Obj, sources: readonly K8sObject[]): Obj[] | string {
  const apiVersion = str(g.apiVersion);
  const kind = str(g.kind);
  const name = str(g.name);
  const namespace = str(g.namespace);
  if (g.data !== undefined && g.data !== null) {
    const base: Obj = { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
    return [strategicMerge(base, isObject(g.data) ? (g.data as Obj) : {})];
  }
  if (isObject(g.clone)) {
    const src = sources.find(
      (o) =>
        sameKind(o, apiVersion, kind) &&
        o.metadata?.name === str(g.clone && (g.clone as Obj).name) &&
        str(o.metadata?.namespace) === str((g.clone as Obj).namespace),
    );
    if (!src)
      return `clone source ${kind} ${str((g.clone as Obj).namespace)}/${str((g.clone as Obj).name)} is not among the given resources`;
    return [cloneOf(src, name, namespace)];
  }
  if (isObject(g.cloneList)) {
    const cl = g.cloneList as Obj;
    const kinds = Array.isArray(cl.kinds) ? cl.kinds.map(str) : [];
    const out = sources
      .filter((o) =>
        kinds.some((k) => {
          const parts = k.split('/');
          return sameKind(o, parts.slice(0, -1).join('/'), parts[parts.length - 1]!);
        }),
      )
      .filter((o) => str(o.metadata?.namespace) === str(cl.namespace))
      .filter(
        (o) =>
          cl.selector === undefined ||
          matchesLabelSelector(cl.selector, (o.metadata?.labels ?? {}) as Record<string, string>),
      )
      .map((o) => cloneOf(o, str(o.metadata?.name), namespace));
    return out;
  }
  // neither data nor a clone source: nothing is created (pkg/background/generate/data.go manageData:
  // "data is nil - skipping update"), the rule still answers with its status
  return [];
}

type RuleOutcome = {
  status: RuleStatus;
  message: string;
  objects?: Obj[];
  sync?: boolean;
  /** Generation failed with an error other than a missing source: the CLI keeps no object of the policy. */
  dropsPolicyObjects?: boolean;
};

/**
 * The objects of a rule whose status is settled (matched, preconditions met). Kyverno's CLI takes the
 * rule's status from the background checks (pkg/engine/background.go filterRule) and only then asks the
 * generate controller for the objects (cmd/cli/kubectl-kyverno/processor/generate.go
 * handleGeneratePolicy): when that fails the status stays `pass` with nothing generated — for a missing
 * clone source (NotFound) only this rule's objects are lost, for any other error those of every rule of
 * the policy (the rule responses are kept without their generated resources).
 */
function generateObjects(
  rule: Rule,
  ctx: Scope['ctx'],
  budget: Budget,
  sources: readonly K8sObject[],
): RuleOutcome {
  let g: unknown;
  try {
    g = substituteAll(rule.generate ?? {}, ctx, { budget });
  } catch (e) {
    if (isBudgetError(e)) throw e;
    return { status: 'pass', message: `no resource generated: ${errorMessage(e)}`, dropsPolicyObjects: true };
  }
  if (!isObject(g))
    return {
      status: 'pass',
      message: 'no resource generated: generate block is not a mapping',
      dropsPolicyObjects: true,
    };
  const built = buildObjects(g, sources);
  if (typeof built === 'string') return { status: 'pass', message: `no resource generated: ${built}` };
  return {
    status: 'pass',
    message: `generated ${built.length} resource(s)`,
    objects: built,
    sync: g.synchronize === true,
  };
}

// long: the per-rule sequence (match, context, preconditions, objects) with its budget handling
export function generatePolicy(
  policy: CompiledPolicy,
  trigger: K8sObject,
  ev: EvaluationContext = {},
  options: GenerateOptions = {},
): PolicyGeneration {
  const internal = policy.internal as PolicyInternal;
  const out: PolicyGeneration = { results: [], generated: [] };
  if (!isObject(trigger)) return out;
  let dropObjects = false;
  for (const rule of internal.generateRules ?? []) {
    const basics = requestBasics(trigger as Obj, ev, policy.name);
    const state = buildRequest(basics, ev);
    const md = isObject(state.resource.metadata) ? state.resource.metadata : {};
    if (policy.namespace !== undefined && md.namespace !== policy.namespace) break;
    const req = matchRequest(state);
    const timeoutMs = ev.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS;
    const budget = new Budget(Date.now() + timeoutMs, ev.ruleSizeUnits ?? DEFAULT_RULE_SIZE_UNITS);
    const r = withActiveBudget(budget, (): RuleOutcome | undefined => {
      try {
        if (!ruleMatches(rule, req)) return undefined;
        let ctx = state.ctx;
        for (const [k, v] of ruleValues(ev, policy.name, rule.name)) ctx = ctx.withVariable(k, v);
        ctx = loadContextEntries(rule.context, ctx, budget, false, ev, rule);
        const scope: Scope = {
          rule,
          ctx,
          budget,
          isDelete: false,
          target: state.resource,
          nesting: 0,
          offline: ev,
        };
        const pre = checkPreconditions(scope, rule.preconditions);
        if (pre) return pre;
        return generateObjects(rule, ctx, budget, options.sources ?? []);
      } catch (e) {
        if (isBudgetError(e))
          return { status: 'error', message: `rule evaluation exceeded its time budget (${timeoutMs} ms)` };
        return { status: 'error', message: `rule evaluation failed: ${errorMessage(e)}` };
      }
    });
    if (!r) continue;
    out.results.push({
      policy: policy.key,
      rule: rule.name,
      baseRule: rule.baseName,
      status: r.status,
      message: r.message,
    });
    if (r.dropsPolicyObjects) dropObjects = true;
    for (const o of r.objects ?? []) {
      const object = withMetadata(o, labelsFor(policy, rule, state.resource));
      if (out.generated.some((x) => isDeepStrictEqual(x.object, object))) continue;
      const entry: GeneratedObject = {
        policy: policy.key,
        rule: rule.name,
        object,
        synchronize: r.sync === true,
      };
      out.generated.push(entry);
    }
    if (internal.applyRulesOne && r.status === 'pass') break;
  }
  if (dropObjects && out.generated.length > 0) {
    const lost = new Set(out.generated.map((g) => g.rule));
    out.generated = [];
    out.results = out.results.map((r) =>
      lost.has(r.rule)
        ? { ...r, message: 'no resource generated: another rule of the policy failed to generate' }
        : r,
    );
  }
  return out;
}
