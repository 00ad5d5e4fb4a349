export { runCli } from './main.js';
export type { CliIO } from './cli-io.js';
export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './cli-io.js';
export { runPipeline, buildReport } from './pipeline/run-pipeline.js';
export type { PipelineOptions } from './pipeline/pipeline-options.js';
export * from './report/report-model.js';
export * from './report/index.js';
