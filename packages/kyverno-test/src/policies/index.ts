export {
  loadPolicies,
  compilePolicyDocuments,
  type InvalidPolicy,
  type LoadedPolicy,
  type LoadPoliciesOptions,
  type LoadPoliciesResult,
  type PolicyAnnotations,
  type UnsupportedPolicy,
} from './load-policies.js';
export { readYamlInputs, displayPath, type LoadedDocument, type ReadYamlInputsOptions } from './read-yaml-inputs.js';
