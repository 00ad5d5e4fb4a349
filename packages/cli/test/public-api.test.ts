import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

/** Names in the entry's `export { … } from` / `export type { … } from` lists, split into values and types. */
function exportedNames(source: string): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const [, typeOnly, list] of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s*from/g)) {
    for (const raw of (list ?? '').split(',')) {
      const item = raw.trim();
      if (!item) continue;
      if (typeOnly || item.startsWith('type ')) types.push(item.replace(/^type\s+/, ''));
      else values.push(item);
    }
  }
  return { values: values.sort(), types: types.sort() };
}

describe('neuroscale-validate public entry', () => {
  const source = read('../src/index.ts');

  it('lists its exports explicitly', () => {
    expect(source).not.toMatch(/export\s+(type\s+)?\*/);
    expect(exportedNames(source)).toEqual({ values: VALUES, types: TYPES });
  });

  it('exports exactly these values at runtime', () => {
    expect(Object.keys(entry).sort()).toEqual(VALUES);
  });

  it('documents every name in the README', () => {
    const readme = read('../README.md');
    expect([...VALUES, ...TYPES].filter((n) => !new RegExp(`\\b${n}\\b`).test(readme))).toEqual([]);
  });
});
