import { describe, expect, it } from 'vitest';
import { writeText } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escape sequences
const ANSI = /\u001b\[/;

describe('text report', () => {
  it('starts each finding with a clickable file:line:col', () => {
    const out = writeText(sampleReport());
    expect(out).toMatch(/^ {4}apps\/shop\/deploy\.yaml:21:11 +error +schema\/unknown-field +unknown field/m);
    // Falls back to the checked object's position when the finding has none.
    expect(out).toMatch(/^ {4}platform\/rbac\.yaml:4 +error +policy\/require-labels\/check-team/m);
    expect(out).toContain('(Deployment shop/web)');
  });

  it('groups by app, then by file', () => {
    const lines = writeText(sampleReport()).split('\n');
    const headers = lines.filter((l) => /^\S/.test(l) && !l.startsWith('✖'));
    expect(headers).toEqual(['app payments', 'app platform', 'app shop', 'outside any app']);
    const shop = lines.indexOf('app shop');
    expect(lines[shop + 1]).toBe('  apps/shop/deploy.yaml');
  });

  it('has no app headers when no finding belongs to an app', () => {
    const report = sampleReport();
    report.findings = report.findings.map(({ app: _app, ...f }) => f);
    const out = writeText(report);
    expect(out).not.toContain('outside any app');
    expect(out.split('\n')[0]).toBe('apps/broken/bad.yaml');
  });

  it('ends with one summary line holding counts and per-stage timings', () => {
    const last = writeText(sampleReport()).trimEnd().split('\n').at(-1);
    expect(last).toBe(
      '✖ failed: 6 errors, 4 warnings, 1 info in 8 objects (fails on error) · load 12ms · render 1.24s · validate 85ms · policy 40ms · cost 3ms · total 1.38s',
    );
  });

  it('colours only when asked', () => {
    expect(writeText(sampleReport(), { color: false })).not.toMatch(ANSI);
    expect(writeText(sampleReport())).not.toMatch(ANSI);
    const coloured = writeText(sampleReport(), { color: true });
    expect(coloured).toContain('\u001b[31merror  \u001b[39m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m');
  });

  it('never passes terminal escape sequences from finding text through', () => {
    const report = sampleReport();
    report.findings = [
      {
        ruleId: 'schema/type',
        severity: 'error',
        message: 'evil \u001b]0;pwned\u0007 \u009b31m',
        location: { file: 'a.yaml', line: 1 },
        stage: 'validate',
      },
    ];
    const out = writeText(report, { color: false });
    expect(out).not.toMatch(ANSI);
    expect(out).not.toContain('\u0007');
    expect(out).toContain('evil \\u001B]0;pwned\\u0007 \\u009B31m');
  });

  it('a clean run prints just the summary', () => {
    const report = sampleReport();
    report.findings = [];
    report.summary = { ...report.summary, errors: 0, warnings: 0, infos: 0, failed: false };
    report.stages = report.stages.map((s) =>
      s.name === 'cost' ? { name: 'cost', objects: 0, findings: 0, skipped: 'no --base' } : s,
    );
    expect(writeText(report)).toBe(
      '✔ passed: 0 errors, 0 warnings, 0 infos in 8 objects (fails on error) · load 12ms · render 1.24s · validate 85ms · policy 40ms · cost skipped · total 1.38s\n',
    );
  });
});

describe('text report at scale', () => {
  it('handles 150,000 findings in one file (more than a spread call can take)', { timeout: 60_000 }, () => {
    const report = sampleReport();
    report.findings = Array.from({ length: 150_000 }, (_, i) => ({
      ruleId: 'schema/type',
      severity: 'warning' as const,
      message: `m${i}`,
      location: { file: 'big.yaml', line: i + 1, column: 1 },
      stage: 'validate' as const,
    }));
    const out = writeText(report);
    expect(out.split('\n').filter((l) => l.startsWith('  big.yaml:'))).toHaveLength(150_000);
  });
});
