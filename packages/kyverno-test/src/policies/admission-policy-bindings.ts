/**
 * The bindings of Kubernetes admission policies (ValidatingAdmissionPolicyBinding and
 * MutatingAdmissionPolicyBinding) as kyverno's CLI reads them without a cluster: the same logic for
 * both kinds (kyverno v1.19.1 pkg/admissionpolicy/validate.go `processVAPWithoutClient` and
 * mutate.go `processMAPWithoutClient`):
 *
 * - every binding whose `spec.policyName` is the policy's, in load order, is considered;
 * - a binding without `matchResources` matches every resource; one with it is matched by kyverno's
 *   CEL matcher (pkg/cel/matching/matcher.go), where an empty `resourceRules` list restricts nothing;
 * - a binding with a `paramRef` selects its params among the Test's `paramResources` with
 *   `matchesSelector` (mutate.go): with a selector, every param whose labels it selects, as a list;
 *   without one, the first param whose name (else namespace) is the ref's. The policy's `paramKind`
 *   is not compared and `parameterNotFoundAction` is not read: no param means `params` is null.
 */
import {
  isPlainRecord as isObj,
  type K8sObject,
  type LabelSelectorOptions,
  matchesLabelSelector,
} from '@neuroscale/core';
import { isClusterScopedKind } from '../cel/cluster-scoped.js';
import {
  decodeMatchConstraints,
  type MatchConstraints,
  type MatchInput,
  matchesConstraints,
} from '../cel/vpol/match-constraints.js';

/** One binding of an admission policy: its matchResources and paramRef. */
export interface AdmissionPolicyBinding {
  name: string;
  match?: MatchConstraints;
  paramRef?: { name?: string; namespace?: string; selector?: unknown; parameterNotFoundAction?: string };
}

/** What a LoadedPolicy compiled from an admission policy carries besides the compiled policy. */
export interface AdmissionPolicyInfo {
  bindings: AdmissionPolicyBinding[];
  paramKind?: { apiVersion: string; kind: string };
  /**
   * The policy's own `matchConstraints`: they decide without bindings, and with bindings only when
   * the Test has a (fake) cluster (validate.go `processVAPWithClient`: `DefinitionMatches`).
   */
  match?: MatchConstraints;
}

/** The bindings (documents in load order) whose `spec.policyName` is `policyName`. */
export function bindingsOf(policyName: string, bindingDocs: readonly K8sObject[]): AdmissionPolicyBinding[] {
  const out: AdmissionPolicyBinding[] = [];
  for (const b of bindingDocs) {
    const spec = isObj(b.spec) ? b.spec : {};
    if (spec.policyName !== policyName) continue;
    const binding: AdmissionPolicyBinding = { name: String(b.metadata?.name ?? '') };
    if (isObj(spec.matchResources)) binding.match = decodeMatchConstraints(spec.matchResources);
    if (isObj(spec.paramRef)) {
      const p = spec.paramRef;
      binding.paramRef = {
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
        ...(typeof p.namespace === 'string' ? { namespace: p.namespace } : {}),
        ...(p.selector !== undefined ? { selector: p.selector } : {}),
        ...(typeof p.parameterNotFoundAction === 'string'
          ? { parameterNotFoundAction: p.parameterNotFoundAction }
          : {}),
      };
    }
    out.push(binding);
  }
  return out;
}

/**
 * Raw matchConstraints that select every resource and operation, for a policy whose matching is done
 * by its bindings here. The policy's own resource names are listed after `*` so the request's
 * `resource` is still named from them (match-constraints.ts resourceNameFor), as the CLI's REST mapping
 * names it.
 */
export function matchEverything(matchConstraints: unknown): Record<string, unknown> {
  const own = decodeMatchConstraints(matchConstraints);
  const names = [...own.resourceRules, ...own.excludeResourceRules].flatMap((r) => r.resources);
  return {
    resourceRules: [
      { apiGroups: ['*'], apiVersions: ['*'], resources: ['*', ...new Set(names)], operations: ['*'] },
    ],
  };
}

/** The policy's `paramKind`, when it declares one. */
export function paramKindOf(spec: Record<string, unknown>): AdmissionPolicyInfo['paramKind'] {
  const pk = isObj(spec.paramKind) ? spec.paramKind : undefined;
  if (!pk || typeof pk.kind !== 'string') return undefined;
  return { apiVersion: typeof pk.apiVersion === 'string' ? pk.apiVersion : '', kind: pk.kind };
}

const EVERYTHING = {
  apiGroups: ['*'],
  apiVersions: ['*'],
  resources: ['*'],
  operations: ['*'],
  resourceNames: [],
  scope: '*',
};

/**
 * MatchResources as kyverno's CEL matcher reads them (pkg/cel/matching/matcher.go `Match`): omitted
 * resourceRules restrict nothing (the selectors and excludeResourceRules still do).
 */
export function bindingMatches(m: MatchConstraints, input: MatchInput): boolean {
  const rules: MatchConstraints = m.resourceRules.length > 0 ? m : { ...m, resourceRules: [EVERYTHING] };
  return matchesConstraints(rules, input);
}

/** The bindings that apply to the resource, in order: no matchResources, or matchResources that match. */
export function matchingBindings(
  bindings: readonly AdmissionPolicyBinding[],
  input: MatchInput,
): AdmissionPolicyBinding[] {
  return bindings.filter((b) => b.match === undefined || bindingMatches(b.match, input));
}

/** `metav1.LabelSelectorAsSelector`: an empty selector selects everything. */
const PARAM_SELECTOR: LabelSelectorOptions = { absent: 'matches-all', malformed: 'invalid' };

