import { describePublicEntry } from '../../core/test/support/describe-public-entry.js';
import * as entry from '../src/index.js';

// The public entry is neuroscale-validate's library API: a name added here or dropped from here is an API change
// for every consumer (a changeset, and a row in the README's API table). Internals are imported from their source files.
const VALUES = [
  'EXIT_FINDINGS',
  'EXIT_OK',
  'EXIT_USAGE',
  'REPORT_FORMATS',
  'REPORT_SCHEMA_VERSION',
  'buildReport',
  'isReportFormat',
  'runCli',
  'runPipeline',
  'writeReport',
  'writeStepSummary',
];
const TYPES = [
  'CheckedObject',
  'CliIO',
  'CostHead',
  'PipelineOptions',
  'Report',
  'ReportFormat',
  'ReportOptions',
  'StageName',
  'StageSummary',
  'StagedFinding',
  'StepSummaryOptions',
];

describePublicEntry({
  name: 'neuroscale-validate',
  entry,
  packageDir: new URL('..', import.meta.url),
  values: VALUES,
  types: TYPES,
});
