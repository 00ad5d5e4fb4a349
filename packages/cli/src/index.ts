export type { CliIO } from './cli-io.js';
export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './cli-io.js';
export { runCli } from './main.js';
export type { PipelineOptions } from './pipeline/pipeline-options.js';
export { runPipeline } from './pipeline/run-pipeline.js';
export { buildReport } from './report/build-report.js';
export * from './report/index.js';
export * from './report/report-model.js';
