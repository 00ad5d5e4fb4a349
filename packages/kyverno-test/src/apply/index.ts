export { applyPolicies, namespaceLabelsOf, type ApplyPoliciesOptions, type ApplyPoliciesResult } from './apply-policies.js';
export type * from './policy-report-types.js';
