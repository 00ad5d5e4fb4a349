/**
 * The admission counts in every report format: text, Markdown comment, job summary and JSON (valid against
 * schemas/report.schema.json) say how many objects admission mutated, generated, left unchanged and failed
 * on; a merge sums them, and reads a shard report written before `unchangedObjects`/`failedObjects` as 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  type Report,
  writeJson,
  writeMarkdownComment,
  writeStepSummary,
  writeText,
} from '../../src/report/index.js';
import { mergeReports, readShardReport } from '../../src/report/merge-reports.js';
import { HERE, sampleReport } from './sample-report.js';

const schema = JSON.parse(readFileSync(join(HERE, '..', '..', 'schemas', 'report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

const withAdmission = (): Report => ({
  ...sampleReport(),
  admission: { mutatedObjects: 2, generatedObjects: 1, unchangedObjects: 40, failedObjects: 1 },
});
const SENTENCE = 'admission: 2 objects mutated, 1 generated, 40 unchanged, 1 failed (checked as rendered)';

describe('admission counts', () => {
  it('appear in text, Markdown, the job summary and JSON', () => {
    const report = withAdmission();
    expect(writeText(report, { color: false })).toContain(SENTENCE);
    expect(writeMarkdownComment(report)).toContain(SENTENCE);
    expect(writeStepSummary(report)).toContain(SENTENCE);
    const doc = JSON.parse(writeJson(report));
    expect(doc.admission).toEqual({
      mutatedObjects: 2,
      generatedObjects: 1,
      unchangedObjects: 40,
      failedObjects: 1,
    });
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    // a report without admission (no policies, --no-mutate) says nothing about it
    expect(writeText(sampleReport(), { color: false })).not.toContain('admission:');
  });

  it('are summed by merge; a shard without the newer counts reads them as 0', () => {
    const shard = (index: number, admission: Record<string, number>) => {
      const doc = JSON.parse(writeJson({ ...sampleReport(), shard: { index, count: 2 } }));
      doc.admission = admission;
      const read = readShardReport(JSON.stringify(doc), `shard-${index}.json`);
      if (!read.ok) throw new Error(read.message);
      return read.report;
    };
    const merged = mergeReports([
      shard(1, { mutatedObjects: 2, generatedObjects: 1, unchangedObjects: 5, failedObjects: 1 }),
      shard(2, { mutatedObjects: 3, generatedObjects: 0 }),
    ]);
    if (!merged.ok) throw new Error(merged.message);
    expect(merged.report.admission).toEqual({
      mutatedObjects: 5,
      generatedObjects: 1,
      unchangedObjects: 5,
      failedObjects: 1,
    });
  });
});
