/**
 * One object as Argo CD would compare it: a copy without what Argo CD adds or never applies, then with the
 * fields its `ignoreDifferences` rules name removed.
 * - the tracking annotation (and installation id) the renderer stamps, as Argo CD sets it on apply
 *   (argoproj/argo-cd util/argo/resource_tracking.go); only an app rename changes it, and that already shows
 *   as an app removed + added;
 * - `status` (not applied: the API server ignores it on create and update) and null fields (dropped on apply;
 *   helm/kustomize emit `creationTimestamp: null`);
 * - jsonPointers (a JSON-patch `remove`; a missing path is no error) and jqPathExpressions (`del(expr)` by jq),
 *   then empty maps and lists removed, as `ignoreNormalizer.Normalize` does
 *   (argoproj/argo-cd util/argo/normalizers/diff_normalizer.go, `removeEmptyObjects`).
 */
import type { Finding, K8sObject } from '@neuroscale/core';
import { cloneData, finding, getOwn, isPlainRecord, parsePointer } from '@neuroscale/core';
import type { IgnoreDifferencesRule } from './diff-model.js';
import { ruleMatches } from './ignore-rules.js';
import type { JqRunner } from './jq-runner.js';

export const TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
const INSTALLATION_ID = 'argocd.argoproj.io/installation-id';

export interface NormalizeContext {
  rules: readonly IgnoreDifferencesRule[];
  jq: JqRunner;
  /** Findings of the normalisation (a jq expression that failed or hit its budget). */
  findings: Finding[];
  app: string;
  /** Where to point a finding: the source of the object. */
  location: { file: string; line: number };
}

function dropNulls(value: unknown): void {
  if (Array.isArray(value)) for (const x of value) dropNulls(x);
  else if (isPlainRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === null) delete value[k];
      else dropNulls(v);
    }
  }
}

/** Argo CD's removeEmptyObjects: empty maps go, maps inside lists that end up empty go, empty lists go. */
function removeEmptyObjects(obj: Record<string, unknown>): void {
  for (const [key, v] of Object.entries(obj)) {
    if (isPlainRecord(v)) {
      removeEmptyObjects(v);
      if (Object.keys(v).length === 0) delete obj[key];
    } else if (Array.isArray(v)) {
      const kept = v.filter((item) => {
        if (!isPlainRecord(item)) return true;
        removeEmptyObjects(item);
        return Object.keys(item).length > 0;
      });
      if (kept.length === 0) delete obj[key];
      else if (kept.length !== v.length) obj[key] = kept;
    }
  }
}

/** JSON-patch `remove` at a pointer; false when the path does not exist. */
export function removeAtPointer(doc: unknown, pointer: string): boolean {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return false;
  let cur: unknown = doc;
  for (const seg of segments.slice(0, -1)) {
    if (Array.isArray(cur)) cur = /^(0|[1-9]\d*)$/.test(seg) ? cur[Number(seg)] : undefined;
    else cur = isPlainRecord(cur) ? getOwn(cur, seg) : undefined;
  }
  const last = segments[segments.length - 1] as string;
  if (Array.isArray(cur)) {
    const i = /^(0|[1-9]\d*)$/.test(last) ? Number(last) : -1;
    if (i < 0 || i >= cur.length) return false;
    cur.splice(i, 1);
    return true;
  }
  if (!isPlainRecord(cur) || !Object.hasOwn(cur, last)) return false;
  delete cur[last];
  return true;
}

function stripArgoAdditions(obj: K8sObject): void {
  delete obj.status;
  const md = obj.metadata;
  if (!isPlainRecord(md)) return;
  const annotations = getOwn(md, 'annotations');
  if (isPlainRecord(annotations)) {
    delete annotations[TRACKING_ANNOTATION];
    delete annotations[INSTALLATION_ID];
    if (Object.keys(annotations).length === 0) delete md.annotations;
  }
}

async function applyRule(
  obj: K8sObject,
  rule: IgnoreDifferencesRule,
  ctx: NormalizeContext,
): Promise<K8sObject> {
  for (const pointer of rule.jsonPointers ?? []) removeAtPointer(obj, pointer);
  let out = obj;
  for (const expression of rule.jqPathExpressions ?? []) {
    const r = await ctx.jq.deletePaths(out, expression);
    if (r.ok && isPlainRecord(r.value)) {
      out = r.value as K8sObject;
      continue;
    }
    // Argo CD logs the failure and compares the object without this patch; so does the diff, with a finding
    ctx.findings.push(
      finding({
        ruleId: !r.ok && r.reason === 'limit' ? 'diff/jq-limit' : 'diff/jq-failed',
        severity: 'warning',
        message: `ignoreDifferences jqPathExpression ${JSON.stringify(expression)} of app ${ctx.app}: ${r.ok ? 'the result is not an object' : r.message}; the field is shown in the diff`,
        location: ctx.location,
        app: ctx.app,
      }),
    );
  }
  return out;
}

export async function normalizeForDiff(source: K8sObject, ctx: NormalizeContext): Promise<K8sObject> {
  let obj = cloneData(source);
  stripArgoAdditions(obj);
  dropNulls(obj);
  const matched = ctx.rules.filter((r) => ruleMatches(r, obj));
  for (const rule of matched) obj = await applyRule(obj, rule, ctx);
  if (matched.length > 0) removeEmptyObjects(obj);
  return obj;
}
