export { evaluateLoadedPolicy } from './evaluate-loaded-policy.js';
export {
  type AnyCompiledPolicy,
  compilePolicyDocuments,
  type InvalidPolicy,
  isValidatingPolicy,
  type LoadedPolicy,
  type LoadPoliciesOptions,
  type LoadPoliciesResult,
  loadPolicies,
  type PolicyAnnotations,
  type UnsupportedPolicy,
} from './load-policies.js';
export {
  displayPath,
  type LoadedDocument,
  type ReadYamlInputsOptions,
  readYamlInputs,
} from './read-yaml-inputs.js';
