import { assignOwn, isObject } from '../jmespath/json.js';
import type { EvaluationContext, Operation, UserInfo, ValuesSpec } from '../types.js';
import { extractImages } from '../values/images.js';
import { JsonContext, requestRoot } from './context.js';

export interface RequestState {
  ctx: JsonContext;
  /** The resource under validation after values were applied (request.object, or the old object on DELETE). */
  resource: Record<string, unknown>;
  operation: Operation;
  namespaceLabels: Record<string, string>;
  userInfo?: UserInfo;
}

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function resourceName(res: Record<string, unknown>): string {
  const md = isObject(res.metadata) ? res.metadata : {};
  return typeof md.name === 'string' ? md.name : '';
}

/** Dotted-key values for (policy, resource): globalValues, then per-resource values, then ctx.variables. */
const NO_VALUES: Array<[string, unknown]> = [];

export function resourceValues(
  ev: EvaluationContext,
  policyName: string,
  resName: string,
): Array<[string, unknown]> {
  if (ev.values === undefined && ev.variables === undefined) return NO_VALUES;
  const out: Array<[string, unknown]> = [];
  const spec = ev.values;
  if (spec && isObject(spec.globalValues)) out.push(...Object.entries(spec.globalValues));
  const pol = spec?.policies?.find((p) => p?.name === policyName);
  const res = pol?.resources?.find((r) => r?.name === resName);
  if (res && isObject(res.values)) out.push(...Object.entries(res.values));
  if (ev.variables) out.push(...Object.entries(ev.variables));
  return out;
}

type RuleValuesEntry = NonNullable<NonNullable<NonNullable<ValuesSpec['policies']>[number]['rules']>[number]>;

/**
 * The values file's entry for a rule; it also serves the rule's autogen rules
 * (cmd/cli/kubectl-kyverno/store/store.go GetPolicyRule: `rule.Name`, `"autogen-" + rule.Name`,
 * `"autogen-cronjob-" + rule.Name`).
 */
function ruleEntry(ev: EvaluationContext, policyName: string, ruleName: string): RuleValuesEntry | undefined {
  const pol = ev.values?.policies?.find((p) => p?.name === policyName);
  return pol?.rules?.find(
    (r) =>
      r?.name !== undefined &&
      (ruleName === r.name || ruleName === `autogen-${r.name}` || ruleName === `autogen-cronjob-${r.name}`),
  );
}

/**
 * The `foreachValues` variables of element `index` of foreach block `block`: kyverno's CLI sets the
 * element index before loading each element's context and its context loader adds
 * `foreachValues[key][index]` (cmd/cli/kubectl-kyverno/store/contextloader.go; the engine's foreach
 * handlers call store.SetForEachElement(i)). Newer values files give one map per foreach block.
 */
export function foreachValuesAt(
  ev: EvaluationContext,
  policyName: string,
  ruleName: string,
  at: { block: number; index: number },
): Array<[string, unknown]> {
  if (ev.values === undefined) return NO_VALUES;
  const fv = ruleEntry(ev, policyName, ruleName)?.foreachValues;
  const map = Array.isArray(fv) ? fv[at.block] : fv;
  if (!isObject(map)) return NO_VALUES;
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(map))
    if (Array.isArray(v) && at.index < v.length) out.push([k, v[at.index]]);
  return out;
}

export function ruleValues(
  ev: EvaluationContext,
  policyName: string,
  ruleName: string,
): Array<[string, unknown]> {
  if (ev.values === undefined) return NO_VALUES;
  const rule = ruleEntry(ev, policyName, ruleName);
  const out: Array<[string, unknown]> = [];
  if (rule && isObject(rule.values)) out.push(...Object.entries(rule.values));
  if (rule && isObject(rule.foreachValues)) {
    for (const [k, v] of Object.entries(rule.foreachValues))
      if (Array.isArray(v) && v.length > 0) out.push([k, v[0]]);
  }
  return out;
}

const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Labels of a namespace (the result is shared: read it, never change it). */
export function namespaceLabelsFor(ev: EvaluationContext, namespace: string): Record<string, string> {
  if (ev.values === undefined) return ev.namespaceLabels?.[namespace] ?? NO_LABELS;
  const labels: Record<string, string> = {};
  for (const ns of ev.values?.namespaceSelector ?? []) {
    if (ns?.name === namespace && isObject(ns.labels)) assignOwn(labels, ns.labels);
  }
  for (const ns of ev.values?.namespaces ?? []) {
    if (ns?.metadata?.name === namespace) {
      for (const k of Object.keys(labels)) delete labels[k];
      assignOwn(labels, ns.metadata.labels ?? {});
    }
  }
  assignOwn(labels, ev.namespaceLabels?.[namespace] ?? {});
  return labels;
}

