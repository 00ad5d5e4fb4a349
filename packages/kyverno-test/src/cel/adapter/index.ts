export { CelRuntimeError } from './ast-patches.js';
export {
  CelBudgetError,
  type CelBudgetLimits,
  chargeBudget,
  chargeSize,
  withRuleBudget,
} from './budget.js';
export {
  type CelCompileResult,
  type CelEnvBuilder,
  CelEnvironment,
  type CelEnvironmentOptions,
  CelEvaluationError,
  type CelHandler,
  type CelLibrary,
  type CelProgram,
  celErrorMessage,
} from './cel-environment.js';
export { celToString, Duration, formatDuration, fromCel, Optional, toCel } from './cel-values.js';
export { FieldwiseCelObject } from './convert-fields.js';
export { type ObjectFieldReads, unionFieldReads } from './object-field-reads.js';
export { CelRegexError, type MatchIndex, re2, re2FindAll, re2FindAllIndex, re2Matches } from './re2.js';
