/**
 * Apply mode: every loaded policy against every rendered manifest. Failures become findings located
 * at the object's source line; every rule response goes into a wgpolicyk8s.io/v1alpha2 report.
 */
import {
  compareStrings as cmp,
  type Finding,
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
import type { LoadedPolicy } from '../policies/load-policies.js';
import { kyvernoFailurePath, pointerFor } from './failure-pointer.js';
import type { PolicyReport, PolicyReportResult, ReportResult } from './policy-report-types.js';

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
  for (const [index, m] of manifests.entries()) {
    if (Date.now() >= deadline) {
      findings.push(budgetFinding(manifests, index, budgetMs));
      break;
    }
    const object = m.object as K8sObject;
    if (!object || typeof object !== 'object' || typeof object.kind !== 'string') continue;
    const ref = objectRef(object);
    const app = m.source.apps.at(-1);
    for (const lp of policies) {
      let responses: RuleResult[];
      try {
        responses = evaluateLoadedPolicy(lp, object, ctx);
      } catch (e) {
        findings.push(
          finding({
            ruleId: `policy/${lp.policy.name}`,
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
        results.push(reportResult(lp, r, ref));
        const severity = severityFor(r, lp);
        if (!severity) continue;
        const verb = r.status === 'error' ? 'could not be evaluated' : 'failed';
        // the engine may name the failing field; else read it from Kyverno's "failed at path" message
        const given = r.path;
        const kyvernoPath = given === undefined ? kyvernoFailurePath(r.message) : undefined;
        const pointer = given ?? (kyvernoPath ? pointerFor(object, kyvernoPath) : undefined);
        findings.push(
          finding({
            ruleId: r.baseRule ? `policy/${lp.policy.name}/${r.baseRule}` : `policy/${lp.policy.name}`,
            severity,
            message:
              r.message ||
              (r.rule
                ? `rule ${r.rule} of policy ${lp.policy.name} ${verb}`
                : `policy ${lp.policy.name} ${verb}`),
            object: ref,
            location: locationOf(m, pointer),
            ...(pointer ? { path: pointer } : {}),
            ...(app ? { app } : {}),
            details: {
              policy: lp.policy.key,
              rule: r.rule,
              result: r.status,
              failureAction: r.failureAction ?? lp.policy.validationFailureAction,
              ...(lp.annotations.severity ? { policySeverity: lp.annotations.severity } : {}),
              ...(lp.annotations.category ? { category: lp.annotations.category } : {}),
            },
          }),
        );
      }
    }
  }
  return { findings, report: buildReport(results, options.reportName ?? 'neuroscale-policy-report') };
}

function reportResult(
  lp: LoadedPolicy,
  r: RuleResult,
  ref: ReturnType<typeof objectRef>,
): PolicyReportResult {
  const out: PolicyReportResult = {
    source: 'kyverno',
    policy: lp.policy.key,
    rule: r.rule,
    result: r.status,
    resources: [ref],
    message: r.message,
    scored: lp.policy.scored,
  };
  if (lp.annotations.severity) out.severity = lp.annotations.severity;
  if (lp.annotations.category) out.category = lp.annotations.category;
  // pkg/utils/report/results.go: the names of the exceptions that spared the resource
  if (r.exceptions?.length) out.properties = { exceptions: r.exceptions.join(',') };
  return out;
}

const resourceKey = (r: PolicyReportResult) => {
  const x = r.resources[0] ?? {};
  return `${x.namespace ?? ''}\u0000${x.kind ?? ''}\u0000${x.name ?? ''}\u0000${x.apiVersion ?? ''}`;
};

interface ReportEntry {
  r: PolicyReportResult;
  rk: string;
  /** Position of rk among the distinct resource keys, sorted. */
  rank: number;
}

function buildReport(unsorted: PolicyReportResult[], name: string): PolicyReport {
  // order: policy, rule, resource, result, message. Results come policy by policy for each object, so
  // they are bucketed by (policy, rule) first — a few dozen buckets — and only each bucket is sorted.
  // The resource key is computed once per object and the distinct keys are sorted once, so buckets
  // compare ranks (numbers) instead of strings.
  const buckets = new Map<string, Map<string, ReportEntry[]>>();
  const ranks = new Map<string, number>();
  let lastRef: object | undefined;
  let lastKey = '';
  for (const r of unsorted) {
    let byRule = buckets.get(r.policy);
    if (!byRule) {
      byRule = new Map();
      buckets.set(r.policy, byRule);
    }
    let bucket = byRule.get(r.rule);
    if (!bucket) {
      bucket = [];
      byRule.set(r.rule, bucket);
    }
    // the results of one object are consecutive and share its ref (applyPolicies): one key per object
    const ref = r.resources[0];
    if (ref === undefined || ref !== lastRef) {
      lastRef = ref;
      lastKey = resourceKey(r);
      ranks.set(lastKey, 0);
    }
    bucket.push({ r, rk: lastKey, rank: 0 });
  }
  const sortedKeys = [...ranks.keys()].sort(cmp);
  for (let i = 0; i < sortedKeys.length; i++) ranks.set(sortedKeys[i] as string, i);
  const results: PolicyReportResult[] = [];
  for (const policy of [...buckets.keys()].sort(cmp)) {
    const byRule = buckets.get(policy) as Map<string, ReportEntry[]>;
    for (const rule of [...byRule.keys()].sort(cmp)) {
      const bucket = byRule.get(rule) as ReportEntry[];
      for (const e of bucket) e.rank = ranks.get(e.rk) as number;
      bucket.sort((a, b) => a.rank - b.rank || cmp(a.r.result, b.r.result) || cmp(a.r.message, b.r.message));
      for (const e of bucket) results.push(e.r);
    }
  }
  const summary: Record<ReportResult, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) summary[r.result]++;
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'ClusterPolicyReport',
    metadata: { name },
    summary,
    results,
  };
}
