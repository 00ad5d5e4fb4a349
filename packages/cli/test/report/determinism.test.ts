import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, type Report, writeReport, writeStepSummary } from '../../src/report/index.js';
import { sampleReport, shuffled } from './sample-report.js';

function reordered(seed: number): Report {
  const report = sampleReport();
  report.findings = shuffled(report.findings, seed);
  report.objects = shuffled(report.objects, seed + 1);
  report.stages = shuffled(report.stages, seed + 2);
  if (report.apps) report.apps = shuffled(report.apps, seed + 3);
  return report;
}

describe('determinism', () => {
  const reference = sampleReport();
  for (const format of REPORT_FORMATS) {
    it(`${format}: shuffling findings, objects, stages and apps gives identical bytes`, () => {
      const expected = writeReport(format, reference, { color: false });
      for (const seed of [1, 7, 42, 1234, 99991]) {
        expect(writeReport(format, reordered(seed), { color: false })).toBe(expected);
      }
    });
  }

  it('step summary: identical bytes for any input order', () => {
    const expected = writeStepSummary(reference);
    for (const seed of [3, 5, 8]) expect(writeStepSummary(reordered(seed))).toBe(expected);
  });

  it('the shuffle really changes the input order', () => {
    const a = reordered(1)
      .findings.map((f) => f.ruleId)
      .join();
    expect(a).not.toBe(reference.findings.map((f) => f.ruleId).join());
  });

  it('json, sarif and junit carry no timings: changing durations changes nothing', () => {
    const slow = sampleReport();
    slow.stages = slow.stages.map((s) => ({ ...s, durationMs: (s.durationMs ?? 0) * 17 + 3 }));
    for (const format of ['json', 'sarif', 'junit', 'markdown', 'github'] as const) {
      expect(writeReport(format, slow)).toBe(writeReport(format, reference));
    }
    expect(writeReport('text', slow)).not.toBe(writeReport('text', reference));
  });
});
