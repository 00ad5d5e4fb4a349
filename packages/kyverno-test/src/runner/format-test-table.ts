/**
 * The text `kyverno test` prints: per suite a header and an `ID | POLICY | RULE | RESOURCE | RESULT |
 * REASON` table, then `Test Summary: N tests passed and M tests failed`. Pure: returns the string.
 */
import type { TestRunResult } from './test-result-types.js';

export interface FormatTestTableOptions {
  /** Add a MESSAGE column (like `--detailed-results`). */
  detailed?: boolean;
  /** Only failed tests (like `--fail-only`). */
  failOnly?: boolean;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const rule = `│${widths.map((w) => '─'.repeat(w + 2)).join('│')}│`;
  const line = (cells: string[]) => `│${cells.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join('│')}│`;
  return [rule, line(header), rule, ...rows.map(line), rule].join('\n');
}

export function formatTestTable(result: TestRunResult, options: FormatTestTableOptions = {}): string {
  const out: string[] = [];
  for (const suite of result.suites) {
    out.push(`Loading test ${suite.name || '(unnamed)'} ( ${suite.path} ) ...`);
    for (const f of suite.findings ?? []) {
      const where = f.location ? `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}: ` : '';
      out.push(`  ${f.severity}: ${where}${f.message}`);
    }
    for (const u of suite.unsupported ?? []) {
      const res = u.resources.length ? u.resources.join(', ') : '(all resources)';
      out.push(
        `  Not supported: ${u.policy}${u.rule ? `/${u.rule}` : ''} on ${res} (want ${u.expected}): ${u.reason}`,
      );
    }
    const shown = options.failOnly ? suite.results.filter((r) => !r.ok) : suite.results;
    if (shown.length === 0) {
      out.push('');
      continue;
    }
    const header = ['ID', 'POLICY', 'RULE', 'RESOURCE', 'RESULT', 'REASON'];
    if (options.detailed) header.push('MESSAGE');
    const rows = shown.map((r, i) => {
      const cells = [
        String(i + 1),
        r.policy,
        r.rule,
        r.resource,
        r.ok ? (r.actual === 'invalid-policy' ? 'Skip' : 'Pass') : 'Fail',
        r.reason ?? '',
      ];
      if (options.detailed) cells.push((r.message ?? '').replace(/\s+/g, ' ').trim());
      return cells;
    });
    out.push(table(header, rows), '');
  }
  const s = result.summary;
  let summary = `Test Summary: ${s.pass} tests passed and ${s.fail} tests failed`;
  if (s.unsupported) summary += `; ${s.unsupported} expected results not checked (unsupported features)`;
  if (s.errors) summary += `; ${s.errors} test files failed to load`;
  out.push(summary);
  return `${out.join('\n')}\n`;
}
