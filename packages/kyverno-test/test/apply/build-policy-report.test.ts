import { compareStrings as cmp, type ObjectRef } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { buildPolicyReport, type ObjectRows } from '../../src/apply/build-policy-report.js';
import type { PolicyReportResult, ReportResult } from '../../src/apply/policy-report-types.js';

const refKey = (x: ObjectRef) =>
  [x.namespace ?? '', x.kind ?? '', x.name ?? '', x.apiVersion ?? ''].join('\0');

/** The reference order: one stable sort of every row by policy, rule, resource, result, message. */
function referenceOrder(rows: PolicyReportResult[]): PolicyReportResult[] {
  return [...rows].sort(
    (a, b) =>
      cmp(a.policy, b.policy) ||
      cmp(a.rule, b.rule) ||
      cmp(refKey(a.resources[0] as ObjectRef), refKey(b.resources[0] as ObjectRef)) ||
      cmp(a.result, b.result) ||
      cmp(a.message, b.message),
  );
}

describe('buildPolicyReport', () => {
  it('orders rows like a full stable sort, with objects sharing a key and several rows per rule', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const results: ReportResult[] = ['pass', 'fail', 'skip', 'warn', 'error'];
    const rows: PolicyReportResult[] = [];
    const objects: ObjectRows[] = [];
    for (let o = 0; o < 300; o++) {
      // few distinct names: many objects share a resource key
      const ref: ObjectRef = {
        apiVersion: 'v1',
        kind: rnd(2) ? 'Pod' : 'Service',
        namespace: `ns${rnd(3)}`,
        name: `n${rnd(5)}`,
      };
      const start = rows.length;
      for (let k = rnd(6); k > 0; k--)
        rows.push({
          source: 'kyverno',
          policy: `p${rnd(3)}`,
          rule: `r${rnd(2)}`,
          result: results[rnd(5)] as ReportResult,
          resources: [ref],
          message: `m${rnd(3)}`,
          scored: true,
          // identity marker: equal rows must keep their order
          category: `#${rows.length}`,
        });
      objects.push({ ref, start, end: rows.length });
    }
    const report = buildPolicyReport(rows, objects, 'r');
    expect(report.results.map((r) => r.category)).toEqual(referenceOrder(rows).map((r) => r.category));
    expect(
      report.summary.pass +
        report.summary.fail +
        report.summary.skip +
        report.summary.warn +
        report.summary.error,
    ).toBe(rows.length);
    expect(report.summary.fail).toBe(rows.filter((r) => r.result === 'fail').length);
  });
});
