/**
 * Admission order for one resource (Kyverno CLI `PolicyProcessor.ApplyPoliciesOnResource`, and the
 * API server: mutating admission before validating admission): every policy's mutate rules, in the
 * order the policies were loaded, each on the resource as the previous policy left it. The admitted
 * object is what validate rules, cost and the report then see.
 */
import type { K8sObject } from '@neuroscale/core';
import type { CelEvaluationContext } from '../cel/cel-context.js';
import { mutateWithMutatingPolicy } from '../cel/mpol/mutating-policy.js';
import { hasMutateRules, mutatePolicy, type PolicyMutation } from '../engine/mutate/mutate-policy.js';
import {
  isDeletingPolicy,
  isGeneratingPolicy,
  isImageValidatingPolicy,
  isMutatingPolicy,
  isValidatingPolicy,
  type LoadedPolicy,
} from './load-policies.js';

export interface Admission {
  /** The resource after every mutation (the input object itself when nothing changed). */
  admitted: K8sObject;
  /** Mutate responses and the resource after each mutating policy, by policy index. */
  mutations: Map<number, PolicyMutation>;
}

/** Whether any of the policies mutates (so admission can change resources). */
export function anyMutatingPolicy(policies: readonly LoadedPolicy[]): boolean {
  return policies.some(
    (lp) =>
      isMutatingPolicy(lp.policy) ||
      (!isValidatingPolicy(lp.policy) &&
        !isGeneratingPolicy(lp.policy) &&
        !isDeletingPolicy(lp.policy) &&
        !isImageValidatingPolicy(lp.policy) &&
        hasMutateRules(lp.policy)),
  );
}

export function admitResource(
  policies: readonly LoadedPolicy[],
  resource: K8sObject,
  ctx: CelEvaluationContext = {},
): Admission {
  const mutations = new Map<number, PolicyMutation>();
  let current = resource;
  policies.forEach((lp, i) => {
    const p = lp.policy;
    if (isValidatingPolicy(p) || isGeneratingPolicy(p) || isDeletingPolicy(p) || isImageValidatingPolicy(p))
      return;
    if (!isMutatingPolicy(p) && !hasMutateRules(p)) return;
    const m = isMutatingPolicy(p) ? mutateWithMutatingPolicy(p, current, ctx) : mutatePolicy(p, current, ctx);
    mutations.set(i, m);
    current = m.resource;
  });
  return { admitted: current, mutations };
}
