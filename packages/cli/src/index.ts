/**
 * The library API of neuroscale-validate: run the command line in-process (runCli), run the pipeline to a
 * Report (runPipeline), build a Report from stage findings (buildReport), and write it in any format
 * (writeReport, writeStepSummary). The stages, option resolution and the reporters' internals are not part
 * of it; tests reach them through their source files. Layers of the package: see main.ts.
 */
export { type CliIO, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './cli-io.js';
export { runCli } from './main.js';
export type { PipelineOptions } from './pipeline/pipeline-options.js';
export { runPipeline } from './pipeline/run-pipeline.js';
export { buildReport } from './report/build-report.js';
export {
  isReportFormat,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportOptions,
  writeReport,
} from './report/index.js';
export {
  type CheckedObject,
  type CostHead,
  REPORT_SCHEMA_VERSION,
  type Report,
  type StagedFinding,
  type StageName,
  type StageSummary,
} from './report/report-model.js';
export { type StepSummaryOptions, writeStepSummary } from './report/write-step-summary.js';
