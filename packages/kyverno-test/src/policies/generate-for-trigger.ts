/**
 * The objects a policy generates for one admitted trigger, whatever its kind: the generate rules of
 * a classic ClusterPolicy/Policy (engine/generate) or a CEL GeneratingPolicy (cel/gpol). Kyverno
 * runs both after validation (cmd/cli/kubectl-kyverno/processor/policy_processor.go), on the
 * resource as mutation left it.
 */
import type { K8sObject } from '@neuroscale/core';
import type { CelEvaluationContext } from '../cel/cel-context.js';
import { generateWithGeneratingPolicy } from '../cel/gpol/generating-policy.js';
import {
  type GenerateOptions,
  generatePolicy,
  hasGenerateRules,
} from '../engine/generate/generate-policy.js';
import type { RuleResult } from '../engine/index.js';
import { isClassicPolicy, isGeneratingPolicy, type LoadedPolicy } from './load-policies.js';

export interface TriggerGeneration {
  results: RuleResult[];
  generated: Array<{ policy: string; rule: string; object: K8sObject; synchronize: boolean }>;
}

/** Whether the policy can generate objects (so it is worth running on every trigger). */
export function generatesResources(lp: LoadedPolicy): boolean {
  return isGeneratingPolicy(lp.policy) || (isClassicPolicy(lp.policy) && hasGenerateRules(lp.policy));
}

export function generateForTrigger(
  lp: LoadedPolicy,
  trigger: K8sObject,
  ctx: CelEvaluationContext,
  options: GenerateOptions = {},
): TriggerGeneration | undefined {
  const p = lp.policy;
  if (isGeneratingPolicy(p)) return generateWithGeneratingPolicy(p, trigger, ctx);
  if (isClassicPolicy(p) && hasGenerateRules(p)) return generatePolicy(p, trigger, ctx, options);
  return undefined;
}
