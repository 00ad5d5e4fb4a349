/**
 * Apply mode: every loaded policy against every rendered manifest. Failures become findings located
 * at the object's source line; every rule response goes into a wgpolicyk8s.io/v1alpha2 report.
 */
import {
  type Finding,
  type FindingInit,
  finding,
  type K8sObject,
  locationOf,
  type Manifest,
  objectRef,
  type Severity,
} from '@neuroscale/core';
import type { CelEvaluationContext } from '../cel/cel-context.js';
import type { CelContextData } from '../cel/libraries/kyverno-context.js';
import type { CompiledException, Operation, RuleResult, UserInfo, ValuesSpec } from '../engine/index.js';
import { setOwn } from '../engine/jmespath/json.js';
import { evaluateLoadedPolicy } from '../policies/evaluate-loaded-policy.js';
import { isClassicPolicy, type LoadedPolicy } from '../policies/load-policies.js';
import { buildPolicyReport, type ObjectRows } from './build-policy-report.js';
import { kyvernoFailurePath, pointerFor } from './failure-pointer.js';
import type { PolicyReport, PolicyReportResult } from './policy-report-types.js';

export interface ApplyPoliciesOptions {
  /** PolicyExceptions to honour (e.g. loadPolicies(...).exceptions). */
  exceptions?: CompiledException[];
  /** Namespace labels for match.namespaceSelector; merged over labels of Namespace objects among the manifests. */
  namespaceLabels?: Record<string, Record<string, string>>;
  /** Values (like a kyverno-test Values file) for context entries that cannot be loaded offline. */
  values?: ValuesSpec;
  userInfo?: UserInfo;
  operation?: Operation;
  /** Report name (default `neuroscale-policy-report`). */
  reportName?: string;
  ruleTimeoutMs?: number;
  /**
   * Wall time for the whole apply (default DEFAULT_APPLY_TIME_BUDGET_MS). Each rule has its own 2 s budget, but
   * policies and objects both come from the pull request: one pathological rule over 1,000 objects would cost
   * 2,000 s. Objects not reached in time are one `kyverno/policy-time-budget` finding, never silently passed.
   */
  timeBudgetMs?: number;
  /** Objects/images CEL `resource.Get/List` and `image.GetMetadata` may read (like a Test context file). */
  celContext?: CelContextData;
  /**
   * For an admitted object that MutatingAdmissionPolicies or MutatingPolicies changed, the object as the
   * classic mutate rules left it (AdmitManifestsResult.classicStage): what classic validate rules see
   * (policies/admit-resource.ts).
   */
  classicStage?: ReadonlyMap<K8sObject, K8sObject>;
}

export interface ApplyPoliciesResult {
  findings: Finding[];
  report: PolicyReport;
}

/** Labels of every Namespace object in the set, by name. */
export function namespaceLabelsOf(manifests: readonly Manifest[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const m of manifests) {
    const o = m.object;
    if (o.kind !== 'Namespace' || o.apiVersion !== 'v1' || typeof o.metadata?.name !== 'string') continue;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.metadata.labels ?? {}))
      if (typeof v === 'string') setOwn(labels, k, v);
    setOwn(out, o.metadata.name, { ...labels, 'kubernetes.io/metadata.name': o.metadata.name });
  }
  return out;
}

/** Namespace objects among the manifests, by name (CEL `namespaceObject`). */
function namespaceObjectsOf(manifests: readonly Manifest[]): Record<string, K8sObject> {
  const out: Record<string, K8sObject> = {};
  for (const m of manifests) {
    const o = m.object;
    if (o.kind === 'Namespace' && o.apiVersion === 'v1' && typeof o.metadata?.name === 'string')
      setOwn(out, o.metadata.name, o as K8sObject);
  }
  return out;
}

function severityFor(r: RuleResult, policy: LoadedPolicy): Severity | undefined {
  const status = r.status;
  // rule-level failureAction / per-namespace overrides when the engine reports them, else the policy's
  const action = r.failureAction ?? policy.policy.validationFailureAction;
  if (status === 'fail') return action === 'Enforce' ? 'error' : 'warning';
  if (status === 'warn') return 'warning';
  if (status === 'error') return 'error';
  return undefined;
}

/** Five minutes for all policies on all objects of one apply. */
export const DEFAULT_APPLY_TIME_BUDGET_MS = 5 * 60_000;

/** The finding for the objects the apply did not reach before its time budget ran out. */
function budgetFinding(manifests: readonly Manifest[], from: number, budgetMs: number): Finding {
  const left = manifests.length - from;
  return finding({
    ruleId: 'kyverno/policy-time-budget',
    severity: 'error',
    message: `policy evaluation stopped after ${Math.round(budgetMs / 1000)} s (the time budget of one apply): ${left} of ${manifests.length} objects were not checked`,
    location: locationOf(manifests[from]!),
  });
}

