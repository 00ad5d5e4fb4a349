/**
 * Kubernetes MutatingAdmissionPolicy (admissionregistration.k8s.io v1alpha1, v1beta1, v1) with its
 * MutatingAdmissionPolicyBindings, as kyverno's CLI applies them (kyverno v1.19.1
 * pkg/admissionpolicy/mutate.go `Mutate`, run by cmd/cli/kubectl-kyverno/processor/policy_processor.go
 * after the classic mutate and validate rules and before the MutatingPolicies):
 *
 * - without bindings, the policy's matchConstraints must match (`processMAPNoBindings`);
 * - with bindings (the CLI has no cluster: `processMAPWithoutClient`), the policy's matchConstraints are
 *   not consulted: every binding whose matchResources (when given) matches mutates in turn, each on the
 *   object the previous one left, and the last binding's response is the answer;
 * - `mutateResource`: matchConditions false ⇒ `skip` ("match conditions aren't met"); every mutation
 *   evaluated in order ⇒ `pass` ("mutation is successfully applied"), changed or not;
 * - a matchCondition that fails to evaluate, or a mutation that fails, gives no rule response at all:
 *   the CLI logs it and the policy has no result for the resource;
 * - `params`: the binding's paramRef resolved among the Test's `paramResources` (`matchesSelector`),
 *   the same binding logic as ValidatingAdmissionPolicies (policies/admission-policy-bindings.ts);
 * - with bindings and a Test's clusterResources (`processMAPWithClient`): the policy's matchConstraints
 *   must match too, the Namespace comes from the cluster and params from `CollectParams`.
 *
 * The rule of the response is the policy's name. The mutations run on the MutatingPolicy engine
 * (cel/mpol) compiled in the Kubernetes MAP environment, ApplyConfigurations merged as the CLI's
 * schema-less type converter does (engine/mutate/merge-deduced-apply-configuration.ts).
 */
