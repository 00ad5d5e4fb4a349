/**
 * One entry point for every loaded policy: classic ClusterPolicy/Policy through the engine (with
 * `validate.cel` rules decided by src/cel), ValidatingPolicies through the CEL evaluator.
 */
import type { K8sObject } from '@neuroscale/core';
import { applyClassicCel } from '../cel/classic/evaluate-classic-cel.js';
import { evaluateValidatingPolicy } from '../cel/vpol/evaluate-validating-policy.js';
import { evaluatePolicy, type RuleResult } from '../engine/index.js';
import {
  isDeletingPolicy,
  isGeneratingPolicy,
  isImageValidatingPolicy,
  isMutatingPolicy,
  isValidatingPolicy,
  type LoadedPolicy,
} from './load-policies.js';
import { type AdmissionPolicyContext, validateWithAdmissionPolicy } from './validating-admission-policy.js';

export function evaluateLoadedPolicy(
  lp: LoadedPolicy,
  resource: K8sObject,
  ctx: AdmissionPolicyContext = {},
): RuleResult[] {
  const p = lp.policy;
  if (lp.admission && isValidatingPolicy(p)) {
    // a ValidatingAdmissionPolicy: its bindings decide (policies/validating-admission-policy.ts)
    return validateWithAdmissionPolicy(p, lp.admission, resource, ctx);
  }
  if (isValidatingPolicy(p)) return evaluateValidatingPolicy(p, resource, ctx);
  // a MutatingPolicy answers at admission (policies/admit-resource.ts), it has no validation
  if (isMutatingPolicy(p)) return [];
  // a GeneratingPolicy answers with the objects it generates (policies/generate-for-trigger.ts)
  if (isGeneratingPolicy(p)) return [];
  // a DeletingPolicy decides what the cleanup controller deletes, not admission: its verdicts
  // ("would be deleted") are read by `kyverno test` only (runner/run-test-suites.ts)
  if (isDeletingPolicy(p)) return [];
  // an ImageValidatingPolicy needs the registry past its exceptions (cel/ivpol): `kyverno test` only
  if (isImageValidatingPolicy(p)) return [];
  const results = evaluatePolicy(p, resource, ctx);
  return lp.classicCel ? applyClassicCel(lp.classicCel, results, resource, ctx, p.scored) : results;
}