// long: one pass over objects × policies turning each rule response into a report row and a finding
export function applyPolicies(
  manifests: readonly Manifest[],
  policies: readonly LoadedPolicy[],
  options: ApplyPoliciesOptions = {},
): ApplyPoliciesResult {
  const ctx: CelEvaluationContext = {
    namespaceLabels: { ...namespaceLabelsOf(manifests), ...options.namespaceLabels },
    namespaces: namespaceObjectsOf(manifests),
  };
  if (options.celContext) ctx.celContext = options.celContext;
  if (options.exceptions?.length) ctx.exceptions = options.exceptions;
  if (options.values) ctx.values = options.values;
  if (options.userInfo) ctx.userInfo = options.userInfo;
  if (options.operation) ctx.operation = options.operation;
  if (options.ruleTimeoutMs !== undefined) ctx.ruleTimeoutMs = options.ruleTimeoutMs;

  const findings: Finding[] = [];
  const results: PolicyReportResult[] = [];
  const budgetMs = options.timeBudgetMs ?? DEFAULT_APPLY_TIME_BUDGET_MS;
  const deadline = Date.now() + budgetMs;
  const perPolicy = policies.map(policyConstants);
  const objects: ObjectRows[] = [];
  for (let index = 0; index < manifests.length; index++) {
    const m = manifests[index] as Manifest;
    if (Date.now() >= deadline) {
      findings.push(budgetFinding(manifests, index, budgetMs));
      break;
    }
    const object = m.object as K8sObject;
    if (!object || typeof object !== 'object' || typeof object.kind !== 'string') continue;
    const ref = objectRef(object);
    const app = m.source.apps.at(-1);
    const rows: ObjectRows = { ref, start: results.length, end: results.length };
    // every report row of this object names it: one (read-only) list for all of them
    const resources = [ref];
    objects.push(rows);
    // several rules often fail at the same field of one object: each location is computed once
    let located: Map<string, Location> | undefined;
    const locate = (pointer: string | undefined): Location => {
      if (!pointer) return locationOf(m);
      located ??= new Map();
      let at = located.get(pointer);
      if (at === undefined) {
        at = locationOf(m, pointer);
        located.set(pointer, at);
      }
      return { file: at.file, line: at.line, column: at.column };
    };
    for (let p = 0; p < policies.length; p++) {
      const lp = policies[p] as LoadedPolicy;
      const pc = perPolicy[p] as PolicyConstants;
      let responses: RuleResult[];
      try {
        const seen = isClassicPolicy(lp.policy) ? (options.classicStage?.get(object) ?? object) : object;
        responses = evaluateLoadedPolicy(lp, seen, ctx);
      } catch (e) {
        findings.push(
          finding({
            ruleId: pc.ruleId,
            severity: 'error',
            message: `policy ${lp.policy.name} could not be evaluated on this object: ${(e as Error).message}`,
            object: ref,
            location: locationOf(m),
            ...(app ? { app } : {}),
          }),
        );
        continue;
      }
      for (const r of responses) {
        results.push(reportResult(lp, r, resources));
        const severity = severityFor(r, lp);
        if (!severity) continue;
        const verb = r.status === 'error' ? 'could not be evaluated' : 'failed';
        // the engine may name the failing field; else read it from Kyverno's "failed at path" message
        const given = r.path;
        const kyvernoPath = given === undefined ? kyvernoFailurePath(r.message) : undefined;
        const pointer = given ?? (kyvernoPath ? pointerFor(object, kyvernoPath) : undefined);
        const details: Record<string, unknown> = {
          policy: lp.policy.key,
          rule: r.rule,
          result: r.status,
          failureAction: r.failureAction ?? lp.policy.validationFailureAction,
        };
        if (pc.severity) details.policySeverity = pc.severity;
        if (pc.category) details.category = pc.category;
        const init: FindingInit = {
          ruleId: r.baseRule ? `${pc.ruleId}/${r.baseRule}` : pc.ruleId,
          severity,
          message:
            r.message ||
            (r.rule
              ? `rule ${r.rule} of policy ${lp.policy.name} ${verb}`
              : `policy ${lp.policy.name} ${verb}`),
          object: ref,
          location: locate(pointer),
          details,
        };
        if (pointer) init.path = pointer;
        if (app) init.app = app;
        findings.push(finding(init));
      }
    }
    rows.end = results.length;
  }
  return {
    findings,
    report: buildPolicyReport(results, objects, options.reportName ?? 'neuroscale-policy-report'),
  };
}

/** What every finding of one policy repeats, computed once per apply. */
interface PolicyConstants {
  ruleId: string;
  severity: string | undefined;
  category: string | undefined;
}

function policyConstants(lp: LoadedPolicy): PolicyConstants {
  return {
    ruleId: `policy/${lp.policy.name}`,
    severity: lp.annotations.severity || undefined,
    category: lp.annotations.category || undefined,
  };
}

type Location = ReturnType<typeof locationOf>;

function reportResult(
  lp: LoadedPolicy,
  r: RuleResult,
  resources: PolicyReportResult['resources'],
): PolicyReportResult {
  const out: PolicyReportResult = {
    source: 'kyverno',
    policy: lp.policy.key,
    rule: r.rule,
    result: r.status,
    resources,
    message: r.message,
    scored: lp.policy.scored,
  };
  if (lp.annotations.severity) out.severity = lp.annotations.severity;
  if (lp.annotations.category) out.category = lp.annotations.category;
  // pkg/utils/report/results.go: the names of the exceptions that spared the resource
  if (r.exceptions?.length) out.properties = { exceptions: r.exceptions.join(',') };
  return out;
}
