import { renderCostMarkdown } from '@neuroscale/cost-proxy';
import { describe, expect, it } from 'vitest';
import {
  COMMENT_MARKER,
  GITHUB_COMMENT_MAX_CHARS,
  type Report,
  type StagedFinding,
  writeMarkdownComment,
  writeStepSummary,
} from '../../src/report/index.js';
import { bigCostDiff, sampleReport } from './sample-report.js';

const many = (n: number, messageLength: number): StagedFinding[] =>
  Array.from({ length: n }, (_, i) => ({
    ruleId: `policy/p${i % 7}/rule`,
    severity: i % 3 === 0 ? 'error' : 'warning',
    message: `m${i} ${'x'.repeat(messageLength)}`,
    object: { kind: 'Deployment', namespace: 'ns', name: `app-${i}` },
    location: { file: `apps/app-${String(i).padStart(5, '0')}/deploy.yaml`, line: 3, column: 5 },
    app: `app-${i % 4}`,
    stage: 'policy',
  }));

describe('markdown PR comment', () => {
  it('starts with the hidden marker and a status headline', () => {
    const lines = writeMarkdownComment(sampleReport()).split('\n');
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toBe('### ❌ neuroscale-validate failed: 6 errors, 4 warnings, 1 info');
  });

  it('shows ✅ when the run passed, and says so when there are no findings', () => {
    const report: Report = {
      ...sampleReport(),
      findings: [],
      summary: { errors: 0, warnings: 0, infos: 0, objects: 8, failOn: 'error', failed: false },
    };
    delete report.cost;
    delete report.costHead;
    const out = writeMarkdownComment(report);
    expect(out.split('\n')[1]).toBe('### ✅ neuroscale-validate passed: 0 errors, 0 warnings, 0 infos');
    expect(out).toContain('\nNo findings.\n');
  });

  it('neutralises HTML, table pipes and @-mentions from finding text', () => {
    const out = writeMarkdownComment(sampleReport());
    const row = out.split('\n').find((l) => l.includes('`schema/type`'))!;
    expect(row).toContain('expected &lt;integer&gt; &amp; got');
    expect(row).toContain('&#64;octocat \\| pipe \\`tick\\`');
    expect(row).toContain('<br>second line');
    expect(row).not.toContain('@octocat');
    // The row keeps exactly its 6 unescaped column separators.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
  });

  it('caps the table with "N more"', () => {
    const report = { ...sampleReport(), findings: many(80, 10) };
    const out = writeMarkdownComment(report, {
      maxFindings: 20,
      detailsUrl: 'https://github.com/o/r/actions/runs/1',
    });
    // finding rows (the cost section's workload rows start with the same icons)
    expect(out.split('\n').filter((l) => l.includes('| `policy/p'))).toHaveLength(20);
    expect(out).toContain(
      '…and 60 more findings not listed here: see [the job summary](https://github.com/o/r/actions/runs/1)',
    );
  });

  it('stays under 65,536 characters by shrinking the table, marker and cost section kept', () => {
    const report = { ...sampleReport(), findings: many(5000, 400) };
    const out = writeMarkdownComment(report, { maxFindings: 5000 });
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    expect(out.length).toBeGreaterThan(GITHUB_COMMENT_MAX_CHARS / 4);
    expect(out.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(out).toContain('### 💰 NeuroScale cost estimate');
    expect(out).toMatch(/…and \d+ more findings not listed here/);
    expect(out.trimEnd().endsWith('</sub>')).toBe(true);
  });

  it('cuts a huge cost section at a line boundary and keeps its blocks closed', () => {
    // 1,000 changed workloads: a cost section of tens of thousands of characters, in a 20,000 limit
    const report = { ...sampleReport(), findings: many(200, 100), ...bigCostDiff(1000) };
    const out = writeMarkdownComment(report, { maxFindings: 200, maxChars: 20_000 });
    expect(out.length).toBeLessThanOrEqual(20_000);
    expect(out.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(out).toContain('### 💰 NeuroScale cost estimate');
    expect(out).toContain('_…cost details cut to fit the comment size limit._');
    expect((out.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((out.match(/<details>/g) ?? []).length).toBe((out.match(/<\/details>/g) ?? []).length);
    // the cut falls after a whole workload row
    expect(out).toMatch(/\n\| ⚠️ \| [^\n]+ \|\n\n_…cost details cut/);
    expect(out.trimEnd().endsWith('</sub>')).toBe(true);
  });

  it('respects a smaller maxChars', () => {
    const out = writeMarkdownComment({ ...sampleReport(), findings: many(300, 50) }, { maxChars: 4000 });
    expect(out.length).toBeLessThanOrEqual(4000);
    expect(out.split('\n')[0]).toBe(COMMENT_MARKER);
  });
});

describe('step summary', () => {
  it('has a per-stage table whose counts come from the findings', () => {
    const out = writeStepSummary(sampleReport());
    expect(out).toContain('| validate | ❌ | 8 | 3 | 1 | 1 |');
    expect(out).toContain('| cost | ⚠️ | 3 | 0 | 1 | 0 |');
  });

  it('shows skipped stages with their reason and caps the findings', () => {
    const report = sampleReport();
    report.stages = report.stages.map((s) =>
      s.name === 'policy' ? { ...s, skipped: 'no policies/ folder' } : s,
    );
    report.findings = many(60, 5);
    const out = writeStepSummary(report, { maxFindings: 10 });
    expect(out).toContain('| policy | ⏭️ skipped: no policies/ folder |');
    expect(out).toContain('### Top 10 findings');
    expect(out).toContain('…and 50 more findings');
  });

  it('links positions when a blob URL is given, encoding the path', () => {
    const report = sampleReport();
    report.findings = [
      {
        ruleId: 'schema/type',
        severity: 'error',
        message: 'x',
        location: { file: 'a dir/(x).yaml', line: 3, endLine: 5 },
        stage: 'validate',
      },
    ];
    const out = writeStepSummary(report, { blobUrl: 'https://github.com/o/r/blob/abc/' });
    expect(out).toContain('[`a dir/(x).yaml:3`](https://github.com/o/r/blob/abc/a%20dir/%28x%29.yaml#L3-L5)');
  });
});

describe('cost section: the typed seam to cost-proxy', () => {
  it("is cost-proxy's renderCostMarkdown of the report's CostDiff, in the comment and the job summary", () => {
    const report: Report = { ...sampleReport(), ...bigCostDiff(3) };
    const { cost, costHead } = report;
    if (!cost || !costHead) throw new Error('bigCostDiff gives a cost diff and the head facts');
    const section = renderCostMarkdown(cost, costHead).trim();
    expect(section).toContain('| ⚠️ | app-00000 · Deployment ns/app-00000 |');
    expect(writeMarkdownComment(report)).toContain(`\n\n${section}\n\n`);
    expect(writeStepSummary(report)).toContain(`\n\n${section}\n`);
  });

  it('is left out when the report has no cost diff', () => {
    const report = sampleReport();
    delete report.cost;
    expect(writeMarkdownComment(report)).not.toContain('neuroscale-cost');
    expect(writeStepSummary(report)).not.toContain('neuroscale-cost');
  });
});
