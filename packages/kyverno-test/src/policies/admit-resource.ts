/**
 * Admission order for one resource (Kyverno CLI `PolicyProcessor.ApplyPoliciesOnResource`, and the
 * API server: mutating admission before validating admission): every classic policy's mutate rules,
 * then the MutatingAdmissionPolicies, then the MutatingPolicies (kyverno v1.19.1
 * cmd/cli/kubectl-kyverno/processor/policy_processor.go runs them in that order), each group in the
 * order the policies were loaded, each policy on the resource as the previous one left it.
 *
 * The validations of the same run see the resource at different stages (policy_processor.go): classic
 * validate rules (and verifyImages) run right after the classic mutate rules, before any
 * MutatingAdmissionPolicy or MutatingPolicy; ValidatingAdmissionPolicies, ValidatingPolicies and the
 * generate rules see the resource after every mutation (`admitted`).
 */
import type { K8sObject } from '@neuroscale/core';
import { mutateWithMutatingPolicy } from '../cel/mpol/mutating-policy.js';
import { hasMutateRules, mutatePolicy, type PolicyMutation } from '../engine/mutate/mutate-policy.js';
import { isClassicPolicy, isMutatingPolicy, type LoadedPolicy } from './load-policies.js';
import { mutateWithAdmissionPolicy } from './mutating-admission-policy.js';
import type { AdmissionPolicyContext } from './validating-admission-policy.js';

export interface Admission {
  /** The resource after every mutation (the input object itself when nothing changed). */
  admitted: K8sObject;
  /** The resource after the classic mutate rules only: what classic validate rules see. */
  afterClassicMutate: K8sObject;
  /** Mutate responses and the resource after each mutating policy, by policy index. */
  mutations: Map<number, PolicyMutation>;
}

/** Whether any of the policies mutates (so admission can change resources). */
export function anyMutatingPolicy(policies: readonly LoadedPolicy[]): boolean {
  return policies.some(
    (lp) => isMutatingPolicy(lp.policy) || (isClassicPolicy(lp.policy) && hasMutateRules(lp.policy)),
  );
}

/** Which admission phase mutates with the policy (see the header), undefined when it does not mutate. */
function mutationPhase(lp: LoadedPolicy): number | undefined {
  const p = lp.policy;
  // only classic policies with mutate rules, MutatingAdmissionPolicies and MutatingPolicies mutate
  if (!isMutatingPolicy(p)) return isClassicPolicy(p) && hasMutateRules(p) ? 0 : undefined;
  return p.kind === 'MutatingAdmissionPolicy' ? 1 : 2;
}

export function admitResource(
  policies: readonly LoadedPolicy[],
  resource: K8sObject,
  ctx: AdmissionPolicyContext = {},
): Admission {
  const mutations = new Map<number, PolicyMutation>();
  let current = resource;
  let afterClassicMutate = resource;
  for (const phase of [0, 1, 2]) {
    if (phase === 1) afterClassicMutate = current;
    policies.forEach((lp, i) => {
      if (mutationPhase(lp) !== phase) return;
      const p = lp.policy;
      let m: PolicyMutation;
      if (isClassicPolicy(p)) m = mutatePolicy(p, current, ctx);
      else if (!isMutatingPolicy(p)) return;
      else if (p.kind === 'MutatingAdmissionPolicy' && lp.admission)
        m = mutateWithAdmissionPolicy(p, lp.admission, current, ctx);
      else m = mutateWithMutatingPolicy(p, current, ctx);
      mutations.set(i, m);
      current = m.resource;
    });
  }
  return { admitted: current, afterClassicMutate, mutations };
}