/**
 * The params a binding's paramRef selects (see the header): a list `{items: [...]}` with a selector
 * (undefined when it selects nothing), else the first param the name (else namespace) names.
 */
export function bindingParams(
  ref: NonNullable<AdmissionPolicyBinding['paramRef']>,
  resources: readonly K8sObject[],
): unknown {
  if (ref.selector !== undefined && ref.selector !== null) {
    const items = resources.filter((r) => matchesLabelSelector(ref.selector, labelsOf(r), PARAM_SELECTOR));
    return items.length > 0 ? { items } : undefined;
  }
  return resources.find((r) => {
    // matchesSelector: the name, when the ref has one, decides over the namespace
    if (ref.name) return r.metadata?.name === ref.name;
    if (ref.namespace) return r.metadata?.namespace === ref.namespace;
    return false;
  });
}

function labelsOf(r: K8sObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.metadata?.labels ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/** One binding to evaluate the policy with, and the params it gives (null: none). */
export interface BindingRun {
  binding: AdmissionPolicyBinding;
  params: unknown;
}

/** The binding runs without a cluster, in order (see the header). */
export function bindingRuns(
  bindings: readonly AdmissionPolicyBinding[],
  input: MatchInput,
  paramResources: readonly K8sObject[],
): BindingRun[] {
  return matchingBindings(bindings, input).map((binding) => ({
    binding,
    params: (binding.paramRef ? bindingParams(binding.paramRef, paramResources) : undefined) ?? null,
  }));
}

/** What the CLI's fake cluster holds for the admission policies (a Test's clusterResources). */
export interface AdmissionCluster {
  /** Namespace objects by name. */
  namespaces?: Record<string, K8sObject>;
  clusterResources?: readonly K8sObject[];
  paramResources?: readonly K8sObject[];
}

/**
 * The binding runs when the Test has clusterResources: kyverno's CLI then has a fake cluster (kyverno
 * v1.19.1 pkg/admissionpolicy/validate.go `processVAPWithClient`, mutate.go `processMAPWithClient`):
 * the policy's matchConstraints must match too, the resource's Namespace is read from the cluster (its
 * labels decide namespaceSelectors), and params come from `CollectParams` (clusterBindingParams).
 * Undefined when the policy gives no response (no match, or a Namespace the cluster lacks); the runs stop
 * before a binding whose params cannot be collected (the CLI returns the response it has so far).
 */
export function clusterBindingRuns(
  info: AdmissionPolicyInfo,
  request: { input: MatchInput; namespace: string },
  cluster: AdmissionCluster,
): BindingRun[] | undefined {
  let namespaceLabels: Record<string, string> = {};
  if (request.namespace) {
    const ns = cluster.namespaces?.[request.namespace];
    if (!ns) return undefined;
    namespaceLabels = labelsOf(ns);
  }
  const input: MatchInput = {
    ...request.input,
    namespaceLabels: request.input.clusterScoped ? {} : namespaceLabels,
  };
  if (info.match && !bindingMatches(info.match, input)) return undefined;
  const objects = [...(cluster.paramResources ?? []), ...(cluster.clusterResources ?? [])];
  const runs: BindingRun[] = [];
  for (const binding of matchingBindings(info.bindings, input)) {
    if (!binding.paramRef) {
      runs.push({ binding, params: null });
      continue;
    }
    const collected = clusterBindingParams(binding.paramRef, info.paramKind, {
      resourceNamespace: request.namespace,
      namespacedKind: !isClusterScopedKind(info.paramKind?.kind ?? ''),
      objects,
    });
    if (!collected) break;
    runs.push({ binding, params: collected.params });
  }
  return runs;
}

/**
 * The params of a binding when the Test has a (fake) cluster (kyverno v1.19.1 pkg/admissionpolicy/utils.go
 * `CollectParams`, read by validate.go `processVAPWithClient`): objects of the policy's paramKind, in
 * the paramRef's namespace (else the resource's) for a namespaced kind; by name one object, by selector
 * every selected one (a list when more than one). Undefined when the CLI gives up on the binding (no
 * paramKind, a namespaced kind for a cluster-scoped resource, a namespace for a cluster-scoped kind, a
 * named param that does not exist, nothing found under `parameterNotFoundAction: Deny`, or nothing
 * found at all, where the CLI would index an empty list).
 */
export function clusterBindingParams(
  ref: NonNullable<AdmissionPolicyBinding['paramRef']>,
  paramKind: AdmissionPolicyInfo['paramKind'],
  opts: { resourceNamespace: string; namespacedKind: boolean; objects: readonly K8sObject[] },
): { params: unknown } | undefined {
  if (!paramKind) return undefined;
  let namespace = '';
  if (opts.namespacedKind) {
    namespace = ref.namespace || opts.resourceNamespace;
    if (!namespace) return undefined;
  } else if (ref.namespace) return undefined;
  const candidates = opts.objects.filter(
    (o) =>
      o.kind === paramKind.kind &&
      o.apiVersion === paramKind.apiVersion &&
      (!opts.namespacedKind || o.metadata?.namespace === namespace),
  );
  let found: K8sObject[] = [];
  if (ref.name) found = candidates.filter((o) => o.metadata?.name === ref.name).slice(0, 1);
  else if (ref.selector !== undefined && ref.selector !== null)
    found = candidates.filter((o) => matchesLabelSelector(ref.selector, labelsOf(o), PARAM_SELECTOR));
  if (found.length === 0) return undefined;
  return { params: found.length > 1 ? { items: found } : found[0] };
}
