export {
  type CheckRowsInput,
  checkResultRows,
  type Evaluation,
  lastSegment,
  selectResources,
} from './check-result-rows.js';
export { type DecodeTestInput, type DecodeTestResult, decodeTestDocument } from './decode-test-file.js';
export { type FormatTestTableOptions, formatTestTable } from './format-test-table.js';
export { findTestFiles, type RunTestSuitesOptions, runTestSuites } from './run-test-suites.js';
export type { ResourceSpec, TestResultRow, TestSpec } from './test-file-types.js';
export type * from './test-result-types.js';
