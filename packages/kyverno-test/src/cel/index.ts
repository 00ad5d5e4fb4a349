/**
 * CEL policies: ValidatingPolicy / NamespacedValidatingPolicy and classic `validate.cel`, evaluated
 * in-process behind one CEL adapter (src/cel/adapter).
 */
export {
  type CelBudgetLimits,
  type CelCompileResult,
  type CelEnvBuilder,
  CelEnvironment,
  CelEvaluationError,
  type CelLibrary,
  type CelProgram,
  fromCel,
  toCel,
} from './adapter/index.js';
export type { CelEvaluationContext } from './cel-context.js';
export { applyClassicCel } from './classic/evaluate-classic-cel.js';
export {
  type ClassicCelPolicy,
  hasClassicCel,
  type PrepareClassicCelResult,
  prepareClassicCel,
} from './classic/prepare-classic-cel.js';
export { classicCelEnvironment, validatingPolicyEnvironment } from './environments.js';
export type { CelContextData } from './libraries/kyverno-context.js';
export {
  type CompiledValidatingPolicy,
  type CompileValidatingPolicyOptions,
  type CompileValidatingPolicyResult,
  compileValidatingPolicy,
  isValidatingPolicyDocument,
  VALIDATING_POLICY_KINDS,
  type ValidatingPolicyKind,
} from './vpol/compile-validating-policy.js';
export { evaluateValidatingPolicy } from './vpol/evaluate-validating-policy.js';
