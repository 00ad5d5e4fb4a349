import type { Budget } from '../jmespath/interpreter.js';
import type { Rule } from '../rule.js';
import type { JsonContext } from '../variables/context.js';
import type { OfflineData } from '../variables/context-entries.js';
import type { SubstituteOptions } from '../variables/substitute.js';

/** Everything a validator needs about the rule being evaluated. */
export interface Scope {
  rule: Rule;
  ctx: JsonContext;
  budget: Budget;
  isDelete: boolean;
  /** The object patterns are matched against (resource, or foreach element). */
  target: unknown;
  /** foreach nesting depth (0 = rule level). */
  nesting: number;
  /** Offline cluster data for configMap/apiCall/globalReference context entries. */
  offline: OfflineData;
  /** The values file's `foreachValues` of element `index` of foreach block `block` (absent: none). */
  foreachValuesAt?: (at: { block: number; index: number }) => Array<[string, unknown]>;
}

export function substOpts(s: Scope): SubstituteOptions {
  return { budget: s.budget, isDelete: s.isDelete };
}
