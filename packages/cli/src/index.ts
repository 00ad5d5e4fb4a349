/**
 * The library API of neuroscale-validate: run the command line in-process (runCli), run the pipeline to a
 * Report (runPipeline), build a Report from stage findings (buildReport), and write it in any format
 * (report/index.ts). Layers of the package: see main.ts.
 */
export type { CliIO } from './cli-io.js';
export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './cli-io.js';
export { runCli } from './main.js';
export type { PipelineOptions } from './pipeline/pipeline-options.js';
export { runPipeline } from './pipeline/run-pipeline.js';
export { buildReport } from './report/build-report.js';
export * from './report/index.js';
export * from './report/report-model.js';
