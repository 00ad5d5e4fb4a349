export {
  type ApplyPoliciesOptions,
  type ApplyPoliciesResult,
  applyPolicies,
  namespaceLabelsOf,
} from './apply-policies.js';
export type * from './policy-report-types.js';