function serviceAccount(username: string | undefined): { name: string; namespace: string } | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username ?? '');
  return m ? { namespace: m[1] as string, name: m[2] as string } : undefined;
}

/** The last resource's `images` (every policy evaluated on one resource reads the same map). */
let lastImages: { resource: object; images: Record<string, Record<string, unknown>> } | undefined;

function imagesOf(resource: Record<string, unknown>): Record<string, Record<string, unknown>> {
  if (lastImages?.resource === resource) return lastImages.images;
  const images = extractImages(resource);
  lastImages = { resource, images };
  return images;
}

/** What matching needs, computed without building the JSON context. */
export interface RequestBasics {
  resource: Record<string, unknown>;
  operation: Operation;
  namespaceLabels: Record<string, string>;
  userInfo?: UserInfo;
  values: Array<[string, unknown]>;
  /** Values touch `request.object`/`request.oldObject`: the full context must be built to know the resource. */
  valuesChangeResource: boolean;
}

function labelsFor(ev: EvaluationContext, res: Record<string, unknown>): Record<string, string> {
  const md = isObject(res.metadata) ? res.metadata : {};
  const ns = typeof md.namespace === 'string' ? md.namespace : '';
  const nsName = res.kind === 'Namespace' ? String(md.name ?? '') : ns;
  return namespaceLabelsFor(ev, nsName);
}

export function requestBasics(
  resourceIn: Record<string, unknown>,
  ev: EvaluationContext,
  policyName: string,
): RequestBasics {
  const values = resourceValues(ev, policyName, resourceName(resourceIn));
  let opFromValues: string | undefined;
  let valuesChangeResource = false;
  for (const [k, v] of values) {
    if (k === 'request.operation' && typeof v === 'string') opFromValues = v;
    if (k === 'request' || k.startsWith('request.object') || k.startsWith('request.oldObject'))
      valuesChangeResource = true;
  }
  const operation: Operation =
    ev.operation ?? (opFromValues && OPERATIONS.has(opFromValues) ? (opFromValues as Operation) : 'CREATE');
  return {
    resource: resourceIn,
    operation,
    namespaceLabels: labelsFor(ev, resourceIn),
    userInfo: ev.userInfo,
    values,
    valuesChangeResource,
  };
}

/**
 * Builds the JSON context of one (policy, resource) evaluation the way the Kyverno CLI does.
 * Nothing is cloned: the context is copy-on-write and the engine never mutates resources.
 */
export function buildRequest(basics: RequestBasics, ev: EvaluationContext): RequestState {
  const { operation, values } = basics;
  const resource = basics.resource;
  const md = isObject(resource.metadata) ? resource.metadata : {};
  const request: Record<string, unknown> = {
    operation,
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
  };
  if (operation === 'DELETE') request.oldObject = resource;
  else request.object = resource;
  if (operation === 'UPDATE') request.oldObject = ev.oldResource !== undefined ? ev.oldResource : resource;
  // `images` is parsed from the containers on first read: most rules never look at it
  const root = requestRoot(request, () => imagesOf(resource));
  // Kyverno always adds the (possibly empty) admission user info and service account fields
  const ui = ev.userInfo ?? {};
  const userInfo: Record<string, unknown> = {};
  if (ui.username) userInfo.username = ui.username;
  if (ui.uid) userInfo.uid = ui.uid;
  if (ui.groups && ui.groups.length > 0) userInfo.groups = ui.groups;
  request.userInfo = userInfo;
  if (ui.roles && ui.roles.length > 0) request.roles = ui.roles;
  if (ui.clusterRoles && ui.clusterRoles.length > 0) request.clusterRoles = ui.clusterRoles;
  const sa = serviceAccount(ui.username);
  root.serviceAccountName = sa?.name ?? '';
  root.serviceAccountNamespace = sa?.namespace ?? '';
  let ctx = new JsonContext(root);
  for (const [k, v] of values) ctx = ctx.withVariable(k, v);
  if (values.length > 0) ctx = ctx.withVariable('request.operation', operation);
  if (!basics.valuesChangeResource) {
    return { ctx, resource, operation, namespaceLabels: basics.namespaceLabels, userInfo: ev.userInfo };
  }
  // values under request.object.* change the resource being validated
  const req = ctx.root.request as Record<string, unknown>;
  const effective = (operation === 'DELETE' ? req.oldObject : req.object) as Record<string, unknown>;
  const finalResource = isObject(effective) ? effective : resource;
  if (finalResource !== resource) {
    ctx = ctx.with('images', imagesOf(finalResource));
  }
  return {
    ctx,
    resource: finalResource,
    operation,
    namespaceLabels: labelsFor(ev, finalResource),
    userInfo: ev.userInfo,
  };
}
