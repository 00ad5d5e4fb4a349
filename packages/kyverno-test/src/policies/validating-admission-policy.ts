/**
 * Kubernetes ValidatingAdmissionPolicy (admissionregistration.k8s.io v1alpha1, v1beta1, v1) with its
 * ValidatingAdmissionPolicyBindings, as kyverno's CLI evaluates them (kyverno pkg/admissionpolicy/
 * validate.go `Validate` / `validateResource`):
 * - the policy's matchConstraints must match, else no response;
 * - without bindings the policy applies as it is; with bindings the first binding whose
 *   `matchResources` (when given) matches the resource is used, and none matching means no response
 *   (the row then reads `skip`);
 * - matchConditions false ⇒ `skip`; the first failing validation ⇒ `fail`; an evaluation error ⇒ `error`;
 * - `namespaceObject` is `{name, labels}` with the labels of the values' namespaceSelector whenever the
 *   resource has a namespace (a Namespace has none of its own);
 * - `params` is the binding's `paramRef` resolved among the Test's `paramResources` (kind `paramKind`).
 * The policy is compiled like a ValidatingPolicy (same fields) in the Kubernetes VAP environment: no
 * Kyverno libraries, `params` declared, no autogen; the response's rule is the policy name.
 */
import { type Finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import { factsOf } from '../cel/activation.js';
import { type CelEvaluationContext, namespaceObjectOf } from '../cel/cel-context.js';
import { isClusterScopedKind } from '../cel/cluster-scoped.js';
import { validatingAdmissionPolicyEnvironment } from '../cel/environments.js';
import {
  type CompiledValidatingPolicy,
  compileValidatingPolicy,
} from '../cel/vpol/compile-validating-policy.js';
import {
  decodeMatchConstraints,
  type MatchConstraints,
  type MatchInput,
  matchesConstraints,
} from '../cel/vpol/match-constraints.js';

const GROUP = 'admissionregistration.k8s.io/';

export function isValidatingAdmissionPolicyDocument(obj: unknown): boolean {
  return isObj(obj) && obj.kind === 'ValidatingAdmissionPolicy' && String(obj.apiVersion).startsWith(GROUP);
}

export function isValidatingAdmissionPolicyBindingDocument(obj: unknown): boolean {
  return (
    isObj(obj) && obj.kind === 'ValidatingAdmissionPolicyBinding' && String(obj.apiVersion).startsWith(GROUP)
  );
}

/** One binding of the policy: its matchResources and paramRef. */
export interface AdmissionPolicyBinding {
  name: string;
  match?: MatchConstraints;
  paramRef?: { name?: string; namespace?: string; selector?: unknown };
}

/** What a LoadedPolicy compiled from a ValidatingAdmissionPolicy carries besides the compiled policy. */
export interface AdmissionPolicyInfo {
  bindings: AdmissionPolicyBinding[];
  paramKind?: { apiVersion: string; kind: string };
}

/** The evaluation context of the test runner: the Test's `paramResources`. */
export interface AdmissionPolicyContext extends CelEvaluationContext {
  paramResources?: readonly K8sObject[];
}

/** The bindings (documents in load order) whose `spec.policyName` is `policyName`. */
export function bindingsOf(policyName: string, bindingDocs: readonly K8sObject[]): AdmissionPolicyBinding[] {
  const out: AdmissionPolicyBinding[] = [];
  for (const b of bindingDocs) {
    const spec = isObj(b.spec) ? b.spec : {};
    if (spec.policyName !== policyName) continue;
    const binding: AdmissionPolicyBinding = { name: String(b.metadata?.name ?? '') };
    if (isObj(spec.matchResources)) {
      // an omitted resourceRules list in a binding's matchResources matches every resource the policy
      // matched (k8s.io/apiserver policy/matching: an empty binding rule list is not a restriction)
      const m = decodeMatchConstraints(spec.matchResources);
      binding.match = m;
    }
    if (isObj(spec.paramRef)) {
      const p = spec.paramRef;
      binding.paramRef = {
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
        ...(typeof p.namespace === 'string' ? { namespace: p.namespace } : {}),
        ...(p.selector !== undefined ? { selector: p.selector } : {}),
      };
    }
    out.push(binding);
  }
  return out;
}

/** Compile a ValidatingAdmissionPolicy as a ValidatingPolicy of the same fields (VAP environment, no autogen). */
export function compileValidatingAdmissionPolicy(
  obj: K8sObject,
  opts: { file?: string; line?: number },
): { policy?: CompiledValidatingPolicy; findings: Finding[]; info: AdmissionPolicyInfo } {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const shadow = {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'ValidatingPolicy',
    metadata: obj.metadata,
    spec: {
      ...spec,
      // a ValidatingAdmissionPolicy has no autogen and always denies (kyverno validate.go: ActionDeny ⇒ fail)
      autogen: { podControllers: { controllers: [] } },
      validationActions: ['Deny'],
    },
  } as K8sObject;
  const compiled = compileValidatingPolicy(shadow, {
    ...opts,
    environment: validatingAdmissionPolicyEnvironment(),
  });
  const findings = compiled.findings.map((f) => ({
    ...f,
    message: f.message.replace(/^ValidatingPolicy /, 'ValidatingAdmissionPolicy '),
  }));
  const info: AdmissionPolicyInfo = { bindings: [] };
  const pk = isObj(spec.paramKind) ? spec.paramKind : undefined;
  if (pk && typeof pk.kind === 'string')
    info.paramKind = { apiVersion: typeof pk.apiVersion === 'string' ? pk.apiVersion : '', kind: pk.kind };
  return { ...(compiled.policy ? { policy: compiled.policy } : {}), findings, info };
}

/**
 * The request context of an admission policy on `resource`, and its match input: kyverno's CLI builds a
 * CREATE attributes record without an old object, and a namespace `{Name, Labels: namespaceSelectorMap}`
 * for a namespaced resource (kyverno v1.19.1 pkg/admissionpolicy/validate.go `Validate`, mutate.go `Mutate`).
 * `params` is null until a binding's paramRef names one (k8s.io/apiserver plugin/cel: optional params).
 */
export function admissionRequestContext(
  resource: K8sObject,
  ctx: AdmissionPolicyContext,
): { ctx: AdmissionPolicyContext; input: MatchInput; namespace: string } {
  const facts = factsOf(resource);
  const clusterScoped = isClusterScopedKind(facts.kind);
  const namespace = facts.kind === 'Namespace' && facts.group === '' ? '' : facts.namespace;
  const labels = namespace
    ? (ctx.values?.namespaceSelector?.find((n) => n?.name === namespace)?.labels ?? {})
    : {};
  const { oldResource: _old, ...rest } = ctx;
  let out: AdmissionPolicyContext = { ...rest, operation: 'CREATE', admissionParams: null };
  if (namespace && !namespaceObjectOf(ctx, namespace)) {
    out = {
      ...out,
      namespaces: {
        ...(ctx.namespaces ?? {}),
        [namespace]: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace, labels: { ...labels } },
        },
      },
    };
  }
  const input: MatchInput = {
    ...facts,
    operation: 'CREATE',
    clusterScoped,
    namespaceLabels: clusterScoped ? {} : { ...labels },
  };
  return { ctx: out, input, namespace };
}

