/**
 * Kubernetes ValidatingAdmissionPolicy (admissionregistration.k8s.io v1alpha1, v1beta1, v1) with its
 * ValidatingAdmissionPolicyBindings, as kyverno's CLI evaluates them (kyverno v1.19.1
 * pkg/admissionpolicy/validate.go `Validate`):
 * - without bindings, the policy's matchConstraints must match (`processVAPNoBindings`), else no response;
 * - with bindings and no cluster (`processVAPWithoutClient`), the policy's matchConstraints are not
 *   consulted: every binding whose matchResources (when given) matches evaluates the policy with its own
 *   params, and the last one's response is the answer; none matching ⇒ no response (the row reads
 *   `skip`). With a Test's clusterResources the CLI has a (fake) cluster (`processVAPWithClient`): the
 *   policy's matchConstraints must match as well;
 * - the verdict is Kubernetes' validator's (cel/vap/decide-admission-validations.ts);
 * - `namespaceObject` is `{name, labels}` with the labels of the values' namespaceSelector whenever the
 *   resource has a namespace (a Namespace has none of its own);
 * - `params`: the binding's paramRef resolved among the Test's `paramResources`
 *   (policies/admission-policy-bindings.ts).
 * The policy is compiled like a ValidatingPolicy (same fields) in the Kubernetes VAP environment: no
 * Kyverno libraries, `params` declared, no autogen; the response's rule is the policy name.
 */
import { type Finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import { factsOf } from '../cel/activation.js';
import type { CelEvaluationContext } from '../cel/cel-context.js';
import { isClusterScopedKind } from '../cel/cluster-scoped.js';
import { validatingAdmissionPolicyEnvironment } from '../cel/environments.js';
import {
  type CompiledValidatingPolicy,
  compileValidatingPolicy,
  type ValidatingPolicyInternal,
} from '../cel/vpol/compile-validating-policy.js';
import { evaluateValidatingPolicy } from '../cel/vpol/evaluate-validating-policy.js';
import { decodeMatchConstraints, type MatchInput } from '../cel/vpol/match-constraints.js';
import type { RuleResult } from '../engine/index.js';
import {
  type AdmissionPolicyInfo,
  bindingMatches,
  bindingRuns,
  clusterBindingRuns,
  matchEverything,
  paramKindOf,
} from './admission-policy-bindings.js';

export type { AdmissionPolicyBinding, AdmissionPolicyInfo } from './admission-policy-bindings.js';
export { bindingMatches, bindingsOf } from './admission-policy-bindings.js';

const GROUP = 'admissionregistration.k8s.io/';

export function isValidatingAdmissionPolicyDocument(obj: unknown): boolean {
  return isObj(obj) && obj.kind === 'ValidatingAdmissionPolicy' && String(obj.apiVersion).startsWith(GROUP);
}

export function isValidatingAdmissionPolicyBindingDocument(obj: unknown): boolean {
  return (
    isObj(obj) && obj.kind === 'ValidatingAdmissionPolicyBinding' && String(obj.apiVersion).startsWith(GROUP)
  );
}

/** The evaluation context of the test runner: the Test's `paramResources`. */
export interface AdmissionPolicyContext extends CelEvaluationContext {
  paramResources?: readonly K8sObject[];
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
      // the policy's constraints and bindings are matched here (validateWithAdmissionPolicy)
      matchConstraints: matchEverything(spec.matchConstraints),
      // a ValidatingAdmissionPolicy has no autogen and always denies (kyverno validate.go: ActionDeny ⇒ fail)
      autogen: { podControllers: { controllers: [] } },
      validationActions: ['Deny'],
    },
  } as K8sObject;
  const paramKind = paramKindOf(spec);
  const compiled = compileValidatingPolicy(shadow, {
    ...opts,
    environment: validatingAdmissionPolicyEnvironment({ params: paramKind !== undefined }),
    // the CLI does not validate a ValidatingAdmissionPolicy: without validations it passes
    allowNoValidations: true,
  });
  const findings = compiled.findings.map((f) => ({
    ...f,
    message: f.message.replace(/^ValidatingPolicy /, 'ValidatingAdmissionPolicy '),
  }));
  const info: AdmissionPolicyInfo = {
    bindings: [],
    match: decodeMatchConstraints(spec.matchConstraints),
    ...(paramKind ? { paramKind } : {}),
  };
  if (!compiled.policy) return { findings, info };
  (compiled.policy.internal as ValidatingPolicyInternal).admission = true;
  // no PolicyException names a ValidatingAdmissionPolicy (kyverno applies none to them)
  return { policy: { ...compiled.policy, exceptionKind: 'ValidatingAdmissionPolicy' }, findings, info };
}

