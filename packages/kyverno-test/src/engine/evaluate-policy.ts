import type { K8sObject } from '@neuroscale/core';
import type { CompiledPolicy, EvaluationContext, RuleResult } from './types.js';

export function evaluatePolicy(_policy: CompiledPolicy, _resource: K8sObject, _ctx: EvaluationContext = {}): RuleResult[] {
  return [];
}
