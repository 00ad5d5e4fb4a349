export { runTestSuites, findTestFiles, type RunTestSuitesOptions } from './run-test-suites.js';
export { formatTestTable, type FormatTestTableOptions } from './format-test-table.js';
export { decodeTestDocument, type DecodeTestInput, type DecodeTestResult } from './decode-test-file.js';
export { checkResultRows, selectResources, lastSegment, type CheckRowsInput, type Evaluation } from './check-result-rows.js';
export type { ResourceSpec, TestResultRow, TestSpec } from './test-file-types.js';
export type * from './test-result-types.js';