import { type Finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import { mutatingAdmissionPolicyEnvironment } from '../cel/environments.js';
import {
  type CompiledMutatingPolicy,
  compileMutatingPolicy,
  type MutatingPolicyMutation,
  mutateWithMutatingPolicy,
} from '../cel/mpol/mutating-policy.js';
import { decodeMatchConstraints } from '../cel/vpol/match-constraints.js';
import type { PolicyMutation } from '../engine/mutate/mutate-policy.js';
import {
  type AdmissionPolicyBinding,
  type AdmissionPolicyInfo,
  bindingRuns,
  clusterBindingRuns,
  matchEverything,
  paramKindOf,
} from './admission-policy-bindings.js';
import { type AdmissionPolicyContext, admissionRequestContext } from './validating-admission-policy.js';

const GROUP = 'admissionregistration.k8s.io/';

export function isMutatingAdmissionPolicyDocument(obj: unknown): boolean {
  return isObj(obj) && obj.kind === 'MutatingAdmissionPolicy' && String(obj.apiVersion).startsWith(GROUP);
}

export function isMutatingAdmissionPolicyBindingDocument(obj: unknown): boolean {
  return (
    isObj(obj) && obj.kind === 'MutatingAdmissionPolicyBinding' && String(obj.apiVersion).startsWith(GROUP)
  );
}

/**
 * Compile a MutatingAdmissionPolicy as a MutatingPolicy of the same fields (MAP environment, no autogen,
 * deduced ApplyConfiguration merge). `bindings` are the policy's own, already decoded.
 */
export function compileMutatingAdmissionPolicy(
  obj: K8sObject,
  bindings: readonly AdmissionPolicyBinding[],
  opts: { file?: string; line?: number },
): { policy?: CompiledMutatingPolicy; findings: Finding[]; info: AdmissionPolicyInfo } {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const shadow = {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'MutatingPolicy',
    metadata: obj.metadata,
    spec: {
      // the policy's own constraints once bindings decide (see header)
      matchConstraints: bindings.length > 0 ? matchEverything(spec.matchConstraints) : spec.matchConstraints,
      matchConditions: spec.matchConditions,
      variables: spec.variables,
      mutations: spec.mutations,
      ...(spec.failurePolicy !== undefined ? { failurePolicy: spec.failurePolicy } : {}),
      // a MutatingAdmissionPolicy has no autogen
      autogen: { podControllers: { controllers: [] } },
    },
  } as K8sObject;
  const compiled = compileMutatingPolicy(shadow, {
    ...opts,
    environment: mutatingAdmissionPolicyEnvironment(),
    applyConfiguration: 'deduced',
  });
  const findings = compiled.findings.map((f) => ({
    ...f,
    message: f.message.replace(/^(Validating|Mutating)Policy /, 'MutatingAdmissionPolicy '),
  }));
  const paramKind = paramKindOf(spec);
  const info: AdmissionPolicyInfo = {
    bindings: [...bindings],
    // consulted by the with-cluster path only: the compiled constraints decide without bindings
    match: decodeMatchConstraints(spec.matchConstraints),
    ...(paramKind ? { paramKind } : {}),
  };
  if (!compiled.policy) return { findings, info };
  // no PolicyException names a MutatingAdmissionPolicy (kyverno applies none to them)
  compiled.policy.internal.gate.exceptionKind = 'MutatingAdmissionPolicy';
  return { policy: { ...compiled.policy, kind: 'MutatingAdmissionPolicy' }, findings, info };
}

/** The response and the resource afterwards of one MutatingAdmissionPolicy on `resource` (see header). */
export function mutateWithAdmissionPolicy(
  policy: CompiledMutatingPolicy,
  info: AdmissionPolicyInfo,
  resource: K8sObject,
  ctx: AdmissionPolicyContext,
): PolicyMutation {
  // with bindings and a Test's clusterResources the CLI reads the Namespace, the policy's constraints
  // and the params through its fake cluster (mutate.go processMAPWithClient; admission-policy-bindings.ts)
  const withCluster = info.bindings.length > 0 && (ctx.clusterResources?.length ?? 0) > 0;
  const request = admissionRequestContext(resource, ctx, { keepClusterNamespace: withCluster });
  if (info.bindings.length === 0) return mutateOnce(policy, resource, request.ctx);
  const runs = withCluster
    ? clusterBindingRuns(info, request, ctx)
    : bindingRuns(info.bindings, request.input, ctx.paramResources ?? []);
  let out: PolicyMutation = { results: [], resource, changes: [] };
  let current = resource;
  for (const run of runs ?? []) {
    const m = mutateOnce(policy, current, { ...request.ctx, admissionParams: run.params });
    // processMAPWithoutClient: a binding whose match conditions fail to evaluate is passed over; any
    // other outcome (a mutation error included: an empty response) replaces the answer
    if (m.gateError) continue;
    out = { results: m.results, resource: m.resource, changes: [...out.changes, ...m.changes] };
    current = m.resource;
  }
  // a response without rules is dropped whole, its patched resource with it (processor: `IsEmpty()`)
  return out.results.length > 0 ? out : { results: [], resource, changes: [] };
}

/**
 * `mutateResource` for one binding (or none): the mpol engine's answer read as the MAP engine gives it.
 * An evaluation error leaves the resource as it was and gives no rule response.
 */
function mutateOnce(
  policy: CompiledMutatingPolicy,
  resource: K8sObject,
  ctx: AdmissionPolicyContext,
): MutatingPolicyMutation {
  const m = mutateWithMutatingPolicy(policy, resource, ctx);
  const result = m.results[0];
  if (!result) return m;
  if (result.status === 'error')
    return { results: [], resource, changes: [], ...(m.gateError ? { gateError: true } : {}) };
  const message =
    result.status === 'skip' ? "match conditions aren't met" : 'mutation is successfully applied';
  return { ...m, results: [{ ...result, rule: policy.name, message }] };
}