/**
 * The context to evaluate the policy with on `resource`, or undefined when no binding matches (no
 * response). With bindings, the first whose matchResources matches is used.
 */
export function admissionPolicyContext(
  info: AdmissionPolicyInfo,
  resource: K8sObject,
  ctx: AdmissionPolicyContext,
): AdmissionPolicyContext | undefined {
  const { ctx: out, input, namespace } = admissionRequestContext(resource, ctx);
  if (info.bindings.length === 0) return out;
  const binding = info.bindings.find((b) => b.match === undefined || bindingMatches(b.match, input));
  if (!binding) return undefined;
  if (!info.paramKind || !binding.paramRef) return out;
  const params = paramOf(info.paramKind, binding.paramRef, namespace, ctx.paramResources ?? []);
  return { ...out, admissionParams: params ?? null };
}

/** A binding's matchResources: omitted resourceRules restrict nothing. */
export function bindingMatches(m: MatchConstraints, input: MatchInput): boolean {
  const rules: MatchConstraints =
    m.resourceRules.length > 0
      ? m
      : {
          ...m,
          resourceRules: [
            {
              apiGroups: ['*'],
              apiVersions: ['*'],
              resources: ['*'],
              operations: ['*'],
              resourceNames: [],
              scope: '*',
            },
          ],
        };
  return matchesConstraints(rules, input);
}

/** The param resource a paramRef names: kind and apiVersion of paramKind, its name (and namespace). */
function paramOf(
  paramKind: { apiVersion: string; kind: string },
  ref: { name?: string; namespace?: string },
  resourceNamespace: string,
  resources: readonly K8sObject[],
): K8sObject | undefined {
  const namespace = ref.namespace ?? resourceNamespace;
  return resources.find((r) => {
    if (r.kind !== paramKind.kind) return false;
    if (paramKind.apiVersion && r.apiVersion !== paramKind.apiVersion) return false;
    if (ref.name !== undefined && r.metadata?.name !== ref.name) return false;
    const ns = typeof r.metadata?.namespace === 'string' ? r.metadata.namespace : '';
    return !ns || !namespace || ns === namespace;
  });
}