/**
 * The request context of an admission policy on `resource`, and its match input: kyverno's CLI builds a
 * CREATE attributes record without an old object, and a namespace `{Name, Labels}` for a namespaced
 * resource, the labels from the values' NamespaceSelectors map, where a `namespaces` entry takes
 * precedence over a `namespaceSelector` one (kyverno v1.19.1 pkg/admissionpolicy/validate.go `Validate`,
 * mutate.go `Mutate`; cmd/cli/kubectl-kyverno/variables/variables.go `NamespaceSelectors`).
 * `keepClusterNamespace`: the Namespace object the context already has (a cluster's) stays
 * `namespaceObject` (the CLI's with-client paths read it from the cluster).
 * `params` is null until a binding's paramRef names one (k8s.io/apiserver plugin/cel: optional params).
 */
export function admissionRequestContext(
  resource: K8sObject,
  ctx: AdmissionPolicyContext,
  opts: { keepClusterNamespace?: boolean } = {},
): { ctx: AdmissionPolicyContext; input: MatchInput; namespace: string } {
  const facts = factsOf(resource);
  const clusterScoped = isClusterScopedKind(facts.kind);
  const namespace = facts.kind === 'Namespace' && facts.group === '' ? '' : facts.namespace;
  const labels = namespace ? namespaceSelectorLabels(ctx, namespace) : {};
  const { oldResource: _old, ...rest } = ctx;
  let out: AdmissionPolicyContext = { ...rest, operation: 'CREATE', admissionParams: null };
  if (namespace && !(opts.keepClusterNamespace && ctx.namespaces?.[namespace])) {
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

/** The labels the values' NamespaceSelectors map gives `namespace` (`namespaces` entries first). */
function namespaceSelectorLabels(ctx: AdmissionPolicyContext, namespace: string): Record<string, string> {
  const listed = ctx.values?.namespaces?.find((n) => n?.metadata?.name === namespace);
  const labels = listed
    ? listed.metadata?.labels
    : ctx.values?.namespaceSelector?.find((n) => n?.name === namespace)?.labels;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * The response of a ValidatingAdmissionPolicy on `resource` (see the header): none when the policy or no
 * binding matches; with bindings, the last matching binding's.
 */
export function validateWithAdmissionPolicy(
  policy: CompiledValidatingPolicy,
  info: AdmissionPolicyInfo,
  resource: K8sObject,
  ctx: AdmissionPolicyContext,
): RuleResult[] {
  const withCluster = info.bindings.length > 0 && (ctx.clusterResources?.length ?? 0) > 0;
  const request = admissionRequestContext(resource, ctx, { keepClusterNamespace: withCluster });
  if (info.bindings.length === 0) {
    if (info.match && !bindingMatches(info.match, request.input)) return [];
    return evaluateValidatingPolicy(policy, resource, request.ctx);
  }
  const runs = withCluster
    ? clusterBindingRuns(info, request, ctx)
    : bindingRuns(info.bindings, request.input, ctx.paramResources ?? []);
  let out: RuleResult[] = [];
  for (const run of runs ?? [])
    out = evaluateValidatingPolicy(policy, resource, { ...request.ctx, admissionParams: run.params });
  return out;
}
