/**
 * @neuroscale/kyverno-test — Kyverno validate rules evaluated in-process: `kyverno test` suites
 * (runTestSuites / formatTestTable) and policies applied to rendered manifests (loadPolicies /
 * applyPolicies), no kyverno binary. CEL policies (ValidatingPolicy, validate.cel) included.
 * The engine, the CEL adapter and the test-file decoder are internals; tests and benchmarks reach them
 * through their source files.
 */

export {
  type AdmitManifestsOptions,
  type AdmitManifestsResult,
  admitManifests,
} from './apply/admit-manifests.js';
export {
  type ApplyPoliciesOptions,
  type ApplyPoliciesResult,
  applyPolicies,
} from './apply/apply-policies.js';
export type { PolicyReport, PolicyReportResult } from './apply/policy-report-types.js';
export {
  type LoadedPolicy,
  type LoadPoliciesOptions,
  type LoadPoliciesResult,
  loadPolicies,
} from './policies/load-policies.js';
export { type FormatTestTableOptions, formatTestTable } from './runner/format-test-table.js';
export { type RunTestSuitesOptions, runTestSuites } from './runner/run-test-suites.js';
export type { SuiteResult, TestRunResult, TestRunSummary } from './runner/test-result-types.js';
